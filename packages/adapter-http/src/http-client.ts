import { Agent, request as httpRequest } from 'node:http';
import { ActionError } from '@cqkit/protocol';
import { ApiExchange, type ExchangeTarget } from './api-exchange.js';
import type { BotTransport, CallReceiver, TransportCallOptions } from './core-contract.js';
import { errorFromFailure } from './envelope-mapping.js';
import { type RetryPolicy, withRetry } from './retry.js';
import type { Timers } from './timers.js';
import { DeadlineSet, describeError } from '@cqkit/core';

export type TokenScheme = 'Bearer' | 'Token';

export interface HttpApiClientOptions {
  /** Base URL of the server's HTTP API, e.g. http://127.0.0.1:5700 (a path prefix is kept). */
  endpoint: string;
  accessToken?: string | undefined;
  tokenScheme?: TokenScheme | undefined;
  /** Upper bound of one call's wait, ms, whatever the caller asks for. */
  maxTimeout?: number | undefined;
  retry: RetryPolicy;
  timers: Timers;
  /** Largest answer accepted, bytes (default 64 MiB); a larger one is a bad-response error. */
  maxResponseBytes?: number | undefined;
  /** Told about each retry of a read, for the log. */
  onRetry?: ((error: ActionError, attempt: number, delay: number) => void) | undefined;
}

/** An answer larger than this is refused: no action's data comes near it. */
const defaultMaxResponseBytes = 64 * 1024 * 1024;

/** Wait used when neither the caller nor the bot's options give a usable timeout. */
const fallbackTimeout = 30_000;

/** Connections per account: above core's default send concurrency (4), with room for direct reads. */
const maxSockets = 8;

/**
 * How long an idle kept-alive connection is kept, ms. Below the usual server idle timeouts (Node's
 * 5 s, most proxies' more), so a call is not written to a socket the server has just closed; a
 * server's own shorter `Keep-Alive: timeout=` hint is honoured by node's agent (minus 1 s).
 */
const idleSocketTimeout = 4_000;

/** Request paths and URLs per action, computed once; bounded because action names come from callers. */
const maxCachedActions = 512;

/**
 * One account's API client: POSTs JSON to `{endpoint}/{action}` over keep-alive connections
 * (node:http / node:https with a keep-alive Agent) and maps the answer to `data` or an ActionError.
 */
