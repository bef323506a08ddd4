/**
 * The gateway's /metrics: events received (here) and handled (by every worker, counted in Redis),
 * sends by outcome, each account's queue (in this process and in its outbox stream) and the age of
 * its oldest waiting call, call latency, the events stream's backlog and the live workers.
 */
import type { App } from '@cqkit/core';
import { Counter } from 'prom-client';
import type { ClusterGateway } from './gateway.js';
import { workerGroup } from './keys.js';
import { addAppGauges } from './metrics/app-gauges.js';
import { CqkitMetrics, sendsHelp } from './metrics/registry.js';
import { idTime } from './redis.js';

/** A worker is counted while its last heartbeat is younger than this. */
const workerAlive = 15_000;

export function gatewayMetrics(gateway: ClusterGateway, app: App): CqkitMetrics {
  const metrics = new CqkitMetrics();
  const { redis, keys } = gateway;
  const sends = new Counter({ name: 'cqkit_sends_total', help: sendsHelp, labelNames: ['outcome'], registers: [metrics.registry] });
  gateway.hooks = {
    eventPublished: () => metrics.eventsReceived.inc(),
    send: (outcome) => sends.inc({ outcome }),
    callDuration: (kind, seconds) => metrics.callDuration.observe({ kind }, seconds),
  };
  addAppGauges(app, metrics);
  metrics.counterFrom('cqkit_events_handled_total', 'Events handled by the workers (all of them, counted in Redis)', [], async () => [
    { value: Number((await redis.hget(keys.stats, 'handled')) ?? 0) },
  ]);
  const owned = () => gateway.ownedAccounts;
  metrics.gauge('cqkit_outbox_depth', "Calls in an account's outbox stream (not yet finished)", ['account'], async () =>
    Promise.all(owned().map(async (id) => ({ labels: { account: String(id) }, value: await redis.xlen(keys.calls(id)) }))),
  );
  metrics.gauge('cqkit_outbox_oldest_wait_seconds', "Age of the oldest unfinished call in an account's outbox", ['account'], async () =>
    Promise.all(
      owned().map(async (id) => {
        const first = (await redis.xrange(keys.calls(id), '-', '+', 'COUNT', 1))[0];
        return { labels: { account: String(id) }, value: first ? Math.max(0, Date.now() - idTime(first[0])) / 1000 : 0 };
      }),
    ),
  );
  metrics.gauge('cqkit_stream_backlog', 'Events in the stream not yet handled (waiting or being handled)', ['stream'], async () => [
    { labels: { stream: 'events' }, value: await redis.xlen(keys.events) },
  ]);
  metrics.gauge('cqkit_stream_pending', 'Events delivered to a worker and not yet acknowledged', ['stream'], async () => {
    const summary = (await redis.xpending(keys.events, workerGroup).catch(() => [0])) as [number, ...unknown[]];
    return [{ labels: { stream: 'events' }, value: Number(summary[0] ?? 0) }];
  });
  metrics.gauge('cqkit_workers', 'Workers that sent a heartbeat in the last 15 s', [], async () => [
    { value: await redis.zcount(keys.workers, Date.now() - workerAlive, '+inf') },
  ]);
  metrics.gauge('cqkit_accounts_owned', 'Accounts whose calls this gateway executes (holds the lease of)', [], () => [{ value: owned().length }]);
  return metrics;
}
