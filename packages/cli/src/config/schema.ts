/**
 * The schema of a bot project's config (cqkit.config.ts, .cqkitrc*, package.json "cqkit").
 * Every leaf carries the words that finish "expected …", so a bad value reads as one sentence.
 */
import type { HttpAdapterOptions, HttpBotOptions, ReceiverOptions, RetryPolicy } from '@cqkit/adapter-http';
import type { ReconnectPolicy, WsAdapterOptions, WsBotOptions } from '@cqkit/adapter-ws';
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
type Protocol = (typeof protocols)[number];

/**
 * A token or secret: text only. A number is refused rather than converted (YAML and JSON turn
 * `0042` into 42, so a converted token would silently be wrong), and errors never show the value.
 */
const secretText = (what: string) => z.string({ error: `${what} written as a string in quotes` });

const tokenSchemes = ['Bearer', 'Token', 'query'] as const;

/**
 * The keys of each protocol's bot are the adapter's own option keys: `satisfies Record<keyof …>`
 * fails to compile when an adapter gains (or loses) an option the config does not accept, so the
 * config and the adapter READMEs cannot drift apart.
 */
const httpBotFields = {
  /** HTTP API base URL. */
  endpoint: text('a URL like http://127.0.0.1:5700').optional(),
  selfId: qq.optional(),
  accessToken: secretText('the server access_token').optional(),
  tokenScheme: z.enum(tokenSchemes, { error: '"Bearer", "Token" (or "query", ws only)' }).optional(),
  secret: secretText('the server secret used to sign event posts').optional(),
  timeout: milliseconds('a call timeout').optional(),
} satisfies Record<keyof HttpBotOptions, z.ZodType>;

const wsBotFields = {
  /** Universal endpoint, or the split apiUrl + eventUrl. */
  url: text('a URL like ws://127.0.0.1:6700').optional(),
  apiUrl: text('a URL like ws://127.0.0.1:6700/api').optional(),
  eventUrl: text('a URL like ws://127.0.0.1:6700/event').optional(),
  selfId: httpBotFields.selfId,
  accessToken: httpBotFields.accessToken,
  tokenScheme: httpBotFields.tokenScheme,
  timeout: httpBotFields.timeout,
} satisfies Record<keyof WsBotOptions, z.ZodType>;

/** ws-reverse: where to listen for the server's connection (default: the receiver's address). */
const reverseBotFields = {
  host: text('a host name or IP address like 127.0.0.1').optional(),
  port: port.optional(),
  path: urlPath.optional(),
  selfId: httpBotFields.selfId,
  accessToken: httpBotFields.accessToken,
  timeout: httpBotFields.timeout,
};

const keysOf: Record<Protocol, ReadonlySet<string>> = {
  http: new Set(Object.keys(httpBotFields)),
  ws: new Set(Object.keys(wsBotFields)),
  'ws-reverse': new Set(Object.keys(reverseBotFields)),
};

/** Why a key does not belong to a protocol, for the keys people mix up. */
function misplaced(key: string, protocol: Protocol): string {
  if (protocol === 'ws-reverse' && (key === 'endpoint' || key === 'url' || key === 'apiUrl' || key === 'eventUrl')) {
    return `no "${key}" for protocol "ws-reverse" (the server connects to the receiver)`;
  }
  if (key === 'host' || key === 'port' || key === 'path') {
    return `no "${key}" for protocol "${protocol}" (only "ws-reverse" listens; events for http arrive at "receiver")`;
  }
  if (protocol === 'http' && keysOf.ws.has(key)) return `no "${key}" for protocol "http" (use "endpoint", or protocol "ws")`;
  if (protocol === 'ws' && keysOf.http.has(key)) return `no "${key}" for protocol "ws" (${key === 'endpoint' ? 'use "url"' : 'an http-only option'})`;
  return `no "${key}" for protocol "${protocol}"`;
}

