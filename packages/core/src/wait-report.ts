/**
 * The log of a connection that waits for its server: one line per change of state (first failure, a
 * different reason, a longer retry interval, connected again) instead of lines on every attempt, so
 * a server that is down for an hour leaves a handful of lines, not thousands.
 */
import type { BackoffPolicy } from './backoff.js';

/** The interval the back-off aims at for this try, without jitter, as the log says it. */
export function nominalDelay(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelay, policy.initialDelay * (policy.factor ?? 2) ** attempt);
}

/** `200` -> `0.2 s`, `30000` -> `30 s`. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

export type WaitLine = { level: 'warn' | 'error'; message: string } | undefined;

export class WaitReport {
  private since: number | undefined;
  private reason: string | undefined;
  private interval = 0;

  /** `hint`: said after the first line of a wait, e.g. how to start without waiting. */
  constructor(
    private readonly prefix: string,
    private readonly hint = '',
  ) {}

  /**
   * A try failed with `reason` and the next one comes after about `interval` ms. Returns the line to
   * write, if any. `rejected` reasons (a refused token) are errors with their own wording.
   */
  failed(now: number, url: string, reason: string, interval: number, rejected?: string): WaitLine {
    this.since ??= now;
    if (reason !== this.reason) {
      this.reason = reason;
      this.interval = interval;
      if (rejected !== undefined) return { level: 'error', message: `${this.prefix}: ${rejected}; retrying every ${seconds(interval)}${this.hint}` };
      return { level: 'warn', message: `${this.prefix}: waiting for the API server at ${url} (${reason}); retrying every ${seconds(interval)}${this.hint}` };
    }
    if (interval <= this.interval) return undefined;
    this.interval = interval;
    return { level: 'warn', message: `${this.prefix}: still waiting for ${url} (${reason}), now retrying every ${seconds(interval)}` };
  }

  /** Connected: the line to write, saying how long it waited if it did. */
  connected(now: number, url: string): string {
    const waited = this.since === undefined ? '' : ` after waiting ${seconds(now - this.since)}`;
    this.since = undefined;
    this.reason = undefined;
    this.interval = 0;
    return `${this.prefix}: connected to ${url}${waited}`;
  }

  /** A connection that was open dropped at `now`: the next failure is a new state again. */
  reset(now: number): void {
    this.since = now;
    this.reason = undefined;
    this.interval = 0;
  }
}
