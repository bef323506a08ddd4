import { createTestBot, NoAnswerError, type TestBot } from '@cqkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import echo from '../src/index.js';

let bot: TestBot;
afterEach(() => bot?.stop());

describe('echo', () => {
  it('says the text back privately', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo hello there', { user: 2002 });
    expect(answer.text).toBe('hello there');
    expect(answer.messages[0]).toMatchObject({ message_type: 'private', target_id: 2002 });
  });

  it('answers in the group it was asked in', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo hi all', { group: 3001, user: 2002 });
    expect(answer.messages).toHaveLength(1);
    expect(answer.messages[0]).toMatchObject({ message_type: 'group', group_id: 3001, text: 'hi all' });
  });

  it('keeps CQ codes (faces, images) and escaped characters', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo a &#91;b&#93; [CQ:face,id=14]');
    expect(answer.raw).toBe('a &#91;b&#93; [CQ:face,id=14]');
    expect(answer.messages[0]!.segments.map((s) => s.type)).toEqual(['text', 'face']);
  });

  it('without text it answers with the usage, not an echo', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo');
    expect(answer.text).toBe('缺少参数 <text:text>\n用法：/echo <text:text>');
  });

  it('does not echo what is not the command: a hint privately, the closest name for a typo, silence in a group', async () => {
    bot = await createTestBot({ plugins: [echo] });
    expect((await bot.receive('echo hi')).text).toBe('命令以 / 开头，试试 /help');
    expect((await bot.receive('/echoes hi')).text).toBe('未知命令 /echoes，你是不是想用：/echo？');
    await expect(bot.receive('echo hi', { group: 3001 })).rejects.toBeInstanceOf(NoAnswerError);
  });

  it('answers a mention of the bot without a prefix', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive(`[CQ:at,qq=${bot.selfId}] echo to me`, { group: 3001 });
    expect(answer.text).toBe('to me');
  });

  it('uses the app prefix', async () => {
    bot = await createTestBot({ plugins: [echo], prefix: '!' });
    expect((await bot.receive('!echo bang')).text).toBe('bang');
    expect((await bot.say('/echo slash')).messages).toEqual([]);
  });
});
