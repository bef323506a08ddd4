import { closestKey, unknownKey } from './option-keys.js';
import { defaultRetryPolicy, type RetryPolicy } from './retry.js';
import type { TokenScheme } from './http-client.js';
import { realTimers, type Timers } from './timers.js';

/** One QQ account served by an OneBot / CQHTTP implementation's HTTP API. */
export interface HttpBotOptions {
  /** The account's QQ number. Omitted: asked from the server with get_login_info at start. */
  selfId?: number;
  /** Base URL of the implementation's HTTP API, e.g. `http://127.0.0.1:5700`. */
  endpoint: string;
  /** The implementation's `access_token` (OneBot `auth.access_token`). */
  accessToken?: string;
  /** `Authorization` scheme: `Bearer` (CQHTTP 4.8+, OneBot) or the older `Token`. Default Bearer. */
  tokenScheme?: TokenScheme;
  /** The implementation's `secret` (OneBot `http_post.secret`): event POSTs must be signed with it. */
  secret?: string;
  /** Longest wait for one API call, ms; caps whatever timeout the call asks for. */
  timeout?: number;
}

/** The HTTP server events are posted to (the implementation's `post_url` points here). */
export interface ReceiverOptions {
  /** Default 127.0.0.1: only local implementations can post. Use 0.0.0.0 to accept remote ones. */
  host?: string;
  /** 0 picks a free port (see `adapter.receiverUrl`). */
  port: number;
  /** Default '/'. */
  path?: string;
  /** When set, posts must carry it (`Authorization: Bearer <t>` or `?access_token=`). */
  accessToken?: string;
  /** Largest accepted event body, bytes. Default 1 MiB. */
  bodyLimit?: number;
  /**
   * How long a POST waits for a handler's reply to go back as a quick operation, ms. Default 400.
   * 0 answers every POST with 204 at once; replies then always go through actions.
   */
  quickWindow?: number;
  /**
   * ms a client gets to send a request's headers; a slower one is answered 408 and cut. Default
   * 10 000. Bounds how long a slow-drip client (or a port scanner) holds a socket.
   */
  headersTimeout?: number;
  /** ms a client gets to send a whole request, headers and body; then 408. Default 30 000. */
  requestTimeout?: number;
  /** Connections open at once; more are closed on arrival (and logged). Default 256. */
  maxConnections?: number;
  /**
   * Answer a POST only once the app's dispatch settled: 204 when it resolved, 503 (the server
   * retries) when it rejected. For hosts whose dispatch stores the event (a cluster gateway);
   * there is no quick reply then. Default false.
   */
  ackAfterDispatch?: boolean;
}

export interface HttpAdapterOptions {
  bots: HttpBotOptions[];
  /** Omit when events come by another route (e.g. only calling actions). */
  receiver?: ReceiverOptions;
  /** Retry of reads (idempotent calls). Default 3 attempts, 200 ms doubling up to 2 s. */
  retry?: Partial<RetryPolicy>;
  /** Back-off of get_login_info discovery while the server is down, ms. Default 1 s doubling to 30 s. */
  discovery?: { minDelay?: number; maxDelay?: number };
  /** Clock for timeouts, back-off and the quick window. Tests inject a manual one. */
  timers?: Timers;
}

export interface NormalizedBot {
  index: number;
  selfId: number | undefined;
  endpoint: string;
  accessToken: string | undefined;
  tokenScheme: TokenScheme;
  secret: string | undefined;
  timeout: number | undefined;
}

export interface NormalizedReceiver {
  host: string;
  port: number;
  path: string;
  accessToken: string | undefined;
  bodyLimit: number;
  quickWindow: number;
  headersTimeout: number;
  requestTimeout: number;
  maxConnections: number;
  ackAfterDispatch: boolean;
}

export interface NormalizedOptions {
  bots: NormalizedBot[];
  receiver: NormalizedReceiver | undefined;
  retry: RetryPolicy;
  discovery: { minDelay: number; maxDelay: number };
  timers: Timers;
}

/** Raised by httpAdapter() for a bad option; the message names the key. */
export class HttpAdapterConfigError extends Error {
  static readonly code = 'CQKIT_HTTP_CONFIG';
  readonly code = HttpAdapterConfigError.code;
  override readonly name = 'HttpAdapterConfigError';
}

