/**
 * With `bots` configured, `cqkit start` connects to those servers instead of the embedded sandbox.
 * Here the server is a sandbox started by the test (tokens and signatures on), talked to over HTTP.
 */
import { createSandbox, type Sandbox } from '@cqkit/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../src/index.js';
import { connectServers } from '../src/run/connect-servers.js';
import { freePort } from './helpers/free-port.js';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const sandboxes: Sandbox[] = [];
afterAll(async () => {
  killAll();
  await Promise.all(sandboxes.map((s) => s.stop()));
  removeTempProjects();
});

describe('adapters for configured servers', () => {
  it('makes one adapter per transport kind and one listener per reverse address', async () => {
    const config = validateConfig(
      {
        bots: [
          { endpoint: 'http://127.0.0.1:5700' },
          { endpoint: 'http://127.0.0.1:5701' },
          { protocol: 'ws', url: 'ws://127.0.0.1:6700' },
          { protocol: 'ws-reverse', selfId: 1, port: 0 },
          { protocol: 'ws-reverse', selfId: 2, port: 0 },
          { protocol: 'ws-reverse', selfId: 3, port: 0, path: '/other' },
        ],
        receiver: { port: 0 },
      },
      'x',
    );
    expect((await connectServers(config)).map((a) => a.name)).toEqual(['http', 'ws', 'ws-reverse', 'ws-reverse']);
  });

  it('refuses reverse bots on one address with different tokens', async () => {
    const config = validateConfig(
      { bots: [{ protocol: 'ws-reverse', accessToken: 'a' }, { protocol: 'ws-reverse', accessToken: 'b' }] },
      'x',
    );
    await expect(connectServers(config, 'cqkit.config.ts')).rejects.toThrow(ConfigError);
    await expect(connectServers(config, 'cqkit.config.ts')).rejects.toThrow(/must share one accessToken/);
  });

  it('refuses a ws-reverse bot that would listen on the HTTP receiver port, naming the key', async () => {
    const clash = validateConfig({ bots: [{ endpoint: 'http://127.0.0.1:5700' }, { protocol: 'ws-reverse' }], receiver: { port: 9000 } }, 'x');
    await expect(connectServers(clash, 'cqkit.config.ts')).rejects.toThrow(/bots\[1\]\.port: this ws-reverse bot would listen on port 9000/);
    const apart = validateConfig({ bots: [{ endpoint: 'http://127.0.0.1:5700' }, { protocol: 'ws-reverse', port: 9001 }], receiver: { port: 9000 } }, 'x');
    expect((await connectServers(apart, 'cqkit.config.ts')).map((a) => a.name)).toEqual(['http', 'ws-reverse']);
  });

  it('rejects listen keys on a bot that does not listen', () => {
    expect(() => validateConfig({ bots: [{ endpoint: 'http://x', port: 1 }] }, 'x')).toThrow(/bots\[0\]\.port: expected no "port" for protocol "http"/);
  });
});

it('cqkit start connects to a configured HTTP server and answers its events', { timeout: 60_000 }, async () => {
  const receiverPort = await freePort();
  const sandbox = createSandbox({ port: 0, postUrl: `http://127.0.0.1:${receiverPort}/events`, accessToken: 'tok', secret: 'sec' });
  sandboxes.push(sandbox);
  const { url } = await sandbox.start();
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({
      bots: [{ endpoint: url, accessToken: 'tok', secret: 'sec', selfId: sandbox.world.selfId }],
      receiver: { port: receiverPort, path: '/events' },
      prefix: '.',
      plugins: { './ping.js': {} },
    }),
    'ping.js': "export default { name: 'ping', apply(ctx) { ctx.command('ping').action(() => 'pong'); } };\n",
  });
  const bot = runCqkit(['start'], dir);
  await bot.waitFor(/cqkit started/, { stream: 'stderr', timeout: 30_000 });
  const group = sandbox.world.data.groups[0]!.group_id;
  const user = sandbox.world.data.friends[0]!.user_id;
  const answer = sandbox.nextBotMessage({ timeout: 10_000 });
  sandbox.say({ user, group, text: '.ping' });
  const entry = await answer;
  expect(entry.text).toBe('pong');
  expect(entry.group_id).toBe(group);
  // No chat on a real server: stdout stays empty.
  expect(bot.stdout()).toBe('');
  bot.signal('SIGINT');
  expect(await bot.exited).toBe(0);
  await bot.closed;
  expect(bot.stderr()).toContain('stopped: the send queue is empty');
});

it('a receiver port in use is one clear error and exit code 1', { timeout: 40_000 }, async () => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
  try {
    const dir = tempProject({ 'cqkit.config.json': JSON.stringify({ bots: [{ endpoint: 'http://127.0.0.1:9', selfId: 1 }], receiver: { port } }) });
    const bot = runCqkit(['start'], dir);
    expect(await bot.exited).toBe(1);
    await bot.closed;
    const lastLine = bot.stderr().trim().split('\n').pop();
    expect(lastLine).toMatch(new RegExp(`^error: .*127\\.0\\.0\\.1:${port}.* already in use`));
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
  } finally {
    blocker.close();
  }
});
