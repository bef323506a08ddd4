/** The contract between the core and a transport (HTTP, WebSocket, memory). */
import type { CQEvent, QuickOperation } from '@cqkit/protocol';
import type { Bot } from './bot.js';
import type { Logger } from './logger.js';

export interface TransportCallOptions {
  /** ms; the transport should give up by then (core also enforces it). */
  timeout: number;
  signal?: AbortSignal;
  /** True for reads: a transport may retry them; sends and writes must never be retried. */
  idempotent: boolean;
}

/** One account's way to call actions. */
export interface BotTransport {
  /**
   * `action` may carry a `_async` / `_rate_limited` suffix. Resolves with the envelope's data
   * (null for async answers); rejects with ActionError.
   */
  call(action: string, params: Record<string, unknown>, options: TransportCallOptions): Promise<unknown>;
}

export interface DispatchOptions {
  /** ms: resolve by then with the quick operation collected so far (or null). */
  quickWindow?: number;
}

/** What the App gives an adapter. */
export interface AdapterHost {
  addBot(selfId: number, transport: BotTransport): Bot;
  removeBot(selfId: number): void;
  dispatch(event: CQEvent, options?: DispatchOptions): Promise<QuickOperation | null>;
  /** Child logger for the adapter. */
  readonly logger: Logger;
}

/** What the App gives an adapter's stop(). */
export interface AdapterStopOptions {
  /**
   * Aborts when the app's stop deadline has passed (already aborted when it passed while the send
   * queues drained). Until then an adapter may close gracefully; from then on it cancels what is
   * in flight and cuts its connections at once, so that stop() returns promptly.
   */
  signal: AbortSignal;
}

export interface Adapter {
  readonly name: string;
  /** Listen or connect; register bots via host.addBot. */
  start(host: AdapterHost): Promise<void>;
  stop(options?: AdapterStopOptions): Promise<void>;
}
