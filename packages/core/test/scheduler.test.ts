import { ActionError } from '@cqkit/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type SendFailure, Scheduler } from '../src/index.js';
import { setup } from './helpers.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Records when each call reached the transport; answers after `latency` ms (0 = at once). */
function recordTimes(memory: Awaited<ReturnType<typeof setup>>['memory'], action: string, latency = 0) {
  const log: Array<{ t: number; params: Record<string, unknown> }> = [];
  memory.respond(action, (params) => {
    log.push({ t: Date.now(), params });
    return latency > 0 ? new Promise((r) => setTimeout(() => r({ message_id: log.length }), latency)) : { message_id: log.length };
  });
  return log;
}

describe('queue order and concurrency', () => {
  it('sends in arrival order with concurrency 1', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const log = recordTimes(memory, 'send_group_msg', 10);
    const all = [1, 2, 3, 4].map((n) => bot.sendGroupMsg({ group_id: n, message: `m${n}` }));
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(all);
    expect(log.map((l) => l.params.message)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(log.map((l) => l.t)).toEqual([0, 10, 20, 30]);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 2 } });
    const log = recordTimes(memory, 'send_group_msg', 100);
    const all = [1, 2, 3, 4, 5].map((n) => bot.sendGroupMsg({ group_id: n, message: 'x' }));
    await vi.advanceTimersByTimeAsync(0);
    expect(bot.metrics.inFlight).toBe(2);
    expect(bot.metrics.queued).toBe(3);
    await vi.advanceTimersByTimeAsync(300);
    await Promise.all(all);
    expect(log.map((l) => l.t)).toEqual([0, 0, 100, 100, 200]);
  });

  it('higher priority goes first', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const log = recordTimes(memory, 'send_group_msg', 10);
    const all = [
      bot.sendGroupMsg({ group_id: 1, message: 'blocker' }),
      bot.sendGroupMsg({ group_id: 2, message: 'low' }, { priority: -1 }),
      bot.sendGroupMsg({ group_id: 3, message: 'normal' }),
      bot.sendGroupMsg({ group_id: 4, message: 'high' }, { priority: 5 }),
    ];
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(all);
    expect(log.map((l) => l.params.message)).toEqual(['blocker', 'high', 'normal', 'low']);
  });

  it('priorities also order the calls waiting for one target', async () => {
    const { bot, memory } = await setup({ scheduler: { perGroup: { count: 1, interval: 1000 } } });
    const log = recordTimes(memory, 'send_group_msg');
    const all = [
      bot.sendGroupMsg({ group_id: 1, message: 'a' }),
      bot.sendGroupMsg({ group_id: 1, message: 'b' }),
      bot.sendGroupMsg({ group_id: 1, message: 'urgent' }, { priority: 1 }),
    ];
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    expect(log.map((l) => [l.params.message, l.t])).toEqual([
      ['a', 0],
      ['urgent', 1000],
      ['b', 2000],
    ]);
  });

  it('reads go direct, even when the send queue is busy', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    recordTimes(memory, 'send_group_msg', 10_000);
    const send = bot.sendGroupMsg({ group_id: 1, message: 'slow' });
    const queued = bot.sendGroupMsg({ group_id: 2, message: 'waiting' });
    await vi.advanceTimersByTimeAsync(0);
    expect(await bot.getLoginInfo()).toMatchObject({ user_id: 10001 });
    expect(bot.metrics.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all([send, queued]);
  });

  it('admin actions (writes) are queued by default', async () => {
    const { bot } = await setup({ scheduler: { concurrency: 1 } });
    await bot.setGroupBan({ group_id: 1, user_id: 2 });
    await bot.getGroupList();
    expect(bot.metrics.sent).toBe(1);
  });
});

