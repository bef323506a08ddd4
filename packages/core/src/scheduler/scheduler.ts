/**
 * One account's send scheduler.
 *
 * Two stages. Calls with a target (a group, user or discuss) first wait in that target's lane: a lane
 * lets one call out at a time, in priority order, when the target's sliding-window limit allows; the
 * limit is charged when the call really starts, so a slow account queue can never bunch a target's
 * sends together. Then every call goes through the account queue, which enforces concurrency and
 * priorities, and the global limit when there is one. One call per target at a time also keeps the
 * messages of one chat in order.
 *
 * With a global limit the account queue is a p-queue (its strict sliding window is the limit).
 * Without one, only concurrency and priority order are left, and the scheduler keeps the queue
 * itself (ready-queue.ts): a call starts as a slot frees, with no p-queue task, promise or event.
 * Fast path (no global limit): a call whose target has no limit, made while nothing waits and fewer
 * than `concurrency` calls are in flight, cannot be held back by anything and has nobody to
 * overtake, so it goes to the transport at once.
 *
 * A call is a ScheduledJob (./job.ts): the caller's own object, started and refused by the
 * scheduler, which it tells when it ends. No promise, closure or record of the scheduler's per call.
 */
import { ActionError, type ActionTargetRef } from '@cqkit/protocol';
import PQueue from 'p-queue';
import { type Clock, systemClock } from './clock.js';
import { type JobOwner, ScheduledJob } from './job.js';
import type { Lane } from './lane.js';
import { type RateLimit, SlidingWindowLimiter } from './limiter.js';
import { emptyMetrics, type SchedulerMetrics } from './metrics.js';
import { PriorityCounts } from './priority-counts.js';
import { ReadyQueue } from './ready-queue.js';
import { TargetCounters, TargetIndex } from './target-index.js';

export interface SchedulerOptions {
  /** Calls in flight at once per account. Default 4. */
  concurrency?: number;
  /**
   * Account-wide limit; false for none. Default 20 per second. Enforced by p-queue's strict sliding
   * window; its `jitter` is ignored (a delay after p-queue counts a start could squeeze two windows).
   */
  global?: RateLimit | false;
  /** Per-group limit; false for none. Default 5 per second. */
  perGroup?: RateLimit | false;
  /** Per-user (private chat) limit; false for none. Default 5 per second. */
  perUser?: RateLimit | false;
  /** Per-discuss limit; false for none. Default 5 per second. */
  perDiscuss?: RateLimit | false;
  /** Calls allowed to wait at once; more are refused with ActionError kind 'queue-full'. Default 1000. */
  maxQueue?: number;
  /** Targets kept in `metrics.targets` (a bot meets ever new users: the table must not grow forever). Default 10 000. */
  maxTargets?: number;
  clock?: Clock;
  /** Source of jitter, [0, 1). Default Math.random. */
  random?: () => number;
}

export interface JobInfo {
  id: number;
  /** The action name given to the transport. */
  action: string;
  params: Record<string, unknown>;
  target: ActionTargetRef | null;
  priority: number;
  enqueuedAt: number;
}

export interface ScheduledHandle<T> {
  id: number;
  promise: Promise<T>;
  /**
   * Calls waiting ahead of this one when it was queued (0 = next): those of a higher priority and
   * those of the same priority that came first. Per-target windows may still reorder across targets.
   */
  position: number;
}

export interface DrainReport {
  /** True when everything queued was sent (or failed with an answer) before the deadline. */
  drained: boolean;
  /** Calls that were still waiting at the deadline; they were cancelled, not sent. */
  left: number;
  items: JobInfo[];
  /** Calls still in flight at the deadline (their answers may still arrive). */
  inFlight: number;
}

const defaultTargetLimit: RateLimit = { count: 5, interval: 1000 };
const defaultGlobalLimit: RateLimit = { count: 20, interval: 1000 };

