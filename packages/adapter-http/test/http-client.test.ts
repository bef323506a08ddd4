import { afterEach, describe, expect, it } from 'vitest';
import { HttpApiClient, type HttpApiClientOptions } from '../src/http-client.js';
import { defaultRetryPolicy } from '../src/retry.js';
import { realTimers } from '../src/timers.js';
import { failure } from './helpers/failure.js';
import { ManualTimers } from './helpers/manual-timers.js';
import { freePort, json, type Script, startScriptedServer } from './helpers/scripted-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(script: Script) {
  const server = await startScriptedServer(script);
  cleanups.push(server.close);
  return server;
}

function client(endpoint: string, extra: Partial<HttpApiClientOptions> = {}): HttpApiClient {
  const c = new HttpApiClient({ endpoint, retry: defaultRetryPolicy, timers: realTimers, ...extra });
  cleanups.push(() => c.close());
  return c;
}

const send = { timeout: 5000, idempotent: false };
const read = { timeout: 5000, idempotent: true };

describe('HttpApiClient', () => {
  it('POSTs JSON to {endpoint}/{action} with a Bearer token and returns data', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', retcode: 0, data: { message_id: 42 } }));
    const c = client(`${server.url}/`, { accessToken: 's3cret' });
    await expect(c.call('send_private_msg', { user_id: 1, message: '你好' }, send)).resolves.toEqual({ message_id: 42 });
    const [request] = server.seen;
    expect(request).toMatchObject({ method: 'POST', url: '/send_private_msg' });
    expect(request!.headers.authorization).toBe('Bearer s3cret');
    expect(request!.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request!.body)).toEqual({ user_id: 1, message: '你好' });
  });

  it('keeps a path prefix, passes suffixed and dotted action names, and the Token scheme', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'async', retcode: 1, data: null }));
    const c = client(`${server.url}/onebot/`, { accessToken: 't', tokenScheme: 'Token' });
    await expect(c.call('send_msg_async', { message: 'x' }, send)).resolves.toBeNull();
    await expect(c.call('.handle_quick_operation', {}, send)).resolves.toBeNull();
    expect(server.seen.map((r) => r.url)).toEqual(['/onebot/send_msg_async', '/onebot/.handle_quick_operation']);
    expect(server.seen[0]!.headers.authorization).toBe('Token t');
  });

  it('reuses one keep-alive connection for consecutive calls', async () => {
    const server = await serve((_req, res) => json(res, 200, { status: 'ok', retcode: 0, data: null }));
    const c = client(server.url);
    for (let i = 0; i < 5; i++) {
      await c.call('get_status', {}, read);
      // Let the pool see the connection idle again before the next call.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.seen).toHaveLength(5);
    expect(new Set(server.seen.map((r) => r.remotePort)).size).toBe(1);
  });

  it('maps HTTP failures to errors that say what to fix', async () => {
    const server = await serve((req, res) => {
      const status = Number(req.url.split('/')[1]?.replace('s', ''));
      res.writeHead(status);
      res.end();
    });
    const c = client(server.url);
    expect(await failure(c.call('s401', {}, send))).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    expect((await failure(c.call('s403', {}, send))).message).toContain('the API server rejected the access token');
    expect((await failure(c.call('s404', {}, send))).message).toContain('the server does not implement s404');
    expect(await failure(c.call('s406', {}, send))).toMatchObject({ kind: 'bad-request' });
    expect(await failure(c.call('s400', {}, send))).toMatchObject({ kind: 'bad-request' });
  });

  it('garbage answers (HTML, non-JSON, wrong shape) are bad-response errors', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><body>It works!</body></html>');
      } else if (req.url === '/text') {
        res.end('OK');
      } else {
        json(res, 200, { result: 'fine' });
      }
    });
    const c = client(server.url);
    const html = await failure(c.call('html', {}, read));
    expect(html.kind).toBe('bad-response');
    expect(html.message).toContain('text/html');
    expect((await failure(c.call('text', {}, read))).kind).toBe('bad-response');
    expect((await failure(c.call('shape', {}, read))).message).toContain('not a response envelope');
  });

  it('no server: connection refused names the URL', async () => {
    const port = await freePort();
    const c = client(`http://127.0.0.1:${port}`);
    const error = await failure(c.call('send_msg', { message: 'x' }, send));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(`no API server at http://127.0.0.1:${port}`);
  });

  it('a slow server times out (driven by an injected clock)', async () => {
    const server = await serve(() => {
      // never answers
    });
    const timers = new ManualTimers();
    const c = client(server.url, { timers });
    const call = c.call('get_status', {}, { timeout: 750, idempotent: false });
    const timer = await timers.next();
    expect(timer.ms).toBe(750);
    await server.nextRequest();
    timer.fire();
    const error = await failure(call);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('within 750 ms');
  });

  it('the bot timeout caps the call timeout', async () => {
    const server = await serve(() => {});
    const timers = new ManualTimers();
    const c = client(server.url, { timers, maxTimeout: 100 });
    const call = c.call('get_status', {}, { timeout: 5000, idempotent: true });
    const timer = await timers.next();
    expect(timer.ms).toBe(100);
    timer.fire();
    expect((await failure(call)).kind).toBe('timeout');
  });

  it('the caller signal cancels a call in flight', async () => {
    const server = await serve(() => {});
    const c = client(server.url);
    const controller = new AbortController();
    const call = c.call('get_status', {}, { timeout: 5000, idempotent: false, signal: controller.signal });
    await server.nextRequest();
    controller.abort();
    expect((await failure(call)).kind).toBe('cancelled');
  });

  it('reads are retried with back-off on 503, then succeed', async () => {
    let calls = 0;
    const server = await serve((_req, res) => {
      calls++;
      if (calls < 3) {
        res.writeHead(503);
        res.end();
      } else json(res, 200, { status: 'ok', retcode: 0, data: { good: true } });
    });
    const timers = new ManualTimers();
    const c = client(server.url, { timers, retry: { attempts: 3, baseDelay: 100, maxDelay: 1000 } });
    const call = c.call('get_status', {}, read);
    const delays: number[] = [];
    // Each attempt schedules its timeout; each failure then schedules a back-off sleep.
    for (let step = 0; step < 4; step++) {
      const timer = await timers.next();
      if (timer.ms !== 5000) {
        delays.push(timer.ms);
        timer.fire();
      }
    }
    await expect(call).resolves.toEqual({ good: true });
    expect(delays).toEqual([100, 200]);
    expect(calls).toBe(3);
  });

  it('reads give up after the policy attempts with the last error', async () => {
    const port = await freePort();
    const timers = new ManualTimers();
    const c = client(`http://127.0.0.1:${port}`, { timers, retry: { attempts: 2, baseDelay: 50, maxDelay: 50 } });
    const call = c.call('get_status', {}, read);
    let sleeps = 0;
    for (let step = 0; step < 3; step++) {
      const timer = await timers.next();
      if (timer.ms === 50) {
        sleeps++;
        timer.fire();
      }
    }
    expect((await failure(call)).kind).toBe('unreachable');
    expect(sleeps).toBe(1);
  });

  it('sends are never retried, whatever the failure', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    const c = client(server.url);
    expect((await failure(c.call('send_group_msg', { group_id: 1, message: 'x' }, send))).httpStatus).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it('token and retcode failures of reads are not retried', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/bad_token') {
        res.writeHead(403);
        res.end();
      } else json(res, 200, { status: 'failed', retcode: 100, data: null });
    });
    const c = client(server.url);
    expect((await failure(c.call('bad_token', {}, read))).kind).toBe('unauthorized');
    expect((await failure(c.call('get_group_info', {}, read))).kind).toBe('retcode');
    expect(server.seen).toHaveLength(2);
  });

  it('a read that meets a kept-alive socket the server dropped is sent again at once on a new one', async () => {
    let requests = 0;
    const server = await serve((_req, res) => {
      requests++;
      // The second request arrives on the reused socket: drop it unanswered, as a server does that
      // closed the idle connection while the request was on its way.
      if (requests === 2) res.socket?.destroy();
      else json(res, 200, { status: 'ok', retcode: 0, data: { n: requests } });
    });
    const timers = new ManualTimers();
    const c = client(server.url, { timers });
    await expect(c.call('get_status', {}, read)).resolves.toEqual({ n: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    // Nobody fires the manual timers: a back-off sleep would leave this call pending.
    await expect(c.call('get_status', {}, read)).resolves.toEqual({ n: 3 });
    expect(server.seen).toHaveLength(3);
    expect(server.seen[1]!.remotePort).toBe(server.seen[0]!.remotePort);
    expect(server.seen[2]!.remotePort).not.toBe(server.seen[0]!.remotePort);
    // Only the two calls' timeouts were scheduled (one timer per call, the resend included), both cleared.
    expect([(await timers.next()).ms, (await timers.next()).ms]).toEqual([5000, 5000]);
    expect(timers.pending).toBe(0);
  });

  it('a send that meets a dropped kept-alive socket fails and is not sent again', async () => {
    let requests = 0;
    const server = await serve((_req, res) => {
      requests++;
      if (requests === 2) res.socket?.destroy();
      else json(res, 200, { status: 'ok', retcode: 0, data: { message_id: requests } });
    });
    const c = client(server.url);
    await expect(c.call('send_private_msg', { user_id: 1, message: 'a' }, send)).resolves.toEqual({ message_id: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    const error = await failure(c.call('send_private_msg', { user_id: 1, message: 'b' }, send));
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain('ECONNRESET');
    expect(server.seen).toHaveLength(2);
  });

  it('an answer above the size cap is a bad-response error, declared or streamed', async () => {
    const big = JSON.stringify({ status: 'ok', retcode: 0, data: 'x'.repeat(4096) });
    const server = await serve((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) });
        res.end(big);
      } else {
        // Chunked, no Content-Length: the cap is enforced while reading.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(big.slice(0, 2000));
        res.end(big.slice(2000));
      }
    });
    const c = client(server.url, { maxResponseBytes: 1024 });
    for (const action of ['declared', 'streamed']) {
      const error = await failure(c.call(action, {}, read));
      expect(error.kind).toBe('bad-response');
      expect(error.message).toContain('larger than 1024 bytes');
    }
    expect(server.seen).toHaveLength(2);
  });

  it('close() lets a call in flight finish, then refuses new ones', async () => {
    let answer: (() => void) | undefined;
    const server = await serve((_req, res) => {
      answer = () => json(res, 200, { status: 'ok', retcode: 0, data: 'late' });
    });
    const c = client(server.url);
    const call = c.call('get_status', {}, read);
    await server.nextRequest();
    const closing = c.close();
    expect((await failure(c.call('get_status', {}, read))).kind).toBe('cancelled');
    answer?.();
    await expect(call).resolves.toBe('late');
    await closing;
  });

  it('parameters that cannot be JSON are rejected locally', async () => {
    const c = client('http://127.0.0.1:9');
    const error = await failure(c.call('send_msg', { n: 1n }, send));
    expect(error.kind).toBe('invalid-params');
  });

  it('a closed client rejects calls as cancelled', async () => {
    const c = client('http://127.0.0.1:9');
    await c.close();
    expect((await failure(c.call('get_status', {}, read))).kind).toBe('cancelled');
  });
});
