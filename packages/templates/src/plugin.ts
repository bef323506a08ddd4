/**
 * The one plugin template. create-cqkit writes it as the bot project's local plugin and
 * `cqkit new plugin` as the source of a plugin package, so both start from the same code and test.
 */

/** The plugin's source: a command with an optional argument, a config schema with a default. */
export function pluginSource(pluginName: string): string {
  return `import { definePlugin } from '@cqkit/core';
import { z } from 'zod';

/** ${pluginName}: \`/${pluginName}\` greets the sender, \`/${pluginName} <who>\` greets someone else. */
export default definePlugin({
  name: '${pluginName}',
  // The plugin's config (its entry in cqkit.config.ts), checked at start; bad values are reported by key.
  schema: z.object({ greeting: z.string().default('Hello') }),
  apply(ctx, config) {
    ctx.command('${pluginName} [who:text]', 'greet the sender, or whoever is named').action(({ session, args }) => {
      const who = typeof args.who === 'string' && args.who.trim() !== '' ? args.who.trim() : String(session.sender?.nickname ?? 'friend');
      return \`\${config.greeting}, \${who}!\`;
    });
    // More: ctx.command(...) for other commands, ctx.middleware((session, next) => ...) to see every
    // message before the commands, ctx.on('notice/group_increase', ...) for events.
  },
});
`;
}

/** Its test: a real bot (app + HTTP adapter) wired to an in-process sandbox over 127.0.0.1. */
export function pluginTest(pluginName: string, importPath: string): string {
  return `import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createTestBot, type TestBot } from '@cqkit/testing';
import plugin from '${importPath}';

let bot: TestBot | undefined;
afterEach(() => bot?.stop());

test('/${pluginName} greets the sender with the configured greeting', async () => {
  bot = await createTestBot({ plugins: [[plugin, { greeting: 'Hi' }]] });
  const answer = await bot.receive('/${pluginName}', { user: 2001 });
  assert.match(answer.text, /^Hi, .+!$/);
});

test('/${pluginName} <who> greets whoever is named', async () => {
  bot = await createTestBot({ plugins: [[plugin, { greeting: 'Hi' }]] });
  const answer = await bot.receive('/${pluginName} everyone', { group: 3001 });
  assert.equal(answer.text, 'Hi, everyone!');
});
`;
}
