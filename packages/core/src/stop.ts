/**
 * A graceful stop with a deadline: the send queues drain until it, calls still queued are cancelled
 * ("not sent"), calls still waiting for their answer are given up ("may have been sent": they are
 * never re-sent), and the adapters are told through an AbortSignal to cut what they hold. Every
 * wait here is bounded by the deadline (plus `adapterGrace` for an adapter that ignores the signal),
 * so stop() returns in time whatever the transport does.
 */
import type { Adapter } from './adapter.js';
import type { Bot } from './bot.js';
import type { CallInfo } from './in-flight-calls.js';
import type { Logger } from './logger.js';
import type { Clock } from './scheduler/clock.js';
import type { JobInfo } from './scheduler/scheduler.js';

export interface StopOptions {
  /** ms allowed for draining the send queues and waiting for answers. Default 10 000. */
  deadline?: number;
}

/** A call as listed in a stop report, with the account it belonged to. */
export type QueuedCall = JobInfo & { selfId: number };
export type SentCall = CallInfo & { selfId: number };

export interface StopReport {
  /** True when every call was sent and answered before the deadline. */
  drained: boolean;
  /** Calls that were never sent (still queued at the deadline, cancelled). */
  left: number;
  /** Those calls: not sent. */
  items: QueuedCall[];
  /** Calls still waiting for an answer at the deadline (`maybeSent.length`). */
  inFlight: number;
  /**
   * Those calls: handed to the transport, answer not in at the deadline. They were given up
   * (their promises rejected with `cancelled`); the server may have run them; never re-sent.
   */
  maybeSent: SentCall[];
}

/** What is queued and in flight right now, read synchronously (e.g. on a second Ctrl+C). */
export interface PendingCalls {
  queued: QueuedCall[];
  inFlight: SentCall[];
}

/** ms an adapter that ignores the stop signal is waited for after the deadline. */
export const adapterGrace = 1000;

export function pendingCalls(bots: Iterable<Bot>): PendingCalls {
  const queued: QueuedCall[] = [];
  const inFlight: SentCall[] = [];
  for (const bot of bots) {
    for (const job of bot.scheduler.waitingNow()) queued.push({ ...job, selfId: bot.selfId });
    for (const call of bot.callsInFlightNow()) inFlight.push({ ...call, selfId: bot.selfId });
  }
  return { queued, inFlight };
}

/** The deadline of one stop: a clock time and a signal that aborts at it. */
export class StopDeadline {
  private readonly controller = new AbortController();
  private readonly timer: unknown;
  readonly endsAt: number;

  constructor(
    private readonly clock: Clock,
    deadline: number,
  ) {
    this.endsAt = clock.now() + Math.max(0, deadline);
    const abort = () => this.controller.abort(new Error(`the stop deadline of ${deadline} ms passed`));
    // No time at all: aborted now, not on the next tick of whatever clock the app uses.
    if (deadline <= 0) abort();
    this.timer = deadline <= 0 ? undefined : clock.setTimeout(abort, deadline);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get remaining(): number {
    return Math.max(0, this.endsAt - this.clock.now());
  }

  /** Resolves when `promise` settles or `extra` ms after the deadline, whichever is first; true if it settled. */
  async bound(promise: Promise<unknown>, extra: number): Promise<boolean> {
    const settled = promise.then(
      () => true,
      () => true,
    );
    const wait = this.remaining + extra;
    // Out of time: only what has settled by now counts (no timer, which a manual clock may never run).
    if (wait <= 0) return Promise.race([settled, Promise.resolve(false)]);
    let timer: unknown;
    const late = new Promise<false>((resolve) => {
      timer = this.clock.setTimeout(() => resolve(false), wait);
    });
    try {
      return await Promise.race([settled, late]);
    } finally {
      this.clock.clearTimeout(timer);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
  }
}

/**
 * Drain every bot's queue and wait for the answers of what was sent, until the deadline; then
 * cancel what is queued and give up on what is in flight, and say which was which.
 */
export async function settleCalls(bots: readonly Bot[], deadline: StopDeadline): Promise<StopReport> {
  const report: StopReport = { drained: true, left: 0, items: [], inFlight: 0, maybeSent: [] };
  const drains = await Promise.all(bots.map((bot) => bot.drain(deadline.remaining)));
  drains.forEach((drain, i) => {
    report.left += drain.left;
    for (const item of drain.items) report.items.push({ ...item, selfId: bots[i]!.selfId });
  });
  // Direct calls (reads) and the last queued sends: their answers may still come before the deadline.
  if (bots.some((bot) => bot.callsInFlight > 0)) await deadline.bound(Promise.all(bots.map((bot) => bot.idle())), 0);
  for (const bot of bots) {
    for (const call of bot.abandonInFlight('the app stopped at its deadline before the answer arrived')) report.maybeSent.push({ ...call, selfId: bot.selfId });
  }
  report.inFlight = report.maybeSent.length;
  report.drained = report.left === 0 && report.inFlight === 0;
  return report;
}

/** Stop the adapters together, each told the deadline; one that fails or hangs is logged, not awaited for ever. */
export async function stopAdapters(adapters: readonly Adapter[], deadline: StopDeadline, logger: Logger): Promise<void> {
  await Promise.all(
    adapters.map(async (adapter) => {
      const stopping = Promise.resolve()
        .then(() => adapter.stop({ signal: deadline.signal }))
        .catch((error: unknown) => logger.error({ err: error, adapter: adapter.name }, `adapter ${adapter.name} failed to stop`));
      if (!(await deadline.bound(stopping, adapterGrace))) {
        logger.error({ adapter: adapter.name }, `adapter ${adapter.name} did not stop within ${adapterGrace} ms after the stop deadline; left behind`);
      }
    }),
  );
}

/** One line for the log: what a stop left undone. */
export function describeStop(report: StopReport): string | undefined {
  if (report.left === 0 && report.inFlight === 0) return undefined;
  const parts: string[] = [];
  if (report.left > 0) parts.push(`${report.left} call(s) not sent`);
  if (report.inFlight > 0) parts.push(`${report.inFlight} call(s) that may have been sent (no answer by the deadline; not re-sent)`);
  return `stopped with ${parts.join(' and ')}`;
}
