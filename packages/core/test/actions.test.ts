import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ActionError, type ActionParams, type ActionResult, actionNames, actionTable, methodName } from '@cqkit/protocol';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Bot, BotTransport, CallReceiver, SendFailure } from '../src/index.js';
import { BOT, setup } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

/** The catalogue's action names, from the actions.json @cqkit/protocol ships (or $CQKIT_SPEC_DIR). */
function catalogueNames(): string[] {
  const env = process.env.CQKIT_SPEC_DIR;
  const file = env ? join(env, 'actions.json') : createRequire(import.meta.url).resolve('@cqkit/protocol/catalogue/actions.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { name: string }[]).map((a) => a.name);
}

function sampleParams(name: keyof typeof actionTable): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of actionTable[name].params) {
    if (!p.required) continue;
    params[p.name] = p.type === 'number' ? 12345 : p.type === 'boolean' ? true : p.type === 'object' ? {} : p.type === 'array' ? [] : 'x';
  }
  return params;
}

describe('every action is a method', () => {
  it('walks the catalogue: each of the 80 actions has a camelCase method that calls through with defaults applied', async () => {
    const { bot, memory } = await setup();
    const names = catalogueNames();
    expect(names).toHaveLength(80);
    expect(new Set(names)).toEqual(new Set(actionNames));
    for (const name of actionNames) {
      const method = (bot as unknown as Record<string, unknown>)[methodName(name)];
      expect(typeof method, `${name} -> ${methodName(name)}`).toBe('function');
      const params = sampleParams(name);
      memory.calls.length = 0;
      await (method as (p: unknown, o: unknown) => Promise<unknown>).call(bot, params, { mode: 'direct' });
      expect(memory.calls, name).toHaveLength(1);
      const call = memory.calls[0]!;
      expect(call.action).toBe(name);
      for (const p of actionTable[name].params) {
        if (p.default !== undefined && !(p.name in params)) expect(call.params[p.name], `${name}.${p.name} default`).toEqual(p.default);
      }
      expect(call.options.idempotent).toBe(actionTable[name].effect === 'read');
    }
  });

  it('methods are typed from the catalogue', async () => {
    const { bot } = await setup();
    expectTypeOf(bot.sendGroupMsg).parameter(0).toEqualTypeOf<ActionParams<'send_group_msg'>>();
    expectTypeOf(bot.sendGroupMsg).returns.toEqualTypeOf<Promise<ActionResult<'send_group_msg'>>>();
    expectTypeOf(bot.getLoginInfo).returns.toEqualTypeOf<Promise<ActionResult<'get_login_info'>>>();
    expectTypeOf(bot.handleQuickOperation).toBeFunction();
    expectTypeOf(bot._getFriendList).toBeFunction();
    const info = await bot.getLoginInfo();
    expect(info).toEqual({ user_id: BOT, nickname: `bot${BOT}` });
    // @ts-expect-error group_id is required
    await bot.sendGroupMsg({ message: 'x' }).catch(() => {});
  });

  it('the methods live on the prototype, installed once', async () => {
    const { bot, app } = await setup();
    const second = app.addBot(20002, { call: async () => null });
    expect(Object.hasOwn(bot, 'sendGroupMsg')).toBe(false);
    expect(bot.sendGroupMsg).toBe(second.sendGroupMsg);
  });
});

