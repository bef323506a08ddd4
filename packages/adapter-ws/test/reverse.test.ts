// Reverse WebSocket: our adapter is the server, the sandbox connects to it as OneBot implementations
// do (Universal, or API + Event), with hand-written clients for the cases the sandbox cannot play.
import { createSandbox, ManualClock, type Sandbox, type SandboxOptions } from '@cqkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type WsReverseAdapter, type WsReverseAdapterOptions, wsReverseAdapter } from '../src/index.js';
import { connectReverse, type ReverseClientOptions, type ReverseWsClient } from './helpers/sandbox-ws.js';
import { ALICE, pingApp, SELF, startApp, until } from './helpers/setup.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  clock: ManualClock;
  sandbox: Sandbox;
  adapter: WsReverseAdapter;
  app: ReturnType<typeof pingApp>['app'];
  seen: ReturnType<typeof pingApp>['seen'];
  origin: string;
  connect(options: Partial<ReverseClientOptions>): ReverseWsClient;
}

async function rig(adapterOptions: Partial<WsReverseAdapterOptions> = {}, sandboxOptions: SandboxOptions = {}): Promise<Rig> {
  const clock = new ManualClock();
  const sandbox = createSandbox({ port: 0, clock, ...sandboxOptions });
  await sandbox.start();
  cleanups.push(() => sandbox.stop());
  const adapter = wsReverseAdapter({ port: 0, path: '/onebot', apiPath: '/onebot/api', eventPath: '/onebot/event', timers: clock, ...adapterOptions });
  const { app, seen } = pingApp();
  cleanups.push(() => app.stop({ deadline: 100 }));
  await startApp(app, adapter);
  const origin = adapter.origin!;
  return {
    clock,
    sandbox,
    adapter,
    app,
    seen,
    origin,
    connect(options) {
      const client = connectReverse(sandbox, { url: `${origin}/onebot`, reconnectInterval: 1000, ...options });
      cleanups.push(() => client.stop());
      return client;
    },
  };
}

const account = (adapter: WsReverseAdapter, selfId = SELF) => adapter.status().find((s) => s.selfId === selfId);

describe.each([
  ['universal', {}],
  ['split on two paths', { universal: false, url: undefined, apiUrl: 'API', eventUrl: 'EVENT' }],
  ['split on one shared path', { universal: false }],
] as const)('reverse %s', (_name, shape) => {
  function clientOptions(origin: string): Partial<ReverseClientOptions> {
    const o: Partial<ReverseClientOptions> = { ...shape } as Partial<ReverseClientOptions>;
    if (o.apiUrl === 'API') o.apiUrl = `${origin}/onebot/api`;
    if (o.eventUrl === 'EVENT') o.eventUrl = `${origin}/onebot/event`;
    return o;
  }

  it('ping -> pong through a plugin', async () => {
    const r = await rig();
    const client = r.connect(clientOptions(r.origin));
    // Both ends: events raised before the sandbox side is open are dropped, as CQHTTP drops them.
    await until(() => account(r.adapter)?.api === true && account(r.adapter)!.events === 1 && client.status.every((s) => s.open), 'API and event roles connected');
    expect(r.adapter.selfIds).toEqual([SELF]);
    r.sandbox.say({ user: ALICE, text: 'ping' });
    expect(await r.sandbox.nextBotMessage()).toMatchObject({ text: 'pong', user_id: ALICE, origin: 'ws' });
  });

  it('the implementation dropped and restarted: queued sends wait, none lost, none twice', async () => {
    const r = await rig({ selfIds: [SELF] });
    // Listed and not connected yet: the app's start line named it.
    expect(r.adapter.waitingFor()).toEqual([`account ${SELF}`]);
    const bot = r.app.bots.get(SELF)!;
    let client = r.connect(clientOptions(r.origin));
    await until(() => account(r.adapter)?.api === true, 'connected');
    expect(r.adapter.waitingFor()).toEqual([]);
    await bot.sendPrivateMsg({ user_id: ALICE, message: 'before' });
    await client.stop();
    await until(() => account(r.adapter)?.api === false, 'the drop noticed');
    const waiting = [0, 1, 2].map((i) => bot.sendPrivateMsg({ user_id: ALICE, message: `during ${i}` }, { timeout: 120_000 }));
    client = r.connect(clientOptions(r.origin));
    await Promise.all(waiting);
    await bot.sendPrivateMsg({ user_id: ALICE, message: 'after' });
    expect(r.sandbox.outbox.map((e) => e.text)).toEqual(['before', 'during 0', 'during 1', 'during 2', 'after']);
    expect(account(r.adapter)?.opens).toBe(2);
  });

  it('detects a silent implementation by its missing heartbeats and drops it; the reconnect works', async () => {
    const r = await rig({}, { heartbeat: { interval: 1000 } });
    const client = r.connect(clientOptions(r.origin));
    await until(() => account(r.adapter)?.api === true && account(r.adapter)!.events === 1 && client.status.every((s) => s.open), 'connected');
    r.clock.advance(1000);
    await until(() => r.seen.heartbeats === 1, 'the first heartbeat');
    client.freeze();
    r.clock.advance(3000);
    await until(() => account(r.adapter)?.api === false && account(r.adapter)!.events === 0, 'the silent connections dropped');
    // The sandbox reconnects after its reconnect interval.
    await until(() => client.status.every((s) => s.retrying), 'the sandbox saw the drop and waits to reconnect');
    r.clock.advance(1000);
    await until(() => account(r.adapter)?.api === true && account(r.adapter)!.events === 1 && client.status.every((s) => s.open), 'reconnected');
    r.sandbox.say({ user: ALICE, text: 'ping' });
    await until(() => r.sandbox.outbox.at(-1)?.text === 'pong', 'pong after the reconnect');
  });
});

