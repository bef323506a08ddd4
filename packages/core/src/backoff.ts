/** Exponential back-off, the one used by every transport (read retries, reconnects). */
export interface BackoffPolicy {
  /** ms before the first retry. */
  initialDelay: number;
  /** ms, the largest delay. */
  maxDelay: number;
  /** Growth per failed try. Default 2. */
  factor?: number;
  /** 0..1: the delay is spread uniformly over ±jitter of its value, so many bots do not retry in step. Default 0. */
  jitter?: number;
}

/**
 * The delay before retry number `attempt` (0 = the first retry). `random` returns a number in
 * [0, 1) (tests inject one). Never above maxDelay, never negative.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  // Past ~60 doublings the value is Infinity anyway; clamp the exponent so the math stays finite.
  const base = Math.min(policy.maxDelay, policy.initialDelay * (policy.factor ?? 2) ** Math.min(attempt, 60));
  const jitter = policy.jitter ?? 0;
  const spread = jitter === 0 ? 0 : base * jitter * (2 * random() - 1);
  return Math.round(Math.min(policy.maxDelay, Math.max(0, base + spread)));
}
