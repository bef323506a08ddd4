/**
 * The one plugin template. create-cqkit writes it as the bot project's local plugin and
 * `cqkit new plugin` as the source of a plugin package, so both start from the same code and test.
 */

/**
 * The plugin's source: a command with an optional argument, a strict config schema, and its texts in
 * zh-CN and en-US through the app's translations (the pattern the official plugins follow).
 */
export function pluginSource(pluginName: string): string {
  return `import { type CatalogueOf, definePlugin } from '@cqkit/core';
import * as v from 'valibot';

// What the plugin says to QQ users. Declared in Messages, so session.text() checks each key and its
// {parameters} when this file compiles; CatalogueOf checks that every language has every key.
interface Texts {
  'commands.${pluginName}.description': Record<string, never>;
  '${pluginName}.greet': { greeting: string; who: string };
  '${pluginName}.hello': Record<string, never>;
  '${pluginName}.friend': Record<string, never>;
}
declare module '@cqkit/core' {
  interface Messages extends Texts {}
}
const texts: Record<'zh-CN' | 'en-US', CatalogueOf<Texts>> = {
  'zh-CN': {
    'commands.${pluginName}.description': '向你（或你点名的人）问好',
    '${pluginName}.greet': '{greeting}，{who}！',
    '${pluginName}.hello': '你好',
    '${pluginName}.friend': '朋友',
  },
  'en-US': {
    'commands.${pluginName}.description': 'greet the sender, or whoever is named',
    '${pluginName}.greet': '{greeting}, {who}!',
    '${pluginName}.hello': 'Hello',
    '${pluginName}.friend': 'friend',
  },
};

/** ${pluginName}: \`/${pluginName}\` greets the sender, \`/${pluginName} <who>\` greets someone else. */
export default definePlugin({
  name: '${pluginName}',
  // The plugin's config (its entry in cqkit.config.ts), checked at start: a bad value or an unknown
  // key is reported by name. Without a greeting, the user's language decides (你好 / Hello).
  // Any Standard Schema works here (valibot, zod 3.24 or later, arktype); valibot is the cheapest to import.
  schema: v.optional(v.strictObject({ greeting: v.optional(v.pipe(v.string(), v.minLength(1))) }), {}),
  apply(ctx, config) {
    for (const [locale, messages] of Object.entries(texts)) ctx.i18n.define(locale, messages);
    ctx.command('${pluginName} [who:text]', 'greet the sender, or whoever is named').action(({ session, args }) => {
      const named = typeof args.who === 'string' ? args.who.trim() : '';
      const who = named || String(session.sender?.nickname ?? session.text('${pluginName}.friend'));
      return session.text('${pluginName}.greet', { greeting: config.greeting ?? session.text('${pluginName}.hello'), who });
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
  assert.match(answer.text, /^Hi，.+！$/);
});

test('/${pluginName} <who> greets whoever is named, in the language of the bot', async () => {
  bot = await createTestBot({ plugins: [plugin] });
  assert.equal((await bot.receive('/${pluginName} 大家', { group: 3001 })).text, '你好，大家！');
  await bot.stop();
  bot = await createTestBot({ plugins: [plugin], locale: 'en-US' });
  assert.equal((await bot.receive('/${pluginName} everyone', { group: 3001 })).text, 'Hello, everyone!');
});
`;
}
