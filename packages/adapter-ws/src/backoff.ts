/** Exponential back-off with jitter for reconnecting: no cap on the number of tries, only on the delay. */
export interface ReconnectPolicy {
  /** ms before the first retry. Default 1000. */
  initialDelay: number;
  /** ms, the largest delay. Default 30 000. */
  maxDelay: number;
  /** Growth per failed try. Default 2. */
  factor: number;
  /** 0..1: the delay is spread uniformly over ±jitter of its value, so many bots do not reconnect in step. Default 0.2. */
  jitter: number;
}

export const defaultReconnectPolicy: ReconnectPolicy = { initialDelay: 1000, maxDelay: 30_000, factor: 2, jitter: 0.2 };

/** Core's back-off (a ReconnectPolicy is a BackoffPolicy), re-exported where this package imports it from. */
export { backoffDelay } from '@cqkit/core';
