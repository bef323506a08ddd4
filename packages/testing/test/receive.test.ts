import { definePlugin } from '@cqkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerTimeoutError, createTestBot, NoAnswerError, type TestBot, TestBotStateError } from '../src/index.js';

const echo = definePlugin({
  name: 'echo',
  apply(ctx) {
    ctx.command('echo <text:text>', 'repeat').action(({ args }) => args.text);
  },
});

/** Handlers whose answers end at different times, to check what counts as "the answer". */
const timing = definePlugin({
  name: 'timing',
  apply(ctx) {
    // Two messages: the first fits the quick operation, the second goes out as an action.
    ctx.command('twice').action(async ({ session }) => {
      await session.send('one');
      await session.send('two');
    });
    // Reads from the server, then answers, long after the quick window.
    ctx.command('count').action(async ({ session }) => {
      const members = await session.bot.getGroupMemberList({ group_id: 3001 });
      await new Promise((resolve) => setTimeout(resolve, 120));
      return `3001 has ${members.length} members`;
    });
    // Asks and waits for the next message of the same user.
    ctx.command('ask').action(async ({ session }) => {
      await session.send('your name?');
      const next = await session.prompt(5000);
      return next ? `hello ${next.plainText}` : 'too slow';
    });
    ctx.command('hang').action(() => new Promise<void>(() => undefined));
    ctx.command('boom').action(() => {
      throw new Error('kaboom');
    });
  },
});

let bot: TestBot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

describe('receive', () => {
  it('answers a private message; the reply travelled back as the quick operation', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo hi');
    expect(answer.text).toBe('hi');
    expect(answer.messages).toHaveLength(1);
    // The first friend of the world speaks when no user is given.
    expect(answer.messages[0]).toMatchObject({ message_type: 'private', target_id: 2001, origin: 'quick_operation' });
    expect(answer.actionNames).toEqual(['send_msg']);
    expect(answer.actions[0]?.origin).toBe('quick_operation');
    expect(answer.messageId).toBeGreaterThan(0);
    expect(bot.world.message(answer.messageId)?.user_id).toBe(2001);
  });

  it('in a group, an admin of the group speaks when no user is given', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo hello', { group: 3001 });
    expect(answer.messages[0]).toMatchObject({ message_type: 'group', group_id: 3001 });
    expect(bot.world.message(answer.messageId)?.user_id).toBe(2001);
    const discuss = await bot.receive('/echo here too', { discuss: 4001 });
    expect(discuss.messages[0]).toMatchObject({ message_type: 'discuss', discuss_id: 4001 });
  });

  it('anonymous speakers, and events posted with array messages', async () => {
    bot = await createTestBot({ plugins: [echo], sandbox: { postMessageFormat: 'array' } });
    const answer = await bot.receive('/echo who am i [CQ:face,id=1]', { group: 3002, anonymous: { name: 'ghost' } });
    expect(answer.raw).toBe('who am i [CQ:face,id=1]');
    expect(bot.world.message(answer.messageId)?.anonymous?.name).toBe('ghost');
  });

  it('works with .then(r => r.text)', async () => {
    bot = await createTestBot({ plugins: [echo] });
    await expect(bot.receive('/echo a').then((r) => r.text)).resolves.toBe('a');
  });

  it('literal text is not read as CQ codes', async () => {
    bot = await createTestBot({ plugins: [echo] });
    const answer = await bot.receive('/echo [CQ:face,id=1]', { literal: true });
    expect(answer.messages[0]!.segments.map((s) => s.type)).toEqual(['text']);
    expect(answer.text).toBe('[CQ:face,id=1]');
  });

  it('rejects with NoAnswerError naming the message when nothing is sent; say() accepts silence', async () => {
    bot = await createTestBot({ plugins: [echo] });
    await expect(bot.receive('hello', { group: 3001 })).rejects.toThrow(
      new NoAnswerError('the bot sent no message in answer to "hello" in group 3001. If silence is expected, use bot.say(), which resolves with the (empty) answer.'),
    );
    const silent = await bot.say('hello');
    expect(silent.messages).toEqual([]);
    expect(silent.actions).toEqual([]);
  });

  it('a misuse of the world is a clear error', async () => {
    bot = await createTestBot({ plugins: [echo] });
    await expect(bot.receive('/echo x', { group: 9999 })).rejects.toBeInstanceOf(TestBotStateError);
    await expect(bot.receive('/echo x', { group: 3001, user: 2009 })).rejects.toThrow('2009 is not a member of group 3001');
  });
});

