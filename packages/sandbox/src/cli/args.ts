/** Parsing the sandbox's command line (node:util parseArgs over the shared option table). */
import { redactUrl } from '@cqkit/protocol';
import { parseArgs } from 'node:util';
import { optionHelpLines, sandboxCliOptions } from './option-table.js';

export interface CliOptions {
  host: string;
  port: number;
  /** Kept as typed: `--access-token 0042` is "0042". An empty value means no token. */
  accessToken?: string;
  secret?: string;
  postUrl?: string;
  wsPort?: number;
  wsReverseUrl?: string;
  postMessageFormat: 'string' | 'array';
  enableRateLimitedActions: boolean;
  rateLimitInterval: number;
  heartbeat?: number;
  cors: boolean;
  serveDataFiles: boolean;
  worldFile?: string;
  allowedHosts: string[];
  /** `--chat` / `--no-chat`; undefined = decide by where the person and the events are. */
  chat?: boolean;
  user?: number;
  group?: number;
  help: boolean;
}

export function usage(program = 'cqkit-sandbox'): string {
  return [
    `Usage: ${program} [options]`,
    '',
    'A CQHTTP / OneBot v11 API server over an in-memory world, with a terminal chat and a web chat.',
    '',
    ...optionHelpLines([['-h, --help', 'this text']]),
  ].join('\n');
}

export class CliUsageError extends Error {
  static readonly code = 'CQKIT_SANDBOX_CLI_USAGE';
  readonly code = CliUsageError.code;
  override readonly name = 'CliUsageError';
}

function int(name: string, value: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > max) {
    throw new CliUsageError(`--${name} must be ${max === 65_535 ? 'a port number from 0 to 65535' : 'a non-negative integer'}, got "${value}"`);
  }
  return n;
}

type ParseArgsOptions = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parserOptions(): ParseArgsOptions {
  const options: NonNullable<ParseArgsOptions> = { help: { type: 'boolean', short: 'h' } };
  for (const spec of sandboxCliOptions) {
    const type = spec.kind === 'boolean' || spec.kind === 'negatable' ? 'boolean' : 'string';
    for (const name of [spec.name, ...(spec.aliases ?? [])]) {
      options[name] = { type, ...(spec.kind === 'list' ? { multiple: true } : {}), ...(spec.short ? { short: spec.short } : {}) };
    }
  }
  return options;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  // `pnpm start -- --port 0` hands the separator through; it carries no meaning here.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, allowPositionals: false, allowNegative: true, strict: true, options: parserOptions() });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  // An option is read under its own name or any alias (the last one given wins).
  const s = (name: string): string | undefined => {
    const spec = sandboxCliOptions.find((o) => o.name === name);
    let found: string | undefined;
    for (const n of [name, ...(spec?.aliases ?? [])]) if (typeof v[n] === 'string') found = v[n] as string;
    return found;
  };
  const format = s('format') ?? 'string';
  if (format !== 'string' && format !== 'array') throw new CliUsageError(`--format must be string or array, got "${format}"`);
  const postUrl = s('post-url');
  if (postUrl !== undefined && !/^https?:\/\//i.test(postUrl)) throw new CliUsageError(`--post-url must start with http:// or https://, got "${redactUrl(postUrl)}"`);
  const wsReverseUrl = s('ws-reverse-url');
  if (wsReverseUrl !== undefined && !/^wss?:\/\//i.test(wsReverseUrl)) {
    throw new CliUsageError(`--ws-reverse-url must start with ws:// or wss://, got "${wsReverseUrl}"`);
  }
  const options: CliOptions = {
    host: s('host') || '127.0.0.1',
    port: int('port', s('port'), 65_535) ?? 5700,
    postMessageFormat: format,
    enableRateLimitedActions: v['rate-limited'] === true,
    rateLimitInterval: int('rate-limit-interval', s('rate-limit-interval')) ?? 500,
    cors: v.cors === true,
    serveDataFiles: v['serve-data-files'] === true,
    allowedHosts: ((v['allow-host'] as string[] | undefined) ?? []).filter((h) => h !== ''),
    help: v.help === true,
  };
  if (typeof v.chat === 'boolean') options.chat = v.chat;
  const token = s('access-token');
  if (token) options.accessToken = token;
  const secret = s('secret');
  if (secret) options.secret = secret;
  if (postUrl) options.postUrl = postUrl;
  const wsPort = int('ws-port', s('ws-port'), 65_535);
  if (wsPort !== undefined) options.wsPort = wsPort;
  if (wsReverseUrl) options.wsReverseUrl = wsReverseUrl;
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
