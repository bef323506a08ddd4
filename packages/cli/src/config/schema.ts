/**
 * The schema of a bot project's config (cqkit.config.ts, .cqkitrc*, package.json "cqkit").
 * Every leaf carries the words that finish "expected …", so a bad value reads as one sentence.
 */
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z
  .number({ error: 'a port number from 0 to 65535' })
  .int({ error: 'a port number from 0 to 65535' })
  .min(0, { error: 'a port number from 0 to 65535' })
  .max(65535, { error: 'a port number from 0 to 65535' });

const qq = z
  .number({ error: 'a QQ number (a positive integer)' })
  .int({ error: 'a QQ number (a positive integer)' })
  .positive({ error: 'a QQ number (a positive integer)' });

const milliseconds = (what: string) =>
  z.number({ error: `${what} in milliseconds (a number >= 0)` }).min(0, { error: `${what} in milliseconds (a number >= 0)` });

const text = (what: string) => z.string({ error: what });

const urlPath = z.string({ error: 'a URL path starting with "/"' }).startsWith('/', { error: 'a URL path starting with "/"' });

function hasScheme(value: string, schemes: readonly string[]): boolean {
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const rateLimit = z.union(
  [
    z.literal(false),
    z.strictObject({
      count: z.number({ error: 'a count >= 1' }).int({ error: 'a count >= 1' }).min(1, { error: 'a count >= 1' }),
      interval: z.number({ error: 'an interval in milliseconds (> 0)' }).positive({ error: 'an interval in milliseconds (> 0)' }),
      jitter: milliseconds('a jitter').optional(),
    }),
  ],
  { error: 'a rate limit { count, interval } or false' },
);

export const protocols = ['http', 'ws', 'ws-reverse'] as const;

const botSchema = z
  .strictObject({
    protocol: z.enum(protocols, { error: `one of ${protocols.map((p) => `"${p}"`).join(', ')}` }).default('http'),
    /** HTTP API base URL (protocol http). */
    endpoint: text('a URL like http://127.0.0.1:5700').optional(),
    /** WebSocket URL (protocol ws). */
    url: text('a URL like ws://127.0.0.1:6700').optional(),
    selfId: qq.optional(),
    accessToken: text('a string (the server access_token)').optional(),
    secret: text('a string (the server secret used to sign event posts)').optional(),
    timeout: milliseconds('a call timeout').optional(),
    /** ws-reverse only: where to listen for the server's connection (default: the receiver's). */
    host: text('a host name or IP address like 127.0.0.1').optional(),
    port: port.optional(),
    path: urlPath.optional(),
  })
  .superRefine((bot, ctx) => {
    if (bot.protocol !== 'ws-reverse') {
      for (const key of ['host', 'port', 'path'] as const) {
        if (bot[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `no "${key}" for protocol "${bot.protocol}" (only "ws-reverse" listens; events for http arrive at "receiver")` });
        }
      }
    }
    if (bot.protocol === 'http') {
      if (bot.endpoint === undefined || !hasScheme(bot.endpoint, ['http:', 'https:'])) {
        ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'a URL like http://127.0.0.1:5700' });
      }
      if (bot.url !== undefined) ctx.addIssue({ code: 'custom', path: ['url'], message: 'no "url" for protocol "http" (use "endpoint")' });
    } else if (bot.protocol === 'ws') {
      if (bot.url === undefined || !hasScheme(bot.url, ['ws:', 'wss:'])) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'a URL like ws://127.0.0.1:6700' });
      }
      if (bot.endpoint !== undefined) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'no "endpoint" for protocol "ws" (use "url")' });
    } else {
      // Reverse WebSocket: the server connects to the receiver, so there is no address to dial.
      for (const key of ['endpoint', 'url'] as const) {
        if (bot[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `no "${key}" for protocol "ws-reverse" (the server connects to the receiver)` });
        }
      }
    }
  });

const pluginEntry = z.union([z.string(), z.tuple([z.string(), z.unknown()])], {
  error: 'a plugin name or path, or a [name, config] pair',
});

const pluginsSchema = z.union([z.record(z.string(), z.unknown()), z.array(pluginEntry)], {
  error: 'a map { "name-or-./path": config } or a list of names / [name, config] pairs',
});

export const configSchema = z.strictObject({
  /** Accounts to serve. Empty or absent: the embedded sandbox is started instead. */
  bots: z.array(botSchema, { error: 'a list of bots [{ protocol, endpoint, ... }]' }).optional(),
  /** Where the implementation posts events (http) or connects to (ws-reverse). */
  receiver: z
    .strictObject(
      {
        host: text('a host name or IP address like 127.0.0.1').optional(),
        port: port.optional(),
        path: urlPath.optional(),
        accessToken: text('a string (token the server must send with events)').optional(),
        quickWindow: milliseconds('a quick-reply window').optional(),
      },
      { error: 'an object { host, port, path }' },
    )
    .optional(),
  plugins: pluginsSchema.optional(),
  prefix: z.union([z.string(), z.array(z.string())], { error: 'a command prefix like "/" or a list of them' }).optional(),
  superusers: z.array(qq, { error: 'a list of QQ numbers' }).optional(),
  /** The language the bot speaks to QQ users (zh-CN by default; en-US, or any locale plugins define). */
  locale: z.string({ error: 'a locale like "zh-CN" or "en-US"' }).regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a locale like "zh-CN" or "en-US"').optional(),
  /** Hints for messages that meant a command (see core's AppOptions.hints); false turns them off. */
  hints: z
    .union(
      [
        z.literal(false),
        z.strictObject({
          unknownCommand: z.boolean().optional(),
          mention: z.boolean().optional(),
          private: z.boolean().optional(),
          group: z.boolean().optional(),
        }),
      ],
      { error: 'false, or an object { unknownCommand, mention, private, group } of true/false' },
    )
    .optional(),
  logLevel: z.enum(logLevels, { error: `one of ${logLevels.map((l) => `"${l}"`).join(', ')}` }).optional(),
  rateLimit: z
    .strictObject({ global: rateLimit.optional(), perTarget: rateLimit.optional() }, { error: 'an object { global, perTarget }' })
    .optional(),
  /** How long a graceful stop waits for the send queue to drain. */
  stopDeadline: milliseconds('a stop deadline').optional(),
  /** The embedded sandbox used when no bot is configured. */
  sandbox: z
    .strictObject(
      {
        port: port.optional(),
        host: text('a host name or IP address like 127.0.0.1').optional(),
        selfId: qq.optional(),
        accessToken: text('a string').optional(),
        secret: text('a string').optional(),
        chat: z.boolean({ error: 'true or false (start the terminal chat)' }).optional(),
        world: z.record(z.string(), z.unknown(), { error: 'an object describing the simulated world' }).optional(),
      },
      { error: 'an object { port, selfId, chat, ... }' },
    )
    .optional(),
});

/** What a config file may contain (before defaults). */
export type CqkitConfigInput = z.input<typeof configSchema>;
/** A checked config. */
export type CqkitConfig = z.output<typeof configSchema>;
export type BotConfig = z.output<typeof botSchema>;
