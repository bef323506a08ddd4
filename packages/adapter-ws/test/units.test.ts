// The pure parts: back-off, the silence watchdog, frame reading, the action channel (with a fake
// sink and a manual clock), option checks and handshake rules.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ActionError } from '@cqkit/protocol';
import { ManualClock } from '@cqkit/sandbox';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionChannel, backoffDelay, checkHandshake, dataFromEnvelope, type FrameSink, readFrame, WsAdapterConfigError, wsAdapter, wsReverseAdapter } from '../src/index.js';
import WebSocket, { WebSocketServer } from 'ws';
import { frameSender } from '../src/frame-sender.js';
import { SilenceWatchdog } from '../src/watchdog.js';

describe('backoffDelay', () => {
  const policy = { initialDelay: 1000, maxDelay: 30_000, factor: 2, jitter: 0.2 };
  it('grows by the factor up to the cap, centred when random() is 0.5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50, 10_000].map((n) => backoffDelay(n, policy, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000,
    ]);
  });
  it('stays within ±jitter of the base and never above the cap or below 0', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.double({ min: 0, max: 0.999_999, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r, jitter) => {
        const p = { ...policy, jitter };
        const base = Math.min(p.maxDelay, p.initialDelay * 2 ** Math.min(attempt, 60));
        const d = backoffDelay(attempt, p, () => r);
        return d >= 0 && d <= p.maxDelay && d >= Math.floor(base * (1 - jitter)) && d <= Math.ceil(base * (1 + jitter));
      }),
    );
  });
});

describe('SilenceWatchdog', () => {
  it('fires once the silence reaches the limit, never before, at most a quarter late; no timer work per frame', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const dog = new SilenceWatchdog(clock, 3000, (silentFor) => fired.push(silentFor));
    clock.advance(2000);
    for (let i = 0; i < 100; i++) dog.touch();
    expect(clock.pending).toBe(1);
    // The last frame came at 2000: nothing may fire before 5000, and it fires by 5000 + 750.
    clock.advance(2999);
    expect(fired).toEqual([]);
    clock.advance(750);
    expect(fired).toEqual([3000]);
    clock.advance(10_000);
    expect(fired).toHaveLength(1);
  });
  it('a connection that keeps talking, however sparsely within the limit, is never condemned', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    new SilenceWatchdog(clock, 1000, (silentFor) => fired.push(silentFor)).touch();
    const dog = new SilenceWatchdog(clock, 1000, (silentFor) => fired.push(silentFor));
    for (let i = 0; i < 50; i++) {
      clock.advance(999);
      dog.touch();
    }
    // Only the first dog, which heard once at the start and never again, fired.
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(1000);
    expect(fired[0]).toBeLessThanOrEqual(1250);
  });
  it('watches nothing until a limit is set; stop() clears its timer', () => {
    const clock = new ManualClock();
    const fired: number[] = [];
    const dog = new SilenceWatchdog(clock, undefined, (s) => fired.push(s));
    clock.advance(100_000);
    expect(fired).toEqual([]);
    dog.setTimeout(500);
    clock.advance(500);
    expect(fired).toEqual([500]);
    const other = new SilenceWatchdog(clock, 500, (s) => fired.push(s));
    other.stop();
    expect(clock.pending).toBe(0);
  });
});

