/**
 * Checks of a reverse WebSocket handshake (transport.md 4): the access token in either scheme
 * (`Token` as CQHTTP and go-cqhttp send it, `Bearer` as OneBot v11 specifies), `X-Self-ID`, and
 * `X-Client-Role`. Each failure maps to the HTTP status the connection is refused with.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type ClientRole = 'Universal' | 'API' | 'Event';

export type HandshakeVerdict = { ok: true; selfId: number; role: ClientRole } | { ok: false; status: number; reason: string };

export interface HandshakeRules {
  accessToken: string | undefined;
  /** When set, only these accounts may connect. */
  selfIds: ReadonlySet<number> | undefined;
}

// Lenient on purpose: the scheme word is matched case-insensitively (go-cqhttp does not check it at all).
const schemePattern = /^(?:token|bearer)\s+(.+)$/i;

export function checkHandshake(headers: IncomingHttpHeaders, query: URLSearchParams, pathRole: ClientRole, rules: HandshakeRules): HandshakeVerdict {
  if (rules.accessToken !== undefined) {
    const header = headers.authorization;
    const given = header !== undefined ? schemePattern.exec(header.trim())?.[1] : (query.get('access_token') ?? undefined);
    if (given === undefined) {
      return { ok: false, status: 401, reason: 'no usable access token (send Authorization: Bearer <token> or Token <token>, or ?access_token=)' };
    }
    if (!sameSecret(given, rules.accessToken)) return { ok: false, status: 403, reason: 'the access token is wrong' };
  }
  const rawId = single(headers['x-self-id']);
  if (rawId === undefined) return { ok: false, status: 400, reason: 'the X-Self-ID header (the bot QQ number) is missing' };
  const selfId = Number(rawId.trim());
  if (!/^\d+$/.test(rawId.trim()) || !Number.isSafeInteger(selfId) || selfId <= 0) {
    return { ok: false, status: 400, reason: `X-Self-ID ${JSON.stringify(rawId)} is not a QQ number` };
  }
  if (rules.selfIds && !rules.selfIds.has(selfId)) return { ok: false, status: 403, reason: `account ${selfId} is not one of the configured selfIds` };
  const rawRole = single(headers['x-client-role']);
  let role: ClientRole = pathRole;
  if (rawRole !== undefined) {
    const found = (['Universal', 'API', 'Event'] as const).find((r) => r.toLowerCase() === rawRole.trim().toLowerCase());
    if (!found) return { ok: false, status: 400, reason: `X-Client-Role ${JSON.stringify(rawRole)} is not Universal, API or Event` };
    role = found;
  }
  return { ok: true, selfId, role };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
