/** The README's examples, run as written (so the documentation cannot drift from the code). */
import { definePlugin } from '@cqkit/core';
import { afterEach, expect, it } from 'vitest';
import { createTestBot, type TestBot } from '../src/index.js';

const echo = definePlugin({
  name: 'echo',
  apply(ctx) {
    ctx.command('echo <text:text>').action(({ args }) => args.text);
  },
});
const greeter = definePlugin<{ word: string }>({
  name: 'greeter',
  apply(ctx, config) {
    ctx.command('greet').action(() => config.word);
  },
});

it('echoes', async () => {
  const bot = await createTestBot({ plugins: [echo] });
  expect((await bot.receive('/echo hi')).text).toBe('hi');
  await bot.stop();
});

let bot: TestBot;
afterEach(() => bot?.stop());

it('greets in the group it was asked in', async () => {
  bot = await createTestBot({ plugins: [[greeter, { word: 'hello' }]] });
  const answer = await bot.receive('/greet', { group: 3001, user: 2002 });
  expect(answer.messages[0]).toMatchObject({ group_id: 3001, text: 'hello' });
});

it('the answer fields', async () => {
  bot = await createTestBot({ plugins: [echo] });
  const answer = await bot.receive('/echo hi', { group: 3001 });
  expect(answer).toMatchObject({ text: 'hi', raw: 'hi', actionNames: ['send_msg'], problems: [] });
  expect(answer.messages[0]).toMatchObject({ message_type: 'group', group_id: 3001, origin: 'quick_operation' });
});
