/**
 * The HTTP API (transport.md 1): `/<action>` and `/<action>/`, GET and POST, parameters from the
 * query, a urlencoded form or a JSON object (query overrides form overrides JSON), and the status
 * codes in CQHTTP's order: route 404 -> token 401/403 -> Content-Type 406 -> body 400 (413 too
 * large) -> unknown action 404 -> 200. Requests under `/_sandbox/` go to the control API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionOutcome } from '../core/action-server.js';
import type { RawParams } from '../core/params.js';
import { authStatus, checkToken } from './auth.js';
import { DATA_PREFIX, type DataFileLookup } from './data-files.js';
import type { HostCheck } from './host-guard.js';
import { BodyTooLarge, readBody } from './request-body.js';

export interface ApiHandlerOptions {
  accessToken?: string | undefined;
  /** DNS-rebinding guard (host-guard.ts): the reason to refuse a request, or undefined. */
  hostCheck: HostCheck;
  cors: boolean;
  /** Maximum body size in bytes. */
  bodyLimit: number;
  execute: (action: string, params: RawParams) => Promise<ActionOutcome>;
  /** `GET /data/...` (CQHTTP serve_data_files); undefined = off (404). */
  dataFiles?: ((path: string) => DataFileLookup) | undefined;
  /** The control API; gets requests under /_sandbox/ after the token check. */
  control: (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: Buffer) => Promise<void>;
}

const actionRoute = /^\/([^/\s]+)\/?$/;
export const CONTROL_PREFIX = '/_sandbox';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Length': '0', ...headers });
  res.end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(text.length), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  const body = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) });
  res.end(body);
}

function formParams(text: string, into: Record<string, unknown>): void {
  for (const [k, v] of new URLSearchParams(text)) into[k] = v;
}

/** Handle one request; never throws (a failure becomes a 500 with an empty body). */
export function createApiHandler(options: ApiHandlerOptions) {
  const corsHeaders: Record<string, string> = options.cors ? { 'Access-Control-Allow-Origin': '*' } : {};

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    } catch {
      return sendEmpty(res, 404);
    }
    const refused = options.hostCheck(req.headers);
    if (refused !== undefined) {
      req.resume();
      return sendText(res, 403, `cqkit sandbox: ${refused}\n`);
    }
    const path = url.pathname;
    if (path.startsWith(DATA_PREFIX) && options.dataFiles) return serveDataFile(req, res, path, url.searchParams);
    const isControl = path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
    const match = isControl ? null : actionRoute.exec(path);
    if (!isControl && !match) return drain(req, res, 404);

    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      if (!options.cors) return drain(req, res, 405);
      return drain(req, res, 200, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': '*',
        'Access-Control-Allow-Headers': '*',
      });
    }
    if (method !== 'GET' && method !== 'POST' && !(isControl && method === 'DELETE')) return drain(req, res, 405);

    const auth = checkToken(options.accessToken, req.headers, url.searchParams);
    if (auth !== 'ok') return drain(req, res, authStatus(auth), corsHeaders);

    const contentType = (req.headers['content-type'] ?? '').toLowerCase();
    const isJson = contentType.startsWith('application/json');
    const isForm = contentType.startsWith('application/x-www-form-urlencoded');
    const hasContentType = req.headers['content-type'] !== undefined;
    if (method === 'POST' && hasContentType && !isJson && !isForm) return drain(req, res, 406, corsHeaders);

    let body: Buffer;
    try {
      body = await readBody(req, options.bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        req.resume();
        return sendEmpty(res, 413, { Connection: 'close', ...corsHeaders });
      }
      return sendEmpty(res, 400, corsHeaders);
    }

    if (isControl) return options.control(req, res, path.slice(CONTROL_PREFIX.length) || '/', url.searchParams, body);

    // JSON first, then the form overwrites it, then the query overwrites both (CQHTTP order).
    // No prototype: a "__proto__" key in a body is then just an (ignored) parameter.
    const params: Record<string, unknown> = Object.create(null);
    if (method === 'POST' && hasContentType) {
      const text = body.toString('utf8');
      if (isJson) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          return sendEmpty(res, 400, corsHeaders);
        }
        if (!isPlainObject(parsed)) return sendEmpty(res, 400, corsHeaders);
        Object.assign(params, parsed);
      } else {
        formParams(text, params);
      }
    }
    for (const [k, v] of url.searchParams) if (k !== 'access_token') params[k] = v;

    let action: string;
    try {
      action = decodeURIComponent(match?.[1] ?? '');
    } catch {
      return sendEmpty(res, 404, corsHeaders);
    }
    const outcome = await options.execute(action, params);
    if (!outcome.found) return sendEmpty(res, 404, corsHeaders);
    sendJson(res, 200, outcome.envelope, corsHeaders);
  }

  function serveDataFile(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): void {
    const auth = checkToken(options.accessToken, req.headers, query);
    const found: DataFileLookup =
      req.method !== 'GET' ? { status: 405 } : auth !== 'ok' ? { status: authStatus(auth) as 401 | 403 } : (options.dataFiles?.(path) ?? { status: 404 });
    req.resume();
    if (found.status !== 200) {
      sendEmpty(res, found.status);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${encodeURIComponent(found.name)}"`,
      'Content-Length': String(found.body.length),
      ...corsHeaders,
    });
    res.end(found.body);
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => sendEmpty(res, 500));
  };
}

/** Answer without reading the body; the body is discarded so the connection stays usable. */
function drain(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  req.resume();
  sendEmpty(res, status, headers);
}
