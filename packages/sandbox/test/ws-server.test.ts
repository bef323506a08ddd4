// The sandbox's forward WebSocket server (transport.md 3): endpoints, frames, retcodes 1400/1404,
// echo, tokens at the handshake, the lifecycle connect event, event push and heartbeats.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSandbox, ManualClock, type Sandbox, type SandboxOptions } from '../src/index.js';
import { createWsServer, type SandboxWsServer, type WsServerOptions } from '../src/ws/index.js';
import { type FrameClient, openClient } from './ws-helpers.js';

let sandbox: Sandbox | undefined;
let server: SandboxWsServer | undefined;
const clients: FrameClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.close();
  await sandbox?.stop();
  server = undefined;
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}, wsOptions: WsServerOptions = {}): Promise<{ sb: Sandbox; ws: SandboxWsServer; url: string }> {
  sandbox = createSandbox({ port: 0, ...options });
  await sandbox.start();
  server = createWsServer(sandbox, { port: 0, ...wsOptions });
  const { url } = await server.listen();
  return { sb: sandbox, ws: server, url };
}

async function client(url: string, headers: Record<string, string> = {}): Promise<FrameClient> {
  const c = await openClient(url, headers);
  clients.push(c);
  return c;
}

const isConnect = (f: Record<string, unknown>) => f.meta_event_type === 'lifecycle' && f.sub_type === 'connect';

describe('action frames', () => {
  it('answers a call on /api with the envelope and the echo copied verbatim', async () => {
    const { url } = await start();
    const c = await client(`${url}/api`);
    for (const echo of ['req-1', 42, { id: [1, 'x'] }, true]) {
      c.send({ action: 'get_login_info', echo });
      expect(await c.next()).toEqual({ status: 'ok', retcode: 0, data: { user_id: 10001, nickname: expect.any(String) }, echo });
    }
  });

  it('leaves out a null or missing echo', async () => {
    const { url } = await start();
    const c = await client(`${url}/api/`);
    c.send({ action: 'get_login_info', echo: null });
    expect(await c.next()).not.toHaveProperty('echo');
    c.send({ action: 'get_login_info' });
    expect(await c.next()).not.toHaveProperty('echo');
  });

  it('answers unreadable frames with retcode 1400 and no echo', async () => {
    const { url } = await start();
    const c = await client(`${url}/api`);
    for (const bad of ['not json', '[1,2]', '"text"', '42', JSON.stringify({ params: {}, echo: 'e' }), JSON.stringify({ action: 7, echo: 'e' })]) {
      c.send(bad);
      expect(await c.next()).toEqual({ status: 'failed', retcode: 1400, data: null });
    }
  });

  it('answers an unknown action with retcode 1404 and the echo', async () => {
    const { url } = await start();
    const c = await client(`${url}/api`);
    c.send({ action: 'no_such_action', params: {}, echo: 'x1' });
    expect(await c.next()).toEqual({ status: 'failed', retcode: 1404, data: null, echo: 'x1' });
  });

  it('runs real actions: parameters coerced like HTTP, failures as retcodes, non-object params ignored', async () => {
    const { sb, url } = await start();
    const c = await client(`${url}/api`);
    c.send({ action: 'send_private_msg', params: { user_id: '2001', message: 'hi over ws' }, echo: 1 });
    const sent = await c.next();
    expect(sent).toMatchObject({ status: 'ok', retcode: 0, echo: 1, data: { message_id: expect.any(Number) } });
    expect(sb.outbox.at(-1)).toMatchObject({ text: 'hi over ws', user_id: 2001, origin: 'ws' });
    c.send({ action: 'send_private_msg', params: [1, 2], echo: 2 });
    expect(await c.next()).toMatchObject({ status: 'failed', retcode: 100, echo: 2 });
  });

  it('answers concurrent calls each with its own echo', async () => {
    const { url } = await start();
    const c = await client(`${url}/api`);
    const n = 20;
    for (let i = 0; i < n; i++) c.send({ action: 'send_private_msg', params: { user_id: 2001, message: `m${i}` }, echo: `e${i}` });
    const echoes = new Set<unknown>();
    for (let i = 0; i < n; i++) {
      const answer = await c.next();
      expect(answer.status).toBe('ok');
      echoes.add(answer.echo);
    }
    expect(echoes).toEqual(new Set(Array.from({ length: n }, (_, i) => `e${i}`)));
  });

  it('serves actions on the universal endpoint and ignores what a client writes on /event', async () => {
    const { url } = await start();
    const universal = await client(`${url}/`);
    expect(isConnect(await universal.next())).toBe(true);
    universal.send({ action: 'get_status', echo: 'u' });
    expect(await universal.nextWhere((f) => f.echo === 'u')).toMatchObject({ status: 'ok', data: { online: true } });
    const events = await client(`${url}/event`);
    expect(isConnect(await events.next())).toBe(true);
    events.send({ action: 'get_status', echo: 'ev' });
    // Nothing answers on /event: the next frame is the next event, not an answer.
    sandbox!.say({ user: 2001, text: 'after' });
    expect(await events.next()).toMatchObject({ post_type: 'message', raw_message: 'after' });
  });

  it('answers 404 at the handshake for other paths', async () => {
    const { url } = await start();
    await expect(openClient(`${url}/nowhere`)).rejects.toMatchObject({ status: 404 });
  });
});

