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
  /** The language of what the bot says (`session.text`); default `zh-CN`, falling back to `en-US`. */
  locale?: string;
  /**
   * Short answers for messages that matched no command and that nothing else answered: `false`
   * turns them all off. `unknownCommand`: `/nosuch` gets "unknown command" with the closest names
   * (default on); `mention`: an @ of the bot with no command gets the hint (default on);
   * `private` / `group`: a command's name typed without the prefix gets the hint (default on in
   * private chats, off in groups, where people say such words to each other).
   */
  hints?: false | { unknownCommand?: boolean; mention?: boolean; private?: boolean; group?: boolean };
}

export interface AppMetrics {
  /** Events dispatched. */
  events: number;
  /** Events dropped: no bot for their self_id, or refused by a gate (dedupe). */
  dropped: number;
  /** Exceptions caught from plugins. */
  pluginErrors: number;
  /** Replies that went out in the HTTP response of their event (quick operations, not in `bots[].sent`). */
  quickReplies: number;
  errorsByPlugin: ReadonlyMap<string, number>;
  /** Send-path counters per account. */
  bots: ReadonlyMap<number, SchedulerMetrics>;
}
