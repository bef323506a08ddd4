/** Cookies and the CSRF token, derived from the world's credentials like QQ derives them. */
import type { ActionHandler } from '../core/action-server.js';
import type { SandboxState } from '../core/state.js';

/** QQ's "bkn" / g_tk: a djb2-style hash of the skey, kept to 31 bits. */
export function csrfToken(skey: string): number {
  let hash = 5381;
  for (const ch of skey) hash = (hash + (hash << 5) + (ch.codePointAt(0) ?? 0)) & 0x7fffffff;
  return hash;
}

function cookies(state: SandboxState, domain: string): string {
  const { world } = state;
  const self = world.selfId;
  const base = `uin=o${self}; skey=${world.data.credentials.skey}`;
  if (domain === '') return base;
  const extra = world.data.credentials.domains[domain] ?? `p_skey=${world.data.credentials.p_skey}`;
  return `${base}; p_uin=o${self}; ${extra}`;
}

export const credentialActions: Record<string, ActionHandler> = {
  get_cookies: (call) => ({ cookies: cookies(call.state, call.params.str('domain') ?? '') }),
  get_csrf_token: (call) => ({ token: csrfToken(call.state.world.data.credentials.skey) }),
  get_credentials: (call) => ({
    cookies: cookies(call.state, call.params.str('domain') ?? ''),
    csrf_token: csrfToken(call.state.world.data.credentials.skey),
  }),
};
