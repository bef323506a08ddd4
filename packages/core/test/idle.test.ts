import { afterEach, describe, expect, it, vi } from 'vitest';
import { type App, type Clock, createApp, memoryAdapter, Scheduler } from '../src/index.js';
import { BOT, setup } from './helpers.js';
import { flush, manualClock } from './manual-clock.js';

/** Watches a promise: `done` turns true once it resolved. */
function watch(promise: Promise<void>): { readonly done: boolean } {
  const state = { done: false };
  void promise.then(() => {
    state.done = true;
  });
  return state;
}

/** Resolves after `ms` on `clock` (a transport or a handler that takes time). */
function after<T>(clock: Clock, ms: number, value: T): Promise<T> {
  return new Promise((resolve) => clock.setTimeout(() => resolve(value), ms));
}

/** Sends whose text is `text`, in any of the send actions. */
function sent(memory: ReturnType<typeof memoryAdapter>, text: string): number {
  return memory.calls.filter((c) => c.action.startsWith('send_') && c.params.message === text).length;
}

describe('app.idle()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves at once when nothing is going on', async () => {
    const { app, bot } = await setup({ clock: manualClock() });
    expect(app.isIdle).toBe(true);
    expect(bot.isIdle).toBe(true);
    expect(app.eventsInProgress).toBe(0);
    expect(app.pendingPrompts).toBe(0);
    const idle = watch(app.idle());
    await flush();
    expect(idle.done).toBe(true);
  });

  it('waits for a send held back by the per-target limit (injected clock)', async () => {
    const clock = manualClock();
    const { app, memory, bot } = await setup({ clock, scheduler: { perGroup: { count: 1, interval: 1000 } } });
    app.on('message', (s) => {
      void s.send('one');
      void s.send('two');
    });
    await memory.receive(memory.groupMessage(5, 7, 'go'));
    // The handler is done, but 'two' waits for group 5's window.
    expect(app.eventsInProgress).toBe(0);
    expect(bot.metrics.queued).toBe(1);
    const idle = watch(app.idle());
    await flush();
    expect(idle.done).toBe(false);
    expect(app.isIdle).toBe(false);
    expect(sent(memory, 'two')).toBe(0);
    clock.advance(999);
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(1);
    await flush();
    expect(idle.done).toBe(true);
    expect(sent(memory, 'two')).toBe(1);
    expect(bot.metrics).toMatchObject({ queued: 0, inFlight: 0, sent: 2 });
  });

  it('waits for a send held back by the global limit (fake timers drive p-queue)', async () => {
    vi.useFakeTimers({ now: 0 });
    const { app, memory, bot } = await setup({ scheduler: { global: { count: 1, interval: 1000 } } });
    void bot.sendGroupMsg({ group_id: 1, message: 'a' });
    void bot.sendGroupMsg({ group_id: 2, message: 'b' });
    const idle = watch(app.idle());
    await vi.advanceTimersByTimeAsync(500);
    expect(idle.done).toBe(false);
    expect(sent(memory, 'b')).toBe(0);
    await vi.advanceTimersByTimeAsync(600);
    expect(idle.done).toBe(true);
    expect(sent(memory, 'b')).toBe(1);
  });

  it('waits for an async handler to finish, then for the call it made', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    memory.respond('send_private_msg', () => after(clock, 50, { message_id: 1 }));
    app.command('slow').action(async () => after(clock, 500, 'done'));
    const receiving = watch(memory.receive(memory.privateMessage(3, '/slow')).then(() => undefined));
    await flush();
    expect(app.eventsInProgress).toBe(1);
    const idle = watch(app.idle());
    clock.advance(499);
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(1);
    await flush();
    // The handler returned; its answer is in flight (the dispatch waits for it too).
    expect(sent(memory, 'done')).toBe(1);
    expect(idle.done).toBe(false);
    clock.advance(50);
    await flush();
    expect(receiving.done).toBe(true);
    expect(idle.done).toBe(true);
    expect(app.eventsInProgress).toBe(0);
  });

  it('waits for a direct (unqueued) call in flight', async () => {
    const clock = manualClock();
    const { app, memory, bot } = await setup({ clock });
    memory.respond('get_login_info', () => after(clock, 100, { user_id: BOT, nickname: 'bot' }));
    void bot.getLoginInfo();
    expect(bot.callsInFlight).toBe(1);
    const idle = watch(app.idle());
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(100);
    await flush();
    expect(idle.done).toBe(true);
    expect(bot.callsInFlight).toBe(0);
  });

  it('counts a handler that only waits on session.prompt() as idle, and busy again once answered', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    memory.respond('send_private_msg', () => after(clock, 20, { message_id: 1 }));
    app.command('ask').action(async ({ session }) => {
      const answer = await session.prompt(60_000);
      return `got ${answer?.plainText ?? 'nothing'}`;
    });
    const asking = memory.receive(memory.privateMessage(3, '/ask'));
    await flush();
    expect(app.pendingPrompts).toBe(1);
    expect(app.eventsInProgress).toBe(0);
    expect(app.isIdle).toBe(true);
    await app.idle();

    const answering = memory.receive(memory.privateMessage(3, 'blue'));
    await flush();
    expect(app.pendingPrompts).toBe(0);
    // The asking handler ran again and returned; its answer is the bot's, in flight.
    expect(app.eventsInProgress).toBe(0);
    expect(app.isIdle).toBe(false);
    const idle = watch(app.idle());
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(20);
    await Promise.all([asking, answering]);
    await flush();
    expect(idle.done).toBe(true);
    expect(sent(memory, 'got blue')).toBe(1);
  });

  it('a prompt that times out resumes its handler: busy until that is done', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    app.command('ask').action(async ({ session }) => {
      await session.prompt(1000);
      await after(clock, 300, null);
      return 'gave up';
    });
    void memory.receive(memory.privateMessage(3, '/ask'));
    await flush();
    expect(app.isIdle).toBe(true);
    clock.advance(1000);
    expect(app.eventsInProgress).toBe(1);
    const idle = watch(app.idle());
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(300);
    await flush();
    expect(idle.done).toBe(true);
    expect(sent(memory, 'gave up')).toBe(1);
  });

  it('waits for a send held behind a quick reply (the window closes when the handlers are done)', async () => {
    const clock = manualClock();
    const { app, memory } = await setup({ clock });
    memory.respond('send_private_msg', () => after(clock, 40, { message_id: 1 }));
    app.on('message', async (s) => {
      void s.send('quick');
      void s.send('later');
      await after(clock, 10, null);
    });
    const receiving = memory.receive(memory.privateMessage(3, 'hi'), { quickWindow: 1000 });
    await flush();
    // Someone already waits when the handler ends; 'later' must be queued before it looks again.
    const idle = watch(app.idle());
    clock.advance(10);
    expect(await receiving).toEqual({ reply: 'quick' });
    await flush();
    expect(sent(memory, 'later')).toBe(1);
    expect(idle.done).toBe(false);
    clock.advance(40);
    await flush();
    expect(idle.done).toBe(true);
  });

  it('waits for every bot', async () => {
    const clock = manualClock();
    const app: App = createApp({ logLevel: 'silent', clock, scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false } });
    const memory = memoryAdapter({ selfIds: [1, 2] });
    app.adapter(memory);
    await app.start();
    memory.respond('send_group_msg', (params) => after(clock, params.group_id === 10 ? 100 : 300, { message_id: 1 }));
    app.on('message', (s) => void s.send('ok'));
    await memory.receive(memory.groupMessage(10, 7, 'hi', { selfId: 1 }));
    await memory.receive(memory.groupMessage(20, 7, 'hi', { selfId: 2 }));
    expect(app.bots.get(1)!.callsInFlight).toBe(1);
    expect(app.bots.get(2)!.callsInFlight).toBe(1);
    const idle = watch(app.idle());
    clock.advance(100);
    await flush();
    expect(app.bots.get(1)!.isIdle).toBe(true);
    expect(app.bots.get(2)!.isIdle).toBe(false);
    expect(idle.done).toBe(false);
    clock.advance(200);
    await flush();
    expect(idle.done).toBe(true);
    expect(app.isIdle).toBe(true);
  });
});

describe('Scheduler.idle()', () => {
  it('resolves once lanes, queue and calls in flight are empty, or when the waiting calls are cancelled', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ clock, global: false, perGroup: { count: 1, interval: 1000 } });
    expect(scheduler.isIdle).toBe(true);
    const target = { kind: 'group', id: 1 } as const;
    const first = scheduler.schedule({ action: 'send_group_msg', params: {}, target }, () => after(clock, 10, 1));
    const second = scheduler.schedule({ action: 'send_group_msg', params: {}, target }, () => after(clock, 10, 2));
    const idle = watch(scheduler.idle());
    clock.advance(10);
    await first.promise;
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(990);
    await flush();
    expect(idle.done).toBe(false);
    clock.advance(10);
    expect(await second.promise).toBe(2);
    await flush();
    expect(idle.done).toBe(true);

    const third = scheduler.schedule({ action: 'send_group_msg', params: {}, target }, () => after(clock, 10, 3));
    third.promise.catch(() => undefined);
    expect(scheduler.isIdle).toBe(false);
    const again = watch(scheduler.idle());
    // Still inside group 1's window: the call waits in its lane until cancelled.
    scheduler.cancelWaiting('test');
    await flush();
    expect(again.done).toBe(true);
    await expect(third.promise).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
