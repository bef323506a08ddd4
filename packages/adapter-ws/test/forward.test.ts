// Forward WebSocket, universal and split, against the sandbox's WebSocket server over real sockets
// on 127.0.0.1. Back-off, timeouts and heartbeats run on one manual clock shared with the sandbox.
import type { App } from '@cqkit/core';
import { ActionError } from '@cqkit/protocol';
import { createSandbox, createWsServer, defaultWorld, ManualClock, type Sandbox, type WorldData } from '@cqkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { type WsAdapter, type WsAdapterOptions, wsAdapter } from '../src/index.js';
import type { SandboxWsServer } from './helpers/sandbox-ws.js';
import { ALICE, pingApp, SELF, settle, startApp, startSandboxWs, until } from './helpers/setup.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Mode = 'universal' | 'split';

interface Rig {
  clock: ManualClock;
  sandbox: Sandbox;
  server: SandboxWsServer;
  adapter: WsAdapter;
  app: App;
  seen: { heartbeats: number; messages: number };
}

const reconnect = { initialDelay: 1000, maxDelay: 8000, factor: 2, jitter: 0.5 };

async function rig(mode: Mode, options: { token?: string; adapterToken?: string; heartbeat?: number; selfId?: number; adapter?: Partial<WsAdapterOptions> } = {}): Promise<Rig> {
  const clock = new ManualClock();
  const { sandbox, server, url } = await startSandboxWs({ accessToken: options.token, heartbeat: options.heartbeat ? { interval: options.heartbeat } : undefined }, clock);
  cleanups.push(() => sandbox.stop(), () => server.close());
  const endpoint = mode === 'universal' ? { url } : { apiUrl: `${url}/api`, eventUrl: `${url}/event` };
  const adapter = wsAdapter({
    bots: [{ ...endpoint, selfId: options.selfId, accessToken: options.adapterToken ?? options.token }],
    reconnect,
    timers: clock,
    // random() = 0.5 puts the jitter at its centre: the delays are exactly 1000, 2000, 4000, 8000.
    random: () => 0.5,
    ...options.adapter,
  });
  const { app, seen } = pingApp();
  cleanups.push(() => app.stop({ deadline: 100 }));
  await startApp(app, adapter);
  return { clock, sandbox, server, adapter, app, seen };
}