describe('rate limits (exact, fake timers)', () => {
  it('global: count per interval across all targets', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 10, global: { count: 2, interval: 1000 } } });
    const log = recordTimes(memory, 'send_group_msg');
    const all = [1, 2, 3, 4, 5].map((n) => bot.sendGroupMsg({ group_id: n, message: 'x' }));
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(log.map((l) => l.t)).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('global limit is a sliding window: never more than count in any interval', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 10, global: { count: 3, interval: 1000 } } });
    const log = recordTimes(memory, 'send_private_msg');
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      all.push(bot.sendPrivateMsg({ user_id: i + 1, message: 'x' }));
      await vi.advanceTimersByTimeAsync(150);
    }
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    const times = log.map((l) => l.t);
    expect(times).toHaveLength(12);
    for (let i = 3; i < times.length; i++) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(1000);
  });

  it('per group: each group has its own window; other groups are not held up', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 10, perGroup: { count: 1, interval: 500 } } });
    const log = recordTimes(memory, 'send_group_msg');
    const all = [
      bot.sendGroupMsg({ group_id: 1, message: 'a1' }),
      bot.sendGroupMsg({ group_id: 1, message: 'a2' }),
      bot.sendGroupMsg({ group_id: 1, message: 'a3' }),
      bot.sendGroupMsg({ group_id: 2, message: 'b1' }),
    ];
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(all);
    expect(log.map((l) => [l.params.message, l.t])).toEqual([
      ['a1', 0],
      ['b1', 0],
      ['a2', 500],
      ['a3', 1000],
    ]);
  });

  it('per user and per discuss are separate targets from groups with the same number', async () => {
    const { bot, memory } = await setup({
      scheduler: { perGroup: { count: 1, interval: 1000 }, perUser: { count: 2, interval: 1000 }, perDiscuss: { count: 1, interval: 300 } },
    });
    const log: Array<[string, number]> = [];
    for (const action of ['send_group_msg', 'send_private_msg', 'send_discuss_msg']) {
      memory.respond(action, () => {
        log.push([action, Date.now()]);
        return { message_id: 1 };
      });
    }
    const all = [
      bot.sendGroupMsg({ group_id: 5, message: 'x' }),
      bot.sendGroupMsg({ group_id: 5, message: 'x' }),
      bot.sendPrivateMsg({ user_id: 5, message: 'x' }),
      bot.sendPrivateMsg({ user_id: 5, message: 'x' }),
      bot.sendPrivateMsg({ user_id: 5, message: 'x' }),
      bot.sendDiscussMsg({ discuss_id: 5, message: 'x' }),
      bot.sendDiscussMsg({ discuss_id: 5, message: 'x' }),
      // send_msg resolves its target from its parameters.
      bot.sendMsg({ message_type: 'group', group_id: 5, message: 'x' }),
    ];
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    const at = (action: string) => log.filter(([a]) => a === action).map(([, t]) => t);
    expect(at('send_group_msg')).toEqual([0, 1000]);
    expect(at('send_private_msg')).toEqual([0, 0, 1000]);
    expect(at('send_discuss_msg')).toEqual([0, 300]);
    expect(memory.callsOf('send_msg').length).toBe(1);
    // send_msg to group 5 waited behind the two send_group_msg calls of group 5.
    expect(bot.metrics.targets.get('group:5')).toEqual({ queued: 0, inFlight: 0, sent: 3, failed: 0 });
  });

  it('global and per-target limits combine', async () => {
    const { bot, memory } = await setup({
      scheduler: { concurrency: 10, global: { count: 2, interval: 1000 }, perGroup: { count: 1, interval: 1000 } },
    });
    const log = recordTimes(memory, 'send_group_msg');
    const all = [
      bot.sendGroupMsg({ group_id: 1, message: 'a1' }),
      bot.sendGroupMsg({ group_id: 1, message: 'a2' }),
      bot.sendGroupMsg({ group_id: 2, message: 'b1' }),
      bot.sendGroupMsg({ group_id: 3, message: 'c1' }),
    ];
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    expect(log.map((l) => [l.params.message, l.t])).toEqual([
      ['a1', 0],
      ['b1', 0],
      // c1 has waited for the global window since 0; a2 leaves its group lane only at 1000.
      ['c1', 1000],
      ['a2', 1000],
    ]);
  });

  it('jitter adds a bounded random delay to waits (injected random)', async () => {
    const scheduler = new Scheduler({ perGroup: { count: 1, interval: 1000, jitter: 200 }, random: () => 0.5 });
    const times: number[] = [];
    const run = () =>
      scheduler.schedule({ action: 'send_group_msg', params: {}, target: { kind: 'group', id: 1 } }, async () => {
        times.push(Date.now());
      }).promise;
    const all = [run(), run(), run()];
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    // Each wait of 1000 ms gets 0.5 x 200 ms extra.
    expect(times).toEqual([0, 1100, 2200]);
  });

  it('a clock can be injected instead of fake timers', async () => {
    vi.useRealTimers();
    let now = 0;
    const timers: Array<{ at: number; fn: () => void }> = [];
    const clock = {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        const t = { at: now + ms, fn };
        timers.push(t);
        return t;
      },
      clearTimeout: (h: unknown) => {
        const i = timers.indexOf(h as (typeof timers)[number]);
        if (i !== -1) timers.splice(i, 1);
      },
    };
    const scheduler = new Scheduler({ global: false, perUser: { count: 2, interval: 1000 }, clock });
    const starts: number[] = [];
    const all = [1, 2, 3, 4, 5].map(
      () =>
        scheduler.schedule({ action: 'send_private_msg', params: {}, target: { kind: 'user', id: 9 } }, async () => {
          starts.push(now);
        }).promise,
    );
    const flush = () => new Promise((r) => setImmediate(r));
    await flush();
    for (let step = 0; step < 10 && starts.length < 5; step++) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) {
        await flush();
        continue;
      }
      now = next.at;
      next.fn();
      await flush();
    }
    await Promise.all(all);
    expect(starts).toEqual([0, 0, 1000, 1000, 2000]);
  });
});

