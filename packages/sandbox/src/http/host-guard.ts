/**
 * Protection against DNS rebinding and cross-site requests for a sandbox that listens on a loopback
 * address without an access token (the usual way to run it on a laptop).
 *
 * A web page on evil.example can rebind its own name to 127.0.0.1 and then talk to the sandbox as
 * "evil.example"; any page can also open a WebSocket or send a form to 127.0.0.1. So, when the guard
 * is on, a request is served only when its `Host` is a loopback name (localhost, *.localhost,
 * 127.x.x.x, [::1]) or one the user allowed, and, when it carries an `Origin` (browsers add one),
 * that origin is a loopback or allowed one too.
 *
 * The guard is off when a token is set (a rebinding page does not know it) or when the user binds
 * a non-loopback address on purpose (then other machines are meant to reach it by any name).
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface HostGuardOptions {
  /** The address the server listens on. */
  listenHost: string;
  accessToken?: string | undefined;
  /** Extra host names to accept (e.g. `host.docker.internal`); `true` accepts any. */
  allowedHosts?: readonly string[] | true | undefined;
  /** The HTTP API answers CORS requests: then any `Origin` may call it (the user asked for that). */
  anyOrigin?: boolean;
}

/** Why a request was refused, for the 403 answer; undefined when it may proceed. */
export type HostCheck = (headers: IncomingHttpHeaders) => string | undefined;

/** `localhost`, `*.localhost`, `127.0.0.0/8`, `::1` (with or without brackets). */
export function isLoopbackName(name: string): boolean {
  const host = name.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The name part of a Host header value: `[::1]:5700` -> `[::1]`, `localhost:80` -> `localhost`. */
export function hostName(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(0, end + 1);
  }
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

export function createHostCheck(options: HostGuardOptions): HostCheck {
  const on = !options.accessToken && options.allowedHosts !== true && isLoopbackName(options.listenHost);
  if (!on) return () => undefined;
  const extra = new Set((options.allowedHosts === true ? [] : (options.allowedHosts ?? [])).map((h) => h.toLowerCase().replace(/\.$/, '')));
  const allowed = (name: string) => isLoopbackName(name) || extra.has(name.replace(/\.$/, ''));
  return (headers) => {
    const host = headers.host;
    if (host === undefined || !allowed(hostName(host))) {
      return `Host ${JSON.stringify(host ?? '')} is not a loopback name; set an access token, or allow the name (allowedHosts / --allow-host)`;
    }
    const origin = headers.origin;
    if (origin === undefined || options.anyOrigin) return undefined;
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || originHost === '' || !allowed(originHost)) {
      return `requests from the web page at ${JSON.stringify(origin)} are refused; set an access token, or allow its host (allowedHosts / --allow-host)`;
    }
    return undefined;
  };
}
