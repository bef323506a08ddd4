/**
 * Ctrl+C under `pnpm start` (examples/basic-bot): the whole foreground group gets SIGINT, as in a
 * terminal. The run ends with the stop report and exit code 0, and pnpm adds no
 * ELIFECYCLE / ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL lines. Without the repository's .npmrc
 * (shell-emulator) pnpm runs the script through sh, which dies of that SIGINT whatever the bot's
 * exit code, and pnpm reports the script as failed.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { killAll, pnpmCommand, spawnChild } from './helpers/child.js';

afterAll(killAll);

const example = fileURLToPath(new URL('../../../examples/basic-bot/', import.meta.url));

it('Ctrl+C under pnpm start ends with the stop report and no pnpm failure lines', { timeout: 60_000 }, async () => {
  const [pnpm, ...pnpmArgs] = pnpmCommand();
  const bot = spawnChild(pnpm, [...pnpmArgs, 'start'], { cwd: example, group: true });
  await bot.waitFor(/cqkit sandbox chat\. You are/, { timeout: 40_000 });
  bot.signal('SIGINT');
  expect(await bot.exited).toBe(0);
  await bot.closed;
  const output = bot.stdout() + bot.stderr();
  expect(output).toContain('SIGINT, stopping');
  expect(output).toContain('stopped: the send queue is empty, nothing was left unsent');
  expect(output).not.toMatch(/ELIFECYCLE|ERR_PNPM|Command failed/);
  expect(output).not.toContain('second SIGINT');
});
