/**
 * A worker's share of the events: XREADGROUP in the `workers` group, each event handled inside its
 * own idempotency scope, XACK (and XDEL) once its handlers are done. Events a dead worker had taken
 * are claimed (XAUTOCLAIM) after `claimAfter`; events this worker is still handling are re-claimed
 * by it regularly, so a slow handler is not mistaken for a dead worker.
 */
import type { Logger } from '@cqkit/core';
import type { CQEvent } from '@cqkit/protocol';
import type { Redis } from 'ioredis';
import { runInEvent } from './call-context.js';
import { errorText } from './errors.js';
import { type Keys, workerGroup } from './keys.js';
import { type StreamEntry, ensureGroup } from './redis.js';

export interface EventConsumerOptions {
  redis: Redis;
  blocking: Redis;
  keys: Keys;
  consumer: string;
  logger: Logger;
  claimAfter: number;
  /** Events handled at once. */
  concurrency: number;
  handle: (event: CQEvent) => Promise<unknown>;
}

export class EventConsumer {
  private readonly inProgress = new Map<string, Promise<void>>();
  private running = false;
  /** Stopped past the deadline: handlers still running no longer acknowledge (another worker runs them again). */
  private abandoned = false;
  private loop: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** Events acknowledged since start. */
  handled = 0;
  /** Acknowledged and not yet added to the shared count (flushed once a second: one command fewer per event). */
  private uncounted = 0;

  constructor(private readonly options: EventConsumerOptions) {}

  get busy(): number {
    return this.inProgress.size;
  }

  async start(): Promise<void> {
    const { redis, keys, claimAfter } = this.options;
    await ensureGroup(redis, keys.events, workerGroup);
    this.running = true;
    this.loop = this.read();
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const timer = setInterval(() => void fn().catch((error: unknown) => this.options.logger.warn(`cluster: ${errorText(error)}`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(Math.max(100, Math.floor(claimAfter / 2)), () => this.claimAbandoned());
    every(Math.max(100, Math.floor(claimAfter / 3)), () => this.keepClaimed());
    every(1000, () => this.flushCount());
  }

  /** Stop taking events; wait up to `deadline` ms for those in progress. Returns how many were left (unacknowledged). */
  async stop(deadline: number): Promise<number> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.options.blocking.disconnect();
    await this.loop?.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(this.inProgress.values()), new Promise((r) => (timer = setTimeout(r, deadline)))]);
    clearTimeout(timer);
    this.abandoned = this.inProgress.size > 0;
    await this.flushCount().catch(() => undefined);
    return this.inProgress.size;
  }

  private async read(): Promise<void> {
    const { blocking, keys, consumer, concurrency } = this.options;
    while (this.running) {
      const room = concurrency - this.inProgress.size;
      if (room <= 0) {
        await Promise.race(this.inProgress.values());
        continue;
      }
      let result: Array<[string, StreamEntry[]]> | null;
      try {
        result = (await blocking.xreadgroup('GROUP', workerGroup, consumer, 'COUNT', Math.min(room, 256), 'BLOCK', 1000, 'STREAMS', keys.events, '>')) as typeof result;
      } catch (error) {
        if (!this.running) return;
        this.options.logger.warn(`cluster: reading events failed (${errorText(error)}); retrying`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (result) for (const entry of result[0]![1]) this.take(entry);
    }
  }

  private take([id, fields]: StreamEntry): void {
    if (this.inProgress.has(id)) return;
    let event: CQEvent | undefined;
    if (fields[0] === 'e') {
      try {
        event = JSON.parse(fields[1]!) as CQEvent;
      } catch {
        // reported below
      }
    }
    const work = event
      ? runInEvent(id, () => this.options.handle(event)).then(undefined, (error: unknown) =>
          this.options.logger.error(`cluster: handling event ${id} failed: ${errorText(error)}`),
        )
      : Promise.resolve(this.options.logger.error(`cluster: event entry ${id} is not readable; dropped`));
    const done = work.then(() => this.ack(id));
    this.inProgress.set(id, done);
  }

  private ack(id: string): Promise<void> {
    const { redis, keys } = this.options;
    this.inProgress.delete(id);
    if (this.abandoned) return Promise.resolve();
    this.handled++;
    this.uncounted++;
    // Same connection as the handler's sends: Redis sees every send before the acknowledgement.
    return redis
      .pipeline()
      .xack(keys.events, workerGroup, id)
      .xdel(keys.events, id)
      .exec()
      .then(
        () => undefined,
        (error: unknown) => this.options.logger.warn(`cluster: acknowledging event ${id} failed (${errorText(error)}); another worker will handle it again`),
      );
  }

  /** Take over events another worker took and did not acknowledge within claimAfter. */
  private async claimAbandoned(): Promise<void> {
    if (!this.running) return;
    const { redis, keys, consumer, claimAfter, concurrency } = this.options;
    let cursor = '0-0';
    do {
      const room = concurrency - this.inProgress.size;
      if (room <= 0) return;
      const [next, entries] = (await redis.xautoclaim(keys.events, workerGroup, consumer, claimAfter, cursor, 'COUNT', Math.min(room, 256))) as [string, StreamEntry[]];
      if (entries.length > 0) this.options.logger.warn(`cluster: took over ${entries.length} event(s) another worker left unacknowledged for ${claimAfter} ms`);
      for (const entry of entries) if (entry) this.take(entry);
      cursor = next;
    } while (cursor !== '0-0' && this.running);
  }

  /** Add the events acknowledged since the last time to the count every gateway reports. */
  private async flushCount(): Promise<void> {
    if (this.uncounted === 0) return;
    const n = this.uncounted;
    this.uncounted = 0;
    await this.options.redis.hincrby(this.options.keys.stats, 'handled', n);
  }

  /** Reset the idle time of the events still being handled here. */
  private async keepClaimed(): Promise<void> {
    if (this.inProgress.size === 0) return;
    const { redis, keys, consumer } = this.options;
    await redis.xclaim(keys.events, workerGroup, consumer, 0, ...this.inProgress.keys(), 'JUSTID');
  }
}