describe('bounded queue, enqueue, failures', () => {
  it('refuses calls past maxQueue with ActionError queue-full, reported as send/failed', async () => {
    const { app, bot, memory } = await setup({ scheduler: { concurrency: 1, maxQueue: 2 } });
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    recordTimes(memory, 'send_group_msg', 1000);
    const inFlight = bot.sendGroupMsg({ group_id: 1, message: 'a' });
    await vi.advanceTimersByTimeAsync(0);
    const waiting = [bot.sendGroupMsg({ group_id: 2, message: 'b' }), bot.sendGroupMsg({ group_id: 3, message: 'c' })];
    const refused = await bot.sendGroupMsg({ group_id: 4, message: 'd' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ActionError);
    expect((refused as ActionError).kind).toBe('queue-full');
    expect((refused as ActionError).message).toContain('maxQueue');
    expect(bot.metrics.rejected).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all([inFlight, ...waiting]);
    expect(failures.map((f) => [f.error.kind, f.target])).toEqual([['queue-full', { kind: 'group', id: 4 }]]);
    expect(memory.callsOf('send_group_msg')).toHaveLength(3);
  });

  it('enqueue returns at once with a handle; a failure becomes an event, not an unhandled rejection', async () => {
    const { app, bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    recordTimes(memory, 'send_group_msg', 100);
    const first = bot.enqueue('send_group_msg', { group_id: 1, message: 'a' });
    const second = bot.enqueue('send_group_msg', { group_id: 2, message: 'b' });
    memory.fail('send_private_msg', 103);
    const third = bot.enqueue('send_private_msg', { user_id: 3, message: 'c' });
    // Position = calls waiting ahead: the first went straight in flight, so the second has none ahead.
    expect([first.position, second.position, third.position]).toEqual([0, 0, 1]);
    expect(first.id).not.toBe(second.id);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await first.promise).toEqual({ message_id: 1 });
    await expect(third.promise).rejects.toMatchObject({ kind: 'retcode', retcode: 103 });
    expect(failures.map((f) => [f.action, f.retcode])).toEqual([['send_private_msg', 103]]);
  });

  it('enqueue position counts only the calls that go first: higher priorities and earlier equal ones', async () => {
    const { bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const log = recordTimes(memory, 'send_group_msg', 10);
    const blocker = bot.enqueue('send_group_msg', { group_id: 1, message: 'blocker' });
    const a = bot.enqueue('send_group_msg', { group_id: 2, message: 'a' });
    const b = bot.enqueue('send_group_msg', { group_id: 3, message: 'b' });
    const urgent = bot.enqueue('send_group_msg', { group_id: 4, message: 'urgent' }, { priority: 5 });
    const low = bot.enqueue('send_group_msg', { group_id: 5, message: 'low' }, { priority: -1 });
    const urgent2 = bot.enqueue('send_group_msg', { group_id: 6, message: 'urgent2' }, { priority: 5 });
    expect([blocker, a, b, urgent, low, urgent2].map((h) => h.position)).toEqual([0, 0, 1, 0, 3, 1]);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all([blocker, a, b, urgent, low, urgent2].map((h) => h.promise));
    // The positions were true: each call had exactly that many calls sent between the blocker and it.
    expect(log.map((l) => l.params.message)).toEqual(['blocker', 'urgent', 'urgent2', 'a', 'b', 'low']);
    // Once the queue emptied, a new call is next again.
    expect(bot.enqueue('send_group_msg', { group_id: 7, message: 'later' }).position).toBe(0);
  });

  it('enqueue with missing parameters rejects at once with invalid-params, reported as an event', async () => {
    const { app, bot, memory } = await setup();
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    const handle = bot.enqueue('send_group_msg', { message: 'x' } as never);
    expect(handle.position).toBe(-1);
    await expect(handle.promise).rejects.toMatchObject({ kind: 'invalid-params', message: 'send_group_msg: missing required parameter group_id' });
    expect(failures.map((f) => f.error.kind)).toEqual(['invalid-params']);
    expect(memory.calls).toEqual([]);
  });

  it('records metrics: sent, failed, wait time, per target', async () => {
    const { bot, memory } = await setup({ scheduler: { perGroup: { count: 1, interval: 1000 } } });
    recordTimes(memory, 'send_group_msg');
    memory.fail('send_private_msg', 100);
    const all = [
      bot.sendGroupMsg({ group_id: 1, message: 'a' }),
      bot.sendGroupMsg({ group_id: 1, message: 'b' }),
      bot.sendPrivateMsg({ user_id: 2, message: 'c' }).catch(() => null),
    ];
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(all);
    expect(bot.metrics).toMatchObject({ queued: 0, inFlight: 0, sent: 2, failed: 1, waitTimeTotal: 1000, waitTimeMax: 1000 });
    expect(bot.metrics.targets.get('group:1')).toEqual({ queued: 0, inFlight: 0, sent: 2, failed: 0 });
    expect(bot.metrics.targets.get('user:2')).toEqual({ queued: 0, inFlight: 0, sent: 0, failed: 1 });
  });
});

describe('cancelWaiting', () => {
  it('cancels what waits, and every target keeps working afterwards', async () => {
    const scheduler = new Scheduler({ concurrency: 1, perGroup: { count: 5, interval: 1000 }, global: false });
    const sent: string[] = [];
    const job = (group: number, text: string, latency: number) =>
      scheduler.schedule({ action: 'send_group_msg', params: { text }, target: { kind: 'group', id: group } }, async () => {
        sent.push(text);
        await new Promise((r) => setTimeout(r, latency));
      }).promise;
    const a = job(1, 'a', 100);
    // b and c wait: b in the account queue behind a, c in group 1's lane behind a.
    const b = job(2, 'b', 0).catch((e: unknown) => e);
    const c = job(1, 'c', 0).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const cancelled = scheduler.cancelWaiting('account under risk control');
    expect(cancelled.map((i) => i.params.text)).toEqual(['b', 'c']);
    expect(await b).toMatchObject({ kind: 'cancelled', message: 'send_group_msg: account under risk control' });
    expect(await c).toMatchObject({ kind: 'cancelled' });
    await vi.advanceTimersByTimeAsync(100);
    await a;
    // Both lanes are free again: new calls to groups 1 and 2 go out.
    const later = [job(2, 'd', 0), job(1, 'e', 0)];
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(later);
    expect(sent).toEqual(['a', 'd', 'e']);
    expect(scheduler.metrics).toMatchObject({ queued: 0, inFlight: 0, sent: 3, cancelled: 2 });
  });

  it('cancelled calls use up no slot of the global limit', async () => {
    const scheduler = new Scheduler({ concurrency: 1, global: { count: 2, interval: 1000 }, perGroup: false });
    const starts: Array<[string, number]> = [];
    const job = (text: string, latency: number) =>
      scheduler.schedule({ action: 'send_group_msg', params: { text }, target: { kind: 'group', id: 1 } }, async () => {
        starts.push([text, Date.now()]);
        await new Promise((r) => setTimeout(r, latency));
      }).promise;
    const first = job('a', 100);
    const waiting = [1, 2, 3, 4, 5].map((n) => job(`w${n}`, 0).catch(() => 'cancelled'));
    await vi.advanceTimersByTimeAsync(0);
    scheduler.cancelWaiting();
    expect(await Promise.all(waiting)).toEqual(Array(5).fill('cancelled'));
    const next = job('b', 0);
    await vi.advanceTimersByTimeAsync(200);
    await Promise.all([first, next]);
    // b is the second start of the window, right after a finished.
    expect(starts).toEqual([
      ['a', 0],
      ['b', 100],
    ]);
  });
});

describe('abort signals', () => {
  it('a call aborted while it waits in the queue is never sent, and is reported as cancelled', async () => {
    const { app, bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    recordTimes(memory, 'send_group_msg', 100);
    const controller = new AbortController();
    const first = bot.sendGroupMsg({ group_id: 1, message: 'a' });
    const aborted = bot.sendGroupMsg({ group_id: 2, message: 'b' }, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await vi.advanceTimersByTimeAsync(200);
    await first;
    expect(await aborted).toMatchObject({ kind: 'cancelled', action: 'send_group_msg' });
    expect(memory.callsOf('send_group_msg').map((c) => c.params.message)).toEqual(['a']);
    expect(failures.map((f) => [f.error.kind, f.target])).toEqual([['cancelled', { kind: 'group', id: 2 }]]);
  });

  it('aborting a call in flight settles it at once, without waiting for the timeout', async () => {
    const { bot, memory } = await setup();
    memory.respond('get_status', () => new Promise(() => {}));
    const controller = new AbortController();
    const pending = bot.getStatus(undefined, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort(new Error('user gave up'));
    await vi.advanceTimersByTimeAsync(0);
    const error = await pending;
    expect(error).toMatchObject({ kind: 'cancelled', message: "get_status: cancelled by the caller's signal" });
    expect((error as ActionError).cause).toMatchObject({ message: 'user gave up' });
    // Its timeout timer was cleared with it.
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('per-target metrics table', () => {
  it('stays bounded: the oldest idle targets are forgotten, busy ones kept, totals exact', async () => {
    const scheduler = new Scheduler({ concurrency: 2, global: false, perUser: false, maxTargets: 10 });
    const send = (user: number, latency = 0) =>
      scheduler.schedule({ action: 'send_private_msg', params: {}, target: { kind: 'user', id: user } }, async () => {
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      }).promise;
    const slow = send(1, 5000); // in flight the whole time
    for (let user = 2; user <= 10; user++) await send(user);
    expect(scheduler.metrics.targets.size).toBe(10);
    // An 11th target: the table is full, so the oldest idle entries go, down to 9; user 1 is busy and stays.
    await send(11);
    expect([...scheduler.metrics.targets.keys()]).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((u) => `user:${u}`));
    expect(scheduler.metrics.targets.get('user:1')).toEqual({ queued: 0, inFlight: 1, sent: 0, failed: 0 });
    await vi.advanceTimersByTimeAsync(5000);
    await slow;
    expect(scheduler.metrics.targets.get('user:1')).toEqual({ queued: 0, inFlight: 0, sent: 1, failed: 0 });
    expect(scheduler.metrics).toMatchObject({ sent: 11, inFlight: 0, queued: 0 });
    // A forgotten target that sends again gets a fresh entry in the table (not a lost counter).
    await send(2);
    expect(scheduler.metrics.targets.get('user:2')).toEqual({ queued: 0, inFlight: 0, sent: 1, failed: 0 });
  });
});

describe('drain on stop', () => {
  it('sends what it can before the deadline and reports (and cancels) the rest', async () => {
    const { app, bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    const log = recordTimes(memory, 'send_group_msg', 100);
    const results = [1, 2, 3, 4, 5].map((n) => bot.sendGroupMsg({ group_id: n, message: `m${n}` }).then(
      () => 'sent',
      (e: ActionError) => e.kind,
    ));
    await vi.advanceTimersByTimeAsync(0);
    const stopping = app.stop({ deadline: 250 });
    await vi.advanceTimersByTimeAsync(250);
    const report = await stopping;
    expect(report.drained).toBe(false);
    expect(report.left).toBe(2);
    expect(report.inFlight).toBe(1);
    expect(report.items.map((i) => [i.action, i.params.message, i.selfId])).toEqual([
      ['send_group_msg', 'm4', 10001],
      ['send_group_msg', 'm5', 10001],
    ]);
    // m3 was on the wire at the deadline: given up, listed apart ("may have been sent").
    expect(report.maybeSent.map((i) => [i.action, i.params.message, i.selfId, i.target])).toEqual([
      ['send_group_msg', 'm3', 10001, { kind: 'group', id: 3 }],
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await Promise.all(results)).toEqual(['sent', 'sent', 'cancelled', 'cancelled', 'cancelled']);
    expect(log).toHaveLength(3);
    // The cancelled ones were announced as send/failed before plugins were unloaded.
    expect(failures.map((f) => [f.error.kind, f.params.message])).toEqual([
      ['cancelled', 'm4'],
      ['cancelled', 'm5'],
      ['cancelled', 'm3'],
    ]);
    expect(failures[2]!.error.message).toContain('may have been sent, so it is not re-sent');
    // Nothing new is taken after stop.
    await expect(bot.sendGroupMsg({ group_id: 9, message: 'late' })).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('reports drained when everything went out in time', async () => {
    const { app, bot, memory } = await setup({ scheduler: { perGroup: { count: 1, interval: 100 } } });
    recordTimes(memory, 'send_group_msg');
    const all = [1, 2, 3].map(() => bot.sendGroupMsg({ group_id: 1, message: 'x' }));
    const stopping = app.stop({ deadline: 1000 });
    await vi.advanceTimersByTimeAsync(300);
    expect(await stopping).toEqual({ drained: true, left: 0, items: [], inFlight: 0, maybeSent: [] });
    await Promise.all(all);
    expect(memory.calls).toHaveLength(3);
  });
});