const fail = (key: string, problem: string): never => {
  throw new HttpAdapterConfigError(`httpAdapter: ${key} ${problem}`);
};

const optionKeys = ['bots', 'receiver', 'retry', 'discovery', 'timers'] as const;
// A record of every key, so that a key added to an interface and not here fails to compile.
const botKeyRecord: Record<keyof HttpBotOptions, true> = { selfId: true, endpoint: true, accessToken: true, tokenScheme: true, secret: true, timeout: true };
const receiverKeyRecord: Record<keyof ReceiverOptions, true> = {
  host: true,
  port: true,
  path: true,
  accessToken: true,
  bodyLimit: true,
  quickWindow: true,
  headersTimeout: true,
  requestTimeout: true,
  maxConnections: true,
  ackAfterDispatch: true,
};
/** Every key of HttpBotOptions (the cli builds its config schema from it, so the two cannot drift). */
export const httpBotOptionKeys = Object.keys(botKeyRecord) as (keyof HttpBotOptions)[];
/** Every key of ReceiverOptions. */
export const receiverOptionKeys = Object.keys(receiverKeyRecord) as (keyof ReceiverOptions)[];

/** Receiver limits when not configured (see ReceiverOptions). */
export const receiverLimitDefaults = { headersTimeout: 10_000, requestTimeout: 30_000, maxConnections: 256 } as const;
const retryKeys = ['attempts', 'baseDelay', 'maxDelay'] as const;
const discoveryKeys = ['minDelay', 'maxDelay'] as const;

/** Throws for a key that is not an option, naming it with its path and the option it probably meant. */
function onlyKnownKeys(value: unknown, known: readonly string[], path: string): void {
  if (typeof value !== 'object' || value === null) return;
  const key = unknownKey(value, known);
  if (key === undefined) return;
  const where = path === '' ? key : `${path}.${key}`;
  const meant = closestKey(key, known);
  fail(where, meant === undefined ? `is not an option (known: ${known.join(', ')})` : `is not an option; did you mean ${path === '' ? meant : `${path}.${meant}`}?`);
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') fail(key, `must be a string, got ${typeof value}`);
  return value as string;
}