/** `schedule(info, exec)`'s job: a function that makes the call, and a promise of its own. */
class FunctionJob<T> extends ScheduledJob {
  readonly action: string;
  readonly params: Record<string, unknown>;
  readonly targetKind: ActionTargetRef['kind'] | null;
  readonly targetId: number;
  readonly priority: number;
  readonly promise: Promise<T>;
  private resolve!: (value: T) => void;
  private reject!: (error: unknown) => void;

  constructor(
    info: { action: string; params: Record<string, unknown>; target: ActionTargetRef | null; priority?: number },
    private readonly exec: () => Promise<T>,
  ) {
    super();
    this.action = info.action;
    this.params = info.params;
    this.targetKind = info.target?.kind ?? null;
    this.targetId = info.target?.id ?? 0;
    this.priority = info.priority ?? 0;
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  start(): void {
    let call: Promise<T>;
    try {
      call = Promise.resolve(this.exec());
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      (value) => {
        this.end(true);
        this.resolve(value);
      },
      (error: unknown) => {
        this.end(false);
        this.reject(error);
      },
    );
  }

  refuse(error: ActionError): void {
    this.reject(error);
  }
}

export class Scheduler implements JobOwner {
  readonly metrics: SchedulerMetrics = emptyMetrics();
  /** The account queue with a global limit; without one, `ready` (see the top of this file). */
  private readonly queue: PQueue | undefined;
  private readonly ready: ReadyQueue<ScheduledJob> | undefined;
  private readonly lanes = new Map<string, Lane>();
  /** Jobs waiting (in a lane or the account queue), oldest first, linked through the jobs. */
  private firstWaiting: ScheduledJob | null = null;
  private lastWaiting: ScheduledJob | null = null;
  private waitingCount = 0;
  private readonly waitingByPriority = new PriorityCounts();
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly limits: Record<ActionTargetRef['kind'], RateLimit | false>;
  private readonly maxQueue: number;
  private readonly maxTargets: number;
  private readonly concurrency: number;
  /**
   * Calls in flight below which the fast path may be taken: `concurrency`, or 0 with a global limit,
   * no room to queue at all, or once stopping. The rest of its condition (nothing waits, no limit on
   * the target) is checked per call. A number, so the check is one comparison.
   */
  private passThroughSlots: number;
  /** `metrics.targets` by kind and id, for every queued call (see statsOf). */
  private readonly targetIndexes: Record<ActionTargetRef['kind'], TargetIndex> = {
    group: new TargetIndex(),
    user: new TargetIndex(),
    discuss: new TargetIndex(),
    message: new TargetIndex(),
  };
  private nextId = 1;
  private stopping = false;
  private drainWaiters: Array<() => void> = [];
  /** Callers of idle(); resolved and emptied together. */
  private idleWaiters: Array<() => void> = [];

  constructor(options: SchedulerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.maxQueue = options.maxQueue ?? 1000;
    this.maxTargets = options.maxTargets ?? 10_000;
    const global = options.global === undefined ? defaultGlobalLimit : options.global;
    this.concurrency = options.concurrency ?? 4;
    this.passThroughSlots = !global && this.maxQueue > 0 ? this.concurrency : 0;
    this.queue = global ? new PQueue({ concurrency: this.concurrency, intervalCap: global.count, interval: global.interval, strict: true }) : undefined;
    this.ready = global ? undefined : new ReadyQueue();
    this.limits = {
      group: options.perGroup === undefined ? defaultTargetLimit : options.perGroup,
      user: options.perUser === undefined ? defaultTargetLimit : options.perUser,
      discuss: options.perDiscuss === undefined ? defaultTargetLimit : options.perDiscuss,
      message: false,
    };
  }

  /** True when no call waits (in a target's lane or the account queue) and none is in flight. */
  get isIdle(): boolean {
    return this.waitingCount === 0 && this.metrics.inFlight === 0;
  }

