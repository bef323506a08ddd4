import { type ActionResult, actionNames, methodName } from '@cqkit/protocol';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ActionMethods, type Bot, BotMissingError, type CallOptions, Context, createApp, memoryAdapter } from '../src/index.js';
import { BOT, setup } from './helpers.js';

describe('actions as context methods', () => {
  it('are installed once on the prototype, one per catalogue action', async () => {
    const { app } = await setup();
    for (const name of actionNames) expect(Object.hasOwn(Context.prototype, methodName(name)), methodName(name)).toBe(true);
    const a = app.group(1);
    const b = app.self(BOT).user(2);
    expect(a.sendGroupMsg).toBe(b.sendGroupMsg);
    expect(a.sendGroupMsg).toBe(Context.prototype.sendGroupMsg);
  });

  it('call the only bot with the same options as its own methods', async () => {
    const { app, memory } = await setup();
    memory.respond('get_group_member_info', (params) => ({ group_id: params.group_id, user_id: params.user_id, nickname: 'n' }));
    const info = await app.getGroupMemberInfo({ group_id: 1, user_id: 2 }, { timeout: 500 });
    expect(info).toMatchObject({ group_id: 1, user_id: 2 });
    await app.sendGroupMsg({ group_id: 1, message: 'hi' }, { mode: 'direct', priority: 3 });
    expect(memory.calls.map((c) => [c.action, c.params.message ?? null])).toEqual([
      ['get_group_member_info', null],
      ['send_group_msg', 'hi'],
    ]);
  });

  it('reject with BotMissingError (coded) while no bot is connected, and for an unknown selected bot', async () => {
    const app = createApp({ logLevel: 'silent' });
    await expect(app.getStatus()).rejects.toMatchObject({ code: 'CQKIT_BOT_MISSING' });
    app.adapter(memoryAdapter({ selfIds: [BOT] }));
    await app.start();
    await expect(app.self(999).getStatus()).rejects.toBeInstanceOf(BotMissingError);
    expect(app.self(BOT).bot.selfId).toBe(BOT);
    await app.stop();
  });

  it('are typed like the bot methods: parameters and results', () => {
    const ctx = {} as Context;
    expectTypeOf(ctx).toMatchTypeOf<ActionMethods>();
    expectTypeOf(ctx.getGroupMemberInfo).parameters.toEqualTypeOf<Parameters<Bot['getGroupMemberInfo']>>();
    expectTypeOf(ctx.getGroupMemberInfo).returns.toEqualTypeOf<Promise<ActionResult<'get_group_member_info'>>>();
    expectTypeOf(ctx.sendGroupMsg).returns.toEqualTypeOf<Promise<ActionResult<'send_group_msg'>>>();
    expectTypeOf(ctx.sendGroupMsg).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf(ctx.getLoginInfo).parameters.toEqualTypeOf<Parameters<Bot['getLoginInfo']>>();
    // @ts-expect-error group_id is required
    void (() => ctx.sendGroupMsg({ message: 'x' }));
    // @ts-expect-error group_id is a number
    void (() => ctx.getGroupMemberInfo({ group_id: '1', user_id: 2 }));
  });
});
