import { afterEach, describe, expect, it } from 'vitest';
import { httpAdapter } from '../src/adapter.js';
import { HttpAdapterConfigError } from '../src/options.js';
import { ManualTimers } from './helpers/manual-timers.js';
import { recordingHost } from './helpers/recording-host.js';
import { freePort, json, startScriptedServer } from './helpers/scripted-server.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

describe('accounts without selfId', () => {
  it('are learned with get_login_info at start', async () => {
    const api = await startScriptedServer((req, res) =>
      req.url === '/get_login_info' ? json(res, 200, { status: 'ok', retcode: 0, data: { user_id: 10001, nickname: 'bot' } }) : json(res, 404, {}),
    );
    stops.push(api.close);
    const { host, bots, log } = recordingHost();
    const adapter = httpAdapter({ bots: [{ endpoint: api.url, accessToken: 'tok' }] });
    await adapter.start(host);
    stops.push(() => adapter.stop());
    expect([...bots.keys()]).toEqual([10001]);
    expect(adapter.selfIds).toEqual([10001]);
    expect(api.seen[0]!.headers.authorization).toBe('Bearer tok');
    expect(log.text('info')).toContain('account 10001 ready');
  });

  it('server down at start: start resolves, the error is logged, discovery retries with back-off until it works', async () => {
    let up = false;
    const api = await startScriptedServer((_req, res) => {
      if (!up) {
        res.writeHead(401);
        res.end();
      } else json(res, 200, { status: 'ok', retcode: 0, data: { user_id: 10002, nickname: 'bot' } });
    });
    stops.push(api.close);
    const timers = new ManualTimers();
    const { host, bots, log } = recordingHost();
    const adapter = httpAdapter({
      bots: [{ endpoint: api.url }],
      timers,
      discovery: { minDelay: 1000, maxDelay: 3000 },
    });
    await adapter.start(host);
    stops.push(() => adapter.stop());
    expect(bots.size).toBe(0);
    expect(log.text('error')).toContain('cannot learn the QQ number of bots[0]');
    expect(log.text('error')).toContain('the API server rejected the access token');
    const registered = new Promise<null>((resolve) => {
      const addBot = host.addBot.bind(host);
      host.addBot = (selfId, transport) => {
        const bot = addBot(selfId, transport);
        resolve(null);
        return bot;
      };
    });
    const delays: number[] = [];
    // Timers: each call's timeout (10000) and the back-off sleeps; bounded loop.
    for (let step = 0; step < 10; step++) {
      const timer = await Promise.race([timers.next(), registered]);
      if (timer === null) break;
      if (timer.ms === 10_000) continue;
      delays.push(timer.ms);
      if (delays.length === 3) up = true;
      timer.fire();
    }
    expect(delays).toEqual([1000, 2000, 3000]);
    expect([...bots.keys()]).toEqual([10002]);
    // Four refusals: one error line for the state, one line per longer interval, one when it works.
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(log.text('warn')).toContain('still waiting for http://127.0.0.1');
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => /now retrying every (\S+ s)/.exec(l.message)?.[1])).toEqual(['2 s', '3 s']);
    expect(log.text('info')).toMatch(/bots\[0\]: connected to http:\/\/127\.0\.0\.1:\d+ after waiting 6 s/);
  });

  it('connection refused at start is reported with the URL, and stop() ends the retry loop', async () => {
    const port = await freePort();
    const timers = new ManualTimers();
    const { host, bots, log } = recordingHost();
    const adapter = httpAdapter({ bots: [{ endpoint: `http://127.0.0.1:${port}` }], timers, retry: { attempts: 1 } });
    await adapter.start(host);
    expect(bots.size).toBe(0);
    expect(log.text('warn')).toContain(`bots[0]: waiting for the API server at http://127.0.0.1:${port} (get_login_info: no API server at`);
    expect(log.text('warn')).toContain('retrying every 1 s (or set bots[0].selfId)');
    await adapter.stop();
    expect(timers.pending).toBe(0);
  });
});

describe('options', () => {
  it.each([
    [{ bots: [] }, 'bots must list at least one account'],
    [{ bots: [{ endpoint: 'ftp://x' }] }, 'bots[0].endpoint must start with http://'],
    [{ bots: [{ endpoint: 'not a url' }] }, 'bots[0].endpoint is not a URL'],
    [{ bots: [{ selfId: -1, endpoint: 'http://h' }] }, 'bots[0].selfId must be a QQ number'],
    [{ bots: [{ selfId: 1, endpoint: 'http://h' }, { selfId: 1, endpoint: 'http://g' }] }, 'bots[1].selfId 1 is listed twice'],
    [{ bots: [{ endpoint: 'http://h', tokenScheme: 'Basic' }] }, "bots[0].tokenScheme must be 'Bearer' or 'Token'"],
    [{ bots: [{ endpoint: 'http://h' }], receiver: { port: 70000 } }, 'receiver.port must be an integer'],
    [{ bots: [{ endpoint: 'http://h' }], receiver: { port: 0, path: 'events' } }, "receiver.path must start with '/'"],
    [{ bots: [{ endpoint: 'http://h' }], receiver: { port: 0, quickWindow: -1 } }, 'receiver.quickWindow must be an integer'],
    // Misspelt keys and CQHTTP's own names are not ignored in silence.
    [{ bots: [{ endpoint: 'http://h', acessToken: 't' }] }, 'bots[0].acessToken is not an option; did you mean bots[0].accessToken?'],
    [{ bots: [{ endpoint: 'http://h', access_token: 't' }] }, 'bots[0].access_token is not an option; did you mean bots[0].accessToken?'],
    [{ bots: [{ endpoint: 'http://h', post_url: 'x' }] }, 'bots[0].post_url is not an option (known: selfId, endpoint, accessToken, tokenScheme, secret, timeout)'],
    [{ bots: [{ endpoint: 'http://h' }], receiver: { prot: 8080 } }, 'receiver.prot is not an option; did you mean receiver.port?'],
    [{ bots: [{ endpoint: 'http://h' }], reciever: { port: 0 } }, 'reciever is not an option; did you mean receiver?'],
    [{ bots: [{ endpoint: 'http://h' }], retry: { attempt: 2 } }, 'retry.attempt is not an option; did you mean retry.attempts?'],
    [{ bots: [{ endpoint: 'http://h' }], discovery: { max: 1 } }, 'discovery.max is not an option (known: minDelay, maxDelay)'],
  ])('%j is rejected: %s', (options, message) => {
    expect(() => httpAdapter(options as never)).toThrow(HttpAdapterConfigError);
    expect(() => httpAdapter(options as never)).toThrow(message);
  });

  it('keys set to undefined are accepted (spread configs)', () => {
    expect(() => httpAdapter({ bots: [{ endpoint: 'http://h', accessToken: undefined, secret: undefined }], receiver: { port: 0, quickWindow: undefined } })).not.toThrow();
  });

  it('a receiver port in use fails start() with a clear error', async () => {
    const api = await startScriptedServer(() => {});
    stops.push(api.close);
    const port = Number(new URL(api.url).port);
    const adapter = httpAdapter({ bots: [{ selfId: 1, endpoint: 'http://127.0.0.1:9' }], receiver: { port } });
    const { host, bots } = recordingHost();
    await expect(adapter.start(host)).rejects.toThrow(`127.0.0.1:${port} is already in use; choose another receiver.port`);
    expect(bots.size).toBe(0);
  });
});