describe('readFrame', () => {
  it('tells events, answers, the CQHTTP refusal and garbage apart', () => {
    expect(readFrame('{"time":1,"self_id":1,"post_type":"meta_event","meta_event_type":"heartbeat"}')).toMatchObject({ kind: 'event' });
    expect(readFrame('{"status":"ok","retcode":0,"data":{"a":1},"echo":"e"}')).toEqual({
      kind: 'answer',
      echo: 'e',
      envelope: { status: 'ok', retcode: 0, data: { a: 1 }, echo: 'e' },
    });
    expect(readFrame('authorization failed')).toEqual({ kind: 'auth-failed' });
    for (const bad of ['', 'nope', '[]', '3', '{"post_type":"message"}', '{"status":"weird","retcode":0,"data":null}']) {
      expect(readFrame(bad).kind).toBe('invalid');
    }
  });
  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string(), (text) => typeof readFrame(text).kind === 'string'));
  });
  it('maps failure envelopes to ActionError kinds, with go-cqhttp words', () => {
    const fail = (retcode: number, extra = {}) => {
      try {
        dataFromEnvelope('x', 'ws://h', { status: 'failed', retcode, data: null, ...extra });
      } catch (error) {
        return error as ActionError;
      }
      throw new Error('no error');
    };
    expect(fail(1404).kind).toBe('not-found');
    expect(fail(404).kind).toBe('not-found');
    expect(fail(1400).kind).toBe('bad-request');
    expect(fail(1403).kind).toBe('unauthorized');
    const e = fail(100, { msg: 'MSG_NOT_FOUND', wording: '消息不存在' });
    expect(e).toMatchObject({ kind: 'retcode', retcode: 100, action: 'x' });
    expect(e.message).toMatch(/消息不存在 \[MSG_NOT_FOUND\]/);
    expect(dataFromEnvelope('x', 'w', { status: 'async', retcode: 1, data: null })).toBeNull();
  });
});

