/**
 * The gateway's side of the outbox: it reads the call streams of the accounts it holds the lease of
 * (`gateways` group), runs each call through the account's real Bot (its scheduler: the account's
 * rate limits, in order) and records the outcome. A send is marked started, under the lease's
 * fencing token, at the moment it goes to the implementation; one found marked but without an
 * outcome was in flight when its gateway died, and is answered `uncertain`, never resent.
 */
import type { App, Bot, BotTransport, Logger } from '@cqkit/core';
import { ActionError, actionSpec, isActionError } from '@cqkit/protocol';
import type { Redis } from 'ioredis';
import { errorText } from './errors.js';
import { gatewayGroup, type Keys } from './keys.js';
import type { LeaseKeeper } from './lease-keeper.js';
import { failureOutcome, parseOutcome, settle, successOutcome, UncertainSendError, uncertainMessage } from './outcome.js';
import { ensureGroup, fieldsOf, type StreamEntry } from './redis.js';
import { scripts } from './scripts.js';

/** Carried on a send's params (a symbol: never serialized) from the executor to the transport. */
const sendJob = Symbol('cqkit.cluster.send');

interface SendJob {
  key: string;
  selfId: number;
  /** Marked started in Redis and handed to the implementation. */
  started: boolean;
}

/** The transport found the lease gone at the hand-off: the call goes back to the stream. */
class LeaseLostError extends ActionError {
  readonly leaseLost = true;
}

export type SendOutcomeLabel = 'sent' | 'failed' | 'uncertain' | 'handed_back';

export interface ExecutorHooks {
  send(outcome: SendOutcomeLabel): void;
  callDuration(kind: 'send' | 'read', seconds: number): void;
  uncertain(selfId: number, action: string, params: Record<string, unknown>): void;
}

export interface CallExecutorOptions {
  app: App;
  redis: Redis;
  blocking: Redis;
  keys: Keys;
  gatewayId: string;
  leases: LeaseKeeper;
  logger: Logger;
  dedupeTtl: number;
  hooks: ExecutorHooks;
  /** Calls of one account taken from the stream and not finished, at most. Default 500. */
  maxPerAccount?: number;
}

const replyTtl = 10 * 60_000;

export class CallExecutor {
  private readonly inProgress = new Map<number, Map<string, Promise<void>>>();
  private running = false;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Accounts whose left-over calls are being taken over: new ones wait, to keep the order. */
  private readonly claiming = new Set<number>();
  /** Calls given back to the stream (lease lost or the stop deadline passed before they were sent). */
  handedBack = 0;
  uncertain = 0;

  constructor(private readonly options: CallExecutorOptions) {}

  /** Wrap an account's real transport: sends check the lease and mark themselves started first. */
  wrapTransport(selfId: number, inner: BotTransport): BotTransport {
    const { redis, keys, leases, dedupeTtl, hooks } = this.options;
    return {
      call(action, params, callOptions) {
        const job = (params as Record<symbol, SendJob | undefined>)[sendJob];
        const started = performance.now();
        const timed = (promise: Promise<unknown>, kind: 'send' | 'read') => {
          const done = () => hooks.callDuration(kind, (performance.now() - started) / 1000);
          promise.then(done, done);
          return promise;
        };
        if (!job) return timed(inner.call(action, params, callOptions), callOptions.idempotent ? 'read' : 'send');
        const lease = leases.leaseOf(selfId);
        if (!lease) return Promise.reject(new LeaseLostError({ action, kind: 'cancelled', message: `${action}: this gateway no longer holds account ${selfId}` }));
        return scripts.begin(redis, [keys.idem(job.key), keys.lease(selfId)], lease, dedupeTtl).then((step) => {
          switch (step[0]) {
            case 'run':
              job.started = true;
              return timed(inner.call(action, params, callOptions), 'send');
            case 'done':
              return settle(action, parseOutcome(step[1]));
            case 'uncertain':
              throw new UncertainSendError({ action, kind: 'unreachable', message: uncertainMessage(action) });
            case 'lost':
              throw new LeaseLostError({ action, kind: 'cancelled', message: `${action}: account ${selfId} is held by another gateway now` });
          }
        });
      },
    };
  }

  get busy(): number {
    let n = 0;
    for (const calls of this.inProgress.values()) n += calls.size;
    return n;
  }

  start(): void {
    this.running = true;
    this.loop = this.read();
  }

  /** The lease of an account was gained: take over what its previous owner left, then read on. */
  async gained(selfId: number): Promise<void> {
    const { redis, keys, gatewayId } = this.options;
    const stream = keys.calls(selfId);
    this.claiming.add(selfId);
    let taken = 0;
    try {
      await ensureGroup(redis, stream, gatewayGroup);
      let cursor = '0-0';
      do {
        const [next, entries] = (await redis.xautoclaim(stream, gatewayGroup, gatewayId, 0, cursor, 'COUNT', 500)) as [string, StreamEntry[]];
        for (const entry of entries) if (entry && this.take(selfId, entry)) taken++;
        cursor = next;
      } while (cursor !== '0-0');
    } finally {
      this.claiming.delete(selfId);
    }
    if (taken > 0) this.options.logger.info(`cluster: took over ${taken} call(s) of account ${selfId} left by its previous gateway`);
    this.wake?.();
  }

  /** Stop reading new calls (those taken are still run, or handed back, by the app's stop). */
  async stopReading(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.wake?.();
    this.options.blocking.disconnect();
    await this.loop?.catch(() => undefined);
  }