describe('reverse: calls and accounts', () => {
  it('matches answers given in reverse order to their calls by echo', async () => {
    const r = await rig();
    const fake = await rawClient(`${r.origin}/onebot`, { 'X-Self-ID': '777', 'X-Client-Role': 'Universal' });
    cleanups.push(() => fake.close());
    await until(() => r.app.bots.has(777), 'account 777 registered');
    const bot = r.app.bots.get(777)!;
    const calls = [1, 2, 3, 4, 5].map((n) => bot.call('get_stranger_info', { user_id: n }, { mode: 'direct' }));
    const frames = await fake.take(5);
    for (const frame of [...frames].reverse()) {
      const { user_id } = frame.params as { user_id: number };
      fake.send({ status: 'ok', retcode: 0, data: { user_id, nickname: `n${user_id}` }, echo: frame.echo });
    }
    expect(new Set(frames.map((f) => f.echo)).size).toBe(5);
    expect(await Promise.all(calls)).toEqual([1, 2, 3, 4, 5].map((n) => ({ user_id: n, nickname: `n${n}` })));
  });

  it('rejects calls in flight at once when the connection drops', async () => {
    const r = await rig();
    const fake = await rawClient(`${r.origin}/onebot`, { 'X-Self-ID': '777', 'X-Client-Role': 'API' });
    await until(() => r.app.bots.has(777), 'account 777 registered');
    const call = r.app.bots.get(777)!.call('send_private_msg', { user_id: 1, message: 'x' }, { mode: 'direct', timeout: 60_000 });
    await fake.take(1);
    await fake.close();
    await expect(call).rejects.toMatchObject({ kind: 'unreachable' });
  });

  it('serves several accounts at once, events to the right bot', async () => {
    const r = await rig();
    const client = r.connect({});
    const fake = await rawClient(`${r.origin}/onebot`, { 'X-Self-ID': '777', 'X-Client-Role': 'Event' });
    cleanups.push(() => fake.close());
    await until(() => r.app.bots.has(777) && account(r.adapter)?.api === true && client.status[0]!.open, 'both accounts');
    expect([...r.app.bots.keys()].sort((a, b) => a - b)).toEqual([777, SELF]);
    fake.send({ time: 1, self_id: 777, post_type: 'message', message_type: 'private', sub_type: 'friend', message_id: 1, user_id: 5, message: 'ping', raw_message: 'ping', font: 0, sender: { user_id: 5 } });
    // The pong of account 777 waits for its API connection, which is not there: it is queued, not sent elsewhere.
    await until(() => account(r.adapter, 777)!.waiting === 1, "account 777's reply waiting for its API connection");
    r.sandbox.say({ user: ALICE, text: 'ping' });
    expect(await r.sandbox.nextBotMessage()).toMatchObject({ text: 'pong' });
    expect(r.sandbox.outbox).toHaveLength(1);
  });
});

