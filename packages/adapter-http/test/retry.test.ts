import { ActionError } from '@cqkit/protocol';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '@cqkit/core';
import { isRetryable, withRetry } from '../src/retry.js';
import { ManualTimers } from './helpers/manual-timers.js';

const error = (kind: ActionError['kind'], httpStatus?: number) => new ActionError({ action: 'get_status', kind, ...(httpStatus ? { httpStatus } : {}) });

describe('retry policy', () => {
  it('doubles the delay up to the cap (core back-off, no jitter)', () => {
    const policy = { initialDelay: 100, maxDelay: 350 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n - 1, policy))).toEqual([100, 200, 350, 350]);
  });

  it('retries only failures a retry can fix', () => {
    expect(isRetryable(error('unreachable'))).toBe(true);
    expect(isRetryable(error('http-status', 503))).toBe(true);
    expect(isRetryable(error('http-status', 429))).toBe(true);
    expect(isRetryable(error('http-status', 500))).toBe(false);
    for (const kind of ['timeout', 'unauthorized', 'not-found', 'bad-request', 'bad-response', 'retcode', 'cancelled'] as const) {
      expect(isRetryable(error(kind))).toBe(false);
    }
  });

  it('a caller abort during the back-off ends the wait with the last real failure', async () => {
    const timers = new ManualTimers();
    const controller = new AbortController();
    let runs = 0;
    const result = withRetry(
      async () => {
        runs++;
        throw error('unreachable');
      },
      { policy: { attempts: 5, baseDelay: 100, maxDelay: 100 }, timers, signal: controller.signal },
    );
    const sleep = await timers.next();
    expect(sleep.ms).toBe(100);
    controller.abort();
    await expect(result).rejects.toMatchObject({ kind: 'unreachable' });
    expect(runs).toBe(1);
    expect(timers.pending).toBe(0);
  });

  it('non-ActionError failures are not retried', async () => {
    const timers = new ManualTimers();
    let runs = 0;
    await expect(
      withRetry(
        async () => {
          runs++;
          throw new TypeError('bug');
        },
        { policy: { attempts: 3, baseDelay: 1, maxDelay: 1 }, timers },
      ),
    ).rejects.toThrow('bug');
    expect(runs).toBe(1);
  });
});
