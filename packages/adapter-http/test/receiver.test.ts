import type { QuickReply } from '@cqkit/core';
import type { QuickOperation } from '@cqkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpAdapter, httpAdapter } from '../src/adapter.js';
import type { HttpAdapterOptions } from '../src/options.js';
import { post, privateMessage, send, serverSignature } from './helpers/post.js';
import { recordingHost } from './helpers/recording-host.js';
import { json, startScriptedServer } from './helpers/scripted-server.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

const nowhere = 'http://127.0.0.1:9';

async function started(options: HttpAdapterOptions, answer?: Parameters<typeof recordingHost>[0]) {
  const recording = recordingHost(answer);
  const adapter: HttpAdapter = httpAdapter(options);
  await adapter.start(recording.host);
  stops.push(() => adapter.stop());
  return { adapter, url: adapter.receiverUrl!, ...recording };
}

const body = (value: unknown) => JSON.stringify(value);

describe('event receiver: HTTP checks', () => {
  it('listens on 127.0.0.1 by default and answers 204 when no quick operation comes', async () => {
    const { url, dispatched } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0 } });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const answer = await post(url, body(privateMessage(10001, 'hi')), { 'x-self-id': '10001' });
    expect(answer.status).toBe(204);
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]!.event).toMatchObject({ post_type: 'message', message: 'hi', self_id: 10001 });
    expect(dispatched[0]!.options).toEqual({ quickWindow: 400 });
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { url, dispatched, log } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0, path: '/events' } });
    expect(url.endsWith('/events')).toBe(true);
    expect((await post(url.replace('/events', '/other'), body(privateMessage(10001, 'x')))).status).toBe(404);
    expect((await send(url, { method: 'GET' })).status).toBe(405);
    expect((await post(url, body(privateMessage(10001, 'x')))).status).toBe(204);
    expect((await post(`${url}/`, body(privateMessage(10001, 'y')))).status).toBe(204);
    expect(dispatched).toHaveLength(2);
    expect(log.text('warn')).toContain('unknown path /other');
  });

  it('with a receiver token: missing 401, wrong 403, header or query accepted', async () => {
    const { url, dispatched, log } = await started({
      bots: [{ selfId: 10001, endpoint: nowhere }],
      receiver: { port: 0, accessToken: 'rt' },
    });
    const event = body(privateMessage(10001, 'x'));
    expect((await post(url, event)).status).toBe(401);
    expect((await post(url, event, { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await post(url, event, { authorization: 'Bearer rt' })).status).toBe(204);
    expect((await post(url, event, { authorization: 'Token rt' })).status).toBe(204);
    expect((await post(`${url}?access_token=rt`, event)).status).toBe(204);
    // The query token counts only when no Authorization header is present (CQHTTP's rule).
    expect((await post(`${url}?access_token=rt`, event, { authorization: 'Bearer nope' })).status).toBe(403);
    expect((await post(`${url}?access_token=rt`, event, { authorization: 'Basic rt' })).status).toBe(401);
    expect(dispatched).toHaveLength(3);
    expect(log.text('warn')).toContain('carries no access token');
    expect(log.text('warn')).toContain('carries a wrong access token');
  });

  it('bodies above the limit get 413, declared or streamed', async () => {
    const { url, dispatched, log } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0, bodyLimit: 512 } });
    const big = body(privateMessage(10001, 'x'.repeat(2000)));
    expect((await post(url, big)).status).toBe(413);
    // Chunked, no Content-Length: the limit is enforced while reading.
    const streamed = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: [Buffer.from(big.slice(0, 400)), Buffer.from(big.slice(400))],
    });
    expect(streamed.status).toBe(413);
    expect((await post(url, body(privateMessage(10001, 'small')))).status).toBe(204);
    expect(dispatched).toHaveLength(1);
    expect(log.text('warn')).toContain('body limit');
  });

  it('not JSON, or JSON that is not an event, gets 400 and a log line', async () => {
    const { url, dispatched, log } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0 } });
    expect((await post(url, '{"post_type": "message",', { 'x-self-id': '10001' })).status).toBe(400);
    expect((await post(url, '<html></html>')).status).toBe(400);
    expect((await post(url, body({ hello: 'world' }))).status).toBe(400);
    expect((await post(url, body({ ...privateMessage(10001, 'x'), user_id: 'abc' }))).status).toBe(400);
    expect((await post(url, 'x', { 'x-self-id': 'abc' })).status).toBe(400);
    expect(dispatched).toHaveLength(0);
    expect(log.text('warn')).toContain('is not JSON');
    expect(log.text('warn')).toContain('is not an event');
    expect(log.text('warn')).toContain('is not a QQ number');
  });
});

