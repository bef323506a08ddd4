/**
 * The config accepts every option the adapters document for a bot (and for the HTTP receiver), by
 * the adapters' own key lists; bad secrets are refused without being shown.
 */
import { httpBotOptionKeys, receiverOptionKeys } from '@cqkit/adapter-http';
import { wsBotOptionKeys } from '@cqkit/adapter-ws';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../src/index.js';
import { connectServers } from '../src/run/connect-servers.js';

function problemsOf(raw: unknown): string {
  try {
    validateConfig(raw, 'cqkit.config.ts');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('bot options come from the adapters', () => {
  it('accepts every forward WebSocket option, universal and split (apiUrl / eventUrl, tokenScheme)', async () => {
    const universal = { url: 'ws://127.0.0.1:6700', selfId: 10001, accessToken: 't', tokenScheme: 'query', timeout: 5000 };
    const split = { apiUrl: 'ws://127.0.0.1:6700/api', eventUrl: 'ws://127.0.0.1:6700/event', tokenScheme: 'Token' };
    expect(new Set([...Object.keys(universal), ...Object.keys(split)])).toEqual(new Set(wsBotOptionKeys));
    const config = validateConfig({ bots: [{ protocol: 'ws', ...universal }, { protocol: 'ws', ...split }] }, 'x');
    expect(config.bots).toMatchObject([universal, split]);
    expect((await connectServers(config)).map((a) => a.name)).toEqual(['ws']);
  });

  it('says what is wrong with a half-split or doubly given forward address', () => {
    expect(problemsOf({ bots: [{ protocol: 'ws', apiUrl: 'ws://h/api' }] })).toContain('bots[0].eventUrl: expected a URL like ws://127.0.0.1:6700/event');
    expect(problemsOf({ bots: [{ protocol: 'ws', url: 'ws://h/', apiUrl: 'ws://h/api', eventUrl: 'ws://h/event' }] })).toContain('not both');
    expect(problemsOf({ bots: [{ endpoint: 'http://h', tokenScheme: 'query' }] })).toContain('bots[0].tokenScheme');
    expect(problemsOf({ bots: [{ endpoint: 'http://h', apiUrl: 'ws://h/api' }] })).toContain('no "apiUrl" for protocol "http"');
  });

  it('accepts every HTTP bot and receiver option', async () => {
    const bot = { endpoint: 'http://127.0.0.1:5700', selfId: 10001, accessToken: 't', tokenScheme: 'Token', secret: 's', timeout: 5000 };
    const receiver = { host: '127.0.0.1', port: 0, path: '/', accessToken: 'r', bodyLimit: 1024, quickWindow: 100, headersTimeout: 1000, requestTimeout: 2000, maxConnections: 8, ackAfterDispatch: false };
    expect(new Set(Object.keys(bot))).toEqual(new Set(httpBotOptionKeys));
    expect(new Set(Object.keys(receiver))).toEqual(new Set(receiverOptionKeys));
    const config = validateConfig({ bots: [bot], receiver }, 'x');
    expect(config.receiver).toEqual(receiver);
    expect((await connectServers(config)).map((a) => a.name)).toEqual(['http']);
  });
});

describe('adapter options beyond the bots', () => {
  it('passes retry and discovery to the http adapter, reconnect and liveness to the ws adapters', async () => {
    const adapters = {
      http: { retry: { attempts: 2, baseDelay: 100, maxDelay: 500 }, discovery: { minDelay: 100, maxDelay: 1000 } },
      ws: { reconnect: { initialDelay: 100, maxDelay: 2000, factor: 1.5, jitter: 0 }, heartbeatTimeout: 'auto', maxWaiting: 10 },
    };
    const config = validateConfig(
      { bots: [{ endpoint: 'http://127.0.0.1:5700' }, { protocol: 'ws', url: 'ws://127.0.0.1:6700' }, { protocol: 'ws-reverse', port: 0 }], receiver: { port: 0 }, adapters },
      'x',
    );
    expect(config.adapters).toEqual(adapters);
    expect((await connectServers(config)).map((a) => a.name)).toEqual(['http', 'ws', 'ws-reverse']);
    expect(problemsOf({ adapters: { ws: { reconnect: { factor: 0.5 } } } })).toContain('adapters.ws.reconnect.factor: expected a growth factor >= 1, got 0.5');
    // The adapter's own checks still apply to what the config lets through.
    const inverted = validateConfig({ bots: [{ protocol: 'ws', url: 'ws://h/' }], adapters: { ws: { reconnect: { initialDelay: 5000, maxDelay: 1000 } } } }, 'x');
    await expect(connectServers(inverted)).rejects.toThrow(/reconnect\.maxDelay must not be below reconnect\.initialDelay/);
  });
});

describe('secrets in config errors', () => {
  it('never echoes a token, a secret or URL credentials', () => {
    const text = problemsOf({
      bots: [{ endpoint: 'http://127.0.0.1/', accessToken: 12345, secret: 42 }],
      receiver: { accessToken: ['Pl4ntedList'] },
      sandbox: { accessToken: 770042 },
    });
    expect(text).toContain('bots[0].accessToken: expected the server access_token written as a string in quotes, got a number (not shown: it is a secret)');
    for (const planted of ['12345', 'Pl4ntedList', '770042']) expect(text).not.toContain(planted);
    const url = problemsOf({ bots: [{ endpoint: 'ftp://user:Pl4ntedPw@127.0.0.1/?access_token=Pl4ntedQ' }] });
    expect(url).toContain('bots[0].endpoint: expected a URL like http://127.0.0.1:5700, got "ftp://***@127.0.0.1/?access_token=***"');
  });
});
