// The language of the bot through the real CLI: `cqkit start` against the embedded sandbox, /help
// typed in the terminal chat answers in Chinese by default and in English with `locale: 'en-US'`.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(() => {
  killAll();
  removeTempProjects();
});

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A bot project with the official help and ping plugins (linked from this workspace) and this config. */
function project(config: Record<string, unknown>): string {
  const dir = tempProject({ 'cqkit.config.json': JSON.stringify({ plugins: { help: {}, ping: {} }, ...config }) });
  mkdirSync(join(dir, 'node_modules/@cqkit'), { recursive: true });
  for (const name of ['help', 'ping']) symlinkSync(join(root, 'plugins', name), join(dir, 'node_modules/@cqkit', `plugin-${name}`));
  return dir;
}

async function helpAnswer(config: Record<string, unknown>): Promise<string> {
  const bot = runCqkit(['start'], project(config));
  try {
    await bot.waitFor(/cqkit sandbox chat/, { timeout: 40_000 });
    const mark = bot.stdout().length;
    bot.write('/help');
    await bot.waitFor(/(查看用法。|shows how to use one\.)/, { from: mark, timeout: 20_000 });
    return bot.stdout().slice(mark);
  } finally {
    bot.signal('SIGINT');
    await bot.exited;
  }
}

describe('the bot speaks the configured language', () => {
  it('answers /help in Chinese by default', { timeout: 90_000 }, async () => {
    const text = await helpAnswer({});
    expect(text).toContain('cqkit-bot: 可用命令：');
    expect(text).toContain('/ping - 看看机器人在不在');
    expect(text).toContain('发送 /help <命令> 查看用法。');
  });

  it("answers /help in English with locale: 'en-US'", { timeout: 90_000 }, async () => {
    const text = await helpAnswer({ locale: 'en-US' });
    expect(text).toContain('cqkit-bot: Commands:');
    expect(text).toContain('/ping - check that the bot answers');
    expect(text).toContain('/help <command> shows how to use one.');
  });

  it('names a bad locale in the config', { timeout: 60_000 }, async () => {
    const bot = runCqkit(['start'], project({ locale: 'Chinese please' }));
    expect(await bot.exited).not.toBe(0);
    await bot.closed;
    expect(bot.stderr()).toContain('locale');
  });
});
