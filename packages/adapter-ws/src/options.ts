/** Options of both adapters, checked once at creation: a bad value is a clear error naming the key. */
import { defaultReconnectPolicy, type ReconnectPolicy } from './backoff.js';
import { realTimers, type Timers } from './timers.js';

/** Raised by wsAdapter() / wsReverseAdapter() for a bad option; the message names the key. */
export class WsAdapterConfigError extends Error {
  static readonly code = 'CQKIT_WS_CONFIG';
  readonly code = WsAdapterConfigError.code;
  override readonly name = 'WsAdapterConfigError';
}

/** How the token travels on a forward connection. OneBot v11 says Bearer; CQHTTP < 4.8 wanted Token. */
export type TokenScheme = 'Bearer' | 'Token' | 'query';

/**
 * ms of silence before a connection is reopened: a number; `'auto'` (default) = three times the
 * `interval` announced by the server's heartbeat events (nothing is watched until one arrives);
 * `false` = never.
 */
export type HeartbeatTimeout = number | 'auto' | false;

export interface WsBotOptions {
  /** Universal endpoint (`ws://127.0.0.1:6700/`): actions and events on one connection. */
  url?: string;
  /** Split endpoints (`ws://…/api` and `ws://…/event`), instead of `url`. */
  apiUrl?: string;
  eventUrl?: string;
  /** The account's QQ number; when omitted it is learned from the first event or get_login_info. */
  selfId?: number;
  /** The server's access_token. */
  accessToken?: string;
  /** Default 'Bearer'. */
  tokenScheme?: TokenScheme;
  /** Upper bound of any call's timeout, ms. Default none (the app's per-call timeout applies). */
  timeout?: number;
}

// A record of every key, so that a key added to WsBotOptions and not here fails to compile.
const botKeyRecord: Record<keyof WsBotOptions, true> = { url: true, apiUrl: true, eventUrl: true, selfId: true, accessToken: true, tokenScheme: true, timeout: true };
/** Every key of WsBotOptions (the cli builds its config schema from it, so the two cannot drift). */
export const wsBotOptionKeys = Object.keys(botKeyRecord) as (keyof WsBotOptions)[];

export interface WsAdapterOptions {
  bots: WsBotOptions[];
  reconnect?: Partial<ReconnectPolicy>;
  heartbeatTimeout?: HeartbeatTimeout;
  /** Calls allowed to wait for a connection per account. Default 1000. */
  maxWaiting?: number;
  /** Injected time source (tests). */
  timers?: Timers;
  /** Injected randomness for the jitter (tests). */
  random?: () => number;
}

export interface NormalizedWsBot {
  index: number;
  mode: 'universal' | 'split';
  url: string | undefined;
  apiUrl: string | undefined;
  eventUrl: string | undefined;
  selfId: number | undefined;
  accessToken: string | undefined;
  tokenScheme: TokenScheme;
  timeout: number | undefined;
}

export interface NormalizedWsOptions {
  bots: NormalizedWsBot[];
  reconnect: ReconnectPolicy;
  heartbeatTimeout: HeartbeatTimeout;
  maxWaiting: number;
  timers: Timers;
  random: () => number;
}

export function normalizeWsOptions(options: WsAdapterOptions): NormalizedWsOptions {
  if (typeof options !== 'object' || options === null) throw new WsAdapterConfigError('ws adapter: options must be an object with a `bots` array');
  if (!Array.isArray(options.bots) || options.bots.length === 0) {
    throw new WsAdapterConfigError('ws adapter: `bots` must list at least one account, e.g. bots: [{ url: "ws://127.0.0.1:6700" }]');
  }
  const bots = options.bots.map((bot, index) => normalizeBot(bot, index));
  return {
    bots,
    reconnect: normalizeReconnect(options.reconnect, 'reconnect'),
    heartbeatTimeout: normalizeHeartbeat(options.heartbeatTimeout, 'heartbeatTimeout'),
    maxWaiting: positiveInt(options.maxWaiting, 'maxWaiting') ?? 1000,
    timers: options.timers ?? realTimers,
    random: options.random ?? Math.random,
  };
}