  /** Wait up to `ms` for the calls still being finished (their outcomes being recorded). */
  async settle(ms: number): Promise<number> {
    const all = [...this.inProgress.values()].flatMap((calls) => [...calls.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(all), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    return this.busy;
  }

  private async read(): Promise<void> {
    const { blocking, keys, gatewayId, leases } = this.options;
    const max = this.options.maxPerAccount ?? 500;
    while (this.running) {
      const accounts = leases.owned.filter((id) => !this.claiming.has(id) && (this.inProgress.get(id)?.size ?? 0) < max);
      if (accounts.length === 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        continue;
      }
      const streams = accounts.map((id) => keys.calls(id));
      let result: Array<[string, StreamEntry[]]> | null;
      try {
        result = (await blocking.xreadgroup('GROUP', gatewayGroup, gatewayId, 'COUNT', 200, 'BLOCK', 500, 'STREAMS', ...streams, ...streams.map(() => '>'))) as typeof result;
      } catch (error) {
        if (!this.running) return;
        // A stream whose group is not made yet (lease just gained) answers NOGROUP: look again shortly.
        if (!String((error as Error).message).includes('NOGROUP')) this.options.logger.warn(`cluster: reading calls failed (${errorText(error)}); retrying`);
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!result) continue;
      for (const [stream, entries] of result) {
        const selfId = Number(stream.slice(stream.lastIndexOf(':') + 1));
        for (const entry of entries) this.take(selfId, entry);
      }
    }
  }

  /** Run one call; false when it is already running here. */
  private take(selfId: number, entry: StreamEntry): boolean {
    let calls = this.inProgress.get(selfId);
    if (!calls) {
      calls = new Map();
      this.inProgress.set(selfId, calls);
    }
    const id = entry[0];
    if (calls.has(id)) return false;
    const done = this.run(selfId, id, fieldsOf(entry)).catch((error: unknown) =>
      this.options.logger.error(`cluster: call ${id} of account ${selfId} could not be finished: ${errorText(error)}`),
    );
    calls.set(id, done);
    void done.then(() => calls.delete(id));
    return true;
  }

  private async run(selfId: number, id: string, f: Record<string, string>): Promise<void> {
    const { app, redis, keys } = this.options;
    const bot = app.bots.get(selfId);
    const action = f.a;
    if (!bot || action === undefined) {
      // No connection to this account here (yet): leave it in the stream for whoever can send it.
      this.handedBack++;
      this.options.hooks.send('handed_back');
      return;
    }
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(f.p ?? '{}') as Record<string, unknown>;
    } catch {
      params = {};
    }
    const timeout = Number(f.t) || undefined;
    if (f.k === undefined) return this.runRead(bot, id, f, action, params, timeout);

    const job: SendJob = { key: f.k, selfId, started: false };
    (params as Record<symbol, SendJob>)[sendJob] = job;
    const spec = actionSpec(action);
    const queued = spec?.effect === 'send' || spec?.effect === 'write';
    let outcome: string;
    try {
      const data = await bot.call(action, params, { mode: queued ? 'queued' : 'direct', ...(timeout !== undefined && { timeout }) });
      outcome = successOutcome(data);
      this.options.hooks.send('sent');
    } catch (error) {
      if (error instanceof LeaseLostError || (this.stopping && !job.started && isActionError(error) && error.kind === 'cancelled')) {
        // Never handed to the implementation: the next owner of the account sends it.
        this.handedBack++;
        this.options.hooks.send('handed_back');
        return;
      }
      // Given up at the stop deadline while in flight: it may have been sent; never resent.
      const uncertain = error instanceof UncertainSendError || (this.stopping && job.started && isActionError(error) && error.kind === 'cancelled');
      outcome = failureOutcome(error, action, uncertain);
      if (uncertain) {
        this.uncertain++;
        this.options.logger.warn({ selfId, action }, `send/uncertain: ${uncertainMessage(action)}`);
        this.options.hooks.uncertain(selfId, action, params);
      }
      this.options.hooks.send(uncertain ? 'uncertain' : 'failed');
    }
    await this.record(() => scripts.complete(redis, [keys.idem(f.k!), keys.waiters(f.k!), keys.calls(selfId)], outcome, gatewayGroup, id, this.options.dedupeTtl, replyTtl));
  }

  private async runRead(bot: Bot, id: string, f: Record<string, string>, action: string, params: Record<string, unknown>, timeout: number | undefined): Promise<void> {
    const { redis, keys } = this.options;
    const stream = keys.calls(bot.selfId);
    const deadline = Number(f.x);
    let outcome: string | undefined;
    // A read whose caller gave up already is not worth making.
    if (!(deadline > 0 && Date.now() > deadline)) {
      try {
        outcome = successOutcome(await bot.call(action, params, { mode: 'direct', ...(timeout !== undefined && { timeout }) }));
      } catch (error) {
        outcome = failureOutcome(error, action);
      }
    }
    const waiter = f.w ?? '';
    const sep = waiter.indexOf('|');
    await this.record(() => {
      const pipeline = redis.pipeline();
      if (outcome !== undefined && sep > 0) {
        pipeline.xadd(waiter.slice(0, sep), 'MAXLEN', '~', 10000, '*', 'r', waiter.slice(sep + 1), 'v', outcome);
        pipeline.pexpire(waiter.slice(0, sep), replyTtl);
      }
      return pipeline.xack(stream, gatewayGroup, id).xdel(stream, id).exec();
    });
  }

  /** Recording an outcome must not be lost to a short Redis outage: retry a while. */
  private async record(write: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, Math.min(100 * attempt, 1000)));
      }
    }
  }
}
