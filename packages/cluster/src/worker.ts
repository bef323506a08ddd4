/**
 * The worker role: the plugins run here. Events come from the `workers` consumer group; each
 * account the events name gets a Bot whose transport is the account's outbox (see remote-transport).
 * The app's own send queue is opened wide: the account's limits are enforced by the gateway that
 * executes its calls, whatever the number of workers.
 */
import type { Adapter, AdapterHost, App, SchedulerOptions } from '@cqkit/core';
import type { Redis } from 'ioredis';
import { EventConsumer } from './event-consumer.js';
import { Keys, processId } from './keys.js';
import { type ClusterOptions, type ResolvedClusterOptions, resolveClusterOptions } from './options.js';
import { connect, whenReady } from './redis.js';
import { remoteTransport } from './remote-transport.js';
import { ReplyInbox } from './reply-inbox.js';

/** Scheduler options for a worker's app: no limits and no queueing (the gateway queues and limits). */
export const workerScheduler: Omit<SchedulerOptions, 'clock'> = {
  global: false,
  perGroup: false,
  perUser: false,
  perDiscuss: false,
  concurrency: 1_000_000_000,
  maxQueue: 1_000_000_000,
};

export interface WorkerOptions extends ClusterOptions {
  /** Events handled at once by this worker. Default 256. */
  concurrency?: number;
}

export interface WorkerStopReport {
  /** Events whose handlers had not finished at the deadline: not acknowledged, another worker takes them. */
  unfinished: number;
  /** Events this worker acknowledged. */
  handled: number;
}

export class ClusterWorker {
  readonly id = processId('worker');
  readonly options: ResolvedClusterOptions;
  readonly keys: Keys;
  private readonly redis: Redis;
  private readonly consumer: EventConsumer;
  private readonly inbox: ReplyInbox;
  private host: AdapterHost | undefined;
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly app: App,
    options: WorkerOptions,
  ) {
    this.options = resolveClusterOptions(options);
    this.keys = new Keys(this.options.prefix);
    this.redis = connect({ url: this.options.redis, name: this.id });
    this.inbox = new ReplyInbox(connect({ url: this.options.redis, name: `${this.id}:replies` }), this.keys.replies(this.id), app.logger);
    this.consumer = new EventConsumer({
      redis: this.redis,
      blocking: connect({ url: this.options.redis, name: `${this.id}:events` }),
      keys: this.keys,
      consumer: this.id,
      logger: app.logger,
      claimAfter: this.options.claimAfter,
      concurrency: options.concurrency ?? 256,
      handle: (event) => {
        const host = this.host;
        if (!host) return Promise.resolve();
        if (!this.app.bots.has(event.self_id)) host.addBot(event.self_id, this.transportFor(event.self_id));
        return host.dispatch(event);
      },
    });
  }

  /** The adapter to give the app: it registers accounts as their events arrive. */
  readonly adapter: Adapter = {
    name: 'cluster-worker',
    start: async (host) => {
      this.host = host;
    },
    stop: async () => {
      this.host = undefined;
    },
  };

  /** Start taking events (call after app.start()). */
  async start(): Promise<void> {
    await whenReady(this.redis, this.options.redis);
    await this.beat();
    this.heartbeat = setInterval(() => void this.beat().catch(() => undefined), 5000);
    this.heartbeat.unref();
    this.inbox.start();
    await this.consumer.start();
    this.app.logger.info({ worker: this.id, prefix: this.options.prefix }, 'cluster worker taking events');
  }

  /**
   * Stop taking events, give those in progress up to `deadline` ms, then stop waiting for answers.
   * Sends already handed over stay in the outbox: the gateway still sends them.
   */
  async stop(deadline: number): Promise<WorkerStopReport> {
    clearInterval(this.heartbeat);
    const unfinished = await this.consumer.stop(deadline);
    await this.inbox.stop();
    await this.redis
      .pipeline()
      .zrem(this.keys.workers, this.id)
      .del(this.keys.replies(this.id))
      .exec()
      .catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
    return { unfinished, handled: this.consumer.handled };
  }

  private transportFor(selfId: number) {
    return remoteTransport({ selfId, redis: this.redis, keys: this.keys, inbox: this.inbox, dedupeTtl: this.options.dedupeTtl });
  }

  private async beat(): Promise<void> {
    await this.redis.zadd(this.keys.workers, Date.now(), this.id);
  }
}

export function createWorker(app: App, options: WorkerOptions): ClusterWorker {
  return new ClusterWorker(app, options);
}
