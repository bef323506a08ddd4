/**
 * The ways `cqkit start` ends besides a clean Ctrl+C: a second signal says what it abandons, and an
 * uncaught exception from a plugin's plain callback is attributed, then drained and reported.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { killAll, runCqkit } from './helpers/child.js';
import { freePort } from './helpers/free-port.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const closers: Array<() => void> = [];
afterAll(() => {
  killAll();
  for (const close of closers) close();
  removeTempProjects();
});

it('a second signal lists the calls it abandons: not sent, and may have been sent', { timeout: 60_000 }, async () => {
  // An API server that takes calls and never answers.
  const held: ServerResponse[] = [];
  let calls = 0;
  const server = createServer((request, response) => {
    if (request.url === '/send_private_msg') calls++;
    held.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({
      bots: [{ endpoint, selfId: 10001 }],
      receiver: { port: await freePort() },
      plugins: { './sender.js': {} },
      stopDeadline: 60_000,
    }),
    // One call per chat is in flight at a time: "first" goes out and hangs, "second" waits behind it.
    'sender.js': `export default { name: 'sender', apply(ctx) {
  ctx.on('ready', () => {
    for (const text of ['first', 'second']) ctx.bot.sendPrivateMsg({ user_id: 2001, message: text }).catch(() => undefined);
  });
} };
`,
  });
  const bot = runCqkit(['start'], dir);
  await bot.waitFor(/cqkit started/, { stream: 'stderr', timeout: 30_000 });
  await expect.poll(() => calls, { timeout: 10_000 }).toBe(1);
  bot.signal('SIGTERM');
  await bot.waitFor(/SIGTERM, stopping/, { stream: 'stderr' });
  bot.signal('SIGTERM');
  expect(await bot.exited).toBe(130);
  await bot.closed;
  const err = bot.stderr();
  expect(err).toContain('cqkit: second SIGTERM, exiting without waiting; abandoning 1 call not sent and 1 call that may have been sent');
  expect(err).toMatch(/not sent:\n {2}- bot 10001: send_private_msg user 2001 "second"\n/);
  expect(err).toMatch(/may have been sent:\n {2}- bot 10001: send_private_msg user 2001 "first"\n/);
  expect(calls).toBe(1);
});

it('an uncaught exception from a plugin timer is attributed, then drained and reported; exit 1', { timeout: 60_000 }, async () => {
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({ plugins: { './crasher.js': {} }, sandbox: { port: 0, chat: false }, logLevel: 'info', stopDeadline: 2000 }),
    'crasher.js': `export default { name: 'crasher', apply(ctx) {
  ctx.on('ready', () => {
    setTimeout(() => {
      ctx.bot.sendPrivateMsg({ user_id: 2001, message: 'before the crash' }).catch(() => undefined);
      throw new Error('boom from a plain timer');
    }, 200);
  });
} };
`,
  });
  const bot = runCqkit(['start'], dir);
  expect(await bot.exited).toBe(1);
  await bot.closed;
  const err = bot.stderr();
  expect(err).toMatch(/FATAL \[crasher\] uncaught exception from plugin "crasher" \(outside any ctx handler\): boom from a plain timer/);
  expect(err).toContain('cqkit: uncaught exception, stopping');
  expect(err).toContain('stopped: the send queue is empty, nothing was left unsent');
  expect(err).not.toMatch(/\n\s+at /);
});