function nonNegativeInteger(value: unknown, key: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    fail(key, `must be an integer from 0 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

/** Checks and completes the options; throws HttpAdapterConfigError naming the bad key. */
export function normalizeOptions(options: HttpAdapterOptions): NormalizedOptions {
  if (typeof options !== 'object' || options === null) fail('options', 'must be an object { bots, receiver? }');
  onlyKnownKeys(options, optionKeys, '');
  onlyKnownKeys(options.retry, retryKeys, 'retry');
  onlyKnownKeys(options.discovery, discoveryKeys, 'discovery');
  if (!Array.isArray(options.bots) || options.bots.length === 0) {
    fail('bots', 'must list at least one account: [{ endpoint: "http://127.0.0.1:5700" }]');
  }
  const seen = new Set<number>();
  const bots = options.bots.map((bot, index): NormalizedBot => {
    const key = `bots[${index}]`;
    if (typeof bot !== 'object' || bot === null) fail(key, 'must be an object { endpoint, selfId?, accessToken?, secret? }');
    onlyKnownKeys(bot, httpBotOptionKeys, key);
    let selfId: number | undefined;
    if (bot.selfId !== undefined) {
      if (typeof bot.selfId !== 'number' || !Number.isSafeInteger(bot.selfId) || bot.selfId <= 0) {
        fail(`${key}.selfId`, `must be a QQ number (positive integer), got ${JSON.stringify(bot.selfId)}`);
      }
      if (seen.has(bot.selfId)) fail(`${key}.selfId`, `${bot.selfId} is listed twice`);
      seen.add(bot.selfId);
      selfId = bot.selfId;
    }
    if (typeof bot.endpoint !== 'string') fail(`${key}.endpoint`, 'is required: the URL of the server HTTP API, e.g. http://127.0.0.1:5700');
    let url: URL | undefined;
    try {
      url = new URL(bot.endpoint);
    } catch {
      fail(`${key}.endpoint`, `is not a URL: ${JSON.stringify(bot.endpoint)}`);
    }
    if (url!.protocol !== 'http:' && url!.protocol !== 'https:') {
      fail(`${key}.endpoint`, `must start with http:// or https://, got ${JSON.stringify(bot.endpoint)}`);
    }
    const tokenScheme = bot.tokenScheme ?? 'Bearer';
    if (tokenScheme !== 'Bearer' && tokenScheme !== 'Token') fail(`${key}.tokenScheme`, `must be 'Bearer' or 'Token', got ${JSON.stringify(tokenScheme)}`);
    const timeout = bot.timeout === undefined ? undefined : nonNegativeInteger(bot.timeout, `${key}.timeout`, 0);
    return {
      index,
      selfId,
      endpoint: bot.endpoint,
      accessToken: optionalString(bot.accessToken, `${key}.accessToken`),
      tokenScheme,
      secret: optionalString(bot.secret, `${key}.secret`),
      timeout: timeout === 0 ? undefined : timeout,
    };
  });

  let receiver: NormalizedReceiver | undefined;
  if (options.receiver !== undefined) {
    const r = options.receiver;
    if (typeof r !== 'object' || r === null) fail('receiver', 'must be an object { port, host?, path? }');
    onlyKnownKeys(r, receiverOptionKeys, 'receiver');
    if (r.port === undefined) fail('receiver.port', 'is required (0 picks a free port)');
    const path = r.path ?? '/';
    if (typeof path !== 'string' || !path.startsWith('/')) fail('receiver.path', `must start with '/', got ${JSON.stringify(path)}`);
    const bodyLimit = nonNegativeInteger(r.bodyLimit, 'receiver.bodyLimit', 1024 * 1024);
    if (bodyLimit === 0) fail('receiver.bodyLimit', 'must be above 0');
    const headersTimeout = nonNegativeInteger(r.headersTimeout, 'receiver.headersTimeout', receiverLimitDefaults.headersTimeout);
    const requestTimeout = nonNegativeInteger(r.requestTimeout, 'receiver.requestTimeout', receiverLimitDefaults.requestTimeout);
    const maxConnections = nonNegativeInteger(r.maxConnections, 'receiver.maxConnections', receiverLimitDefaults.maxConnections);
    for (const [key, value] of [['headersTimeout', headersTimeout], ['requestTimeout', requestTimeout], ['maxConnections', maxConnections]] as const) {
      if (value === 0) fail(`receiver.${key}`, 'must be above 0 (a limit of none would let one slow client hold sockets for ever)');
    }
    if (headersTimeout > requestTimeout) fail('receiver.headersTimeout', `must not be above receiver.requestTimeout (${requestTimeout} ms), which counts the headers too`);
    receiver = {
      host: optionalString(r.host, 'receiver.host') ?? '127.0.0.1',
      port: nonNegativeInteger(r.port, 'receiver.port', 0, 65_535),
      path,
      accessToken: optionalString(r.accessToken, 'receiver.accessToken'),
      bodyLimit,
      quickWindow: nonNegativeInteger(r.quickWindow, 'receiver.quickWindow', 400, 60_000),
      headersTimeout,
      requestTimeout,
      maxConnections,
      ackAfterDispatch: r.ackAfterDispatch === true,
    };
  }

  const retry: RetryPolicy = {
    attempts: nonNegativeInteger(options.retry?.attempts, 'retry.attempts', defaultRetryPolicy.attempts, 10),
    baseDelay: nonNegativeInteger(options.retry?.baseDelay, 'retry.baseDelay', defaultRetryPolicy.baseDelay),
    maxDelay: nonNegativeInteger(options.retry?.maxDelay, 'retry.maxDelay', defaultRetryPolicy.maxDelay),
  };
  const discovery = {
    minDelay: nonNegativeInteger(options.discovery?.minDelay, 'discovery.minDelay', 1000),
    maxDelay: nonNegativeInteger(options.discovery?.maxDelay, 'discovery.maxDelay', 30_000),
  };
  return { bots, receiver, retry, discovery, timers: options.timers ?? realTimers };
}
