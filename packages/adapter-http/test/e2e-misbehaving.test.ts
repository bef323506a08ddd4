import { type App, createApp } from '@cqkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpAdapter, httpAdapter } from '../src/adapter.js';
import type { HttpBotOptions } from '../src/options.js';
import type { RetryPolicy } from '../src/retry.js';
import { failure } from './helpers/failure.js';
import { ManualTimers } from './helpers/manual-timers.js';
import { post, privateMessage } from './helpers/post.js';
import { recordingLogger } from './helpers/recording-logger.js';
import { json, type Script, startScriptedServer } from './helpers/scripted-server.js';

// API servers the sandbox does not play: slow ones and ones that answer garbage. The app is the
// real createApp() with this adapter; its receiver stays up whatever the API side does.

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function appWith(script: Script, bot: Partial<HttpBotOptions> = {}, timers?: ManualTimers, retry: Partial<RetryPolicy> = { attempts: 1 }) {
  const api = await startScriptedServer(script);
  stops.push(api.close);
  const log = recordingLogger();
  const app: App = createApp({ logger: log.logger });
  const adapter: HttpAdapter = httpAdapter({
    bots: [{ selfId: 10001, endpoint: api.url, ...bot }],
    receiver: { port: 0, quickWindow: 0 },
    retry,
    ...(timers ? { timers } : {}),
  });
  app.adapter(adapter);
  await app.start();
  stops.push(async () => {
    await app.stop({ deadline: 500 });
  });
  const seen: string[] = [];
  app.on('message', (session) => {
    seen.push(session.plainText);
  });
  /** Proves the app still receives and handles events. */
  const stillReceives = async (text: string): Promise<void> => {
    const answer = await post(adapter.receiverUrl!, JSON.stringify(privateMessage(10001, text)), { 'x-self-id': '10001' });
    expect(answer.status).toBe(204);
    expect(seen).toContain(text);
  };
  return { app, api, log, stillReceives };
}

describe('end to end: misbehaving API servers', () => {
  it('slow server: the call times out with a timeout error; the app keeps running', async () => {
    const timers = new ManualTimers();
    const { app, api, stillReceives } = await appWith(() => {}, {}, timers);
    const call = app.bot.getStatus({}, { timeout: 60_000 });
    const timer = await timers.next();
    expect(timer.ms).toBe(60_000);
    await api.nextRequest();
    timer.fire();
    const error = await failure(call);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no answer from');
    expect(error.message).toContain('within 60000 ms');
    await stillReceives('after the timeout');
  });

  it('HTML page: bad-response naming the content type', async () => {
    const { app, stillReceives } = await appWith((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Welcome to nginx!</h1></body></html>');
    });
    const error = await failure(app.bot.getStatus({}));
    expect(error.kind).toBe('bad-response');
    expect(error.message).toContain('is not JSON');
    expect(error.message).toContain('text/html');
    await stillReceives('after html');
  });

  it('JSON of the wrong shape and plain text: bad-response', async () => {
    const { app, stillReceives } = await appWith((req, res) => {
      if (req.url === '/send_private_msg') json(res, 200, { ok: true, message_id: 5 });
      else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('OK');
      }
    });
    const send = await failure(app.bot.sendPrivateMsg({ user_id: 2001, message: 'hi' }));
    expect(send.kind).toBe('bad-response');
    expect(send.message).toContain('not a response envelope');
    const read = await failure(app.bot.getLoginInfo({}));
    expect(read.kind).toBe('bad-response');
    expect(read.message).toContain('is not JSON');
    await stillReceives('after garbage');
  });

  it('HTTP 503: a read is retried with back-off, a send is never retried', async () => {
    const timers = new ManualTimers();
    const { app, api } = await appWith(
      (_req, res) => {
        res.writeHead(503);
        res.end();
      },
      {},
      timers,
      { attempts: 2, baseDelay: 100, maxDelay: 100 },
    );
    const send = await failure(app.bot.sendPrivateMsg({ user_id: 2001, message: 'once only' }));
    expect(send).toMatchObject({ kind: 'http-status', httpStatus: 503 });
    expect(api.seen.filter((r) => r.url === '/send_private_msg')).toHaveLength(1);
    const read = app.bot.getStatus({});
    (await timers.nextOf(100)).fire();
    expect((await failure(read)).httpStatus).toBe(503);
    expect(api.seen.filter((r) => r.url === '/get_status')).toHaveLength(2);
  });

  it('go-cqhttp style unknown action (HTTP 200, retcode 404) is not-found', async () => {
    const { app } = await appWith((_req, res) =>
      json(res, 200, { status: 'failed', retcode: 404, data: null, msg: 'API_NOT_FOUND', wording: 'API不存在' }),
    );
    const error = await failure(app.bot.call('get_word_slices_v2', {}));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('the server does not implement get_word_slices_v2');
  });

  it('a server error (HTTP 500) is an http-status error', async () => {
    const { app } = await appWith((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });
    const error = await failure(app.bot.getStatus({}));
    expect(error).toMatchObject({ kind: 'http-status', httpStatus: 500 });
  });
});
