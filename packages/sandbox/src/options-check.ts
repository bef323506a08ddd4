/**
 * Checking `createSandbox(options)` before anything starts: a misspelt key (`prot`, or CQHTTP's own
 * `access_token`) or a value of the wrong kind is an error naming it, never silently ignored.
 */
import type { SandboxOptions } from './sandbox.js';

export class SandboxOptionsError extends Error {
  static readonly code = 'CQKIT_SANDBOX_OPTIONS';
  readonly code = SandboxOptionsError.code;
  override readonly name = 'SandboxOptionsError';
}

type Check = (value: unknown) => string | undefined;

const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? undefined : `must be an integer from ${min} to ${max}`;
const string: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const boolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const object: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object');

/** Every option and what it accepts; `satisfies` keeps this list in step with SandboxOptions. */
const checks = {
  world: object,
  selfId: integer(1),
  host: (v) => (typeof v === 'string' && v !== '' ? undefined : 'must be a host name or address'),
  port: integer(0, 65_535),
  accessToken: string,
  secret: string,
  postUrl: string,
  postTimeout: integer(0),
  postMessageFormat: (v) => (v === 'string' || v === 'array' ? undefined : `must be 'string' or 'array'`),
  enableRateLimitedActions: boolean,
  rateLimitInterval: integer(0),
  heartbeat: (v) =>
    typeof v === 'boolean' || (typeof v === 'object' && v !== null && integer(1)((v as { interval?: unknown }).interval) === undefined)
      ? undefined
      : 'must be true, false or { interval: <ms, at least 1> }',
  cors: boolean,
  serveDataFiles: boolean,
  clock: (v) =>
    typeof v === 'object' && v !== null && ['now', 'setTimeout', 'clearTimeout'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function')
      ? undefined
      : 'must be a Clock { now, setTimeout, clearTimeout }',
  bodyLimit: integer(1),
  allowedHosts: (v) =>
    v === true || (Array.isArray(v) && v.every((h) => typeof h === 'string' && h !== '')) ? undefined : 'must be true or a list of host names',
  logger: (v) => (typeof v === 'function' ? undefined : 'must be a function (level, message) => void'),
} satisfies Record<keyof SandboxOptions, Check>;

const known = Object.keys(checks);

/** Throws a SandboxOptionsError for the first unknown key or bad value; undefined values count as absent. */
export function checkSandboxOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new SandboxOptionsError('createSandbox: options must be an object');
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const check: Check | undefined = (checks as Record<string, Check>)[key];
    if (!check) {
      const meant = likelyKey(key);
      throw new SandboxOptionsError(
        `createSandbox: ${key} is not an option${meant ? `; did you mean ${meant}?` : ` (known: ${known.join(', ')})`}`,
      );
    }
    const problem = check(value);
    if (problem) throw new SandboxOptionsError(`createSandbox: ${key} ${problem}, got ${describe(value)}`);
  }
}

/** The option a mistyped key most likely meant: same letters in snake_case or another case, or one or two typos away. */
function likelyKey(key: string): string | undefined {
  const folded = key.replace(/_/g, '').toLowerCase();
  const same = known.find((k) => k.toLowerCase() === folded);
  if (same) return same;
  return known.find((k) => typos(k.toLowerCase(), folded) <= 2);
}

/** Edit distance between two short strings. */
function typos(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
