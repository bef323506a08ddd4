/**
 * Sliding-window rate limiter: at most `count` starts in any window of `interval` ms.
 * It keeps the last `count` start times, so a check is O(1) and memory is bounded by `count`.
 */
import { SchedulerConfigError } from '../errors.js';

export interface RateLimit {
  /** Calls allowed per interval. */
  count: number;
  /** Window length in ms. */
  interval: number;
  /**
   * Up to this many ms of random extra delay when a call has to wait (looks less robotic).
   * Per-target limits only; the global limit stays exact.
   */
  jitter?: number;
}

export class SlidingWindowLimiter {
  private readonly stamps: number[] = [];

  constructor(readonly limit: RateLimit) {
    if (!(limit.count >= 1) || !(limit.interval > 0)) {
      throw new SchedulerConfigError(`rate limit needs count >= 1 and interval > 0, got ${limit.count}/${limit.interval}ms`);
    }
  }

  /** ms until one more start is allowed (0 = now). */
  waitTime(now: number): number {
    if (this.stamps.length < this.limit.count) return 0;
    const oldest = this.stamps[0]!;
    return Math.max(0, oldest + this.limit.interval - now);
  }

  record(now: number): void {
    this.stamps.push(now);
    if (this.stamps.length > this.limit.count) this.stamps.shift();
  }

  /** True when nothing recent constrains the next start (the limiter could be forgotten). */
  isIdle(now: number): boolean {
    const last = this.stamps[this.stamps.length - 1];
    return last === undefined || last + this.limit.interval <= now;
  }
}
