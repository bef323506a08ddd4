/**
 * "From a fresh clone the README's run command starts the example bot against the sandbox and a
 * person can chat with it": `pnpm start` at the repository root, driven through stdin/stdout.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { killAll, pnpmCommand, spawnChild } from './helpers/child.js';

afterAll(killAll);

const root = fileURLToPath(new URL('../../../', import.meta.url));

it('pnpm start runs examples/basic-bot on the sandbox; typing gets answers; Ctrl+C stops cleanly', { timeout: 60_000 }, async () => {
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  const bot = spawnChild(pnpm, [...pnpmArgs, 'start'], { cwd: root, group: true });
  await bot.waitFor(/running against the embedded sandbox \(API (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr', timeout: 40_000 });
  // The same conversation can be had in a browser: the web chat page is served.
  const [, webChat] = await bot.waitFor(/web chat at (\S+) \(open it in a browser\)/, { stream: 'stderr', timeout: 10_000 });
  const page = await fetch(webChat!);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  await bot.waitFor(/cqkit sandbox chat\. You are (\S+)/);

  // An official plugin's command (@cqkit/plugin-echo, named "echo" in the config).
  let mark = bot.stdout().length;
  bot.write('/echo hi');
  const echoed = await bot.waitFor(/\[group (\d+)\] cqkit-bot: hi {2}\(#\d+\)/, { from: mark });
  expect(Number(echoed[1])).toBeGreaterThan(0);

  // The local plugin: a middleware answer (no prefix) and a command.
  mark = bot.stdout().length;
  bot.write('hi');
  await bot.waitFor(/cqkit-bot: Hello! Try \/hello, \/roll 20, \/echo something or \/help\./, { from: mark });
  mark = bot.stdout().length;
  bot.write('/roll 20');
  const roll = await bot.waitFor(/cqkit-bot: 🎲 (\d+) \(d20\)/, { from: mark });
  expect(Number(roll[1])).toBeGreaterThanOrEqual(1);
  expect(Number(roll[1])).toBeLessThanOrEqual(20);

  // /help: the chat's own help and the bot's command list.
  mark = bot.stdout().length;
  bot.write('/help');
  await bot.waitFor(/\/user <qq>\s+speak as another user/, { from: mark });
  await bot.waitFor(/\/roll \[sides:integer\] - roll a die/, { from: mark });

  // The chat's commands change who speaks and where; commands still reach the bot.
  mark = bot.stdout().length;
  bot.write('/private');
  bot.write('/hello');
  await bot.waitFor(/\[private \d+\] cqkit-bot: Hello, Alice!/, { from: mark });

  // Ctrl+C: the whole foreground group gets SIGINT, as in a terminal.
  bot.signal('SIGINT');
  await bot.waitFor(/stopped: the send queue is empty, nothing was left unsent/, { stream: 'stderr', timeout: 15_000 });
  await bot.closed;
  expect(bot.stderr()).toContain('SIGINT, stopping');
  expect(bot.stderr()).not.toMatch(/\n\s+at /);
});
