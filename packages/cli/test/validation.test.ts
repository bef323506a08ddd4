import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../src/index.js';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(() => {
  killAll();
  removeTempProjects();
});

function problems(raw: unknown): readonly string[] {
  try {
    validateConfig(raw, 'cqkit.config.ts');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('config validation (schema)', () => {
  it('accepts a full config and fills protocol defaults', () => {
    const config = validateConfig(
      {
        bots: [
          { endpoint: 'http://127.0.0.1:5700', selfId: 10001, accessToken: 't', secret: 's' },
          { protocol: 'ws', url: 'ws://127.0.0.1:6700' },
          { protocol: 'ws-reverse', selfId: 10002 },
        ],
        receiver: { host: '0.0.0.0', port: 8080, path: '/events', quickWindow: 300 },
        plugins: { echo: {}, './src/dice.ts': { sides: 20 }, help: false },
        prefix: ['/', '!'],
        superusers: [12345],
        logLevel: 'debug',
        rateLimit: { global: { count: 20, interval: 1000 }, perTarget: false },
        stopDeadline: 5000,
        sandbox: { port: 5700, selfId: 10001, chat: false },
      },
      'x',
    );
    expect(config.bots?.[0]?.protocol).toBe('http');
    expect(config.bots?.[2]?.protocol).toBe('ws-reverse');
  });

  it('accepts plugins as a list of names and [name, config] pairs', () => {
    expect(problems({ plugins: ['echo', ['./src/dice.ts', { sides: 6 }]] })).toEqual([]);
  });

  const cases: Array<[string, unknown, string]> = [
    ['a number as endpoint', { bots: [{ endpoint: 42 }] }, 'bots[0].endpoint: expected a URL like http://127.0.0.1:5700, got 42'],
    ['a ws URL for http', { bots: [{ endpoint: 'ws://x' }] }, 'bots[0].endpoint: expected a URL like http://127.0.0.1:5700, got "ws://x"'],
    ['a missing ws url', { bots: [{ protocol: 'ws' }] }, 'bots[0].url: expected a URL like ws://127.0.0.1:6700, got nothing'],
    ['an unknown protocol', { bots: [{ protocol: 'grpc', endpoint: 'http://x' }] }, 'bots[0].protocol: expected one of "http", "ws", "ws-reverse", got "grpc"'],
    ['a bad port', { receiver: { port: 70000 } }, 'receiver.port: expected a port number from 0 to 65535, got 70000'],
    ['a path without slash', { receiver: { path: 'events' } }, 'receiver.path: expected a URL path starting with "/", got "events"'],
    ['a string selfId', { bots: [{ endpoint: 'http://x', selfId: '10001' }] }, 'bots[1 - 1].selfId'],
    ['a bad rate limit', { rateLimit: { global: { count: 0, interval: 1000 } } }, 'rateLimit.global'],
    ['a negative deadline', { stopDeadline: -1 }, 'stopDeadline: expected a stop deadline in milliseconds (a number >= 0), got -1'],
    ['a bad log level', { logLevel: 'loud' }, 'logLevel: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "loud"'],
    ['plugins as a number', { plugins: 3 }, 'plugins: expected a map { "name-or-./path": config } or a list of names / [name, config] pairs, got 3'],
    ['a misspelt top-level key', { plugns: {} }, 'plugns: unknown key (did you mean "plugins"?)'],
    ['a misspelt nested key', { bots: [{ endpiont: 'http://x' }] }, 'bots[0].endpiont: unknown key (did you mean "endpoint"?)'],
    ['a far-off unknown key', { receiver: { zzzzzz: 1 } }, 'receiver.zzzzzz: unknown key (known keys: host, port, path, accessToken, bodyLimit, quickWindow, headersTimeout, requestTimeout, maxConnections, ackAfterDispatch)'],
  ];
  for (const [what, raw, expected] of cases) {
    it(`names the key for ${what}`, () => {
      const found = problems(raw);
      const wanted = expected.replace('[1 - 1]', '[0]');
      expect(found.some((line) => line.startsWith(wanted))).toBe(true);
    });
  }
});

describe('config errors from the real cli', () => {
  it('prints one line naming the key, exits 1, no stack trace', async () => {
    const dir = tempProject({ 'cqkit.config.ts': "export default { bots: [{ endpoint: 42 }], prefix: '/' };\n" });
    const child = runCqkit(['start'], dir);
    expect(await child.exited).toBe(1);
    await child.closed;
    expect(child.stderr()).toBe('config error in cqkit.config.ts: bots[0].endpoint: expected a URL like http://127.0.0.1:5700, got 42\n');
    expect(child.stdout()).toBe('');
  });

  it('suggests the close key for a typo, exits 1', async () => {
    const dir = tempProject({ '.cqkitrc.json': '{ "stopDeadlne": 100 }' });
    const child = runCqkit(['start'], dir);
    expect(await child.exited).toBe(1);
    await child.closed;
    expect(child.stderr()).toBe('config error in .cqkitrc.json: stopDeadlne: unknown key (did you mean "stopDeadline"?)\n');
  });

  it('names a plugin that cannot be found and what was tried', async () => {
    const dir = tempProject({ 'cqkit.config.json': '{ "plugins": { "nosuchthing": {} } }' });
    const child = runCqkit(['start'], dir);
    expect(await child.exited).toBe(1);
    await child.closed;
    const err = child.stderr();
    expect(err).toContain('plugin "nosuchthing" not found');
    expect(err).toContain('tried @cqkit/plugin-nosuchthing, cqkit-plugin-nosuchthing');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('reports a plugin config that fails the plugin schema', async () => {
    const plugin = `export default {
  name: 'strict',
  schema: { '~standard': { version: 1, vendor: 'test', validate: (v) => (typeof v?.size === 'number' ? { value: v } : { issues: [{ path: [{ key: 'size' }], message: 'expected a number' }] }) } },
  apply() {},
};
`;
    const dir = tempProject({ 'strict.js': plugin, 'cqkit.config.json': '{ "plugins": { "./strict.js": { "size": "big" } } }' });
    const child = runCqkit(['start'], dir);
    expect(await child.exited).toBe(1);
    await child.closed;
    expect(child.stderr()).toMatch(/invalid config for plugin "strict": size: expected a number/);
    expect(child.stderr()).not.toMatch(/\n\s+at /);
  });

  it('names a --config file that does not exist', async () => {
    const dir = tempProject({});
    const child = runCqkit(['start', '--config', 'bot.config.ts'], dir);
    expect(await child.exited).toBe(1);
    await child.closed;
    expect(child.stderr()).toBe('config error in bot.config.ts: file not found\n');
  });

  it('refuses an unknown command with exit code 2', async () => {
    const dir = tempProject({});
    const child = runCqkit(['launch'], dir);
    expect(await child.exited).toBe(2);
    await child.closed;
    expect(child.stderr()).toContain('unknown command "launch"');
  });
});
