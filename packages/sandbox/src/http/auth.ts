/**
 * Access-token checking (transport.md 1.2), shared by the HTTP API, the control API and (for the
 * WebSocket helper) the upgrade request: `Authorization: Bearer x` / `Token x`, or the
 * `access_token` query parameter only when no Authorization header is present.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type AuthResult = 'ok' | 'missing' | 'wrong';

const schemePattern = /^(?:[Tt]oken|Bearer)\s+(.*)$/;

/** The token a request carries, or undefined when none is usable. */
export function presentedToken(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers.authorization;
  if (header !== undefined) {
    // A present but unrecognisable header counts as "no token" and the query is not consulted.
    const match = schemePattern.exec(header);
    return match ? match[1] : undefined;
  }
  return query.get('access_token') ?? undefined;
}

export function checkToken(expected: string | undefined, headers: IncomingHttpHeaders, query: URLSearchParams): AuthResult {
  if (!expected) return 'ok';
  const given = presentedToken(headers, query);
  if (given === undefined) return 'missing';
  return tokensEqual(given, expected) ? 'ok' : 'wrong';
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant-time comparison of two tokens. The SHA-256 digests are compared, never the tokens, so
 * the time taken does not depend on where they differ nor on the expected token's length.
 */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** HTTP status for an auth failure: 401 missing, 403 wrong. */
export function authStatus(result: AuthResult): number {
  return result === 'missing' ? 401 : result === 'wrong' ? 403 : 200;
}