  /**
   * Resolves once no call waits and none is in flight (at once when that is so now). Counted by the
   * scheduler itself rather than p-queue's onIdle, which sees neither the per-target lanes nor a
   * lane's timer.
   */
  idle(): Promise<void> {
    if (this.isIdle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The calls waiting now (not yet handed to the transport). */
  waitingNow(): JobInfo[] {
    const items: JobInfo[] = [];
    for (let job = this.firstWaiting; job !== null; job = job.nextWaiting) items.push(publicInfo(job));
    return items;
  }

  /** Number of calls waiting (not yet handed to the transport). */
  get size(): number {
    return this.waitingCount;
  }

  /** Queue a call made by `exec`; the handle's promise settles with its result. */
  schedule<T>(
    info: { action: string; params: Record<string, unknown>; target: ActionTargetRef | null; priority?: number },
    exec: () => Promise<T>,
  ): ScheduledHandle<T> {
    const job = new FunctionJob(info, exec);
    this.add(job);
    return { id: job.id, promise: job.promise, position: job.position };
  }

  /**
   * Queue a job (a call object of the caller's, see ./job.ts). It is started at once when nothing
   * can hold it back, later otherwise, or refused (queue full, stopping). Sets `job.id` and
   * `job.position`.
   */
  add(job: ScheduledJob): void {
    job.id = this.nextId++;
    job.owner = this;
    const kind = job.targetKind;
    if (this.waitingCount === 0 && this.metrics.inFlight < this.passThroughSlots && (kind === null || this.limits[kind] === false)) {
      // Nothing can hold it back and nothing waits: no time queued, never counted as queued (and
      // nothing ahead of it: `position` keeps its initial 0).
      job.state = 'running';
      this.metrics.inFlight++;
      if (kind !== null) {
        const stats = this.statsOf(kind, job.targetId);
        stats.inFlight++;
        job.targetStats = stats;
      }
      job.start();
      return;
    }
    this.enqueue(job);
  }

  /** add() when the call cannot start at once: it waits in its lane or the account queue, or is refused. */
  private enqueue(job: ScheduledJob): void {
    if (this.stopping || this.waitingCount >= this.maxQueue) {
      job.position = -1;
      job.state = 'done';
      if (!this.stopping) this.metrics.rejected++;
      job.refuse(
        new ActionError({
          action: job.action,
          kind: this.stopping ? 'cancelled' : 'queue-full',
          message: this.stopping
            ? `${job.action}: the app is stopping; nothing new is queued`
            : `${job.action}: the send queue is full (${this.maxQueue} waiting); slow down or raise scheduler.maxQueue`,
        }),
      );
      return;
    }
    const kind = job.targetKind;
    if (kind !== null) job.targetStats = this.statsOf(kind, job.targetId);
    job.position = this.waitingByPriority.atOrAbove(job.priority);
    job.enqueuedAt = this.clock.now();
    job.state = 'waiting';
    this.link(job);
    this.waitingByPriority.add(job.priority);
    this.metrics.queued++;
    if (job.targetStats !== null) job.targetStats.queued++;
    const limit = kind !== null ? this.limits[kind] : false;
    if (limit && kind !== null) {
      const lane = this.laneFor(`${kind}:${job.targetId}`, limit);
      insertByPriority(lane.jobs, job);
      this.pumpLane(lane);
    } else {
      this.submit(job, null);
    }
  }

  /**
   * Stop taking calls, wait until the queue is empty or `deadline` ms passed, then cancel what is
   * left (each waiting call is refused with kind 'cancelled') and report it.
   */
  async drain(deadline: number): Promise<DrainReport> {
    this.stopping = true;
    this.passThroughSlots = 0;
    if (!this.isIdle) {
      await new Promise<void>((resolve) => {
        const timer = this.clock.setTimeout(finish, Math.max(0, deadline));
        const waiter = () => finish();
        this.drainWaiters.push(waiter);
        const self = this;
        function finish(): void {
          self.clock.clearTimeout(timer);
          self.drainWaiters = self.drainWaiters.filter((w) => w !== waiter);
          resolve();
        }
      });
    }
    const items = this.cancelWaiting('the app stopped before this call could be sent');
    return { drained: items.length === 0 && this.metrics.inFlight === 0, left: items.length, items, inFlight: this.metrics.inFlight };
  }

  /** Cancel every waiting call; returns what was cancelled. */
  cancelWaiting(reason = 'the call was cancelled'): JobInfo[] {
    const jobs: ScheduledJob[] = [];
    for (let job = this.firstWaiting; job !== null; job = job.nextWaiting) jobs.push(job);
    const items = jobs.map(publicInfo);
    for (const job of jobs) {
      this.finishWaiting(job);
      job.state = 'done';
      this.metrics.cancelled++;
      job.refuse(new ActionError({ action: job.action, kind: 'cancelled', message: `${job.action}: ${reason}` }));
    }
    for (const lane of this.lanes.values()) {
      lane.jobs.length = 0;
      if (lane.timer !== undefined) this.clock.clearTimeout(lane.timer);
      lane.timer = undefined;
    }
    for (const lane of this.lanes.values()) {
      // The cleared task of a cancelled job never settles: free its lane here, or the target
      // would never send again. A running job keeps its lane until it settles.
      if (lane.current !== null && lane.current.state !== 'running') this.release(lane);
    }
    // Cleared rather than left to run as no-ops, which would still use up global-limit slots.
    this.queue?.clear();
    this.ready?.clear();
    // A cleared task never settles, so nothing else would tell the waiters.
    this.checkIdle();
    return items;
  }

  /** @internal A started job got its answer (ok) or failed: ScheduledJob.end calls this once, while the job runs. */
  ended(job: ScheduledJob, ok: boolean): void {
    job.state = 'done';
    const metrics = this.metrics;
    const stats = job.targetStats;
    metrics.inFlight--;
    if (ok) metrics.sent++;
    else metrics.failed++;
    if (stats !== null) {
      stats.inFlight--;
      if (ok) stats.sent++;
      else stats.failed++;
    }
    // Only the lane's current job frees it (a lane freed by cancelWaiting may hold a newer one).
    const lane = job.lane;
    if (lane !== null && lane.current === job) this.release(lane);
    if (job.onEnd !== null) job.onEnd();
    // The freed slot goes to a queued call, if one waits (the ready queue holds waiting calls only).
    if (this.waitingCount > 0 && this.ready !== undefined) this.pump();
    // drain() waiters exist only once stopping.
    if (this.idleWaiters.length > 0 || this.stopping) this.checkIdle();
  }

  private laneFor(key: string, limit: RateLimit): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      if (this.lanes.size >= 1024) this.sweepLanes();
      lane = { key, limiter: new SlidingWindowLimiter(limit), jitter: limit.jitter ?? 0, jobs: [], current: null, timer: undefined };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Forget lanes with nothing queued and no recent start, so memory follows active targets only. */
  private sweepLanes(): void {
    const now = this.clock.now();
    for (const [key, lane] of this.lanes) {
      if (lane.current === null && lane.jobs.length === 0 && lane.timer === undefined && lane.limiter.isIdle(now)) this.lanes.delete(key);
    }
  }

  private pumpLane(lane: Lane): void {
    if (lane.current !== null || lane.timer !== undefined || lane.jobs.length === 0) return;
    const wait = lane.limiter.waitTime(this.clock.now());
    if (wait > 0) {
      const extra = lane.jitter > 0 ? Math.floor(this.random() * lane.jitter) : 0;
      lane.timer = this.clock.setTimeout(() => {
        lane.timer = undefined;
        this.pumpLane(lane);
      }, wait + extra);
      return;
    }
    const job = lane.jobs.shift()!;
    lane.current = job;
    this.submit(job, lane);
  }

  private submit(job: ScheduledJob, lane: Lane | null): void {
    job.lane = lane;
    if (this.ready !== undefined) {
      this.ready.push(job, job.priority);
      this.pump();
      return;
    }
    // p-queue counts a task as running until its promise settles: the job's end settles it.
    this.queue!.add(
      () =>
        new Promise<void>((resolve) => {
          if (job.state !== 'waiting') {
            resolve();
            return;
          }
          job.onEnd = resolve;
          this.begin(job);
          job.start();
        }),
      { priority: job.priority },
    );
  }

  /** Without a global limit: start queued calls while slots are free. */
  private pump(): void {
    const ready = this.ready!;
    while (this.metrics.inFlight < this.concurrency && ready.size > 0) {
      const job = ready.shift()!;
      if (job.state !== 'waiting') continue;
      this.begin(job);
      job.start();
    }
  }

  /** A queued job starts: its lane's limit is charged, its wait counted, it is in flight. */
  private begin(job: ScheduledJob): void {
    const startedAt = this.clock.now();
    job.lane?.limiter.record(startedAt);
    this.finishWaiting(job);
    job.state = 'running';
    const metrics = this.metrics;
    const wait = startedAt - job.enqueuedAt;
    metrics.waitTimeTotal += wait;
    if (wait > metrics.waitTimeMax) metrics.waitTimeMax = wait;
    metrics.inFlight++;
    if (job.targetStats !== null) job.targetStats.inFlight++;
  }

  private release(lane: Lane): void {
    lane.current = null;
    this.pumpLane(lane);
  }

  /** Appends to the waiting list. */
  private link(job: ScheduledJob): void {
    job.prevWaiting = this.lastWaiting;
    job.nextWaiting = null;
    if (this.lastWaiting === null) this.firstWaiting = job;
    else this.lastWaiting.nextWaiting = job;
    this.lastWaiting = job;
    this.waitingCount++;
  }

  private finishWaiting(job: ScheduledJob): void {
    if (job.state !== 'waiting') return;
    const prev = job.prevWaiting;
    const next = job.nextWaiting;
    if (prev === null) this.firstWaiting = next;
    else prev.nextWaiting = next;
    if (next === null) this.lastWaiting = prev;
    else next.prevWaiting = prev;
    job.prevWaiting = null;
    job.nextWaiting = null;
    this.waitingCount--;
    this.waitingByPriority.remove(job.priority);
    this.metrics.queued--;
    if (job.targetStats !== null) job.targetStats.queued--;
  }

  /**
   * The counters of a target without building its `kind:id` key: an index by kind and numeric id
   * (a fresh key string per call, and hashing it, was a visible cost of the fast path). The index
   * holds the same objects as `metrics.targets` and forgets with it.
   */
  private statsOf(kind: ActionTargetRef['kind'], id: number): TargetCounters {
    const index = this.targetIndexes[kind];
    const known = index.get(id);
    if (known !== undefined) return known;
    const targets = this.metrics.targets;
    if (targets.size >= this.maxTargets) this.forgetIdleTargets();
    const stats = new TargetCounters(id);
    targets.set(`${kind}:${id}`, stats);
    index.set(stats);
    return stats;
  }

  /** Drop the oldest idle targets down to 90% of the bound, so the sweep runs once per many new targets. */
  private forgetIdleTargets(): void {
    const targets = this.metrics.targets;
    const keep = Math.floor(this.maxTargets * 0.9);
    for (const [key, m] of targets) {
      if (targets.size <= keep) break;
      // A waiting or running job still counts into its entry: only idle ones can go.
      if (m.queued === 0 && m.inFlight === 0) {
        targets.delete(key);
        const colon = key.indexOf(':');
        this.targetIndexes[key.slice(0, colon) as ActionTargetRef['kind']].delete(Number(key.slice(colon + 1)));
      }
    }
  }

  private checkIdle(): void {
    if (!this.isIdle) return;
    if (this.drainWaiters.length > 0) for (const w of [...this.drainWaiters]) w();
    if (this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}

function insertByPriority(jobs: ScheduledJob[], job: ScheduledJob): void {
  // Higher priority first; equal priorities keep arrival order.
  let i = jobs.length;
  while (i > 0 && jobs[i - 1]!.priority < job.priority) i--;
  jobs.splice(i, 0, job);
}

function publicInfo(job: ScheduledJob): JobInfo {
  return {
    id: job.id,
    action: job.action,
    params: job.params,
    target: job.target,
    priority: job.priority,
    enqueuedAt: job.enqueuedAt,
  };
}