describe('events', () => {
  it('sends lifecycle connect on /event and /, not on /api, then every event in order', async () => {
    const { sb, url } = await start();
    const api = await client(`${url}/api`);
    const ev = await client(`${url}/event`);
    const first = await ev.next();
    expect(first).toMatchObject({ post_type: 'meta_event', meta_event_type: 'lifecycle', sub_type: 'connect', self_id: 10001 });
    sb.say({ user: 2001, text: 'one' });
    sb.say({ group: 3001, user: 2001, text: 'two' });
    expect(await ev.next()).toMatchObject({ message_type: 'private', raw_message: 'one' });
    expect(await ev.next()).toMatchObject({ message_type: 'group', raw_message: 'two', group_id: 3001 });
    api.send({ action: 'get_login_info', echo: 'only-answer' });
    // The API connection got no event before the answer.
    expect(await api.next()).toMatchObject({ echo: 'only-answer' });
  });

  it('pushes heartbeats with status and interval on the sandbox clock', async () => {
    const clock = new ManualClock();
    const { url } = await start({ clock, heartbeat: { interval: 1000 } });
    const ev = await client(`${url}/event`);
    expect(isConnect(await ev.next())).toBe(true);
    clock.advance(1000);
    expect(await ev.next()).toMatchObject({ post_type: 'meta_event', meta_event_type: 'heartbeat', interval: 1000, status: { online: true } });
  });
});

describe('access token', () => {
  const token = 'sekrit';
  it('accepts Bearer, Token and the access_token query', async () => {
    const { url } = await start({ accessToken: token });
    for (const [target, headers] of [
      [`${url}/api`, { Authorization: `Bearer ${token}` }],
      [`${url}/api`, { Authorization: `Token ${token}` }],
      [`${url}/api?access_token=${token}`, {}],
    ] as const) {
      const c = await client(target, headers);
      c.send({ action: 'get_login_info', echo: 1 });
      expect(await c.next()).toMatchObject({ status: 'ok', echo: 1 });
    }
  });

  it('refuses at the handshake: 401 without a usable token, 403 with a wrong one', async () => {
    const { url } = await start({ accessToken: token });
    await expect(openClient(`${url}/`)).rejects.toMatchObject({ status: 401 });
    await expect(openClient(`${url}/`, { Authorization: 'Basic abc' })).rejects.toMatchObject({ status: 401 });
    // A present header wins over the query, as over HTTP.
    await expect(openClient(`${url}/?access_token=${token}`, { Authorization: 'Bearer nope' })).rejects.toMatchObject({ status: 403 });
    await expect(openClient(`${url}/event?access_token=nope`)).rejects.toMatchObject({ status: 403 });
  });

  it("can refuse CQHTTP's way: accept, send `authorization failed`, close with 1000", async () => {
    const { url } = await start({ accessToken: token }, { authFailure: 'frame' });
    const socket = new WebSocket(`${url}/`, { headers: { Authorization: 'Bearer nope' } });
    const text = new Promise<string>((resolve) => socket.once('message', (d) => resolve(d.toString())));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    expect(await text).toBe('authorization failed');
    expect(await closed).toBe(1000);
  });
});

describe('server life', () => {
  it('restarts on the same port after close, and shares the sandbox HTTP port with attach()', async () => {
    const { sb, ws, url } = await start();
    await ws.close();
    await expect(openClient(`${url}/api`)).rejects.toBeDefined();
    await ws.listen();
    expect(ws.url).toBe(url);
    const c = await client(`${url}/api`);
    c.send({ action: 'get_login_info', echo: 'back' });
    expect(await c.next()).toMatchObject({ echo: 'back' });

    const detach = ws.attach(sb.httpServer!);
    const shared = await client(`${sb.url.replace('http', 'ws')}/api`);
    shared.send({ action: 'get_status', echo: 's' });
    expect(await shared.next()).toMatchObject({ status: 'ok', echo: 's' });
    detach();
  });

  it('dropAll() cuts open connections and keeps listening; hangUpOnConnect closes new ones with 1000', async () => {
    const { ws, url } = await start();
    const first = await client(`${url}/api`);
    const cut = new Promise<number>((resolve) => first.socket.once('close', (code) => resolve(code)));
    ws.dropAll();
    expect(await cut).toBe(1006);
    ws.hangUpOnConnect = true;
    const second = await client(`${url}/api`);
    expect(await new Promise<number>((resolve) => second.socket.once('close', (code) => resolve(code)))).toBe(1000);
    ws.hangUpOnConnect = false;
    const third = await client(`${url}/api`);
    third.send({ action: 'get_status', echo: 3 });
    expect(await third.next()).toMatchObject({ echo: 3 });
  });

  it('freeze(): open connections go silent (no events, no answers); new ones work', async () => {
    const { sb, ws, url } = await start();
    const old = await client(`${url}/`);
    expect(isConnect(await old.next())).toBe(true);
    ws.freeze();
    expect(ws.connections).toEqual([{ role: 'Universal', frozen: true }]);
    const fresh = await client(`${url}/`);
    expect(isConnect(await fresh.next())).toBe(true);
    sb.say({ user: 2001, text: 'only to fresh' });
    expect(await fresh.next()).toMatchObject({ raw_message: 'only to fresh' });
    old.send({ action: 'get_status', echo: 'lost' });
    await expect(old.next(300)).rejects.toThrow(/no frame/);
  });
});
