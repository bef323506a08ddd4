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

/**
 * The delay before retry number `attempt` (0 = the first retry after a drop). `random` returns a
 * number in [0, 1) (injected by tests). Never above maxDelay, never negative.
 */
export function backoffDelay(attempt: number, policy: ReconnectPolicy, random: () => number = Math.random): number {
  // Past ~60 doublings the value is Infinity anyway; clamp the exponent so the math stays finite.
  const base = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** Math.min(attempt, 60));
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(policy.maxDelay, Math.max(0, base + spread)));
}
