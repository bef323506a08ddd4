/** Gauges read from an app's bots: the send queue of each account. */
import type { App } from '@cqkit/core';
import { type CqkitMetrics, sendsHelp } from './registry.js';

export function addAppGauges(app: App, metrics: CqkitMetrics): void {
  const perBot = (pick: (m: ReturnType<App['bots']['get']> & object) => number) => () =>
    [...app.bots.values()].map((bot) => ({ labels: { account: String(bot.selfId) }, value: pick(bot) }));
  metrics.gauge('cqkit_queue_depth', 'Calls waiting in the account send queue of this process', ['account'], perBot((bot) => bot.metrics.queued));
  metrics.gauge('cqkit_calls_in_flight', 'Calls handed to the implementation and not answered yet', ['account'], perBot((bot) => bot.callsInFlight));
  metrics.gauge('cqkit_queue_oldest_wait_seconds', 'Age of the oldest call waiting in the account send queue of this process', ['account'], perBot((bot) => {
    let oldest = Number.POSITIVE_INFINITY;
    for (const job of bot.scheduler.waitingNow()) oldest = Math.min(oldest, job.enqueuedAt);
    return oldest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, app.clock.now() - oldest) / 1000;
  }));
  metrics.gauge('cqkit_queue_wait_max_seconds', 'Longest time a call waited in the send queue so far', ['account'], perBot((bot) => bot.metrics.waitTimeMax / 1000));
}

/** The metrics of a single process (`--role all`): events, sends, queues, call latency. */
export function addSingleProcessMetrics(app: App, metrics: CqkitMetrics): void {
  addAppGauges(app, metrics);
  metrics.counterFrom('cqkit_events_handled_total', 'Events whose handlers finished', [], () => [{ value: app.metrics.events - app.eventsInProgress }]);
  metrics.counterFrom('cqkit_sends_total', sendsHelp, ['outcome'], () => {
    const totals = { sent: 0, failed: 0, cancelled: 0 };
    for (const bot of app.bots.values()) {
      totals.sent += bot.metrics.sent;
      totals.failed += bot.metrics.failed;
      totals.cancelled += bot.metrics.cancelled;
    }
    return Object.entries(totals).map(([outcome, value]) => ({ labels: { outcome }, value }));
  });
}
