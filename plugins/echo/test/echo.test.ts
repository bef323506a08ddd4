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
    expect(answer.text).toContain('missing argument');
    expect(answer.text).toContain('/echo <text:text>');
  });

  it('ignores messages that are not the command', async () => {
    bot = await createTestBot({ plugins: [echo] });
    await expect(bot.receive('echo hi')).rejects.toBeInstanceOf(NoAnswerError);
    expect((await bot.say('/echoes hi')).messages).toEqual([]);
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
