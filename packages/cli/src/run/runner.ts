/**
 * A running bot project: the app, its plugins from the config, its transport (the configured servers,
 * or the embedded sandbox), and in-place plugin reloads for --watch.
 */
import { type Adapter, type App, type AppOptions, createApp, describeError, type Plugin, type StopReport } from '@cqkit/core';
import type { MetricsServer } from '@cqkit/cluster/metrics';
import type { Logger } from '@cqkit/core';
import { displayPath, type LoadedConfig } from '../config/load.js';
import { pluginEntries } from '../plugins/entries.js';
import { importPlugin } from '../plugins/load.js';
import { type ResolvedPlugin, resolvePlugin } from '../plugins/resolve.js';
import { connectServers } from './connect-servers.js';
import type { EmbeddedSandbox } from './embedded-sandbox.js';
import { createCliLogger } from './logger.js';
import { startSingleProcessMetrics } from './metrics.js';
import { formatStopReport } from './stop-report.js';

/** How a role changes the transport: the cluster gateway publishes events instead of handling them. */
export interface TransportHooks {
  wrapAdapter?: (adapter: Adapter) => Adapter;
  /** Answer event POSTs only once dispatch settled (204, or 503 when it failed). */
  ackAfterDispatch?: boolean;
}

/** Default time a graceful stop gives the send queue. */
export const defaultStopDeadline = 10_000;

export interface LoadedPlugin {
  resolved: ResolvedPlugin;
  config: unknown;
  plugin: Plugin<unknown>;
  /** The context app.plugin() returned; dispose() unloads the plugin. */
  context: ReturnType<App['plugin']>;
  /** Reload count (the cache-busting query of the last import). */
  generation: number;
}

export interface RunnerIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** Log lines and the cli's own messages. */
  stderr: Pick<NodeJS.WritableStream, 'write'>;
}

export interface RunnerOptions {
  loaded: LoadedConfig;
  io: RunnerIO;
  /** Start the terminal chat when running on the sandbox. Default: config.sandbox.chat ?? true. */
  chat?: boolean;
  /** A ready logger (tests); otherwise a human one on io.stderr. */
  logger?: Logger;
  /** Send-queue options instead of the config's rateLimit (a cluster worker opens them wide). */
  scheduler?: AppOptions['scheduler'];
}

function firstLine(error: unknown): string {
  const message = describeError(error);
  return message.split('\n').find((line) => line.trim() !== '') ?? 'unknown error';
}

export class BotRunner {
  readonly app: App;
  readonly logger: Logger;
  readonly plugins: LoadedPlugin[] = [];
  sandbox: EmbeddedSandbox | undefined;
  protected metricsServer: MetricsServer | undefined;
  private readonly reloads = new Map<LoadedPlugin, Promise<void>>();

  constructor(private readonly options: RunnerOptions) {
    const { config } = options.loaded;
    const usesSandbox = !config.bots || config.bots.length === 0;
    this.logger = options.logger ?? createCliLogger(config.logLevel ?? (usesSandbox ? 'warn' : 'info'), options.io.stderr);
    const perTarget = config.rateLimit?.perTarget;
    this.app = createApp({
      logger: this.logger,
      ...(config.prefix !== undefined && { prefix: config.prefix }),
      ...(config.superusers !== undefined && { superusers: config.superusers }),
      ...(config.locale !== undefined && { locale: config.locale }),
      ...(config.hints !== undefined && { hints: config.hints }),
      scheduler: options.scheduler ?? {
        ...(config.rateLimit?.global !== undefined && { global: config.rateLimit.global }),
        ...(perTarget !== undefined && { perGroup: perTarget, perUser: perTarget, perDiscuss: perTarget }),
      },
    });
  }

  get stopDeadline(): number {
    return this.options.loaded.config.stopDeadline ?? defaultStopDeadline;
  }

  /** Where /metrics and /healthz are served (config `metrics`), once started. */
  get metricsUrl(): string | undefined {
    return this.metricsServer?.url;
  }

  get config(): LoadedConfig['config'] {
    return this.options.loaded.config;
  }

