import { ActionError, isActionError } from '@cqkit/protocol';
import { Pool } from 'undici';
import type { BotTransport, TransportCallOptions } from './core-contract.js';
import { dataFromAnswer, errorFromFailure } from './envelope-mapping.js';
import { type RetryPolicy, withRetry } from './retry.js';
import type { Timers } from './timers.js';

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
  /** Told about each retry of a read, for the log. */
  onRetry?: ((error: ActionError, attempt: number, delay: number) => void) | undefined;
}

/** An answer larger than this is refused: no action's data comes near it. */
const maxResponseBytes = 64 * 1024 * 1024;

/** Wait used when neither the caller nor the bot's options give a usable timeout. */
const fallbackTimeout = 30_000;

/**
 * One account's API client: POSTs JSON to `{endpoint}/{action}` over a keep-alive connection pool
 * and maps the answer to `data` or an ActionError.
 */
export class HttpApiClient implements BotTransport {
  readonly endpoint: string;
  private readonly origin: string;
  private readonly pathPrefix: string;
  private readonly pool: Pool;
  private readonly authorization: string | undefined;
  private closed = false;

  constructor(private readonly options: HttpApiClientOptions) {
    const url = new URL(options.endpoint);
    this.origin = url.origin;
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.endpoint = `${this.origin}${this.pathPrefix}`;
    // undici's default idle keep-alive (4 s, or the server's own hint) stays below common server idle
    // timeouts, so a send is not written to a socket the server already closed.
    this.pool = new Pool(this.origin, { connections: 8, maxResponseSize: maxResponseBytes });
    this.authorization = options.accessToken ? `${options.tokenScheme ?? 'Bearer'} ${options.accessToken}` : undefined;
  }

  urlOf(action: string): string {
    return `${this.endpoint}/${encodeURIComponent(action)}`;
  }

  call(action: string, params: Record<string, unknown>, options: TransportCallOptions): Promise<unknown> {
    const timeout = this.effectiveTimeout(options?.timeout);
    const signal = options?.signal;
    const attempt = (): Promise<unknown> => this.attempt(action, params, timeout, signal);
    // Only reads are retried: a send whose answer was lost may still have been delivered.
    if (!options?.idempotent) return attempt();
    return withRetry(attempt, {
      policy: this.options.retry,
      timers: this.options.timers,
      signal,
      onRetry: this.options.onRetry,
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close().catch(() => this.pool.destroy());
  }

  private effectiveTimeout(requested: number | undefined): number {
    const candidates = [requested, this.options.maxTimeout].filter(
      (t): t is number => typeof t === 'number' && Number.isFinite(t) && t > 0,
    );
    return candidates.length > 0 ? Math.min(...candidates) : fallbackTimeout;
  }

  private async attempt(
    action: string,
    params: Record<string, unknown>,
    timeout: number,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const url = this.urlOf(action);
    if (this.closed) {
      throw new ActionError({ action, kind: 'cancelled', message: `${action}: the HTTP adapter is stopped` });
    }
    if (signal?.aborted) throw errorFromFailure(action, url, signal.reason, { timedOut: undefined, cancelled: true });
    let body: string;
    try {
      body = JSON.stringify(params ?? {});
    } catch (error) {
      throw new ActionError({
        action,
        kind: 'invalid-params',
        cause: error,
        message: `${action}: the parameters cannot be written as JSON (${error instanceof Error ? error.message : String(error)})`,
      });
    }
    const controller = new AbortController();
    let timedOut: number | undefined;
    const timer = this.options.timers.setTimeout(() => {
      timedOut = timeout;
      controller.abort(new Error(`timed out after ${timeout} ms`));
    }, timeout);
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
      if (this.authorization) headers.authorization = this.authorization;
      const response = await this.pool.request({
        path: `${this.pathPrefix}/${encodeURIComponent(action)}`,
        method: 'POST',
        headers,
        body,
        signal: controller.signal,
      });
      const text = await response.body.text();
      const contentType = response.headers['content-type'];
      return dataFromAnswer(action, url, {
        status: response.statusCode,
        contentType: Array.isArray(contentType) ? contentType[0] : contentType,
        body: text,
      });
    } catch (error) {
      if (isActionError(error)) throw error;
      throw errorFromFailure(action, url, error, { timedOut, cancelled: signal?.aborted === true });
    } finally {
      this.options.timers.clearTimeout(timer);
      signal?.removeEventListener('abort', forwardAbort);
    }
  }
}
