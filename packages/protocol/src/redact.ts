/**
 * Hiding credentials wherever a URL, a header or a config value is shown (log lines, error messages,
 * stop reports). Pure functions, no I/O: every package uses these so that one rule decides what is
 * a secret. A hidden value becomes `***`; its key, its place in the URL and everything else stay, so
 * the text still says which setting to look at.
 */

/** What a hidden value is replaced with. */
export const REDACTED = '***';

/**
 * Key names whose values are secrets, compared without case, `_` or `-`: accessToken, access_token,
 * secret, password, Authorization, apiKey, ... but not tokenScheme (it names how, not what).
 */
const secretKeyPattern = /(?:token|secret|password|passwd|passphrase|apikey|privatekey|credentials?|authorization|cookie)$/;

export function isSecretKey(key: string): boolean {
  return secretKeyPattern.test(key.toLowerCase().replace(/[-_]/g, ''));
}

// scheme://user[:password]@  — the user part alone can be a token too (https://TOKEN@host), so all of it goes.
const userInfoPattern = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]+@/gi;
// ?name=value / &name=value (a URL query or a form body)
const queryPairPattern = /([?&;])([^=&\s#'"<>]+)=([^&\s#'"<>]*)/g;

/**
 * Any text with URLs in it (a log line, an error message, a URL alone): user info (`user:pass@`)
 * and the values of secret query parameters (`access_token=`, `token=`, `secret=`, `password=`)
 * become `***`.
 */
export function redactText(text: string): string {
  if (text.indexOf('@') === -1 && text.indexOf('=') === -1) return text;
  return text
    .replace(userInfoPattern, (_match, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(queryPairPattern, (match, sep: string, name: string, value: string) =>
      value !== '' && isSecretKey(safeDecode(name)) ? `${sep}${name}=${REDACTED}` : match,
    );
}

/** A URL as it may be shown. Same as redactText; named for the call sites that hold a URL. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Headers as they may be shown: Authorization, Cookie and other secret-named headers become `***`. */
export function redactHeaders<T extends Record<string, unknown>>(headers: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = isSecretKey(name) && value !== undefined ? REDACTED : value;
  return out as T;
}

/**
 * A config value as it may be shown: every value under a secret-named key becomes `***` (whatever
 * its type: a numeric token is still a token), strings elsewhere have their URLs redacted. A copy;
 * cycles and depth are bounded.
 */
export function redactConfig<T>(value: T): T {
  return redactValue(value, 0, new WeakSet()) as T;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 32 || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
