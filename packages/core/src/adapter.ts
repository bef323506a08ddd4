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
  /**
   * Optional, the same call without a promise: the outcome goes to `receiver` (the core's call
   * object), exactly one of `succeed` / `fail`, once. A transport on the hot path implements it to
   * save a promise, two closures and two microtask hops per call; the core uses it when present.
   */
  deliver?(action: string, params: Record<string, unknown>, options: TransportCallOptions, receiver: CallReceiver): void;
}

/** Where a transport's `deliver` puts a call's outcome: its data, or why it failed (an ActionError). */
export interface CallReceiver {
  succeed(data: unknown): void;
  fail(error: unknown): void;
}

export interface DispatchOptions {
  /** ms: resolve by then with the quick operation collected so far (see QuickReply). */
  quickWindow?: number;
}

/**
 * What dispatch gives an adapter when it asked for a quick window. The core owns the window (all
 * windows on one timer) and resolves by its end at the latest; the adapter only writes the response.
 */
export interface QuickReply {
  /** The quick operation the handlers produced within the window, or null. */
  readonly operation: QuickOperation | null;
  /**
   * True when the window closed while handlers still ran. Whatever they do later goes out as
   * actions through the send queue, so the adapter has nothing more to send for this event.
   */
  readonly late: boolean;
}

/** What the App gives an adapter. */
export interface AdapterHost {
  addBot(selfId: number, transport: BotTransport): Bot;
  removeBot(selfId: number): void;
  /**
   * Resolves with a QuickReply when `options.quickWindow` is given, else with null once handlers are
   * done. The app's own dispatch never rejects (it logs its faults); a host in front of it may (the
   * cluster gateway's rejects when Redis does not take the event), so an adapter catches.
   */
  dispatch(event: CQEvent, options?: DispatchOptions): Promise<QuickReply | null>;
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
  /**
   * The configured accounts not connected yet (e.g. `account 10001`), asked once after start so the
   * app's start line says what is true; an adapter without it counts as ready.
   */
  waitingFor?(): readonly string[];
}
