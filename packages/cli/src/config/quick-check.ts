/**
 * A check of the common config shapes without zod. Building the schema of schema.ts and its first
 * parse cost about 25 ms of CPU on every `cqkit start`; a config that is plainly valid does not need
 * them. `acceptedAsWritten` returns the checked config only when it is sure the schema accepts the
 * input and would return the same value; anything it does not know, or doubts (an unusual key, an
 * `undefined` value, a class instance), returns undefined and the schema decides and words the
 * errors. So it may be stricter than the schema, never looser: test/quick-check.test.ts holds it to
 * the schema's verdict and output on valid configs and on near misses of every rule here.
 */
import type { CqkitConfig } from './schema.js';

type Check = (value: unknown) => boolean;

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && Object.getOwnPropertySymbols(value).length === 0;
};

const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const isPort: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 65535;
const isQq: Check = (value) => Number.isSafeInteger(value) && (value as number) > 0;
const isMilliseconds: Check = (value) => Number.isFinite(value) && (value as number) >= 0;
const isPositiveMilliseconds: Check = (value) => Number.isFinite(value) && (value as number) > 0;
const isPositiveCount: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 1;
const isUrlPath: Check = (value) => typeof value === 'string' && value.startsWith('/');
const oneOf =
  (...allowed: readonly unknown[]): Check =>
  (value) =>
    allowed.includes(value);

function hasScheme(value: unknown, schemes: readonly string[]): boolean {
  if (typeof value !== 'string') return false;
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Every own key is listed and passes its check (no `undefined` values: the schema decides those). */
function fieldsPass(value: unknown, fields: Readonly<Record<string, Check>>): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  for (const key of Object.keys(value)) {
    const check = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (check === undefined || !check(value[key])) return false;
  }
  return true;
}

const listOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && Object.keys(value).length === value.length && value.every((item) => check(item));

const httpBotFields: Record<string, Check> = {
  endpoint: (value) => hasScheme(value, ['http:', 'https:']),
  selfId: isQq,
  accessToken: isString,
  tokenScheme: oneOf('Bearer', 'Token'),
  secret: isString,
  timeout: isMilliseconds,
};

const wsBotFields: Record<string, Check> = {
  url: (value) => hasScheme(value, ['ws:', 'wss:']),
  apiUrl: (value) => hasScheme(value, ['ws:', 'wss:']),
  eventUrl: (value) => hasScheme(value, ['ws:', 'wss:']),
  selfId: isQq,
  accessToken: isString,
  tokenScheme: oneOf('Bearer', 'Token', 'query'),
  timeout: isMilliseconds,
};

const reverseBotFields: Record<string, Check> = {
  host: isString,
  port: isPort,
  path: isUrlPath,
  selfId: isQq,
  accessToken: isString,
  timeout: isMilliseconds,
};

const botFields: Record<string, Readonly<Record<string, Check>>> = { http: httpBotFields, ws: wsBotFields, 'ws-reverse': reverseBotFields };

function botPasses(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const { protocol: written, ...rest } = value;
  const protocol = Object.hasOwn(value, 'protocol') ? written : 'http';
  if (typeof protocol !== 'string' || !Object.hasOwn(botFields, protocol) || !fieldsPass(rest, botFields[protocol]!)) return false;
  if (protocol === 'http') return rest.endpoint !== undefined;
  if (protocol === 'ws') {
    const split = rest.apiUrl !== undefined || rest.eventUrl !== undefined;
    return split ? rest.url === undefined && rest.apiUrl !== undefined && rest.eventUrl !== undefined : rest.url !== undefined;
  }
  return true;
}

const receiverFields: Record<string, Check> = {
  host: isString,
  port: isPort,
  path: isUrlPath,
  accessToken: isString,
  bodyLimit: isPositiveCount,
  quickWindow: isMilliseconds,
  headersTimeout: isPositiveCount,
  requestTimeout: isPositiveCount,
  maxConnections: isPositiveCount,
  ackAfterDispatch: isBoolean,
};

/** A plugin's own config is its schema's business; here only that it is there (not `undefined`). */
const pluginEntryPasses: Check = (value) =>
  typeof value === 'string' || (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && value[1] !== undefined);

const pluginMapPasses: Check = (value) => isPlainObject(value) && !Object.hasOwn(value, '__proto__') && Object.values(value).every((config) => config !== undefined);

const rateLimitPasses: Check = (value) =>
  value === false ||
  (fieldsPass(value, { count: isPositiveCount, interval: isPositiveMilliseconds, jitter: isMilliseconds }) && value.count !== undefined && value.interval !== undefined);

const clusterFields: Record<string, Check> = {
  redis: (value) => hasScheme(value, ['redis:', 'rediss:']),
  prefix: (value) => typeof value === 'string' && /^[A-Za-z0-9_.{}-]+(:[A-Za-z0-9_.{}-]+)*$/.test(value),
  claimAfter: isMilliseconds,
  leaseTtl: isMilliseconds,
  dedupeTtl: isMilliseconds,
};

/** The top-level keys checked here; the others (adapters, metrics, sandbox) go to the schema. */
const topFields: Record<string, Check> = {
  bots: listOf(botPasses),
  receiver: (value) => fieldsPass(value, receiverFields),
  plugins: (value) => (Array.isArray(value) ? listOf(pluginEntryPasses)(value) : pluginMapPasses(value)),
  prefix: (value) => typeof value === 'string' || listOf(isString)(value),
  superusers: listOf(isQq),
  locale: (value) => typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value),
  hints: (value) => value === false || fieldsPass(value, { unknownCommand: isBoolean, mention: isBoolean, private: isBoolean, group: isBoolean }),
  logLevel: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  rateLimit: (value) => fieldsPass(value, { global: rateLimitPasses, perTarget: rateLimitPasses }),
  stopDeadline: isMilliseconds,
  cluster: (value) => fieldsPass(value, clusterFields) && value.redis !== undefined,
};

/** A copy of plain data (objects and lists, as the schema returns them), values kept as they are. */
function copyData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyData);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyData(item)]));
  return value;
}

/**
 * The config as the schema would return it, when the quick check is sure of it; else undefined.
 * Plugin configs are the plugins' own business: passed on as written (the schema's `unknown`).
 */
export function acceptedAsWritten(raw: unknown): CqkitConfig | undefined {
  if (!fieldsPass(raw, topFields)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'plugins') out[key] = Array.isArray(value) ? value.map((entry: unknown) => (Array.isArray(entry) ? [entry[0], entry[1]] : entry)) : { ...(value as object) };
    else if (key === 'bots') out[key] = (value as Record<string, unknown>[]).map((bot) => ({ protocol: 'http', ...bot }));
    else out[key] = copyData(value);
  }
  return out as CqkitConfig;
}
