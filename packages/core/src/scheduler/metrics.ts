/** Counters of one account's send path, readable by code (`bot.metrics`) and logs. */
export interface TargetMetrics {
  queued: number;
  inFlight: number;
  sent: number;
  failed: number;
}

export interface SchedulerMetrics {
  /** Waiting for a slot (per-target lanes plus the account queue). */
  queued: number;
  /** Handed to the transport, no answer yet. */
  inFlight: number;
  sent: number;
  failed: number;
  /** Refused because the queue was full. */
  rejected: number;
  /** Dropped at stop (deadline passed) or by cancel. */
  cancelled: number;
  /** Sum and maximum of the time jobs spent queued, ms. */
  waitTimeTotal: number;
  waitTimeMax: number;
  /**
   * Keyed `group:123`, `user:456`, `discuss:789`. At most `maxTargets` entries: past that, the
   * oldest targets with nothing queued or in flight are forgotten (the totals above stay exact).
   */
  targets: Map<string, TargetMetrics>;
}

export function emptyMetrics(): SchedulerMetrics {
  return {
    queued: 0,
    inFlight: 0,
    sent: 0,
    failed: 0,
    rejected: 0,
    cancelled: 0,
    waitTimeTotal: 0,
    waitTimeMax: 0,
    targets: new Map(),
  };
}