export class HttpApiClient implements BotTransport {
  readonly endpoint: string;
  private readonly pathPrefix: string;
  private readonly target: ExchangeTarget;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly routes = new Map<string, { path: string; url: string }>();
  private closed = false;
  private inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(private readonly options: HttpApiClientOptions) {
    const url = new URL(options.endpoint);
    const secure = url.protocol === 'https:';
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.endpoint = `${url.origin}${this.pathPrefix}`;
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: idleSocketTimeout };
    // node:https (and TLS) is loaded only for an https endpoint: most implementations listen on local http.
    const https = secure ? process.getBuiltinModule('node:https') : undefined;
    this.target = {
      send: https ? https.request : httpRequest,
      agent: https ? new https.Agent(agentOptions) : new Agent(agentOptions),
      // URL keeps IPv6 literals in brackets; a socket connect wants the bare address.
      hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
      deadlines: new DeadlineSet(options.timers),
      maxResponseBytes: options.maxResponseBytes ?? defaultMaxResponseBytes,
      settled: () => this.exchangeSettled(),
    };
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (options.accessToken) headers.authorization = `${options.tokenScheme ?? 'Bearer'} ${options.accessToken}`;
    this.headers = headers;
  }

  call(action: string, params: Record<string, unknown>, options: TransportCallOptions): Promise<unknown> {
    const timeout = this.effectiveTimeout(options?.timeout);
    const signal = options?.signal;
    const idempotent = options?.idempotent === true;
    // Only reads are retried: a send whose answer was lost may still have been delivered.
    if (!idempotent) return new Promise((succeed, fail) => this.attempt(action, params, timeout, signal, false, { succeed, fail }));
    return withRetry(() => new Promise((succeed, fail) => this.attempt(action, params, timeout, signal, true, { succeed, fail })), {
      policy: this.options.retry,
      timers: this.options.timers,
      signal,
      onRetry: this.options.onRetry,
    });
  }

  /** The call without a promise (BotTransport.deliver): sends go straight to one exchange; reads keep their retries. */
  deliver(action: string, params: Record<string, unknown>, options: TransportCallOptions, receiver: CallReceiver): void {
    if (options?.idempotent === true) {
      this.call(action, params, options).then(
        (data) => receiver.succeed(data),
        (error: unknown) => receiver.fail(error),
      );
      return;
    }
    this.attempt(action, params, this.effectiveTimeout(options?.timeout), options?.signal, false, receiver);
  }

  /**
   * Refuses new calls, lets the calls in flight finish (each is bounded by its timeout) until
   * `signal` aborts, then closes the connections, which ends the calls still in flight at once.
   */
  async close(signal?: AbortSignal): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.inFlight > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const cut = () => resolve();
        signal?.addEventListener('abort', cut, { once: true });
        this.drained = () => {
          signal?.removeEventListener('abort', cut);
          resolve();
        };
      });
    }
    this.target.agent.destroy();
  }

  private effectiveTimeout(requested: number | undefined): number {
    const { maxTimeout } = this.options;
    const asked = usable(requested) ? requested : undefined;
    const cap = usable(maxTimeout) ? maxTimeout : undefined;
    if (asked !== undefined && cap !== undefined) return Math.min(asked, cap);
    return asked ?? cap ?? fallbackTimeout;
  }

  private routeOf(action: string): { path: string; url: string } {
    let route = this.routes.get(action);
    if (route === undefined) {
      const path = `${this.pathPrefix}/${encodeURIComponent(action)}`;
      route = { path, url: `${this.endpoint}/${encodeURIComponent(action)}` };
      if (this.routes.size < maxCachedActions) this.routes.set(action, route);
    }
    return route;
  }

  /** One try on the wire; its outcome goes to `receiver`, at once when it cannot be made. */
  private attempt(
    action: string,
    params: Record<string, unknown>,
    timeout: number,
    signal: AbortSignal | undefined,
    idempotent: boolean,
    receiver: CallReceiver,
  ): void {
    const { path, url } = this.routeOf(action);
    if (this.closed) {
      receiver.fail(new ActionError({ action, kind: 'cancelled', message: `${action}: the HTTP adapter is stopped` }));
      return;
    }
    if (signal?.aborted) {
      receiver.fail(errorFromFailure(action, url, signal.reason, { timedOut: undefined, cancelled: true }));
      return;
    }
    let body: string;
    try {
      body = JSON.stringify(params ?? {});
    } catch (error) {
      receiver.fail(
        new ActionError({
          action,
          kind: 'invalid-params',
          cause: error,
          message: `${action}: the parameters cannot be written as JSON (${describeError(error)})`,
        }),
      );
      return;
    }
    // A string body goes out in one write with the head (node joins them); a Buffer would be a second chunk.
    // Copied key by key: a `{ ...spread, key }` literal is a slow path of V8 in Node 20 (see protocol's applyDefaults).
    const headers: Record<string, string | number> = {};
    for (const key in this.headers) headers[key] = this.headers[key]!;
    headers['content-length'] = Buffer.byteLength(body);
    this.inFlight++;
    new ApiExchange(this.target, { action, url, path, headers, body, timeout, signal, idempotent }, receiver);
  }

  /** An exchange settled: when closing, the last one lets close() go on. */
  private exchangeSettled(): void {
    this.inFlight--;
    if (this.inFlight === 0) this.drained?.();
  }
}

function usable(timeout: number | undefined): timeout is number {
  return typeof timeout === 'number' && Number.isFinite(timeout) && timeout > 0;
}