  /** Loads every plugin, connects the transport, starts the app (and the chat on the sandbox). */
  async start(): Promise<void> {
    await this.loadPlugins();
    const metrics = this.options.loaded.config.metrics;
    if (metrics) {
      const started = await startSingleProcessMetrics(this.app, metrics);
      this.metricsServer = started.server;
      this.notice(`metrics at ${started.server.url}/metrics, health at ${started.server.url}/healthz`);
      await this.connect(started.hooks);
    } else {
      await this.connect();
    }
  }

  protected async loadPlugins(): Promise<void> {
    const { config, dir } = this.options.loaded;
    for (const entry of pluginEntries(config.plugins)) {
      const resolved = resolvePlugin(entry.spec, dir);
      const plugin = await importPlugin(resolved.file);
      const context = this.app.plugin(plugin, entry.config);
      this.plugins.push({ resolved, config: entry.config, plugin, context, generation: 0 });
    }
  }

  /** Connects the configured servers (or the embedded sandbox) and starts the app. */
  protected async connect(hooks: TransportHooks = {}): Promise<void> {
    const { config } = this.options.loaded;
    const wrap = hooks.wrapAdapter ?? ((adapter: Adapter) => adapter);
    if (config.bots && config.bots.length > 0) {
      const file = this.options.loaded.filepath ? displayPath(this.options.loaded.filepath) : 'the config';
      for (const adapter of await connectServers(config, file, hooks)) this.app.adapter(wrap(adapter));
      await this.app.start();
    } else {
      // The sandbox (and its chat) is imported only when no server is configured.
      const { startEmbeddedSandbox } = await import('./embedded-sandbox.js');
      this.sandbox = await startEmbeddedSandbox(this.app, config, this.options.io, {
        chat: this.options.chat ?? config.sandbox?.chat ?? true,
        logger: this.logger,
        ...hooks,
      });
    }
  }

  /**
   * Replaces a local plugin with a fresh import of its file: the new module is imported first (a
   * syntax error keeps the old one running), then the old one is unloaded and the new one applied.
   * Queued sends live in the bots' queues, not in the plugin, so they go out unharmed.
   */
  reload(entry: LoadedPlugin): Promise<void> {
    // One reload of a plugin at a time; a change during a reload waits for it.
    const previous = this.reloads.get(entry) ?? Promise.resolve();
    const next = previous.then(() => this.reloadNow(entry));
    this.reloads.set(entry, next);
    return next;
  }

  private async reloadNow(entry: LoadedPlugin): Promise<void> {
    const generation = entry.generation + 1;
    let fresh: Plugin<unknown>;
    try {
      fresh = await importPlugin(entry.resolved.file, generation);
    } catch (error) {
      this.notice(`reload of ${entry.resolved.spec} failed; the previous version keeps running: ${firstLine(error)}`);
      return;
    }
    entry.context.dispose();
    try {
      entry.context = this.app.plugin(fresh, entry.config);
    } catch (error) {
      this.notice(`reload of ${entry.resolved.spec} failed; the previous version is back: ${firstLine(error)}`);
      entry.context = this.app.plugin(entry.plugin, entry.config);
      return;
    }
    entry.plugin = fresh;
    entry.generation = generation;
    this.notice(`reloaded plugin ${fresh.name} from ${entry.resolved.spec}`);
  }

  /** A line for the person at the terminal (stderr), whatever the log level. */
  notice(text: string): void {
    this.options.io.stderr.write(`cqkit: ${text}\n`);
  }

  /** The lines printed after a graceful stop and the exit code. */
  describeStop(report: StopReport): { text: string; code: number } {
    return { text: formatStopReport(report, this.stopDeadline), code: report.left === 0 ? 0 : 1 };
  }

  /** Drains the send queues within the deadline, stops the transport and the sandbox. */
  async stop(): Promise<StopReport> {
    await Promise.allSettled(this.reloads.values());
    this.sandbox?.stopChat();
    const report = await this.app.stop({ deadline: this.stopDeadline });
    await this.sandbox?.stop();
    await this.metricsServer?.close();
    return report;
  }
}
