/** Test helpers: a started sandbox on an ephemeral port, raw HTTP calls, and an event receiver. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { ResponseEnvelope } from '@cqkit/protocol';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.js';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = createSandbox({ port: 0, ...options });
  await sandbox.start();
  return sandbox;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with full control over method, headers and body bytes. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    // Always frame the body: a GET with an unframed body would be read as the next request.
    const length = options.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(options.body)) };
    const req = request(url, { method: options.method ?? 'GET', headers: { ...length, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST a JSON body to /<action> and parse the envelope (expects HTTP 200). */
export async function callAction(sandbox: Sandbox, action: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<ResponseEnvelope> {
  const res = await rawRequest(`${sandbox.url}/${action}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(params),
  });
  if (res.status !== 200) throw new Error(`${action}: HTTP ${res.status}`);
  return JSON.parse(res.body) as ResponseEnvelope;
}

export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  event: Record<string, unknown>;
}

/** A bot-side HTTP server receiving event posts; `answer` decides each response. */
export interface Receiver {
  url: string;
  posts: ReceivedPost[];
  next(): Promise<ReceivedPost>;
  close(): Promise<void>;
}

export type Answer = (post: ReceivedPost) => { status: number; body?: string } | undefined;

export async function startReceiver(answer: Answer = () => ({ status: 204 })): Promise<Receiver> {
  const posts: ReceivedPost[] = [];
  let cursor = 0;
  const waiters: ((p: ReceivedPost) => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const post: ReceivedPost = { headers: req.headers, raw, event: JSON.parse(raw.toString('utf8')) as Record<string, unknown> };
      posts.push(post);
      const reply = answer(post) ?? { status: 204 };
      res.writeHead(reply.status, reply.body === undefined ? {} : { 'Content-Type': 'application/json' });
      res.end(reply.body);
      const w = waiters.shift();
      if (w) {
        cursor += 1;
        w(post);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    posts,
    next() {
      const ready = posts[cursor];
      if (ready && waiters.length === 0) {
        cursor += 1;
        return Promise.resolve(ready);
      }
      return new Promise((r) => waiters.push(r));
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** The protocol catalogue @cqkit/protocol ships (its catalogue/ folder), or CQKIT_SPEC_DIR when set. */
export function specDir(): string {
  const env = process.env.CQKIT_SPEC_DIR;
  if (env) return resolve(env);
  return dirname(createRequire(import.meta.url).resolve('@cqkit/protocol/catalogue/actions.json'));
}

export interface CatalogueField {
  name: string;
  type: string;
  optional?: boolean;
  nullable?: boolean;
  /** Allowed values of a string field. */
  values?: string[];
  fields?: CatalogueField[];
}
export interface CatalogueAction {
  name: string;
  params: { name: string; type: string; required: boolean; default: unknown }[];
  response_kind: 'object' | 'array' | 'null' | null;
  response: CatalogueField[] | null;
}

export function loadActions(): CatalogueAction[] {
  return JSON.parse(readFileSync(resolve(specDir(), 'actions.json'), 'utf8')) as CatalogueAction[];
}

/** Type mismatches between `value` and the catalogue fields (recursive); empty when it conforms. */
export function shapeProblems(value: unknown, fields: readonly CatalogueField[], path = 'data'): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path} is not an object`];
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const f of fields) {
    const v = obj[f.name];
    if (v === undefined) {
      if (!f.optional) problems.push(`${path}.${f.name} missing`);
      continue;
    }
    if (v === null) {
      if (!f.nullable) problems.push(`${path}.${f.name} is null`);
      continue;
    }
    const types = f.type.split('|');
    const actual = Array.isArray(v) ? 'array' : typeof v;
    const okType = types.some((t) => (t === 'message' ? typeof v === 'string' || Array.isArray(v) : t === actual));
    if (!okType) problems.push(`${path}.${f.name} is ${actual}, expected ${f.type}`);
    else if (f.values && typeof v === 'string' && !f.values.includes(v)) problems.push(`${path}.${f.name} is "${v}", not one of ${f.values.join('|')}`);
    else if (f.fields && actual === 'array') {
      for (const [i, el] of (v as unknown[]).entries()) problems.push(...shapeProblems(el, f.fields, `${path}.${f.name}[${i}]`));
    }
    else if (f.fields && actual === 'object') problems.push(...shapeProblems(v, f.fields, `${path}.${f.name}`));
  }
  return problems;
}

export interface CatalogueEvent {
  id: string;
  post_type: string;
  detail_type: string;
  fields: CatalogueField[];
}

export function loadEvents(): CatalogueEvent[] {
  return (JSON.parse(readFileSync(resolve(specDir(), 'events.json'), 'utf8')) as { events: CatalogueEvent[] }).events;
}

/** The catalogue id of an event, told apart the way the catalogue does (notify by sub_type and group_id). */
export function catalogueIdOf(event: Record<string, unknown>): string {
  const detailKey = { message: 'message_type', notice: 'notice_type', request: 'request_type', meta_event: 'meta_event_type' }[String(event.post_type)];
  const detail = String(detailKey ? event[detailKey] : '');
  if (event.post_type === 'notice' && detail === 'notify') {
    const sub = String(event.sub_type);
    return sub === 'poke' && !('group_id' in event) ? 'notice.notify.poke.friend' : `notice.notify.${sub}`;
  }
  return `${String(event.post_type)}.${detail}`;
}
