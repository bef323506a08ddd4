import { definePlugin } from '@cqkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, NoAnswerError, type TestBot } from '../src/index.js';

const echo = definePlugin({
  name: 'echo',
  apply(ctx) {
    ctx.command('echo <text:text>', 'repeat').action(({ args }) => String(args.text));
  },
});

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('receive', () => {
  it('answers a private message through the quick operation path', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo hi');
    expect(answer.text).toBe('hi');
    expect(answer.messages).toHaveLength(1);
    expect(answer.messages[0]).toMatchObject({ message_type: 'private', target_id: 2001, origin: 'quick_operation' });
    expect(answer.actionNames).toEqual(['send_msg']);
    expect(answer.actions[0]?.origin).toBe('quick_operation');
  });

  it('rejects with NoAnswerError when nothing is sent', async () => {
    bot = await createTestBot({ plugins: [echo] });
    await expect(bot.receive('hello')).rejects.toBeInstanceOf(NoAnswerError);
    const silent = await bot.say('hello');
    expect(silent.messages).toEqual([]);
  });
});