describe('event receiver: signatures', () => {
  // Non-ASCII text, \u0026 escapes and odd spacing: re-serialising would change the bytes.
  const raw = `{"time":1700000000, "self_id":10001,"post_type":"message","message_type":"private","sub_type":"friend",
  "message_id":7,"user_id":20002,"message":"你好 \\u0026amp; \\u003c3 😀","raw_message":"你好","font":0}`;

  it('verifies HMAC-SHA1 over the raw bytes, not re-serialised JSON', async () => {
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
    const { url, dispatched } = await started({ bots: [{ selfId: 10001, endpoint: nowhere, secret: 'sekrit' }], receiver: { port: 0 } });
    const bytes = Buffer.from(raw, 'utf8');
    const answer = await post(url, bytes, { 'x-self-id': '10001', 'x-signature': serverSignature('sekrit', bytes) });
    expect(answer.status).toBe(204);
    expect(dispatched).toHaveLength(1);
    expect(dispatched[0]!.event).toMatchObject({ message: '你好 &amp; <3 😀' });
  });

  it('missing signature 401, wrong secret 403, both logged and dropped', async () => {
    const { url, dispatched, log } = await started({ bots: [{ selfId: 10001, endpoint: nowhere, secret: 'sekrit' }], receiver: { port: 0 } });
    const bytes = Buffer.from(raw, 'utf8');
    expect((await post(url, bytes, { 'x-self-id': '10001' })).status).toBe(401);
    expect((await post(url, bytes, { 'x-self-id': '10001', 'x-signature': serverSignature('wrong', bytes) })).status).toBe(403);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw)));
    expect((await post(url, bytes, { 'x-self-id': '10001', 'x-signature': serverSignature('sekrit', reserialised) })).status).toBe(403);
    expect(dispatched).toHaveLength(0);
    expect(log.text('warn')).toContain('has no X-Signature');
    expect(log.text('warn')).toContain('wrong X-Signature');
  });
});

describe('event receiver: several accounts', () => {
  const options: HttpAdapterOptions = {
    bots: [
      { selfId: 10001, endpoint: nowhere, secret: 'one' },
      { selfId: 10002, endpoint: nowhere, secret: 'two' },
    ],
    receiver: { port: 0 },
  };

  it('routes by X-Self-ID, each with its own secret', async () => {
    const { url, dispatched, bots } = await started(options);
    expect([...bots.keys()]).toEqual([10001, 10002]);
    const a = Buffer.from(body(privateMessage(10001, 'to one')));
    const b = Buffer.from(body(privateMessage(10002, 'to two')));
    expect((await post(url, a, { 'x-self-id': '10001', 'x-signature': serverSignature('one', a) })).status).toBe(204);
    expect((await post(url, b, { 'x-self-id': '10002', 'x-signature': serverSignature('two', b) })).status).toBe(204);
    // Account two's event signed with account one's secret is rejected.
    expect((await post(url, b, { 'x-self-id': '10002', 'x-signature': serverSignature('one', b) })).status).toBe(403);
    expect(dispatched.map((d) => [d.event.self_id, (d.event as { message?: unknown }).message])).toEqual([
      [10001, 'to one'],
      [10002, 'to two'],
    ]);
  });

  it('routes by self_id when X-Self-ID is absent (CQHTTP before 4.3)', async () => {
    const { url, dispatched } = await started(options);
    const b = Buffer.from(body(privateMessage(10002, 'old server')));
    expect((await post(url, b, { 'x-signature': serverSignature('two', b) })).status).toBe(204);
    expect((await post(url, b, { 'x-signature': serverSignature('one', b) })).status).toBe(403);
    expect((await post(url, '{not json')).status).toBe(400);
    expect(dispatched.map((d) => d.event.self_id)).toEqual([10002]);
  });

  it('an unknown self id gets 404 with a log line naming it; a header/body mismatch gets 400', async () => {
    const { url, dispatched, log } = await started(options);
    const c = Buffer.from(body(privateMessage(10003, 'who')));
    expect((await post(url, c, { 'x-self-id': '10003' })).status).toBe(404);
    expect(log.text('warn')).toContain('self id 10003, which no configured bot has');
    const a = Buffer.from(body(privateMessage(10001, 'x')));
    expect((await post(url, a, { 'x-self-id': '10002', 'x-signature': serverSignature('two', a) })).status).toBe(400);
    expect(dispatched).toHaveLength(0);
  });

  it('an account configured without selfId is bound by its first signed event', async () => {
    const { url, dispatched, bots, adapter } = await started({
      bots: [
        { selfId: 10001, endpoint: nowhere, secret: 'one' },
        { endpoint: nowhere, secret: 'later' },
      ],
      receiver: { port: 0 },
      discovery: { minDelay: 60_000, maxDelay: 60_000 },
      retry: { attempts: 1 },
    });
    expect([...bots.keys()]).toEqual([10001]);
    const e = Buffer.from(body(privateMessage(10005, 'first')));
    expect((await post(url, e, { 'x-self-id': '10005', 'x-signature': serverSignature('nope', e) })).status).toBe(403);
    expect((await post(url, e, { 'x-self-id': '10005', 'x-signature': serverSignature('later', e) })).status).toBe(204);
    expect([...bots.keys()].sort()).toEqual([10001, 10005]);
    expect(adapter.selfIds).toContain(10005);
    expect(dispatched.map((d) => d.event.self_id)).toEqual([10005]);
  });
});

