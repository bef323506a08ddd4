/**
 * The command-line options of the sandbox, one table for both launchers: `cqkit-sandbox` parses
 * and documents them from here, and `cqkit sandbox` (in @cqkit/cli) registers the same table and
 * hands its arguments to the same parser. Every value stays a string until its own check reads it:
 * a token `0042` is the four characters, never the number 42.
 */

export type CliOptionKind = 'string' | 'boolean' | 'negatable' | 'list';

export interface CliOptionSpec {
  /** The long name, without dashes: `access-token`. */
  readonly name: string;
  /** Other long names accepted for it (`token`). */
  readonly aliases?: readonly string[];
  /** A one-letter short name (`h`). */
  readonly short?: string;
  /** 'negatable': `--chat` and `--no-chat`; 'list': may be given more than once. */
  readonly kind: CliOptionKind;
  /** The value's placeholder in the help, e.g. `<ms>`. */
  readonly value?: string;
  readonly description: string;
}

export const sandboxCliOptions: readonly CliOptionSpec[] = [
  { name: 'host', kind: 'string', value: '<addr>', description: 'listen address (default 127.0.0.1)' },
  { name: 'port', kind: 'string', value: '<n>', description: 'HTTP API port (default 5700, 0 = any free port)' },
  { name: 'access-token', aliases: ['token'], kind: 'string', value: '<token>', description: 'access token required on every request' },
  { name: 'secret', kind: 'string', value: '<secret>', description: 'sign event posts with X-Signature' },
  { name: 'post-url', kind: 'string', value: '<url>', description: 'POST events to this URL (your bot)' },
  { name: 'ws-port', kind: 'string', value: '<n>', description: 'also serve forward WebSocket on this port (0 = any free port)' },
  { name: 'ws-reverse-url', kind: 'string', value: '<url>', description: 'also connect to this reverse WebSocket' },
  { name: 'format', kind: 'string', value: '<string|array>', description: 'post_message_format (default string)' },
  { name: 'rate-limited', kind: 'boolean', description: 'enable the _rate_limited suffix' },
  { name: 'rate-limit-interval', kind: 'string', value: '<ms>', description: 'spacing of rate-limited calls (default 500)' },
  { name: 'heartbeat', kind: 'string', value: '<ms>', description: 'send heartbeat meta events every <ms>' },
  { name: 'cors', kind: 'boolean', description: 'answer CORS preflights (any web page may then call the API)' },
  { name: 'serve-data-files', kind: 'boolean', description: 'serve GET /data/<image|record>/<file>' },
  { name: 'world', kind: 'string', value: '<file.json>', description: 'load the world from a JSON fixture' },
  {
    name: 'allow-host',
    kind: 'list',
    value: '<name>',
    description: 'also answer requests for this host name (without a token only loopback names are served)',
  },
  {
    name: 'chat',
    kind: 'negatable',
    description: 'terminal chat on stdin/stdout (default: on in a terminal, or when events go somewhere)',
  },
  { name: 'user', kind: 'string', value: '<qq>', description: 'who you are in the chat' },
  { name: 'group', kind: 'string', value: '<id>', description: 'where you talk in the chat' },
];

/** The option lines of a usage text, aligned, followed by `extra` rows (`[names, description]`). */
export function optionHelpLines(extra: readonly (readonly [string, string])[] = []): string[] {
  const rows = sandboxCliOptions.map((o) => {
    const names = [o.kind === 'negatable' ? `--${o.name} / --no-${o.name}` : `--${o.name}`, ...(o.aliases ?? []).map((a) => `--${a}`)];
    return [`${names.join(', ')}${o.value ? ` ${o.value}` : ''}`, o.description] as const;
  });
  const all = [...rows, ...extra];
  const width = Math.max(...all.map(([head]) => head.length)) + 2;
  return all.map(([head, description]) => `  ${head.padEnd(width)}${description}`);
}
