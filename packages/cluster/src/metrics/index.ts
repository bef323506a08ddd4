/**
 * `@cqkit/cluster/metrics`: Prometheus metrics and /healthz for a single process or a gateway.
 * Imports no Redis client: a single process that wants metrics loads only this.
 */
export { addAppGauges, addSingleProcessMetrics } from './app-gauges.js';
export { instrumentAdapter } from './instrument.js';
export { CqkitMetrics, type GaugeReader, sendsHelp } from './registry.js';
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from './server.js';