describe('event receiver: quick operations', () => {
  it('a quick operation resolved within the window is the 200 response body', async () => {
    const operation = { reply: 'pong', auto_escape: true } as QuickOperation;
    const { url } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0 } }, async () => operation);
    const answer = await post(url, body(privateMessage(10001, 'ping')));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(answer.body)).toEqual({ reply: 'pong', auto_escape: true });
  });

  it('an empty operation is 204', async () => {
    const { url } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0 } }, async () => ({}) as QuickOperation);
    expect((await post(url, body(privateMessage(10001, 'ping')))).status).toBe(204);
  });

  it('writes what the core gives when its window closed on a running handler: the operation, or 204; it sends nothing itself', async () => {
    const api = await startScriptedServer((_req, res) => json(res, 200, { status: 'ok', retcode: 0, data: null }));
    stops.push(api.close);
    const replies: QuickReply[] = [
      { operation: { reply: 'in time' } as QuickOperation, late: true },
      { operation: null, late: true },
    ];
    const recording = recordingHost();
    const { host } = recording;
    host.dispatch = async () => replies.shift()!;
    const adapter = httpAdapter({ bots: [{ selfId: 10001, endpoint: api.url }], receiver: { port: 0, quickWindow: 250 } });
    await adapter.start(host);
    stops.push(() => adapter.stop());
    const first = await post(adapter.receiverUrl!, body(privateMessage(10001, 'slow')));
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ reply: 'in time' });
    expect((await post(adapter.receiverUrl!, body(privateMessage(10001, 'slower')))).status).toBe(204);
    // No timer of its own, no late .handle_quick_operation: later replies are the core's actions.
    expect(api.seen.filter((r) => r.url.includes('handle_quick_operation'))).toEqual([]);
  });

  it('quickWindow 0 answers 204 at once', async () => {
    let finish: (op: QuickOperation | null) => void = () => {};
    const { url, dispatched } = await started(
      { bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0, quickWindow: 0 } },
      () => new Promise((resolve) => (finish = resolve)),
    );
    expect((await post(url, body(privateMessage(10001, 'x')))).status).toBe(204);
    expect(dispatched[0]!.options).toBeUndefined();
    finish(null);
  });

  it('a dispatch that throws or rejects is logged and answered 204; the receiver keeps serving', async () => {
    let mode = 0;
    const { url, log } = await started({ bots: [{ selfId: 10001, endpoint: nowhere }], receiver: { port: 0 } }, (event) => {
      mode++;
      if (mode === 1) throw new Error('handler exploded');
      if (mode === 2) return Promise.reject(new Error('async explosion'));
      return Promise.resolve({ reply: `ok ${(event as { message?: string }).message}` } as QuickOperation);
    });
    expect((await post(url, body(privateMessage(10001, 'a')))).status).toBe(204);
    expect((await post(url, body(privateMessage(10001, 'b')))).status).toBe(204);
    const third = await post(url, body(privateMessage(10001, 'c')));
    expect(JSON.parse(third.body)).toEqual({ reply: 'ok c' });
    expect(log.text('error')).toContain('handler exploded');
    expect(log.text('error')).toContain('async explosion');
  });
});
