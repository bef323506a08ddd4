/**
 * Detects a silent connection: nothing received (no heartbeat, no frame, no pong) for `timeout` ms.
 * Half-open TCP connections never close on their own; this is how they are found and reopened.
 */
import type { Timers } from './timers.js';

export class SilenceWatchdog {
  private timer: unknown;
  private lastSeen: number;
  private timeoutMs: number | undefined;
  private stopped = false;

  constructor(
    private readonly timers: Timers,
    timeout: number | undefined,
    private readonly onSilent: (silentFor: number) => void,
  ) {
    this.lastSeen = timers.now();
    this.timeoutMs = timeout;
    this.schedule();
  }

  /** The current limit (undefined: not watching yet). */
  get timeout(): number | undefined {
    return this.timeoutMs;
  }

  /** Something arrived. */
  touch(): void {
    this.lastSeen = this.timers.now();
  }

  /**
   * Change the limit (e.g. derived from the heartbeat's `interval`). Silence is counted afresh from
   * now: a connection idle so far (an API one before any ping) is not condemned for its past.
   */
  setTimeout(timeout: number | undefined): void {
    if (timeout === this.timeoutMs) return;
    this.timeoutMs = timeout;
    this.lastSeen = this.timers.now();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  // One timer at a time: when it fires early (frames arrived meanwhile) it re-arms for the remainder,
  // so a busy connection costs no timer churn per frame.
  private schedule(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const limit = this.timeoutMs;
    if (this.stopped || limit === undefined || limit <= 0) return;
    const due = this.lastSeen + limit - this.timers.now();
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      const silentFor = this.timers.now() - this.lastSeen;
      if (silentFor >= limit) {
        this.stopped = true;
        this.onSilent(silentFor);
      } else this.schedule();
    }, Math.max(0, due));
  }
}
