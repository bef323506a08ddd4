/** Command-line options of `cqkit-sandbox`, parsed with node:util (no dependency). */
import { parseArgs } from 'node:util';

export interface CliOptions {
  host: string;
  port: number;
  accessToken?: string;
  secret?: string;
  postUrl?: string;
  postMessageFormat: 'string' | 'array';
  enableRateLimitedActions: boolean;
  rateLimitInterval: number;
  heartbeat?: number;
  cors: boolean;
  serveDataFiles: boolean;
  worldFile?: string;
  /** Start the terminal chat: default when a post URL is given. */
  chat: boolean;
  user?: number;
  group?: number;
  help: boolean;
}

export const usage = `Usage: cqkit-sandbox [options]

A CQHTTP / OneBot v11 API server over an in-memory world, with a terminal chat.

  --host <addr>              listen address (default 127.0.0.1)
  --port <n>                 listen port (default 5700, 0 = any free port)
  --token <t>                access token required on every request
  --secret <s>               sign event posts with X-Signature
  --post-url <url>           POST events to this URL (your bot)
  --format <string|array>    post_message_format (default string)
  --rate-limited             enable the _rate_limited suffix
  --rate-limit-interval <ms> spacing of rate-limited calls (default 500)
  --heartbeat <ms>           send heartbeat meta events every <ms>
  --cors                     answer CORS preflights
  --serve-data-files         serve GET /data/<image|record>/<file>
  --world <file.json>        load the world from a JSON fixture
  --chat / --no-chat         terminal chat (default: on when --post-url is given)
  --user <qq> --group <id>   who you are and where you talk in the chat
  -h, --help                 this text`;

export class CliUsageError extends Error {
  static readonly code = 'CQKIT_SANDBOX_CLI_USAGE';
  readonly code = CliUsageError.code;
  override readonly name = 'CliUsageError';
}

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new CliUsageError(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  // `pnpm start -- --port 0` hands the separator through; it carries no meaning here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: false,
      allowNegative: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        token: { type: 'string' },
        secret: { type: 'string' },
        'post-url': { type: 'string' },
        format: { type: 'string' },
        'rate-limited': { type: 'boolean' },
        'rate-limit-interval': { type: 'string' },
        heartbeat: { type: 'string' },
        cors: { type: 'boolean' },
        'serve-data-files': { type: 'boolean' },
        world: { type: 'string' },
        chat: { type: 'boolean' },
        user: { type: 'string' },
        group: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const format = s('format') ?? 'string';
  if (format !== 'string' && format !== 'array') throw new CliUsageError(`--format must be string or array, got "${format}"`);
  const postUrl = s('post-url');
  if (postUrl !== undefined && !/^https?:\/\//i.test(postUrl)) throw new CliUsageError(`--post-url must start with http:// or https://, got "${postUrl}"`);
  const options: CliOptions = {
    host: s('host') ?? '127.0.0.1',
    port: int('port', s('port')) ?? 5700,
    postMessageFormat: format,
    enableRateLimitedActions: v['rate-limited'] === true,
    rateLimitInterval: int('rate-limit-interval', s('rate-limit-interval')) ?? 500,
    cors: v.cors === true,
    serveDataFiles: v['serve-data-files'] === true,
    chat: typeof v.chat === 'boolean' ? v.chat : postUrl !== undefined,
    help: v.help === true,
  };
  const token = s('token');
  if (token) options.accessToken = token;
  const secret = s('secret');
  if (secret) options.secret = secret;
  if (postUrl) options.postUrl = postUrl;
  const heartbeat = int('heartbeat', s('heartbeat'));
  if (heartbeat) options.heartbeat = heartbeat;
  const world = s('world');
  if (world) options.worldFile = world;
  const user = int('user', s('user'));
  if (user) options.user = user;
  const group = int('group', s('group'));
  if (group) options.group = group;
  return options;
}
