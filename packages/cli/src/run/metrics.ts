/**
 * Opt-in /metrics and /healthz (config `metrics: { port }`) for a single process. Loads only
 * `@cqkit/cluster/metrics` (prom-client), never a Redis client, and only when asked for.
 */
import type { App } from '@cqkit/core';
import type { MetricsServer } from '@cqkit/cluster/metrics';
import type { CqkitConfig } from '../config/schema.js';
import type { TransportHooks } from './runner.js';

export async function startSingleProcessMetrics(app: App, config: NonNullable<CqkitConfig['metrics']>): Promise<{ server: MetricsServer; hooks: TransportHooks }> {
  const { CqkitMetrics, addSingleProcessMetrics, instrumentAdapter, startMetricsServer } = await import('@cqkit/cluster/metrics');
  const metrics = new CqkitMetrics();
  addSingleProcessMetrics(app, metrics);
  const server = await startMetricsServer({ metrics, port: config.port, ...(config.host !== undefined && { host: config.host }), healthy: () => app.isStarted });
  return { server, hooks: { wrapAdapter: (adapter) => instrumentAdapter(adapter, metrics) } };
}