describe.each(['universal', 'split'] as const)('forward %s', (mode) => {
  it('ping -> pong through a plugin, the account learned from the connection', async () => {
    const { sandbox, adapter, app } = await rig(mode);
    expect(adapter.selfIds).toEqual([SELF]);
    expect(app.bots.get(SELF)).toBeDefined();
    sandbox.say({ user: ALICE, text: 'ping' });
    const sent = await sandbox.nextBotMessage();
    expect(sent).toMatchObject({ text: 'pong', user_id: ALICE, message_type: 'private', origin: 'ws' });
    sandbox.say({ group: 3001, user: ALICE, text: 'ping' });
    expect(await sandbox.nextBotMessage()).toMatchObject({ text: 'pong', group_id: 3001 });
  });

  it('runs many calls at once, each answer matched to its call by echo', async () => {
    const { app, adapter } = await rig(mode, { selfId: SELF });
    const bot = app.bots.get(SELF)!;
    const ids = [2001, 2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2010];
    const calls = ids.map((user_id) => bot.call('get_stranger_info', { user_id }, { mode: 'direct' }));
    await until(() => adapter.status()[0]!.inFlight > 1, 'several calls in flight at once');
    const answers = (await Promise.all(calls)) as { user_id: number }[];
    expect(answers.map((a) => a.user_id)).toEqual(ids);
    // A failure is matched to its own call too, as an ActionError with the server's retcode.
    const mixed = await Promise.allSettled([
      bot.call('get_stranger_info', { user_id: 2001 }, { mode: 'direct' }),
      bot.call('no_such_action', {}, { mode: 'direct' }),
      bot.call('get_group_info', { group_id: 3001 }, { mode: 'direct' }),
    ]);
    expect(mixed[0]).toMatchObject({ status: 'fulfilled', value: { user_id: 2001 } });
    expect(mixed[1]).toMatchObject({ status: 'rejected', reason: { kind: 'not-found', retcode: 1404 } });
    expect(mixed[2]).toMatchObject({ status: 'fulfilled', value: { group_id: 3001 } });
  });

  it('is refused with a wrong or missing token; waiting calls fail as unauthorized', async () => {
    const { adapter, app } = await rig(mode, { token: 'right', adapterToken: 'wrong', selfId: SELF });
    expect(adapter.status()[0]!.connected).toBe(false);
    const bot = app.bots.get(SELF)!;
    const call = bot.call('get_login_info', {}, { mode: 'direct' });
    await expect(call).rejects.toBeInstanceOf(ActionError);
    await expect(call).rejects.toMatchObject({ kind: 'unauthorized' });
  });

  it('connects with the right token in each scheme', async () => {
    for (const tokenScheme of ['Bearer', 'Token', 'query'] as const) {
      const clock = new ManualClock();
      const { sandbox, server, url } = await startSandboxWs({ accessToken: 'right' }, clock);
      cleanups.push(() => sandbox.stop(), () => server.close());
      const endpoint = mode === 'universal' ? { url } : { apiUrl: `${url}/api`, eventUrl: `${url}/event` };
      const adapter = wsAdapter({ bots: [{ ...endpoint, accessToken: 'right', tokenScheme }], timers: clock });
      const { app } = pingApp();
      cleanups.push(() => app.stop({ deadline: 100 }));
      await startApp(app, adapter);
      expect(await app.bots.get(SELF)!.call('get_login_info', {}, { mode: 'direct' })).toMatchObject({ user_id: SELF });
    }
  });

  it('rejects calls in flight at once when the connection drops; they are not sent again', async () => {
    const { server, sandbox, adapter, app, clock } = await rig(mode, { selfId: SELF });
    const bot = app.bots.get(SELF)!;
    const failures: { action: string; kind: string }[] = [];
    app.on('send/failed', (failure) => {
      failures.push({ action: failure.action, kind: failure.error.kind });
    });
    server.freeze();
    const direct = bot.call('send_private_msg', { user_id: ALICE, message: 'in flight' }, { mode: 'direct', timeout: 60_000 });
    const queued = bot.sendPrivateMsg({ user_id: ALICE, message: 'queued in flight' }, { timeout: 60_000 });
    await until(() => adapter.status()[0]!.inFlight === 2, 'both calls on the wire');
    await server.close();
    // Rejected without any clock advance: not left to their 60 s timeout.
    await expect(direct).rejects.toMatchObject({ kind: 'unreachable' });
    await expect(queued).rejects.toMatchObject({ kind: 'unreachable' });
    // Core reports the queued send as failed (it may or may not have run: it is not re-sent).
    expect(failures).toContainEqual({ action: 'send_private_msg', kind: 'unreachable' });
    await server.listen();
    clock.advance(1000);
    await until(() => adapter.status()[0]!.connected, 'reconnected');
    await bot.call('get_status', {}, { mode: 'direct' });
    expect(sandbox.outbox.filter((e) => e.text.includes('in flight'))).toHaveLength(0);
  });

  it('survives the server going down and coming back: queued sends wait, none lost, none twice', async () => {
    const { server, sandbox, adapter, app, clock } = await rig(mode, { selfId: SELF });
    const bot = app.bots.get(SELF)!;
    for (let i = 0; i < 3; i++) await bot.sendPrivateMsg({ user_id: ALICE, message: `before ${i}` });
    await server.close();
    await until(() => !adapter.status()[0]!.connected, 'the drop noticed');
    // Sent while the server is down: they wait for the connection (bounded by their timeout).
    const waiting = [0, 1, 2].map((i) => bot.sendPrivateMsg({ user_id: ALICE, message: `during ${i}` }, { timeout: 120_000 }));
    // Reconnect tries keep failing with a growing delay: 1000, 2000, 4000 ms.
    for (const delay of [1000, 2000, 4000]) {
      clock.advance(delay);
      await settle();
      expect(adapter.status()[0]!.connected).toBe(false);
    }
    await server.listen();
    clock.advance(8000);
    await until(() => adapter.status()[0]!.connected, 'reconnected after the restart');
    await Promise.all(waiting);
    for (let i = 0; i < 2; i++) await bot.sendPrivateMsg({ user_id: ALICE, message: `after ${i}` });
    const texts = sandbox.outbox.map((e) => e.text);
    expect(texts).toEqual(['before 0', 'before 1', 'before 2', 'during 0', 'during 1', 'during 2', 'after 0', 'after 1']);
    expect(adapter.status()[0]!.opens).toBe(2);
    // Events flow again on the new connection.
    sandbox.say({ user: ALICE, text: 'ping' });
    await until(() => sandbox.outbox.at(-1)?.text === 'pong', 'pong after the restart');
  });

  it('detects a silent connection from the missing heartbeats and reopens it', async () => {
    const { server, sandbox, adapter, app, clock, seen } = await rig(mode, { heartbeat: 1000, selfId: SELF });
    clock.advance(1000);
    await until(() => seen.heartbeats === 1, 'the first heartbeat');
    server.freeze();
    // Heartbeats at 2000, 3000 and 4000 are lost: after three intervals of silence (auto = 3 × 1000)
    // the connection is judged dead and closed.
    clock.advance(3000);
    await until(() => !adapter.status()[0]!.connected, 'the silent connection dropped');
    clock.advance(1000);
    await until(() => adapter.status()[0]!.connected && adapter.status()[0]!.opens === 2, 'reopened');
    expect(await app.bots.get(SELF)!.call('get_login_info', {}, { mode: 'direct' })).toMatchObject({ user_id: SELF });
    sandbox.say({ user: ALICE, text: 'ping' });
    await until(() => sandbox.outbox.at(-1)?.text === 'pong', 'pong on the new connection');
  });

  it('with a fixed heartbeatTimeout and no heartbeats, pongs keep an idle connection; a hung one is reopened', async () => {
    const { server, adapter, clock } = await rig(mode, { selfId: SELF, adapter: { heartbeatTimeout: 3000 } });
    // Ten limits of idle time, in ping steps: each ping is answered, so nothing is dropped.
    for (let step = 0; step < 30; step++) {
      clock.advance(1000);
      await settle(3);
    }
    expect(adapter.status()[0]).toMatchObject({ connected: true, opens: 1 });
    server.freeze();
    // The watchdog looks every quarter of the limit: the drop comes by 3000 + 750 ms of silence.
    clock.advance(3750);
    await until(() => !adapter.status()[0]!.connected, 'the hung connection dropped');
    clock.advance(1000);
    await until(() => adapter.status()[0]!.connected && adapter.status()[0]!.opens === 2, 'reopened');
  });

  it('keeps backing off against a server that accepts and hangs up at once; resets after a connection that held', async () => {
    const { server, adapter, clock } = await rig(mode, { selfId: SELF });
    const api = () => adapter.status()[0]!;
    // Every new connection is closed as soon as it opens.
    server.hangUpOnConnect = true;
    server.dropAll();
    for (const delay of [1000, 2000, 4000, 8000, 8000]) {
      await until(() => !api().connected, 'dropped');
      await settle();
      const opens = api().opens;
      clock.advance(delay - 1);
      await settle();
      expect(api().opens).toBe(opens);
      clock.advance(1);
      await until(() => api().opens === opens + 1, `reopened after ${delay} ms`);
    }
    server.hangUpOnConnect = false;
    await until(() => !api().connected, 'the last short connection dropped');
    await settle();
    clock.advance(8000);
    await until(() => api().connected, 'connected for good');
    // This connection holds for longer than initialDelay: after a drop, the delay starts again at 1000 ms.
    clock.advance(1000);
    server.dropAll();
    await until(() => !api().connected, 'dropped after holding');
    await settle();
    const opens = api().opens;
    clock.advance(1000);
    await until(() => api().connected && api().opens === opens + 1, 'reopened after 1000 ms');
  });

  it('calls made before the first connection wait for it, and time out when it never comes', async () => {
    const clock = new ManualClock();
    const adapter = wsAdapter({ bots: [{ url: 'ws://127.0.0.1:1/', selfId: SELF }], timers: clock, reconnect });
    const { app } = pingApp();
    cleanups.push(() => app.stop({ deadline: 100 }));
    await startApp(app, adapter);
    const call = app.bots.get(SELF)!.call('get_status', {}, { mode: 'direct', timeout: 5000 });
    expect(adapter.status()[0]!.waiting).toBe(1);
    clock.advance(5000);
    await expect(call).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/never sent/) });
  });
});

