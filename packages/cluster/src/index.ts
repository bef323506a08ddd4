export { ClusterError, type ClusterErrorCode, clusterErrorCodes } from './errors.js';
export { ClusterGateway, createGateway, type GatewayHooks, type GatewayOptions, type GatewayStopReport, type UncertainSend } from './gateway.js';
export { gatewayMetrics } from './gateway-metrics.js';
export { Keys } from './keys.js';
export type { ClusterOptions } from './options.js';
export { type Outcome, UncertainSendError } from './outcome.js';
export { redactUrl } from './redis.js';
export { ClusterWorker, createWorker, type WorkerOptions, type WorkerStopReport, workerScheduler } from './worker.js';