describe('calling actions', () => {
  it('applies defaults and older parameter names', async () => {
    const { bot, memory } = await setup();
    await bot.sendLike({ user_id: 1 });
    await bot.call('send_private_msg', { user_id: 2, message: 'x', is_raw: true });
    expect(memory.calls.map((c) => c.params)).toEqual([
      { user_id: 1, times: 1 },
      { user_id: 2, message: 'x', auto_escape: true },
    ]);
  });

  it('rejects missing parameters locally with ActionError invalid-params', async () => {
    const { bot, memory } = await setup();
    const error = await bot.call('send_group_msg', { message: 'x' } as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).kind).toBe('invalid-params');
    expect((error as ActionError).message).toContain('group_id');
    expect(memory.calls).toEqual([]);
  });

  it('a failed send rejects with ActionError and is emitted as send/failed, once, never retried', async () => {
    const { app, bot, memory } = await setup();
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    memory.fail('send_group_msg', 102);
    const error = await bot.sendGroupMsg({ group_id: 7, message: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ActionError);
    expect((error as ActionError).retcode).toBe(102);
    expect(memory.callsOf('send_group_msg')).toHaveLength(1);
    await Promise.resolve();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ action: 'send_group_msg', target: { kind: 'group', id: 7 }, retcode: 102 });
    expect(failures[0]!.bot).toBe(bot);
  });

  it('a failed read rejects but is not a send failure', async () => {
    const { app, bot, memory } = await setup();
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    memory.fail('get_group_info', 100);
    await expect(bot.getGroupInfo({ group_id: 1 })).rejects.toMatchObject({ kind: 'retcode', retcode: 100 });
    await Promise.resolve();
    expect(failures).toEqual([]);
  });

  it('a transport throwing a plain error is wrapped as ActionError unreachable', async () => {
    const { bot, memory } = await setup();
    memory.respond('get_status', () => {
      throw new Error('socket closed');
    });
    await expect(bot.getStatus()).rejects.toMatchObject({ name: 'ActionError', kind: 'unreachable', action: 'get_status' });
  });

  it('times out after 30 s by default, or the per-call timeout; the transport gets the timeout and the caller signal', async () => {
    vi.useFakeTimers();
    const { bot, memory } = await setup();
    memory.respond('get_status', () => new Promise(() => {}));
    const controller = new AbortController();
    const slow = bot.getStatus().catch((e: unknown) => e);
    const quick = bot.getStatus(undefined, { timeout: 1000, signal: controller.signal }).catch((e: unknown) => e);
    expect(memory.calls.map((c) => c.options.timeout)).toEqual([30_000, 1000]);
    expect(memory.calls[0]!.options.signal).toBeUndefined();
    expect(memory.calls[1]!.options.signal).toBe(controller.signal);
    await vi.advanceTimersByTimeAsync(999);
    let quickDone = false;
    void quick.then(() => {
      quickDone = true;
    });
    await Promise.resolve();
    expect(quickDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await quick).toMatchObject({ kind: 'timeout', message: 'get_status: no answer within 1000 ms' });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(await slow).toMatchObject({ kind: 'timeout', action: 'get_status' });
  });

  it('mode async and rate_limited use the server suffixes; direct skips the queue', async () => {
    const { bot, memory } = await setup();
    await bot.sendGroupMsg({ group_id: 1, message: 'a' }, { mode: 'async' });
    await bot.sendGroupMsg({ group_id: 1, message: 'b' }, { mode: 'rate_limited' });
    await bot.sendGroupMsg({ group_id: 1, message: 'c' }, { mode: 'direct' });
    await bot.sendGroupMsg({ group_id: 1, message: 'd' });
    expect(memory.calls.map((c) => c.action)).toEqual(['send_group_msg_async', 'send_group_msg_rate_limited', 'send_group_msg', 'send_group_msg']);
    // Only the default (queued) one went through the scheduler.
    expect(bot.metrics.sent).toBe(1);
  });

  it('a transport with deliver() gets the call and the core\'s receiver: success, failure (reported), a late second outcome ignored', async () => {
    const { app, bot } = await setup();
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    const delivered: Array<{ action: string; params: Record<string, unknown>; receiver: CallReceiver }> = [];
    const transport: BotTransport = {
      call: () => Promise.reject(new Error('call() must not be used when deliver() exists')),
      deliver: (action, params, _options, receiver) => void delivered.push({ action, params, receiver }),
    };
    app.addBot(BOT, transport);
    const ok = bot.sendGroupMsg({ group_id: 3, message: 'hi' });
    const bad = bot.sendGroupMsg({ group_id: 4, message: 'no' });
    expect(delivered.map((d) => [d.action, d.params.group_id])).toEqual([
      ['send_group_msg', 3],
      ['send_group_msg', 4],
    ]);
    expect(bot.callsInFlight).toBe(2);
    delivered[0]!.receiver.succeed({ message_id: 9 });
    delivered[0]!.receiver.fail(new Error('too late'));
    delivered[1]!.receiver.fail(new ActionError({ action: 'send_group_msg', kind: 'retcode', retcode: 100, message: 'refused' }));
    await expect(ok).resolves.toEqual({ message_id: 9 });
    await expect(bad).rejects.toMatchObject({ kind: 'retcode', retcode: 100 });
    expect(failures.map((f) => f.target)).toEqual([{ kind: 'group', id: 4 }]);
    expect(bot.callsInFlight).toBe(0);
    expect(bot.metrics).toMatchObject({ sent: 1, failed: 1, inFlight: 0 });
  });

  it('unknown actions pass through call() untyped', async () => {
    const { bot, memory } = await setup();
    memory.respond('custom_thing', (p) => ({ echo: p.x }));
    expect(await bot.call('custom_thing', { x: 1 })).toEqual({ echo: 1 });
  });
});

