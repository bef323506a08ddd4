/**
 * "From a fresh clone the README's run command starts the example bot against the sandbox and a
 * person can chat with it": `pnpm start` at the repository root, driven through stdin/stdout.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { killAll, spawnChild } from './helpers/child.js';

afterAll(killAll);

const root = fileURLToPath(new URL('../../../', import.meta.url));

it('pnpm start runs examples/basic-bot on the sandbox; typing gets answers; Ctrl+C stops cleanly', { timeout: 60_000 }, async () => {
  const bot = spawnChild('pnpm', ['start'], { cwd: root, group: true });
  await bot.waitFor(/running against the embedded sandbox \(API (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr', timeout: 40_000 });
  await bot.waitFor(/cqkit sandbox chat\. You are (\S+)/);

  // A middleware answer (no command prefix).
  let mark = bot.stdout().length;
  bot.write('hi');
  const greeting = await bot.waitFor(/\[group (\d+)\] cqkit-bot: Hello! Try \/hello, \/roll or \/echo\./, { from: mark });
  expect(Number(greeting[1])).toBeGreaterThan(0);

  // The chat's own commands work beside the bot.
  mark = bot.stdout().length;
  bot.write('/private');
  bot.write('hi');
  await bot.waitFor(/\[private \d+\] cqkit-bot: Hello! Try/, { from: mark });

  // Ctrl+C: the whole foreground group gets SIGINT, as in a terminal.
  bot.signal('SIGINT');
  await bot.waitFor(/stopped: the send queue is empty, nothing was left unsent/, { stream: 'stderr', timeout: 15_000 });
  await bot.closed;
  expect(bot.stderr()).toContain('SIGINT, stopping');
  expect(bot.stderr()).not.toMatch(/\n\s+at /);
});
