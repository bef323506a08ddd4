import { backoffDelay } from '@cqkit/core';
import { type ActionError, isActionError } from '@cqkit/protocol';
import { sleep, type Timers } from './timers.js';

/** How reads (idempotent calls) are retried. Sends are never retried by the adapter. */
export interface RetryPolicy {
  /** Total attempts, the first included. 1 disables retrying. */
  attempts: number;
  /** Delay before the second attempt, ms; doubles each time. */
  baseDelay: number;
  /** Upper bound of one delay, ms. */
  maxDelay: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 3, baseDelay: 200, maxDelay: 2000 };

/**
 * Failures worth another try: the server was not reached, or said it is temporarily unable.
 * A timeout is not retried: the call already spent its time budget, and retrying would multiply it.
 * Token, not-found, bad-request and retcode failures would fail the same way again.
 */
export function isRetryable(error: ActionError): boolean {
  if (error.kind === 'unreachable') return true;
  if (error.kind === 'http-status') {
    return error.httpStatus === 429 || error.httpStatus === 502 || error.httpStatus === 503 || error.httpStatus === 504;
  }
  return false;
}


/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the policy's attempts are
 * used up; waits with back-off in between. The caller's signal cancels the wait.
 */
export async function withRetry<T>(
  run: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    timers: Timers;
    signal?: AbortSignal | undefined;
    isRetryable?: (error: ActionError) => boolean;
    onRetry?: (error: ActionError, attempt: number, delay: number) => void;
  },
): Promise<T> {
  const attempts = Math.max(1, Math.floor(options.policy.attempts));
  const retryable = options.isRetryable ?? isRetryable;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt >= attempts || !isActionError(error) || !retryable(error) || options.signal?.aborted) throw error;
      // Core's back-off, deterministic here (no jitter): baseDelay doubling up to maxDelay.
      const delay = backoffDelay(attempt - 1, { initialDelay: options.policy.baseDelay, maxDelay: options.policy.maxDelay });
      options.onRetry?.(error, attempt, delay);
      try {
        await sleep(options.timers, delay, options.signal);
      } catch {
        // Cancelled while waiting: the last real failure is the more useful answer.
        throw error;
      }
    }
  }
}
