/**
 * Access-token checking (transport.md 1.2), shared by the HTTP API, the control API and (for the
 * WebSocket helper) the upgrade request: `Authorization: Bearer x` / `Token x`, or the
 * `access_token` query parameter only when no Authorization header is present.
 */
import { timingSafeEqual } from 'node:crypto';
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
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b) ? 'ok' : 'wrong';
}

/** HTTP status for an auth failure: 401 missing, 403 wrong. */
export function authStatus(result: AuthResult): number {
  return result === 'missing' ? 401 : result === 'wrong' ? 403 : 200;
}
