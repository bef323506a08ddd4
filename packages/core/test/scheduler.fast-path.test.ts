/**
 * The scheduler's fast path (no limit applies, a free slot, nothing waiting): calls go to the
 * transport at once, yet order, priorities, `concurrency`, metrics and idle() stay what the queued
 * path gives; a call with a limit still goes through its limiter.
 */
import type { ActionTargetRef } from '@cqkit/protocol';
import { describe, expect, it, vi } from 'vitest';
import { Scheduler, type SchedulerOptions } from '../src/index.js';
import { manualClock } from './manual-clock.js';

const off: SchedulerOptions = { global: false, perGroup: false, perUser: false, perDiscuss: false };

/** Lets the promise callbacks run (bounded: a fixed number of turns). */
async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A transport whose calls the test settles by hand; `started` lists them in hand-off order. */
function handTransport() {
  const started: string[] = [];
  const open = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let peak = 0;
  return {
    started,
    get peak() {
      return peak;
    },
    exec(name: string) {
      return () =>
        new Promise<unknown>((resolve, reject) => {
          started.push(name);
          open.set(name, { resolve, reject });
          peak = Math.max(peak, open.size);
        });
    },
    answer(name: string, value: unknown = name) {
      const call = open.get(name)!;
      open.delete(name);
      call.resolve(value);
    },
    fail(name: string, error: unknown) {
      const call = open.get(name)!;
      open.delete(name);
      call.reject(error);
    },
  };
}

function group(id: number): ActionTargetRef {
  return { kind: 'group', id };
}

function send(scheduler: Scheduler, transport: ReturnType<typeof handTransport>, name: string, target: ActionTargetRef | null, priority = 0) {
  return scheduler.schedule({ action: 'send_group_msg', params: { name }, target, priority }, transport.exec(name));
}

