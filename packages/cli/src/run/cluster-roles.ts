/**
 * `cqkit start --role gateway|worker`: the same config, one process per role (see @cqkit/cluster).
 * The cluster package is imported only here, and only for these roles: the default single process
 * (`--role all`) loads no Redis client.
 */
import type { ClusterGateway, ClusterOptions, ClusterWorker } from '@cqkit/cluster';
import type { StopReport } from '@cqkit/core';
import { ConfigError } from '../config/config-error.js';
import { displayPath, type LoadedConfig } from '../config/load.js';
import type { Role } from './roles.js';
import { BotRunner, type RunnerOptions } from './runner.js';


type Cluster = typeof import('@cqkit/cluster');

function clusterOptions(loaded: LoadedConfig, role: Role): ClusterOptions {
  const cluster = loaded.config.cluster;
  if (!cluster) {
    const file = loaded.filepath ? displayPath(loaded.filepath) : 'the config';
    throw new ConfigError(file, [`cluster: --role ${role} needs the Redis to meet the other processes at, e.g. cluster: { redis: 'redis://127.0.0.1:6379' }`]);
  }
  return cluster;
}

/** The runner of a role: a BotRunner for `all`, a gateway or a worker otherwise. */
export async function createRunner(options: RunnerOptions & { role?: Role }): Promise<BotRunner> {
  const role = options.role ?? 'all';
  if (role === 'all') return new BotRunner(options);
  const cluster = clusterOptions(options.loaded, role);
  const lib = await import('@cqkit/cluster');
  return role === 'gateway' ? new GatewayRunner(options, lib, cluster) : new WorkerRunner({ ...options, scheduler: lib.workerScheduler }, lib, cluster);
}

/** Holds the servers' connections, publishes events to Redis, executes the accounts' calls; loads no plugins. */
export class GatewayRunner extends BotRunner {
  gateway: ClusterGateway | undefined;
  private handedBack = 0;

  constructor(
    options: RunnerOptions,
    private readonly lib: Cluster,
    private readonly cluster: ClusterOptions,
  ) {
    super(options);
  }

  override async start(): Promise<void> {
    const gateway = new this.lib.ClusterGateway(this.app, this.cluster);
    this.gateway = gateway;
    await gateway.start();
    const metrics = this.config.metrics;
    if (metrics) {
      const { startMetricsServer } = await import('@cqkit/cluster/metrics');
      this.metricsServer = await startMetricsServer({
        metrics: this.lib.gatewayMetrics(gateway, this.app),
        port: metrics.port,
        ...(metrics.host !== undefined && { host: metrics.host }),
        healthy: () => gateway.healthy,
      });
      this.notice(`metrics at ${this.metricsServer.url}/metrics, health at ${this.metricsServer.url}/healthz`);
    }
    await this.connect({ wrapAdapter: (adapter) => gateway.wrapAdapter(adapter), ackAfterDispatch: true });
    this.notice(`gateway ${gateway.id}: events go to Redis (prefix "${gateway.options.prefix}"); the plugins run in the workers`);
  }

  override async stop(): Promise<StopReport> {
    const gateway = this.gateway;
    if (!gateway) return super.stop();
    const report = await gateway.stop(() => super.stop());
    this.handedBack = report.handedBack;
    return report.app;
  }

  override describeStop(report: StopReport): { text: string; code: number } {
    const own = super.describeStop(report);
    if (report.left === 0 && report.inFlight === 0) return own;
    // What this gateway did not send stays in the outbox: the account's next gateway sends it.
    const notes: string[] = [];
    if (report.left > 0) notes.push(`the ${report.left} not sent ${report.left === 1 ? 'was' : 'were'} handed back to the outbox (${this.handedBack} in all); the next gateway of the account sends them, once`);
    if (report.inFlight > 0) notes.push(`the ${report.inFlight} that may have been sent ${report.inFlight === 1 ? 'was' : 'were'} reported to their workers as send/uncertain`);
    const lost = report.left > this.handedBack;
    return { text: `${own.text}${notes.join('\n')}\n`, code: lost ? 1 : 0 };
  }
}

/** Loads the plugins and handles its share of the events; its calls go to the gateway that owns the account. */
export class WorkerRunner extends BotRunner {
  worker: ClusterWorker | undefined;
  private unfinished = 0;

  constructor(
    options: RunnerOptions,
    private readonly lib: Cluster,
    private readonly cluster: ClusterOptions,
  ) {
    super(options);
  }

  override async start(): Promise<void> {
    await this.loadPlugins();
    const worker = new this.lib.ClusterWorker(this.app, this.cluster);
    this.worker = worker;
    this.app.adapter(worker.adapter);
    await this.app.start();
    await worker.start();
    this.notice(`worker ${worker.id}: taking events from Redis (prefix "${worker.options.prefix}")`);
  }

  override async stop(): Promise<StopReport> {
    if (this.worker) this.unfinished = (await this.worker.stop(this.stopDeadline)).unfinished;
    return super.stop();
  }

  override describeStop(report: StopReport): { text: string; code: number } {
    const own = super.describeStop(report);
    if (this.unfinished === 0) return own;
    const note = `${this.unfinished} event${this.unfinished === 1 ? ' was' : 's were'} still being handled: not acknowledged, another worker handles ${this.unfinished === 1 ? 'it' : 'them'} after claimAfter (sends already made are not repeated)\n`;
    return { text: own.text + note, code: own.code };
  }
}
