import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdapterListenError, describeError } from '@cqkit/core';
import type { Logger } from './core-contract.js';

/** How long close() lets in-flight requests finish before cutting their connections. */
const closeGraceMs = 2000;

/** One event POST as received: headers and the body's exact bytes. */
export interface ReceivedPost {
  headers: IncomingHttpHeaders;
  body: Buffer;
  remote: string;
}

/** What to answer. 204 and other statuses without `body` get an empty body. */
export interface PostAnswer {
  status: number;
  body?: string;
}

/** What to answer a post: at once, or later (a quick window). */
export type PostHandler = (post: ReceivedPost) => PostAnswer | Promise<PostAnswer>;

export interface EventReceiverOptions {
  host: string;
  port: number;
  /** The one path events are posted to, e.g. '/' or '/cqhttp'. */
  path: string;
  /** When set, posts must carry it as `Authorization: Bearer|Token <t>` or `?access_token=`. */
  accessToken?: string | undefined;
  /** Largest accepted body, bytes. */
  bodyLimit: number;
  /** ms to receive a request's headers, and the whole request; then 408 and the socket is cut. */
  headersTimeout: number;
  requestTimeout: number;
  /** Connections open at once; more are closed on arrival. */
  maxConnections: number;
  logger: Logger;
  handle: PostHandler;
}

/**
 * The HTTP server the OneBot implementation posts events to. It owns the HTTP concerns (path,
 * method, receiver token, body size) and hands the raw bytes to `handle`; nothing it does can
 * throw into the process.
 */
export class EventReceiver {
  private server: Server | undefined;
  private address: AddressInfo | undefined;
  private dropped = 0;

  constructor(private readonly options: EventReceiverOptions) {}

  /** Where the server listens, once started: give this to the implementation as its post URL. */
  get url(): string | undefined {
    if (!this.address) return undefined;
    const host = this.address.family === 'IPv6' ? `[${this.address.address}]` : this.address.address;
    return `http://${host}:${this.address.port}${this.options.path}`;
  }

  listen(): Promise<AddressInfo> {
    const { headersTimeout, requestTimeout, maxConnections } = this.options;
    const server = createServer(
      {
        headersTimeout,
        requestTimeout,
        // Node checks both timeouts on this interval (30 s by default), which would stretch a
        // 10 s limit to 40 s: check at a quarter of the shorter one (10 ms .. 1 s).
        connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(Math.min(headersTimeout, requestTimeout) / 4))),
      },
      (request, response) => this.onRequest(request, response),
    );
    // Events are small and servers post them one by one; idle keep-alive sockets are reused.
    server.keepAliveTimeout = 30_000;
    server.maxConnections = maxConnections;
    server.on('drop', (data?: { remoteAddress?: string }) => {
      // Said for the first one and then every hundredth: a flood must not flood the log too.
      if (this.dropped++ % 100 === 0) {
        this.options.logger.warn(
          `event receiver: refused a connection from ${data?.remoteAddress ?? '?'}: ${maxConnections} are open (receiver.maxConnections); ${this.dropped} refused so far`,
        );
      }
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        this.server = undefined;
        const where = `${this.options.host}:${this.options.port}`;
        const why = error.code === 'EADDRINUSE' ? `${where} is already in use; choose another receiver.port` : `${where}: ${error.message}`;
        reject(new AdapterListenError(`the HTTP event receiver could not listen on ${why}`, { cause: error }));
      };
      server.once('error', onError);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', onError);
        server.on('error', (error) => this.options.logger.error(`event receiver: ${error.message}`));
        this.address = server.address() as AddressInfo;
        resolve(this.address);
      });
    });
  }

  /** Stops listening; requests in flight may finish for a grace period, or until `signal` aborts. */
  async close(signal?: AbortSignal): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.address = undefined;
    await new Promise<void>((resolve) => {
      // In-flight requests may finish; a client that stalls mid-request is cut after a grace period.
      const cut = () => server.closeAllConnections();
      const force = setTimeout(cut, closeGraceMs);
      force.unref();
      if (signal?.aborted) cut();
      else signal?.addEventListener('abort', cut, { once: true });
      server.close(() => {
        clearTimeout(force);
        signal?.removeEventListener('abort', cut);
        resolve();
      });
      // Idle keep-alive sockets would hold close() open.
      server.closeIdleConnections();
    });
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    try {
      this.route(request, response);
    } catch (error) {
      this.options.logger.error(`event receiver: unexpected failure: ${describeError(error)}`);
      answer(response, { status: 500 });
    }
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const { logger } = this.options;
    const raw = request.url ?? '/';
    // The implementation posts to the configured path itself, nearly always: no URL to parse then.
    const url = raw === this.options.path ? undefined : new URL(raw, 'http://receiver');
    if (url !== undefined && trimSlash(url.pathname) !== trimSlash(this.options.path)) {
      logger.warn(`event receiver: POST to unknown path ${url.pathname} from ${remoteOf(request)} (events are expected at ${this.options.path}); answered 404`);
      reject(request, response, 404);
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      reject(request, response, 405);
      return;
    }
    const tokenCheck = this.checkToken(request.headers.authorization, url?.searchParams.get('access_token') ?? null);
    if (tokenCheck !== 'valid') {
      const status = tokenCheck === 'missing' ? 401 : 403;
      logger.warn(
        `event receiver: event from ${remoteOf(request)} ${tokenCheck === 'missing' ? 'carries no access token' : 'carries a wrong access token'}; answered ${status} and dropped`,
      );
      reject(request, response, status);
      return;
    }
    const limit = this.options.bodyLimit;
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      logger.warn(`event receiver: event from ${remoteOf(request)} is ${declared} bytes, above the ${limit}-byte body limit; answered 413 and dropped`);
      reject(request, response, 413);
      return;
    }
    const post = new IncomingPost(request, response, this.options);
    (request as Tagged)[postKey] = post;
    request.on('data', onPostData);
    request.on('error', onPostError);
    request.on('end', onPostEnd);
  }

  private checkToken(authorization: string | undefined, queryToken: string | null): 'valid' | 'missing' | 'wrong' {
    const expected = this.options.accessToken;
    if (!expected) return 'valid';
    let given: string | undefined;
    if (authorization !== undefined) {
      const match = /^(?:Bearer|Token)\s+(.+)$/i.exec(authorization.trim());
      given = match?.[1];
    } else if (queryToken !== null) {
      given = queryToken;
    }
    if (given === undefined || given === '') return 'missing';
    return sameSecret(given, expected) ? 'valid' : 'wrong';
  }
}