describe('reverse: handshake', () => {
  it('accepts the token as Token, Bearer or ?access_token=; refuses a missing one with 401 and a wrong one with 403', async () => {
    const r = await rig({ accessToken: 'sekrit' });
    const url = `${r.origin}/onebot`;
    const base = { 'X-Self-ID': '777', 'X-Client-Role': 'Universal' };
    for (const headers of [{ Authorization: 'Token sekrit' }, { Authorization: 'Bearer sekrit' }, { authorization: 'bearer sekrit' }] as Record<string, string>[]) {
      const ok = await rawClient(url, { ...base, ...headers });
      await ok.close();
    }
    await (await rawClient(`${url}?access_token=sekrit`, base)).close();
    await expect(rawClient(url, base)).rejects.toMatchObject({ status: 401 });
    await expect(rawClient(url, { ...base, Authorization: 'Basic sekrit' })).rejects.toMatchObject({ status: 401 });
    await expect(rawClient(url, { ...base, Authorization: 'Token wrong' })).rejects.toMatchObject({ status: 403 });
    await expect(rawClient(`${url}?access_token=wrong`, base)).rejects.toMatchObject({ status: 403 });
  });

  it('the sandbox with the right token (Token, as CQHTTP sends it) connects; with a wrong one it is refused', async () => {
    const r = await rig({ accessToken: 'sekrit' }, { accessToken: 'sekrit' });
    r.connect({});
    await until(() => account(r.adapter)?.api === true, 'connected with Token');
    const wrong = r.connect({ accessToken: 'nope', tokenScheme: 'Bearer' });
    await until(() => wrong.status[0]!.lastError !== undefined, 'refused');
    expect(wrong.status[0]!.lastError).toMatch(/403/);
  });

  it('checks X-Self-ID, X-Client-Role, the path and the selfIds list', async () => {
    const r = await rig({ selfIds: [SELF] });
    const url = `${r.origin}/onebot`;
    await expect(rawClient(url, { 'X-Client-Role': 'Universal' })).rejects.toMatchObject({ status: 400 });
    await expect(rawClient(url, { 'X-Self-ID': 'abc', 'X-Client-Role': 'Universal' })).rejects.toMatchObject({ status: 400 });
    await expect(rawClient(url, { 'X-Self-ID': String(SELF), 'X-Client-Role': 'Boss' })).rejects.toMatchObject({ status: 400 });
    await expect(rawClient(url, { 'X-Self-ID': '777', 'X-Client-Role': 'Universal' })).rejects.toMatchObject({ status: 403 });
    await expect(rawClient(`${r.origin}/elsewhere`, { 'X-Self-ID': String(SELF) })).rejects.toMatchObject({ status: 404 });
    // Without X-Client-Role the path decides: /onebot/api is an API connection.
    const api = await rawClient(`${r.origin}/onebot/api`, { 'X-Self-ID': String(SELF) });
    await until(() => account(r.adapter)?.api === true && account(r.adapter)!.events === 0, 'an API connection');
    await api.close();
  });
});

interface RawClient {
  send(value: unknown): void;
  take(n: number): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A hand-written implementation-side client; rejects with the HTTP status of a refused handshake. */
function rawClient(url: string, headers: Record<string, string>): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const frames: Record<string, unknown>[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      socket.terminate();
    });
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({
        send: (value) => socket.send(JSON.stringify(value)),
        async take(n) {
          await until(() => frames.length >= n, `${n} frames`);
          return frames.splice(0, n);
        },
        close: () =>
          new Promise<void>((done) => {
            if (socket.readyState === WebSocket.CLOSED) return done();
            socket.once('close', () => done());
            socket.terminate();
          }),
      }),
    );
  });
}