function normalizeBot(bot: WsBotOptions, index: number): NormalizedWsBot {
  const where = `bots[${index}]`;
  if (typeof bot !== 'object' || bot === null) throw new WsAdapterConfigError(`ws adapter: ${where} must be an object`);
  const url = wsUrl(bot.url, `${where}.url`);
  const apiUrl = wsUrl(bot.apiUrl, `${where}.apiUrl`);
  const eventUrl = wsUrl(bot.eventUrl, `${where}.eventUrl`);
  if (url !== undefined && (apiUrl !== undefined || eventUrl !== undefined)) {
    throw new WsAdapterConfigError(`ws adapter: ${where} sets both url (universal) and apiUrl/eventUrl (split); keep one of the two forms`);
  }
  if (url === undefined && (apiUrl === undefined || eventUrl === undefined)) {
    throw new WsAdapterConfigError(
      `ws adapter: ${where} needs url (the universal endpoint, e.g. ws://127.0.0.1:6700/) or both apiUrl and eventUrl (e.g. ws://127.0.0.1:6700/api and /event)`,
    );
  }
  const scheme = bot.tokenScheme ?? 'Bearer';
  if (scheme !== 'Bearer' && scheme !== 'Token' && scheme !== 'query') {
    throw new WsAdapterConfigError(`ws adapter: ${where}.tokenScheme must be 'Bearer', 'Token' or 'query'`);
  }
  if (bot.accessToken !== undefined && typeof bot.accessToken !== 'string') {
    throw new WsAdapterConfigError(`ws adapter: ${where}.accessToken must be a string`);
  }
  return {
    index,
    mode: url !== undefined ? 'universal' : 'split',
    url,
    apiUrl,
    eventUrl,
    selfId: selfIdOf(bot.selfId, `${where}.selfId`),
    accessToken: bot.accessToken === '' ? undefined : bot.accessToken,
    tokenScheme: scheme,
    timeout: positiveInt(bot.timeout, `${where}.timeout`),
  };
}

export function normalizeReconnect(value: Partial<ReconnectPolicy> | undefined, key: string): ReconnectPolicy {
  const policy = { ...defaultReconnectPolicy, ...(value ?? {}) };
  for (const name of ['initialDelay', 'maxDelay', 'factor'] as const) {
    const v = policy[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WsAdapterConfigError(`ws adapter: ${key}.${name} must be a positive number`);
  }
  if (policy.factor < 1) throw new WsAdapterConfigError(`ws adapter: ${key}.factor must be at least 1`);
  if (policy.maxDelay < policy.initialDelay) throw new WsAdapterConfigError(`ws adapter: ${key}.maxDelay must not be below ${key}.initialDelay`);
  if (typeof policy.jitter !== 'number' || !(policy.jitter >= 0 && policy.jitter <= 1)) {
    throw new WsAdapterConfigError(`ws adapter: ${key}.jitter must be between 0 and 1`);
  }
  return policy;
}

export function normalizeHeartbeat(value: HeartbeatTimeout | undefined, key: string): HeartbeatTimeout {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === false) return value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new WsAdapterConfigError(`ws adapter: ${key} must be a positive number of ms, 'auto' or false`);
  }
  return value;
}

export function positiveInt(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new WsAdapterConfigError(`ws adapter: ${key} must be a positive integer`);
  }
  return value;
}

export function selfIdOf(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new WsAdapterConfigError(`ws adapter: ${key} must be the account's QQ number (a positive integer)`);
  }
  return value;
}

function wsUrl(value: unknown, key: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new WsAdapterConfigError(`ws adapter: ${key} must be a string`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new WsAdapterConfigError(`ws adapter: ${key} is not a URL: ${JSON.stringify(value)}`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new WsAdapterConfigError(`ws adapter: ${key} must start with ws:// or wss:// (got ${parsed.protocol}//)`);
  }
  return value;
}

/** Three heartbeat intervals: one lost heartbeat is noise, three in a row is a dead link. */
export function silenceLimitFor(setting: HeartbeatTimeout, announcedInterval: number | undefined): number | undefined {
  if (setting === false) return undefined;
  if (typeof setting === 'number') return setting;
  return announcedInterval !== undefined && announcedInterval > 0 ? announcedInterval * 3 : undefined;
}