describe('bots and routing', () => {
  it('ctx.bot, ctx.bots, session.bot routed by self id', async () => {
    const { app, memory } = await setup();
    const calls: string[] = [];
    const second: Bot = app.addBot(20002, {
      call: async (action) => {
        calls.push(action);
        return { message_id: 1 };
      },
    });
    expect(app.bot.selfId).toBe(BOT);
    expect([...app.bots.keys()]).toEqual([BOT, 20002]);
    app.on('message', (s) => void s.send(`from ${s.bot.selfId}`));
    await memory.receive(memory.privateMessage(1, 'x', { selfId: 20002 }));
    await memory.receive(memory.privateMessage(1, 'x'));
    expect(calls).toEqual(['send_private_msg']);
    expect(memory.calls.map((c) => c.params.message)).toEqual([`from ${BOT}`]);
    app.removeBot(20002);
    expect(app.bots.has(20002)).toBe(false);
    expect(second.selfId).toBe(20002);
  });

  it('ctx.bot throws a clear error while no bot is connected', async () => {
    const { createApp } = await import('../src/index.js');
    const app = createApp({ logLevel: 'silent' });
    expect(() => app.bot).toThrow(/no bot is connected/);
  });

  it('re-adding a known self id swaps the transport and keeps the bot and its queue', async () => {
    const { app, bot, memory } = await setup();
    const calls: string[] = [];
    const again = app.addBot(bot.selfId, {
      call: async (action) => {
        calls.push(action);
        return { message_id: 7 };
      },
    });
    expect(again).toBe(bot);
    expect(await bot.sendPrivateMsg({ user_id: 1, message: 'x' })).toEqual({ message_id: 7 });
    expect(calls).toEqual(['send_private_msg']);
    expect(memory.calls).toEqual([]);
  });

  it('removing a bot cancels its waiting calls and reports them as send/failed', async () => {
    vi.useFakeTimers();
    const { app, bot, memory } = await setup({ scheduler: { concurrency: 1 } });
    const failures: SendFailure[] = [];
    app.on('send/failed', (f) => void failures.push(f));
    memory.respond('send_group_msg', () => new Promise((r) => setTimeout(() => r({ message_id: 1 }), 100)));
    const first = bot.sendGroupMsg({ group_id: 1, message: 'a' });
    const second = bot.sendGroupMsg({ group_id: 2, message: 'b' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    app.removeBot(bot.selfId);
    expect(await second).toMatchObject({ kind: 'cancelled' });
    await vi.advanceTimersByTimeAsync(100);
    expect(await first).toEqual({ message_id: 1 });
    expect(failures.map((f) => [f.error.kind, f.target])).toEqual([['cancelled', { kind: 'group', id: 2 }]]);
  });

  it('a failed start stops the adapters already started (and the failing one) and rethrows', async () => {
    const { createApp } = await import('../src/index.js');
    const app = createApp({ logLevel: 'silent' });
    const events: string[] = [];
    const fake = (name: string, fail: boolean) => ({
      name,
      async start() {
        events.push(`start ${name}`);
        if (fail) throw new Error(`${name}: port in use`);
      },
      async stop() {
        events.push(`stop ${name}`);
        if (name === 'b') throw new Error('stop fails too');
      },
    });
    app.adapter(fake('a', false));
    app.adapter(fake('b', true));
    app.adapter(fake('c', false));
    await expect(app.start()).rejects.toThrow('b: port in use');
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(app.isStarted).toBe(false);
    // Stopping the app afterwards does not stop them a second time.
    expect(await app.stop({ deadline: 0 })).toEqual({ drained: true, left: 0, items: [], inFlight: 0, maybeSent: [] });
    expect(events).toHaveLength(4);
  });

  it('an adapter added after start is started at once', async () => {
    const { app } = await setup();
    let started = false;
    app.adapter({
      name: 'late',
      async start(host) {
        started = true;
        host.addBot(30003, { call: async () => null });
      },
      async stop() {},
    });
    await Promise.resolve();
    expect(started).toBe(true);
    expect(app.bots.has(30003)).toBe(true);
  });
});
