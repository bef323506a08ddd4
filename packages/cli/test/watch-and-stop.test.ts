/**
 * `cqkit start --watch` reloads a local plugin in place, queued sends survive the reload, and a
 * graceful stop reports what the deadline left unsent. Driven through the real cli over pipes.
 * (The prefix is "." here, to show that commands follow the configured prefix.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(() => {
  killAll();
  removeTempProjects();
});

const pluginSource = `import { label } from './label.ts';

interface Invocation { session: { send(text: string): Promise<unknown> } }
interface Ctx { command(declaration: string): { action(fn: (i: Invocation) => unknown): unknown } }

export default {
  name: 'versioned',
  apply(ctx: Ctx) {
    ctx.command('ver').action(() => \`version \${label}\`);
    ctx.command('burst').action(({ session }) => {
      for (let i = 1; i <= 4; i++) void session.send(\`burst \${i} of 4\`);
    });
  },
};
`;

it('reloads a changed plugin without restarting and without losing queued sends', { timeout: 60_000 }, async () => {
  const dir = tempProject({
    'cqkit.config.ts': `export default {
  prefix: '.',
  plugins: { './src/versioned.ts': {} },
  rateLimit: { perTarget: { count: 1, interval: 400 } },
};
`,
    'src/versioned.ts': pluginSource,
    'src/label.ts': "export const label = 'one';\n",
  });
  const bot = runCqkit(['start', '--watch'], dir);
  await bot.waitFor(/watching .* for plugin changes/, { stream: 'stderr', timeout: 30_000 });
  await bot.waitFor(/cqkit sandbox chat/);
  const pid = bot.process.pid;

  bot.write('.ver');
  await bot.waitFor(/cqkit-bot: version one/);

  // Four sends, one per 400 ms to this group: most of them are still queued when the file changes.
  let mark = bot.stdout().length;
  bot.write('.burst');
  await bot.waitFor(/cqkit-bot: burst 1 of 4/, { from: mark });
  writeFileSync(join(dir, 'src/label.ts'), "export const label = 'two';\n");
  await bot.waitFor(/reloaded plugin versioned from \.\/src\/versioned\.ts/, { stream: 'stderr' });
  await bot.waitFor(/cqkit-bot: burst 4 of 4/, { from: mark });
  for (const n of [1, 2, 3, 4]) expect(bot.stdout().slice(mark)).toContain(`burst ${n} of 4`);

  mark = bot.stdout().length;
  bot.write('.ver');
  await bot.waitFor(/cqkit-bot: version two/, { from: mark });

  // A broken save keeps the running version.
  const errMark = bot.stderr().length;
  writeFileSync(join(dir, 'src/versioned.ts'), 'export default { name: ;\n');
  await bot.waitFor(/reload of \.\/src\/versioned\.ts failed; the previous version keeps running/, { stream: 'stderr', from: errMark });
  mark = bot.stdout().length;
  bot.write('.ver');
  await bot.waitFor(/cqkit-bot: version two/, { from: mark });

  expect(bot.process.pid).toBe(pid);
  bot.signal('SIGINT');
  expect(await bot.exited).toBe(0);
  await bot.closed;
  expect(bot.stderr()).toContain('stopped: the send queue is empty');
});

it('a stop at the deadline lists the sends that were left', { timeout: 60_000 }, async () => {
  const dir = tempProject({
    'cqkit.config.ts': `export default {
  prefix: '.',
  plugins: { './flood.ts': {} },
  rateLimit: { perTarget: { count: 1, interval: 60000 } },
  stopDeadline: 300,
};
`,
    'flood.ts': `export default {
  name: 'flood',
  apply(ctx: { command(d: string): { action(fn: (i: { session: { send(t: string): Promise<unknown> } }) => unknown): unknown } }) {
    ctx.command('flood').action(({ session }) => {
      for (let i = 1; i <= 3; i++) void session.send(\`flood \${i}\`).catch(() => undefined);
    });
  },
};
`,
  });
  const bot = runCqkit(['start'], dir);
  await bot.waitFor(/cqkit sandbox chat/, { timeout: 30_000 });
  bot.write('.flood');
  await bot.waitFor(/cqkit-bot: flood 1/);
  // flood 1 went back as the quick reply, flood 2 took the group's one send per minute, flood 3 waits.
  await bot.waitFor(/cqkit-bot: flood 2/);
  bot.signal('SIGTERM');
  expect(await bot.exited).toBe(1);
  await bot.closed;
  const err = bot.stderr();
  expect(err).toContain('SIGTERM, stopping (the send queue gets up to 300 ms');
  expect(err).toMatch(/stopped at the 300 ms deadline: 1 queued call was not sent\n {2}- bot \d+: send_group_msg group \d+ "flood 3"\n/);
  expect(bot.stdout()).not.toContain('flood 3');
});