describe('scheduler fast path', () => {
  it('hands a call to the transport synchronously when nothing waits and a slot is free, with exact metrics', async () => {
    const scheduler = new Scheduler({ ...off, concurrency: 2, clock: manualClock() });
    const t = handTransport();
    const a = send(scheduler, t, 'a', group(1));
    // Synchronous hand-off: no queue turn, no job waiting.
    expect(t.started).toEqual(['a']);
    expect(a.position).toBe(0);
    expect(scheduler.metrics).toMatchObject({ queued: 0, inFlight: 1, sent: 0, failed: 0, waitTimeTotal: 0 });
    expect(scheduler.metrics.targets.get('group:1')).toEqual({ queued: 0, inFlight: 1, sent: 0, failed: 0 });
    expect(scheduler.isIdle).toBe(false);
    let idle = false;
    void scheduler.idle().then(() => {
      idle = true;
    });
    t.answer('a', { message_id: 7 });
    await expect(a.promise).resolves.toEqual({ message_id: 7 });
    await flush();
    expect(idle).toBe(true);
    expect(scheduler.metrics).toMatchObject({ queued: 0, inFlight: 0, sent: 1, failed: 0 });
    expect(scheduler.metrics.targets.get('group:1')).toEqual({ queued: 0, inFlight: 0, sent: 1, failed: 0 });
  });

  it('a failure on the fast path rejects with the transport error and counts as failed', async () => {
    const scheduler = new Scheduler({ ...off, concurrency: 2 });
    const t = handTransport();
    const a = send(scheduler, t, 'a', null);
    const error = new Error('boom');
    t.fail('a', error);
    await expect(a.promise).rejects.toBe(error);
    expect(scheduler.metrics).toMatchObject({ inFlight: 0, sent: 0, failed: 1 });
    expect(scheduler.isIdle).toBe(true);
  });

  it('past `concurrency` calls queue; they go out in priority order as fast-path calls settle, never above the limit', async () => {
    const scheduler = new Scheduler({ ...off, concurrency: 2 });
    const t = handTransport();
    const a = send(scheduler, t, 'a', group(1));
    const b = send(scheduler, t, 'b', group(2));
    const low = send(scheduler, t, 'low', group(3), -1);
    const normal = send(scheduler, t, 'normal', group(4));
    const high = send(scheduler, t, 'high', group(5), 5);
    await flush();
    expect(t.started).toEqual(['a', 'b']);
    expect(scheduler.metrics).toMatchObject({ queued: 3, inFlight: 2 });
    // Positions count the calls that go first: higher priorities and earlier equal ones.
    expect([low.position, normal.position, high.position]).toEqual([0, 0, 0]);
    // While calls wait, a new one with no limit does not overtake them.
    const late = send(scheduler, t, 'late', null);
    expect(late.position).toBe(2);
    t.answer('a');
    await flush();
    expect(t.started).toEqual(['a', 'b', 'high']);
    t.answer('b');
    await flush();
    expect(t.started).toEqual(['a', 'b', 'high', 'normal']);
    for (const name of ['high', 'normal', 'late', 'low']) {
      t.answer(name);
      await flush();
    }
    await Promise.all([a.promise, b.promise, low.promise, normal.promise, high.promise, late.promise]);
    expect(t.started).toEqual(['a', 'b', 'high', 'normal', 'late', 'low']);
    expect(t.peak).toBe(2);
    expect(scheduler.metrics).toMatchObject({ queued: 0, inFlight: 0, sent: 6, failed: 0 });
    expect(scheduler.isIdle).toBe(true);
    // Everything settled: the next call takes the fast path again, at once.
    send(scheduler, t, 'again', group(1));
    expect(t.started.at(-1)).toBe('again');
  });

  it('calls of one target keep their order whichever path each takes', async () => {
    const scheduler = new Scheduler({ ...off, concurrency: 1 });
    const t = handTransport();
    const handles = ['m1', 'm2', 'm3', 'm4'].map((name) => send(scheduler, t, name, group(9)));
    for (const name of ['m1', 'm2', 'm3', 'm4']) {
      await flush();
      t.answer(name);
    }
    await Promise.all(handles.map((h) => h.promise));
    expect(t.started).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(scheduler.metrics.targets.get('group:9')).toEqual({ queued: 0, inFlight: 0, sent: 4, failed: 0 });
  });

  it('takes no fast path once stopping, nor with maxQueue 0: such a call is refused, never started', async () => {
    const stopping = new Scheduler({ ...off, concurrency: 4 });
    const t = handTransport();
    const report = await stopping.drain(0);
    expect(report.drained).toBe(true);
    const late = send(stopping, t, 'late', group(1));
    await expect(late.promise).rejects.toMatchObject({ kind: 'cancelled' });
    expect(late.position).toBe(-1);

    const noRoom = new Scheduler({ ...off, concurrency: 4, maxQueue: 0 });
    const refused = send(noRoom, t, 'refused', group(1));
    await expect(refused.promise).rejects.toMatchObject({ kind: 'queue-full' });
    expect(noRoom.metrics.rejected).toBe(1);
    expect(t.started).toEqual([]);
  });

  it('counts a group and a user of the same number apart', async () => {
    const scheduler = new Scheduler({ ...off, concurrency: 4 });
    const t = handTransport();
    const toGroup = send(scheduler, t, 'g', { kind: 'group', id: 42 });
    const toUser = send(scheduler, t, 'u', { kind: 'user', id: 42 });
    expect(scheduler.metrics.targets.get('group:42')).toEqual({ queued: 0, inFlight: 1, sent: 0, failed: 0 });
    expect(scheduler.metrics.targets.get('user:42')).toEqual({ queued: 0, inFlight: 1, sent: 0, failed: 0 });
    t.answer('g');
    await toGroup.promise;
    expect(scheduler.metrics.targets.get('group:42')).toEqual({ queued: 0, inFlight: 0, sent: 1, failed: 0 });
    expect(scheduler.metrics.targets.get('user:42')).toEqual({ queued: 0, inFlight: 1, sent: 0, failed: 0 });
    t.answer('u');
    await toUser.promise;
    expect(scheduler.metrics.targets.get('user:42')).toEqual({ queued: 0, inFlight: 0, sent: 1, failed: 0 });
  });

  it('a call whose target has a limit goes through its limiter, even with free slots', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ ...off, perGroup: { count: 1, interval: 1000 }, concurrency: 8, clock });
    const t = handTransport();
    const first = send(scheduler, t, 'g1', group(1));
    const second = send(scheduler, t, 'g2', group(1));
    await flush();
    expect(t.started).toEqual(['g1']);
    t.answer('g1');
    await flush();
    // The window of group 1 is not over: the second send waits for the clock, not for a slot.
    expect(t.started).toEqual(['g1']);
    expect(scheduler.metrics.queued).toBe(1);
    // A user target (no limit) is not held by group 1's window (per-target windows may reorder
    // across targets, as on the queued path).
    const user = scheduler.schedule({ action: 'send_private_msg', params: {}, target: { kind: 'user', id: 5 } }, t.exec('u'));
    await flush();
    expect(t.started).toEqual(['g1', 'u']);
    clock.advance(999);
    await flush();
    expect(t.started).toEqual(['g1', 'u']);
    clock.advance(1);
    await flush();
    expect(t.started).toEqual(['g1', 'u', 'g2']);
    t.answer('g2');
    t.answer('u');
    await Promise.all([first.promise, second.promise, user.promise]);
    expect(scheduler.metrics).toMatchObject({ sent: 3, queued: 0, inFlight: 0, waitTimeMax: 1000 });
  });

  it('with a global limit no call takes the fast path: free slots do not bypass the window', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const scheduler = new Scheduler({ ...off, global: { count: 1, interval: 1000 }, concurrency: 8 });
      const t = handTransport();
      const a = send(scheduler, t, 'a', null);
      await flush();
      t.answer('a');
      await a.promise;
      const b = send(scheduler, t, 'b', null);
      await flush();
      expect(t.started).toEqual(['a']);
      expect(scheduler.metrics.queued).toBe(1);
      await vi.advanceTimersByTimeAsync(1000);
      expect(t.started).toEqual(['a', 'b']);
      t.answer('b');
      await b.promise;
      expect(scheduler.metrics).toMatchObject({ sent: 2, queued: 0, inFlight: 0, waitTimeMax: 1000 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('drain on stop waits for fast-path calls in flight', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ ...off, concurrency: 2, clock });
    const t = handTransport();
    const a = send(scheduler, t, 'a', null);
    let report: Awaited<ReturnType<Scheduler['drain']>> | undefined;
    void scheduler.drain(5000).then((r) => {
      report = r;
    });
    await flush();
    expect(report).toBeUndefined();
    t.answer('a');
    await a.promise;
    await flush();
    expect(report).toEqual({ drained: true, left: 0, items: [], inFlight: 0 });
  });
});