const botSchema = z
  .strictObject({
    protocol: z.enum(protocols, { error: `one of ${protocols.map((p) => `"${p}"`).join(', ')}` }).default('http'),
    ...httpBotFields,
    ...wsBotFields,
    ...reverseBotFields,
  })
  .superRefine((bot, ctx) => {
    const allowed = keysOf[bot.protocol];
    for (const [key, value] of Object.entries(bot)) {
      if (key !== 'protocol' && value !== undefined && !allowed.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: misplaced(key, bot.protocol) });
    }
    if (bot.protocol === 'http') {
      if (bot.endpoint === undefined || !hasScheme(bot.endpoint, ['http:', 'https:'])) {
        ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'a URL like http://127.0.0.1:5700' });
      }
      if (bot.tokenScheme === 'query') ctx.addIssue({ code: 'custom', path: ['tokenScheme'], message: '"Bearer" or "Token" (the HTTP API takes the token in a header)' });
    } else if (bot.protocol === 'ws') {
      const split = bot.apiUrl !== undefined || bot.eventUrl !== undefined;
      if (split && bot.url !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'either "url" (universal) or "apiUrl" + "eventUrl" (split), not both' });
      } else if (split) {
        for (const key of ['apiUrl', 'eventUrl'] as const) {
          const value = bot[key];
          if (value === undefined || !hasScheme(value, ['ws:', 'wss:'])) {
            ctx.addIssue({ code: 'custom', path: [key], message: `a URL like ws://127.0.0.1:6700/${key === 'apiUrl' ? 'api' : 'event'} (split endpoints need both)` });
          }
        }
      } else if (bot.url === undefined || !hasScheme(bot.url, ['ws:', 'wss:'])) {
        ctx.addIssue({ code: 'custom', path: ['url'], message: 'a URL like ws://127.0.0.1:6700' });
      }
    }
  });

const pluginEntry = z.union([z.string(), z.tuple([z.string(), z.unknown()])], {
  error: 'a plugin name or path, or a [name, config] pair',
});

const pluginsSchema = z.union([z.record(z.string(), z.unknown()), z.array(pluginEntry)], {
  error: 'a map { "name-or-./path": config } or a list of names / [name, config] pairs',
});

/** Where `cqkit start --role gateway|worker` meets the other processes (see @cqkit/cluster). */
const clusterSchema = z.strictObject(
  {
    redis: z
      .string({ error: 'a Redis URL like redis://127.0.0.1:6379' })
      .refine((value) => hasScheme(value, ['redis:', 'rediss:']), { error: 'a Redis URL like redis://127.0.0.1:6379' }),
    prefix: z
      .string({ error: 'a key prefix of letters, digits, "_", ".", "-" (":" between parts)' })
      .regex(/^[A-Za-z0-9_.{}-]+(:[A-Za-z0-9_.{}-]+)*$/, { error: 'a key prefix of letters, digits, "_", ".", "-" (":" between parts)' })
      .optional(),
    claimAfter: milliseconds('the time after which a dead worker\'s events go to another worker').optional(),
    leaseTtl: milliseconds('an account lease time').optional(),
    dedupeTtl: milliseconds('how long a send is remembered for deduplication').optional(),
  },
  { error: "an object { redis: 'redis://127.0.0.1:6379', prefix?, claimAfter? }" },
);

/** Opt-in /metrics (Prometheus) and /healthz on a single process or a gateway. */
const metricsSchema = z.strictObject(
  {
    port: port,
    host: text('a host name or IP address like 127.0.0.1').optional(),
  },
  { error: 'an object { port, host? }' },
);

const positiveCount = (what: string) => z.number({ error: what }).int({ error: what }).min(1, { error: what });

/** The HTTP adapter's receiver options, all of them (see httpBotFields for why `satisfies`). */
const receiverFields = {
  host: text('a host name or IP address like 127.0.0.1').optional(),
  port: port.optional(),
  path: urlPath.optional(),
  accessToken: secretText('the token the server must send with events').optional(),
  bodyLimit: positiveCount('a body size limit in bytes (>= 1)').optional(),
  quickWindow: milliseconds('a quick-reply window').optional(),
  headersTimeout: positiveCount("a time limit for a request's headers in milliseconds (>= 1)").optional(),
  requestTimeout: positiveCount('a time limit for a whole request in milliseconds (>= 1)').optional(),
  maxConnections: positiveCount('a connection count (>= 1)').optional(),
  ackAfterDispatch: z.boolean({ error: 'true or false (answer a POST only once the event is handled or stored)' }).optional(),
} satisfies Record<keyof ReceiverOptions, z.ZodType>;

