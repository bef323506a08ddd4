/**
 * The gateway role: it holds the connections to the implementations (the app's adapters), publishes
 * every event to the events stream (the POST is answered only once Redis has it), and executes the
 * calls of the accounts it holds the lease of (see call-executor).
 */
import type { Adapter, AdapterHost, App, StopReport } from '@cqkit/core';
import type { CQEvent } from '@cqkit/protocol';
import type { Redis } from 'ioredis';
import { CallExecutor, type ExecutorHooks } from './call-executor.js';
import { ClusterError, errorText } from './errors.js';
import { Keys, processId } from './keys.js';
import { LeaseKeeper } from './lease-keeper.js';
import { type ClusterOptions, type ResolvedClusterOptions, resolveClusterOptions } from './options.js';
import { connect, whenReady } from './redis.js';

/** A send that may have gone out: its gateway died (or stopped) while it was in flight. Never resent. */
export interface UncertainSend {
  selfId: number;
  action: string;
  params: Record<string, unknown>;
}

declare module '@cqkit/core' {
  interface Events {
    /** Emitted on a gateway's app for a send found in flight after its gateway died (see UncertainSend). */
    'send/uncertain': (send: UncertainSend) => unknown;
  }
}

export type GatewayHooks = Partial<ExecutorHooks> & { eventPublished?(): void };

export interface GatewayOptions extends ClusterOptions {
  /** Called as things happen (metrics); see gatewayMetrics(). */
  hooks?: GatewayHooks;
}

export interface GatewayStopReport {
  /** The app's own drain report (calls sent, calls cancelled at the deadline, calls in flight). */
  app: StopReport;
  /** Calls not sent here and left in the outbox for the account's next gateway. */
  handedBack: number;
  /** Calls still waiting for their outcome to be recorded when the gateway gave up. */
  unrecorded: number;
}

export class ClusterGateway {
  readonly id = processId('gateway');
  readonly options: ResolvedClusterOptions;
  readonly keys: Keys;
  /** Commands; queues while Redis reconnects (outcomes, leases). */
  readonly redis: Redis;
  /** Event writes: fails at once while Redis is away, so the POST is answered 503 and retried. */
  private readonly publisher: Redis;
  private readonly leases: LeaseKeeper;
  private readonly executor: CallExecutor;
  /** Called as things happen (metrics). */
  hooks: GatewayHooks;
  /** Events published since start. */
  published = 0;

  constructor(
    private readonly app: App,
    options: GatewayOptions,
  ) {
    this.options = resolveClusterOptions(options);
    this.keys = new Keys(this.options.prefix);
    this.hooks = options.hooks ?? {};
    this.redis = connect({ url: this.options.redis, name: this.id });
    this.publisher = connect({ url: this.options.redis, name: `${this.id}:events`, queueWhileOffline: false, autoPipeline: true });
    const logger = app.logger;
    this.leases = new LeaseKeeper(this.redis, this.keys, this.id, this.options.leaseTtl, logger, {
      gained: (selfId) => void this.executor.gained(selfId).catch((error: unknown) => logger.error(`cluster: taking over account ${selfId} failed: ${errorText(error)}`)),
      lost: () => undefined,
    });
    this.executor = new CallExecutor({
      app,
      redis: this.redis,
      blocking: connect({ url: this.options.redis, name: `${this.id}:calls` }),
      keys: this.keys,
      gatewayId: this.id,
      leases: this.leases,
      logger,
      dedupeTtl: this.options.dedupeTtl,
      hooks: {
        send: (outcome) => this.hooks.send?.(outcome),
        callDuration: (kind, seconds) => this.hooks.callDuration?.(kind, seconds),
        uncertain: (selfId, action, params) => {
          this.hooks.uncertain?.(selfId, action, params);
          app.emit('send/uncertain', { selfId, action, params });
        },
      },
    });
  }

  /** Accounts this gateway executes the calls of now. */
  get ownedAccounts(): number[] {
    return this.leases.owned;
  }

  /** True while Redis answers (for /healthz). */
  get healthy(): boolean {
    return this.redis.status === 'ready' && this.publisher.status === 'ready';
  }

  /**
   * Give the app this instead of the adapter: its events go to the events stream instead of the
   * app's handlers, and its accounts' calls get the lease check (the adapter is otherwise unchanged).
   */
  wrapAdapter(adapter: Adapter): Adapter {
    return {
      name: adapter.name,
      start: (host) => adapter.start(this.hostFor(host)),
      stop: (options) => adapter.stop(options),
    };
  }

  /** Publish one event; resolves once Redis has it. */
  async publish(event: CQEvent): Promise<null> {
    try {
      await this.publisher.xadd(this.keys.events, '*', 'e', JSON.stringify(event));
    } catch (error) {
      throw new ClusterError('CQKIT_CLUSTER_UNAVAILABLE', `Redis did not take the event (${errorText(error)})`, { cause: error, status: 503 });
    }
    this.published++;
    this.hooks.eventPublished?.();
    return null;
  }

  /**
   * Connect, take leases and start executing calls. Call it before app.start(): the adapters'
   * first events are published at once.
   */
  async start(): Promise<void> {
    await Promise.all([whenReady(this.redis, this.options.redis), whenReady(this.publisher, this.options.redis)]);
    this.executor.start();
    await this.leases.start();
    this.app.logger.info({ gateway: this.id, prefix: this.options.prefix, accounts: this.leases.owned }, 'cluster gateway publishing events and executing calls');
  }

  /**
   * Stop: read no new calls, let `stopApp` drain the send queues (within its deadline; what is
   * cancelled stays in the outbox), record the outcomes of what went out, give the leases back so
   * the next gateway takes the accounts at once.
   */
  async stop(stopApp: () => Promise<StopReport>, settleMs = 2000): Promise<GatewayStopReport> {
    await this.executor.stopReading();
    const app = await stopApp();
    const unrecorded = await this.executor.settle(settleMs);
    await this.leases.stop();
    await Promise.all([this.redis.quit().catch(() => this.redis.disconnect()), this.publisher.quit().catch(() => this.publisher.disconnect())]);
    return { app, handedBack: this.executor.handedBack, unrecorded };
  }

  private hostFor(host: AdapterHost): AdapterHost {
    return {
      logger: host.logger,
      addBot: (selfId, transport) => {
        const bot = host.addBot(selfId, this.executor.wrapTransport(selfId, transport));
        this.leases.add(selfId);
        return bot;
      },
      removeBot: (selfId) => {
        void this.leases.remove(selfId);
        host.removeBot(selfId);
      },
      dispatch: (event) => this.publish(event),
    };
  }
}

export function createGateway(app: App, options: GatewayOptions): ClusterGateway {
  return new ClusterGateway(app, options);
}
