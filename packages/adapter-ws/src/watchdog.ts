/**
 * Detects a silent connection: nothing received (no heartbeat, no frame, no pong) for `timeout` ms.
 * Half-open TCP connections never close on their own; this is how they are found and reopened.
 *
 * A frame only raises a flag: reading the clock for every frame cost more than the rest of the
 * watch (a clock read is a system call on some hosts). A timer looks at the flag every quarter of
 * the limit; silence is counted from the last look that found the flag raised, which is never
 * before the last frame, so a connection is never condemned early, and at most a quarter of the
 * limit late.
 */
import type { Timers } from './timers.js';

export class SilenceWatchdog {
  private timer: unknown;
  /** Clock time of the last look that found something had arrived (or of the start). */
  private quietSince: number;
  private heard = false;
  private timeoutMs: number | undefined;
  private stopped = false;

  constructor(
    private readonly timers: Timers,
    timeout: number | undefined,
    private readonly onSilent: (silentFor: number) => void,
  ) {
    this.quietSince = timers.now();
    this.timeoutMs = timeout;
    this.schedule();
  }

  /** The current limit (undefined: not watching yet). */
  get timeout(): number | undefined {
    return this.timeoutMs;
  }

  /** Something arrived. */
  touch(): void {
    this.heard = true;
  }

  /**
   * Change the limit (e.g. derived from the heartbeat's `interval`). Silence is counted afresh from
   * now: a connection idle so far (an API one before any ping) is not condemned for its past.
   */
  setTimeout(timeout: number | undefined): void {
    if (timeout === this.timeoutMs) return;
    this.timeoutMs = timeout;
    this.quietSince = this.timers.now();
    this.heard = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const limit = this.timeoutMs;
    if (this.stopped || limit === undefined || limit <= 0) return;
    // The next look: a quarter of the limit on, or exactly when the limit is reached if nothing comes.
    const step = Math.max(1, Math.floor(limit / 4));
    const due = Math.min(step, this.quietSince + limit - this.timers.now());
    this.timer = this.timers.setTimeout(this.look, Math.max(0, due));
  }

  private readonly look = (): void => {
    this.timer = undefined;
    const limit = this.timeoutMs;
    if (this.stopped || limit === undefined) return;
    const now = this.timers.now();
    if (this.heard) {
      this.heard = false;
      this.quietSince = now;
    } else if (now - this.quietSince >= limit) {
      this.stopped = true;
      this.onSilent(now - this.quietSince);
      return;
    }
    this.schedule();
  };
}