describe('what counts as the answer', () => {
  it('every message of the handler: quick operation and later actions', async () => {
    bot = await createTestBot({ plugins: [timing] });
    const answer = await bot.receive('/twice', { group: 3001 });
    expect(answer.messages.map((m) => [m.text, m.origin])).toEqual([
      ['one', 'quick_operation'],
      ['two', 'http'],
    ]);
    expect(answer.text).toBe('one\ntwo');
  });

  it('waits for a handler that reads and answers after the quick window closed', async () => {
    bot = await createTestBot({ plugins: [timing], quickWindow: 50 });
    const answer = await bot.receive('/count');
    expect(answer.text).toBe('3001 has 6 members');
    expect(answer.actionNames).toEqual(['get_group_member_list', 'send_private_msg']);
    expect(answer.messages[0]!.origin).toBe('http');
  });

  it('ends when the handler waits for the next message (prompt); the next receive gets the rest', async () => {
    bot = await createTestBot({ plugins: [timing] });
    expect((await bot.receive('/ask', { user: 2002 })).text).toBe('your name?');
    expect((await bot.receive('Bob', { user: 2002 })).text).toBe('hello Bob');
  });

  it('holds exactly what each event caused when receives overlap (they run one after another)', async () => {
    bot = await createTestBot({ plugins: [echo, timing] });
    const [a, b, c] = await Promise.all([bot.receive('/echo 1'), bot.receive('/twice'), bot.receive('/echo 3')]);
    expect([a.text, b.text, c.text]).toEqual(['1', 'one\ntwo', '3']);
  });

  it('fails with AnswerTimeoutError saying what is still busy', async () => {
    // A short window: the POST is answered before the bot stops (a POST in flight holds the receiver's close for its grace period).
    bot = await createTestBot({ plugins: [timing, echo], answerTimeout: 300, quickWindow: 50 });
    const error = await bot.receive('/hang').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnswerTimeoutError);
    expect((error as Error).message).toMatch(/^the bot was still busy after 300 ms: .*1 handler\(s\) running.*; nothing sent so far$/);
  });

  it('a plugin exception is listed in the answer, and the bot goes on', async () => {
    bot = await createTestBot({ plugins: [timing, echo] });
    const answer = await bot.say('/boom');
    expect(answer.problems).toHaveLength(1);
    expect(answer.problems[0]).toMatchObject({ kind: 'plugin-error', report: { plugin: 'timing', event: 'command boom' } });
    expect((await bot.receive('/echo ok')).text).toBe('ok');
    expect(bot.problems).toHaveLength(1);
  });
});

describe('records', () => {
  it('bot.messages, bot.actions and bot.calls keep everything since the start', async () => {
    bot = await createTestBot({ plugins: [echo], quickWindow: 0 });
    await bot.receive('/echo 1');
    await bot.receive('/echo 2', { group: 3002 });
    expect(bot.messages.map((m) => m.text)).toEqual(['1', '2']);
    expect(bot.actions.map((a) => a.action)).toEqual(['send_private_msg', 'send_group_msg']);
    expect(bot.calls.map((c) => [c.action, c.outcome?.ok])).toEqual([
      ['send_private_msg', true],
      ['send_group_msg', true],
    ]);
  });

  it('bot.calls shows failed calls with their error', async () => {
    bot = await createTestBot();
    await bot.app.bot.getGroupInfo({ group_id: 9999 }).catch(() => undefined);
    const call = bot.calls.at(-1)!;
    expect(call.action).toBe('get_group_info');
    expect(call.outcome).toMatchObject({ ok: false });
    expect((await bot.settle()).actions).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('stop() is safe twice; a stopped bot says so', async () => {
    const local = await createTestBot({ plugins: [echo] });
    expect(await local.stop()).toMatchObject({ drained: true, left: 0 });
    expect(await local.stop()).toBeUndefined();
    await expect(local.receive('/echo x')).rejects.toBeInstanceOf(TestBotStateError);
  });

  it('start-up sends (ready hooks) are done before createTestBot resolves, and not in the first answer', async () => {
    const announcer = definePlugin({
      name: 'announcer',
      apply(ctx) {
        ctx.on('ready', async () => {
          await ctx.bot.sendGroupMsg({ group_id: 3001, message: 'I am back' });
        });
      },
    });
    bot = await createTestBot({ plugins: [announcer, echo] });
    expect(bot.messages.map((m) => m.text)).toEqual(['I am back']);
    expect((await bot.receive('/echo x')).messages.map((m) => m.text)).toEqual(['x']);
  });

  it('plugin configs by name, and sandbox tokens and secret on both sides', async () => {
    const greeter = definePlugin<{ word: string }>({
      name: 'greeter',
      apply(ctx, config) {
        ctx.command('greet').action(() => config.word);
      },
    });
    bot = await createTestBot({ plugins: [greeter], config: { greeter: { word: 'howdy' } }, sandbox: { accessToken: 't0k', secret: 's3c' } });
    expect((await bot.receive('/greet')).text).toBe('howdy');
  });
});
