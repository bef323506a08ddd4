/**
 * A forward WebSocket bot whose server is not there yet, goes away, or refuses the token: `cqkit
 * start` (the real bin, as a child) waits for it and answers once it is back. The URL carries
 * planted credentials; no line of the whole run may show them.
 */
import { createSandbox, createWsServer, type Sandbox, type SandboxWsServer } from '@cqkit/sandbox';
import { afterAll, expect, it } from 'vitest';
import { type Child, killAll, runCqkit } from './helpers/child.js';
import { freePort } from './helpers/free-port.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const plantedPassword = 'PlantedPass1';
const plantedToken = 'PlantedTok2';
const servers: SandboxWsServer[] = [];
afterAll(async () => {
  killAll();
  for (const server of servers) await server.close().catch(() => undefined);
  removeTempProjects();
});

// `early` is sent while no server is there: it fails after 300 ms with a message naming the URL.
const plugin = `export default {
  name: 'ping',
  apply(ctx) {
    ctx.command('ping').action(() => 'pong over ws');
    ctx.on('ready', () => {
      ctx.bot.sendPrivateMsg({ user_id: 1, message: 'early' }, { timeout: 300 }).catch(() => undefined);
    });
  },
};
`;

async function expectPong(sandbox: Sandbox): Promise<void> {
  const group = sandbox.world.data.groups[0]!.group_id;
  const user = sandbox.world.data.friends[0]!.user_id;
  const answer = sandbox.nextBotMessage({ timeout: 15_000 });
  sandbox.say({ user, group, text: '.ping' });
  expect((await answer).text).toBe('pong over ws');
}

/** The number of times `pattern` occurs in the bot's stderr so far. */
function count(bot: Child, pattern: RegExp): number {
  return bot.stderr().match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}

async function serve(sandbox: Sandbox, port: number, accessToken: string): Promise<SandboxWsServer> {
  const server = createWsServer(sandbox, { port, accessToken });
  servers.push(server);
  await server.listen();
  return server;
}

it('waits for a server that starts later, restarts, or refused the token, and answers each time', { timeout: 120_000 }, async () => {
  const sandbox = createSandbox({ port: 0 });
  const port = await freePort();
  const url = `ws://cqkit:${plantedPassword}@127.0.0.1:${port}/?access_token=${plantedToken}`;
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({
      bots: [{ protocol: 'ws', url, accessToken: plantedToken, selfId: sandbox.world.selfId }],
      prefix: '.',
      plugins: { './ping.js': {} },
      stopDeadline: 2000,
      // Short back-off, so the test waits seconds, not half a minute (an adapter option the config passes on).
      adapters: { ws: { reconnect: { initialDelay: 200, maxDelay: 1000 } } },
    }),
    'ping.js': plugin,
  });
  const bot = runCqkit(['start'], dir);
  // The start line says what is true: the account is not connected yet.
  await bot.waitFor(new RegExp(`cqkit started, waiting for account ${sandbox.world.selfId}`), { stream: 'stderr', timeout: 30_000 });
  // Still running after the first failed attempt and a back-off (main exited here, code 13).
  await bot.waitFor(/send failed: send_private_msg/, { stream: 'stderr', timeout: 15_000 });
  // Tries every 0.2, 0.4, 0.8, 1, 1, … s: one line for the wait, one per longer interval, then silence.
  await bot.waitFor(/now retrying every 1 s/, { stream: 'stderr', timeout: 15_000 });
  expect(bot.process.exitCode).toBeNull();

  // 1. The server comes up.
  let server = await serve(sandbox, port, plantedToken);
  await expect.poll(() => server.connections.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await bot.waitFor(/connected to ws:\S+ after waiting \d/, { stream: 'stderr', timeout: 15_000 });
  // The tries at the capped interval until the server came up added no line.
  expect(count(bot, /waiting for the API server at ws:\/\/\*\*\*@127\.0\.0\.1:\d+\/\S* \(.*\); retrying every 0\.2 s/)).toBe(1);
  expect(count(bot, /now retrying every/)).toBe(3);
  await expectPong(sandbox);

  // 2. The server restarts (a crash: no close handshake).
  await server.close();
  await bot.waitFor(/connection to .* lost/, { stream: 'stderr', timeout: 15_000 });
  server = await serve(sandbox, port, plantedToken);
  await expect.poll(() => server.connections.length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expectPong(sandbox);

  // 3. The server comes back with another token (403), then with the right one again.
  await server.close();
  server = await serve(sandbox, port, 'another-token');
  await bot.waitFor(/refused the access token with HTTP 403/, { stream: 'stderr', timeout: 20_000 });
  expect(bot.process.exitCode).toBeNull();
  await server.close();
  server = await serve(sandbox, port, plantedToken);
  await expect.poll(() => server.connections.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await expectPong(sandbox);

  bot.signal('SIGINT');
  expect(await bot.exited).toBe(0);
  await bot.closed;
  const output = bot.stderr() + bot.stdout();
  expect(output).toContain('stopped: the send queue is empty');
  // The refusal is one state: its error line is written once, however many tries it lasted.
  expect(count(bot, /refused the access token with HTTP 403/)).toBe(1);
  expect(output).toContain('ws://***@127.0.0.1');
  expect(output).not.toContain(plantedPassword);
  expect(output).not.toContain(plantedToken);
});
