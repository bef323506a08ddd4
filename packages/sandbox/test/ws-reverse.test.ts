// The sandbox as a reverse WebSocket client (transport.md 4): handshake headers, universal vs API +
// Event connections, URL fallbacks, actions and events per role, reconnecting on the sandbox clock.
import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, ManualClock, type Sandbox, type SandboxOptions } from '../src/index.js';
import { connectReverse, type ReverseClientOptions, type ReverseWsClient } from '../src/ws/index.js';
import { type AcceptedConnection, bareServer } from './ws-helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: SandboxOptions = {}) {
  const clock = new ManualClock();
  const sandbox = createSandbox({ port: 0, clock, ...options });
  await sandbox.start();
  cleanups.push(() => sandbox.stop());
  const bot = await bareServer();
  cleanups.push(() => bot.close());
  return { clock, sandbox, bot };
}

function start(sandbox: Sandbox, options: ReverseClientOptions): ReverseWsClient {
  const client = connectReverse(sandbox, options);
  cleanups.push(() => client.stop());
  return client;
}

const isConnect = (f: Record<string, unknown>) => f.meta_event_type === 'lifecycle' && f.sub_type === 'connect';

/** Bounded wait for socket I/O; no assertion on time. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

async function waitOpen(client: ReverseWsClient): Promise<void> {
  for (let i = 0; i < 400 && !client.status.every((s) => s.open); i++) await new Promise((r) => setTimeout(r, 5));
  expect(client.status.every((s) => s.open)).toBe(true);
}

describe('universal client', () => {
  it('sends X-Self-ID, X-Client-Role Universal, the CQHTTP User-Agent and Authorization Token', async () => {
    const { sandbox, bot } = await setup({ accessToken: 'tok' });
    start(sandbox, { url: `${bot.url}/ws/` });
    const c = await bot.next();
    expect(c.path).toBe('/ws/');
    expect(c.headers).toMatchObject({ 'x-self-id': '10001', 'x-client-role': 'Universal', 'user-agent': 'CQHttp/4.15.0', authorization: 'Token tok' });
  });

  it('uses Bearer when asked, and its own token when given', async () => {
    const { sandbox, bot } = await setup({ accessToken: 'tok' });
    start(sandbox, { url: bot.url, tokenScheme: 'Bearer', accessToken: 'other' });
    expect((await bot.next()).headers.authorization).toBe('Bearer other');
  });

  it('announces itself with lifecycle connect, pushes events, answers actions with echo, 1400 and 1404', async () => {
    const { sandbox, bot } = await setup();
    const client = start(sandbox, { url: bot.url });
    const c: AcceptedConnection = await bot.next();
    await waitOpen(client);
    expect(isConnect(await c.client.next())).toBe(true);
    sandbox.say({ user: 2001, text: 'hello' });
    expect(await c.client.next()).toMatchObject({ post_type: 'message', raw_message: 'hello', self_id: 10001 });
    c.client.send({ action: 'get_login_info', echo: { n: 1 } });
    expect(await c.client.next()).toMatchObject({ status: 'ok', data: { user_id: 10001 }, echo: { n: 1 } });
    c.client.send({ action: 'nope', echo: 2 });
    expect(await c.client.next()).toEqual({ status: 'failed', retcode: 1404, data: null, echo: 2 });
    c.client.send('{broken');
    expect(await c.client.next()).toEqual({ status: 'failed', retcode: 1400, data: null });
  });
});

describe('API + Event clients', () => {
  it('opens two connections (both to url when no per-role URL is set); events only on Event, actions only on API', async () => {
    const { sandbox, bot } = await setup();
    const client = start(sandbox, { url: bot.url, universal: false });
    const first = await bot.next();
    const second = await bot.next();
    const byRole = new Map([first, second].map((c) => [c.headers['x-client-role'], c]));
    expect([...byRole.keys()].sort()).toEqual(['API', 'Event']);
    await waitOpen(client);
    const api = byRole.get('API')!.client;
    const event = byRole.get('Event')!.client;
    expect(isConnect(await event.next())).toBe(true);
    event.send({ action: 'get_status', echo: 'ignored' });
    sandbox.say({ user: 2001, text: 'to events' });
    expect(await event.next()).toMatchObject({ raw_message: 'to events' });
    api.send({ action: 'get_status', echo: 'a' });
    expect(await api.next()).toMatchObject({ status: 'ok', echo: 'a' });
  });

  it('uses apiUrl and eventUrl, falling back to url for the one not given; ignores non-ws URLs', async () => {
    const { sandbox, bot } = await setup();
    start(sandbox, { url: `${bot.url}/fallback`, apiUrl: `${bot.url}/api`, eventUrl: 'http://not-ws/event' });
    const paths = [(await bot.next()).path, (await bot.next()).path].sort();
    expect(paths).toEqual(['/api', '/fallback']);
    expect(() => connectReverse(sandbox, { apiUrl: 'http://x' })).toThrow(/apiUrl/);
  });
});

describe('reconnecting', () => {
  it('reconnects after the interval of the sandbox clock, also after close code 1000 by default', async () => {
    const { clock, sandbox, bot } = await setup();
    const client = start(sandbox, { url: bot.url, reconnectInterval: 2000 });
    const first = await bot.next();
    await waitOpen(client);
    first.client.socket.close(1000);
    await until(() => !client.status[0]!.open && clock.pending === 1);
    clock.advance(1999);
    expect(bot.accepted).toHaveLength(0);
    clock.advance(1);
    const second = await bot.next();
    expect(second.headers['x-client-role']).toBe('Universal');
    await waitOpen(client);
    expect(client.status[0]!.opens).toBe(2);
  });

  it('with reconnectOnCode1000 false, a clean close ends it; other codes still reconnect', async () => {
    const { clock, sandbox, bot } = await setup();
    const client = start(sandbox, { url: bot.url, reconnectOnCode1000: false, reconnectInterval: 100 });
    const first = await bot.next();
    await waitOpen(client);
    first.client.socket.close(1000);
    await until(() => !client.status[0]!.open);
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(client.status[0]!.tries).toBe(1);

    const other = start(sandbox, { url: bot.url, reconnectOnCode1000: false, reconnectInterval: 100 });
    const conn = await bot.next();
    await waitOpen(other);
    conn.client.socket.close(4000);
    await until(() => !other.status[0]!.open && clock.pending === 1);
    clock.advance(100);
    expect((await bot.next()).headers['x-self-id']).toBe('10001');
    expect(other.status[0]!.tries).toBe(2);
  });

  it('keeps trying every interval while the bot is down, and records why', async () => {
    const { clock, sandbox, bot } = await setup();
    const url = bot.url;
    await bot.close();
    const client = start(sandbox, { url, reconnectInterval: 500 });
    for (let round = 1; round <= 3; round++) {
      await until(() => client.status[0]!.lastError !== undefined && clock.pending === 1);
      expect(client.status[0]!.tries).toBe(round);
      expect(client.status[0]!.lastError).toMatch(/ECONNREFUSED/);
      clock.advance(499);
      expect(client.status[0]!.tries).toBe(round);
      clock.advance(1);
      expect(client.status[0]!.tries).toBe(round + 1);
    }
  });
});