describe("forward against CQHTTP's way of refusing a token", () => {
  it('an "authorization failed" frame then close: calls fail as unauthorized, the delay keeps growing', async () => {
    const clock = new ManualClock();
    const sandbox = createSandbox({ port: 0, clock, accessToken: 'right' });
    const server = createWsServer(sandbox, { port: 0, authFailure: 'frame' });
    const { url } = await server.listen();
    cleanups.push(() => server.close());
    const adapter = wsAdapter({ bots: [{ url, selfId: SELF, accessToken: 'wrong' }], timers: clock, reconnect, random: () => 0.5 });
    const { app } = pingApp();
    cleanups.push(() => app.stop({ deadline: 100 }));
    await startApp(app, adapter);
    await until(() => adapter.status()[0]!.opens === 1 && !adapter.status()[0]!.connected, 'accepted, refused, closed');
    const call = app.bots.get(SELF)!.call('get_status', {}, { mode: 'direct' });
    await expect(call).rejects.toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/authorization failed/) });
    await settle();
    clock.advance(1000);
    await until(() => adapter.status()[0]!.opens === 2 && !adapter.status()[0]!.connected, 'the second try refused too');
    await settle();
    clock.advance(1999);
    await settle();
    expect(adapter.status()[0]!.opens).toBe(2);
  });
});

describe('forward, several accounts', () => {
  it('serves two accounts on two servers in one app', async () => {
    const clock = new ManualClock();
    const one = await startSandboxWs({}, clock);
    const other = await startSandboxWs({ world: worldWithSelf(30003) }, clock);
    cleanups.push(() => one.sandbox.stop(), () => one.server.close(), () => other.sandbox.stop(), () => other.server.close());
    const adapter = wsAdapter({ bots: [{ url: one.url }, { apiUrl: `${other.url}/api`, eventUrl: `${other.url}/event` }], timers: clock });
    const { app } = pingApp();
    cleanups.push(() => app.stop({ deadline: 100 }));
    await startApp(app, adapter);
    expect([...app.bots.keys()].sort()).toEqual([SELF, 30003]);
    other.sandbox.say({ user: ALICE, text: 'ping' });
    expect(await other.sandbox.nextBotMessage()).toMatchObject({ text: 'pong' });
    expect(one.sandbox.outbox).toHaveLength(0);
  });
});

/** The default world with the bot's own QQ number replaced (every occurrence of 10001 is the bot). */
function worldWithSelf(selfId: number): WorldData {
  return JSON.parse(JSON.stringify(defaultWorld()).replaceAll(String(SELF), String(selfId))) as WorldData;
}