describe('ActionChannel', () => {
  function setup(maxWaiting?: number) {
    const clock = new ManualClock();
    const frames: Record<string, unknown>[] = [];
    const sink: FrameSink = { where: 'ws://test', send: (text) => frames.push(JSON.parse(text) as Record<string, unknown>) };
    const channel = new ActionChannel({ timers: clock, echoPrefix: 't:', maxWaiting, label: () => 'bot 1' });
    return { clock, frames, sink, channel };
  }
  const opts = { timeout: 1000, idempotent: false };

  it('holds calls while disconnected and sends them in order on attach, each with a unique echo', async () => {
    const { frames, sink, channel } = setup();
    const calls = [1, 2, 3].map((n) => channel.call('a', { n }, opts));
    expect(channel.waiting).toBe(3);
    expect(frames).toEqual([]);
    channel.attach(sink);
    expect(frames.map((f) => (f.params as { n: number }).n)).toEqual([1, 2, 3]);
    expect(new Set(frames.map((f) => f.echo)).size).toBe(3);
    for (const f of [...frames].reverse()) channel.answer(f.echo, { status: 'ok', retcode: 0, data: (f.params as { n: number }).n * 10 });
    expect(await Promise.all(calls)).toEqual([10, 20, 30]);
    expect(channel.inFlight).toBe(0);
  });

  it('writes each frame as the JSON of { action, params, echo }, whatever needs escaping', () => {
    const texts: string[] = [];
    const channel = new ActionChannel({ timers: new ManualClock(), echoPrefix: 'p"\\:', label: () => 'bot 1' });
    channel.attach({ where: 'ws://test', send: (text) => texts.push(text) });
    const params = { message: '引号 " 反斜杠 \\ 换行 \n [CQ:face,id=1]', group_id: 1, nested: { list: [1, null, 'x'] } };
    void channel.call('send_"odd"_msg', params, opts);
    void channel.call('noop', {}, opts);
    expect(texts).toEqual([
      JSON.stringify({ action: 'send_"odd"_msg', params, echo: 'p"\\:1' }),
      JSON.stringify({ action: 'noop', params: {}, echo: 'p"\\:2' }),
    ]);
    expect(channel.answer('p"\\:1', { status: 'ok', retcode: 0, data: null })).toBe(true);
  });

  it('rejects sent calls at once on detach, keeps waiting ones, ignores late and foreign answers', async () => {
    const { frames, sink, channel } = setup();
    channel.attach(sink);
    const sent = channel.call('send_msg', {}, opts);
    channel.detach(sink, 'socket closed');
    await expect(sent).rejects.toMatchObject({ kind: 'unreachable', action: 'send_msg' });
    const waiting = channel.call('b', {}, opts);
    expect(channel.answer(frames[0]!.echo, { status: 'ok', retcode: 0, data: null })).toBe(false);
    expect(channel.answer('someone-else', { status: 'ok', retcode: 0, data: null })).toBe(false);
    channel.attach(sink);
    channel.answer(frames[1]!.echo, { status: 'ok', retcode: 0, data: 'b!' });
    expect(await waiting).toBe('b!');
  });

  it('times out from the call (waiting or sent), cancels on abort, bounds the waiting calls', async () => {
    const { clock, sink, channel } = setup(2);
    const never = channel.call('w', {}, opts);
    const aborter = new AbortController();
    const aborted = channel.call('x', {}, { ...opts, signal: aborter.signal });
    await expect(channel.call('y', {}, opts)).rejects.toMatchObject({ kind: 'queue-full' });
    aborter.abort();
    await expect(aborted).rejects.toMatchObject({ kind: 'cancelled' });
    clock.advance(1000);
    await expect(never).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/never sent/) });
    channel.attach(sink);
    const slow = channel.call('z', {}, opts);
    clock.advance(1000);
    await expect(slow).rejects.toMatchObject({ kind: 'timeout', message: expect.stringMatching(/no answer/) });
    expect(clock.pending).toBe(0);
  });

  it('after a refusal, calls fail as unauthorized until a connection opens; close() cancels everything', async () => {
    const { sink, channel } = setup();
    const waiting = channel.call('a', {}, opts);
    channel.refuse((action) => new ActionError({ action, kind: 'unauthorized' }));
    await expect(waiting).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(channel.call('b', {}, opts)).rejects.toMatchObject({ kind: 'unauthorized' });
    channel.attach(sink);
    const pending = channel.call('c', {}, opts);
    channel.close('stopped');
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    await expect(channel.call('d', {}, opts)).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('keeps one timer for every deadline: each call still times out at its own, shorter ones after longer ones too', async () => {
    const { clock, frames, sink, channel } = setup();
    channel.attach(sink);
    const outcomes = new Map<string, string>();
    const track = (name: string, timeout: number) =>
      channel.call(name, {}, { timeout, idempotent: false }).then(
        (data) => outcomes.set(name, `ok ${String(data)}`),
        (error: ActionError) => outcomes.set(name, `${error.kind} @${clock.now() - start}`),
      );
    const start = clock.now();
    const calls = [track('long', 5000), track('short', 1000), track('mid', 3000), track('answered', 1000)];
    for (let i = 0; i < 100; i++) calls.push(track(`many${i}`, 4000));
    expect(clock.pending).toBe(1);
    channel.answer(frames[3]!.echo, { status: 'ok', retcode: 0, data: 'yes' });
    for (const f of frames.slice(4)) channel.answer(f.echo, { status: 'ok', retcode: 0, data: null });
    clock.advance(999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.has('short')).toBe(false);
    clock.advance(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.get('short')).toBe('timeout @1000');
    clock.advance(2000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(outcomes.get('mid')).toBe('timeout @3000');
    expect(outcomes.has('long')).toBe(false);
    clock.advance(2000);
    await Promise.all(calls);
    expect(outcomes.get('long')).toBe('timeout @5000');
    expect(outcomes.get('answered')).toBe('ok yes');
    expect(channel.inFlight).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('rejects parameters that cannot be JSON', async () => {
    const { channel } = setup();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(channel.call('a', cyclic, opts)).rejects.toMatchObject({ kind: 'invalid-params' });
    await expect(channel.call('a', { n: 10n }, opts)).rejects.toMatchObject({ kind: 'invalid-params' });
  });
});

describe('options', () => {
  it('name the bad key', () => {
    const bad: [unknown, RegExp][] = [
      [{ bots: [] }, /at least one/],
      [{ bots: [{}] }, /bots\[0\] needs url/],
      [{ bots: [{ url: 'http://x' }] }, /bots\[0\]\.url must start with ws:\/\//],
      [{ bots: [{ url: 'ws://x', apiUrl: 'ws://y' }] }, /both url/],
      [{ bots: [{ apiUrl: 'ws://y' }] }, /both apiUrl and eventUrl/],
      [{ bots: [{ url: 'ws://x', selfId: -1 }] }, /bots\[0\]\.selfId/],
      [{ bots: [{ url: 'ws://x', tokenScheme: 'Basic' }] }, /tokenScheme/],
      [{ bots: [{ url: 'ws://x' }], reconnect: { factor: 0.5 } }, /reconnect\.factor/],
      [{ bots: [{ url: 'ws://x' }], reconnect: { jitter: 2 } }, /reconnect\.jitter/],
      [{ bots: [{ url: 'ws://x' }], reconnect: { initialDelay: 10, maxDelay: 5 } }, /maxDelay/],
      [{ bots: [{ url: 'ws://x' }], heartbeatTimeout: -5 }, /heartbeatTimeout/],
    ];
    for (const [options, message] of bad) {
      expect(() => wsAdapter(options as Parameters<typeof wsAdapter>[0])).toThrow(WsAdapterConfigError);
      expect(() => wsAdapter(options as Parameters<typeof wsAdapter>[0])).toThrow(message);
    }
    expect(() => wsReverseAdapter({ port: -1 })).toThrow(/port/);
    expect(() => wsReverseAdapter({ port: 0, path: 'ws' })).toThrow(/path must be a path/);
    expect(() => wsReverseAdapter({ port: 0, path: '/a', apiPath: '/a/' })).toThrow(/already used/);
    expect(() => wsReverseAdapter({ port: 0, selfIds: [0] })).toThrow(/selfIds\[0\]/);
  });
});

describe('checkHandshake', () => {
  const rules = { accessToken: 't', selfIds: undefined };
  const q = new URLSearchParams();
  it('reads the role from the header, case-insensitively, else from the path', () => {
    expect(checkHandshake({ authorization: 'Token t', 'x-self-id': '5', 'x-client-role': 'event' }, q, 'Universal', rules)).toEqual({ ok: true, selfId: 5, role: 'Event' });
    expect(checkHandshake({ authorization: 'Bearer t', 'x-self-id': '5' }, q, 'API', rules)).toEqual({ ok: true, selfId: 5, role: 'API' });
  });
  it('the header wins over the query, as in CQHTTP', () => {
    expect(checkHandshake({ authorization: 'Bearer x', 'x-self-id': '5' }, new URLSearchParams('access_token=t'), 'API', rules)).toMatchObject({ ok: false, status: 403 });
    expect(checkHandshake({ 'x-self-id': '5' }, new URLSearchParams('access_token=t'), 'API', rules)).toMatchObject({ ok: true });
  });
  it('refuses bad ids', () => {
    for (const id of ['', '0', '-3', '1.5', '99999999999999999999', 'x']) {
      expect(checkHandshake({ authorization: 'Token t', 'x-self-id': id }, q, 'API', rules)).toMatchObject({ ok: false, status: 400 });
    }
  });
});

describe('frameSender', () => {
  it('gathers the frames of one tick under one cork of the TCP socket and delivers them in order', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    const received: string[] = [];
    const allArrived = new Promise<void>((resolve) => {
      server.on('connection', (peer) =>
        peer.on('message', (data) => {
          received.push(data.toString());
          if (received.length === 3) resolve();
        }),
      );
    });
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const sender = frameSender(client);
    let raw: Duplex | undefined;
    client.once('upgrade', (response) => {
      raw = response.socket;
      sender.useRaw(response.socket);
    });
    try {
      await once(client, 'open');
      for (const n of [1, 2, 3]) sender.send(`frame ${n}`);
      expect(raw?.writableCorked).toBe(1);
      await new Promise((resolve) => process.nextTick(resolve));
      expect(raw?.writableCorked).toBe(0);
      await allArrived;
      expect(received).toEqual(['frame 1', 'frame 2', 'frame 3']);
      // A frame for a socket that is closing is refused at once (ws would drop it silently).
      client.close();
      expect(() => sender.send('frame 4')).toThrow('the connection is not open (WebSocket readyState 2)');
    } finally {
      client.terminate();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
