/**
 * `cqkit start` with WebSocket bots: forward (`ws`, the bot dials the server) and reverse
 * (`ws-reverse`, the server dials the bot). The server is a sandbox started by the test.
 */
import { connectReverse, createSandbox, createWsServer, type ReverseWsClient, type Sandbox, type SandboxWsServer } from '@cqkit/sandbox';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';
import { type Child, killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  killAll();
  for (const close of closers.reverse()) await close().catch(() => undefined);
  removeTempProjects();
});

const pingPlugin = "export default { name: 'ping', apply(ctx) { ctx.command('ping').action(() => 'pong over ws'); } };\n";

async function expectPong(sandbox: Sandbox): Promise<void> {
  const group = sandbox.world.data.groups[0]!.group_id;
  const user = sandbox.world.data.friends[0]!.user_id;
  const answer = sandbox.nextBotMessage({ timeout: 10_000 });
  sandbox.say({ user, group, text: '.ping' });
  expect((await answer).text).toBe('pong over ws');
}

async function stopCleanly(bot: Child): Promise<void> {
  bot.signal('SIGINT');
  expect(await bot.exited).toBe(0);
  await bot.closed;
  expect(bot.stderr()).toContain('stopped: the send queue is empty');
}

it('connects to a forward WebSocket server (protocol "ws")', { timeout: 60_000 }, async () => {
  const sandbox = createSandbox({ port: 0, accessToken: 'tok' });
  const ws: SandboxWsServer = createWsServer(sandbox, { port: 0 });
  const { url } = await ws.listen();
  closers.push(() => ws.close());
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({ bots: [{ protocol: 'ws', url, accessToken: 'tok' }], prefix: '.', plugins: { './ping.js': {} } }),
    'ping.js': pingPlugin,
  });
  const bot = runCqkit(['start'], dir);
  await bot.waitFor(/cqkit started/, { stream: 'stderr', timeout: 30_000 });
  await expect.poll(() => ws.connections.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await expectPong(sandbox);
  await stopCleanly(bot);
});

it('accepts a reverse WebSocket connection (protocol "ws-reverse")', { timeout: 60_000 }, async () => {
  const sandbox: Sandbox = createSandbox({ port: 0, accessToken: 'tok' });
  const port = await freePort();
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({
      bots: [{ protocol: 'ws-reverse', selfId: sandbox.world.selfId, accessToken: 'tok', port, path: '/onebot/v11/ws' }],
      prefix: '.',
      plugins: { './ping.js': {} },
    }),
    'ping.js': pingPlugin,
  });
  const bot = runCqkit(['start'], dir);
  await bot.waitFor(/cqkit started/, { stream: 'stderr', timeout: 30_000 });
  const client: ReverseWsClient = connectReverse(sandbox, { url: `ws://127.0.0.1:${port}/onebot/v11/ws`, reconnectInterval: 200 });
  closers.push(() => client.stop());
  await expect.poll(() => client.status.every((link) => link.open), { timeout: 10_000 }).toBe(true);
  await expectPong(sandbox);
  await stopCleanly(bot);
});