const positiveMs = (what: string) => z.number({ error: `${what} in milliseconds (> 0)` }).positive({ error: `${what} in milliseconds (> 0)` });

/**
 * The adapters' own options beyond bots and receiver (timers and randomness are for tests only).
 * `satisfies` as for the bots: an option the adapter READMEs document and the config lacks fails to compile.
 */
const httpAdapterFields = {
  retry: z
    .strictObject(
      {
        attempts: positiveCount('a number of attempts (>= 1)').optional(),
        baseDelay: milliseconds('a delay').optional(),
        maxDelay: milliseconds('a delay').optional(),
      } satisfies Record<keyof RetryPolicy, z.ZodType>,
      { error: 'an object { attempts, baseDelay, maxDelay }' },
    )
    .optional(),
  discovery: z
    .strictObject({ minDelay: milliseconds('a delay').optional(), maxDelay: milliseconds('a delay').optional() }, { error: 'an object { minDelay, maxDelay }' })
    .optional(),
} satisfies Record<Exclude<keyof HttpAdapterOptions, 'bots' | 'receiver' | 'timers'>, z.ZodType>;

const wsAdapterFields = {
  reconnect: z
    .strictObject(
      {
        initialDelay: positiveMs('a delay').optional(),
        maxDelay: positiveMs('a delay').optional(),
        factor: z.number({ error: 'a growth factor >= 1' }).min(1, { error: 'a growth factor >= 1' }).optional(),
        jitter: z.number({ error: 'a jitter from 0 to 1' }).min(0, { error: 'a jitter from 0 to 1' }).max(1, { error: 'a jitter from 0 to 1' }).optional(),
      } satisfies Record<keyof ReconnectPolicy, z.ZodType>,
      { error: 'an object { initialDelay, maxDelay, factor, jitter }' },
    )
    .optional(),
  heartbeatTimeout: z
    .union([positiveMs('a silence limit'), z.literal('auto'), z.literal(false)], { error: "a silence limit in milliseconds, 'auto' or false" })
    .optional(),
  maxWaiting: positiveCount('a number of calls (>= 1)').optional(),
} satisfies Record<Exclude<keyof WsAdapterOptions, 'bots' | 'timers' | 'random'>, z.ZodType>;

export const configSchema = z.strictObject({
  /** Accounts to serve. Empty or absent: the embedded sandbox is started instead. */
  bots: z.array(botSchema, { error: 'a list of bots [{ protocol, endpoint, ... }]' }).optional(),
  /** Where the implementation posts events (http) or connects to (ws-reverse). */
  receiver: z.strictObject(receiverFields, { error: 'an object { host, port, path }' }).optional(),
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
  /** Options of the adapters themselves: retries and discovery (http), reconnecting and liveness (ws, ws-reverse). */
  adapters: z
    .strictObject(
      { http: z.strictObject(httpAdapterFields, { error: 'an object { retry, discovery }' }).optional(), ws: z.strictObject(wsAdapterFields, { error: 'an object { reconnect, heartbeatTimeout, maxWaiting }' }).optional() },
      { error: 'an object { http, ws }' },
    )
    .optional(),
  /** Redis for `cqkit start --role gateway|worker` (unused by the default single process). */
  cluster: clusterSchema.optional(),
  /** Serve /metrics and /healthz on this port (a single process or a gateway). */
  metrics: metricsSchema.optional(),
  /** The embedded sandbox used when no bot is configured. */
  sandbox: z
    .strictObject(
      {
        port: port.optional(),
        host: text('a host name or IP address like 127.0.0.1').optional(),
        selfId: qq.optional(),
        accessToken: secretText('a token').optional(),
        secret: secretText('a secret').optional(),
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
