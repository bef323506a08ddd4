/** The App's options and reports, apart from the App so its parts can read them without importing it. */
import type { TriggerOptions } from './commands/registry.js';
import type { LoggerOptions } from './logger.js';
import type { Clock } from './scheduler/clock.js';
import type { SchedulerMetrics } from './scheduler/metrics.js';
import type { SchedulerOptions } from './scheduler/scheduler.js';

export interface AppOptions extends LoggerOptions, TriggerOptions {
  /** QQ numbers that pass every permission check. */
  superusers?: readonly number[];
  /** Rate limits, queue bound and concurrency of every account's send queue. */
  scheduler?: Omit<SchedulerOptions, 'clock'>;
  /** Default per-call timeout, ms. Default 30 000. */
  timeout?: number;
  /** Time source of schedulers and call timeouts (tests inject one). */
  clock?: Clock;
}

export interface AppMetrics {
  /** Events dispatched. */
  events: number;
  /** Events dropped: no bot for their self_id, or refused by a gate (dedupe). */
  dropped: number;
  /** Exceptions caught from plugins. */
  pluginErrors: number;
  errorsByPlugin: ReadonlyMap<string, number>;
  /** Send-path counters per account. */
  bots: ReadonlyMap<number, SchedulerMetrics>;
}