/** Where a request's IncomingPost is found, so its listeners need no closure per request. */
const postKey = Symbol('cqkit.incomingPost');
type Tagged = IncomingMessage & { [postKey]?: IncomingPost };

function onPostData(this: IncomingMessage, chunk: Buffer): void {
  (this as Tagged)[postKey]?.received(chunk);
}

function onPostError(this: IncomingMessage, error: Error): void {
  (this as Tagged)[postKey]?.options.logger.debug(`event receiver: request from ${remoteOf(this)} failed: ${error.message}`);
}

function onPostEnd(this: IncomingMessage): void {
  (this as Tagged)[postKey]?.complete();
}

/** One event POST being read: its body up to the limit, then handed over and answered. */
class IncomingPost implements ReceivedPost {
  private chunks: Buffer[] | undefined;
  private first: Buffer | undefined;
  private size = 0;
  private tooLarge = false;
  body: Buffer = emptyBody;

  constructor(
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
    readonly options: EventReceiverOptions,
  ) {}

  get headers(): IncomingHttpHeaders {
    return this.request.headers;
  }

  /** The peer, for log lines only. */
  get remote(): string {
    return remoteOf(this.request);
  }

  received(chunk: Buffer): void {
    const limit = this.options.bodyLimit;
    this.size += chunk.length;
    if (this.tooLarge) {
      // Drain a bounded amount so the client can read our 413, then give up on the socket.
      if (this.size > limit * 4 + 65_536) this.request.destroy();
      return;
    }
    if (this.size > limit) {
      this.tooLarge = true;
      this.first = undefined;
      this.chunks = undefined;
      this.options.logger.warn(`event receiver: event from ${this.remote} exceeds the ${limit}-byte body limit; answered 413 and dropped`);
      answer(this.response, { status: 413 }, true);
      return;
    }
    // An event nearly always arrives in one chunk: no list, no copy.
    if (this.first === undefined) this.first = chunk;
    else if (this.chunks === undefined) this.chunks = [this.first, chunk];
    else this.chunks.push(chunk);
  }

  complete(): void {
    if (this.tooLarge) return;
    this.body = this.chunks !== undefined ? Buffer.concat(this.chunks, this.size) : (this.first ?? emptyBody);
    this.first = undefined;
    this.chunks = undefined;
    let result: PostAnswer | Promise<PostAnswer>;
    try {
      result = this.options.handle(this);
    } catch (error) {
      this.failed(error);
      return;
    }
    if (!(result instanceof Promise)) {
      answer(this.response, result);
      return;
    }
    result.then(
      (value) => answer(this.response, value),
      (error: unknown) => this.failed(error),
    );
  }

  private failed(error: unknown): void {
    this.options.logger.error(`event receiver: handling an event from ${this.remote} failed: ${describeError(error)}`);
    answer(this.response, { status: 500 });
  }
}

const emptyBody = Buffer.alloc(0);

function remoteOf(request: IncomingMessage): string {
  return `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
}

/** '/events/' and '/events' are the same place; '/' stays '/'. */
function trimSlash(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

/** Constant-time comparison of two strings of any length (compares fixed-size digests). */
function sameSecret(a: string, b: string): boolean {
  // node:crypto is loaded on first use: only a receiver with a token needs it (about 7 ms at start).
  const crypto = process.getBuiltinModule('node:crypto');
  const digest = (s: string): Buffer => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

function reject(request: IncomingMessage, response: ServerResponse, status: number): void {
  answer(response, { status }, true);
  // Read and discard whatever body was sent, so the connection can be reused.
  request.resume();
}

function answer(response: ServerResponse, result: PostAnswer, closeAfter = false): void {
  if (response.headersSent || response.writableEnded) return;
  if (closeAfter && result.status === 413) response.setHeader('connection', 'close');
  if (result.body !== undefined && result.status !== 204) {
    const bytes = Buffer.from(result.body, 'utf8');
    response.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
    response.end(bytes);
    return;
  }
  if (result.status === 204) response.writeHead(204);
  else response.writeHead(result.status, { 'content-length': 0 });
  response.end();
}

