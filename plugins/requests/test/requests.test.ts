import { PluginConfigError } from '@cqkit/core';
import { createTestBot, type TestBot } from '@cqkit/testing';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '../src/decide.js';
import requests, { requestsConfigSchema } from '../src/index.js';

let bot: TestBot;
afterEach(() => bot?.stop());

const isFriend = (id: number) => bot.world.friend(id) !== undefined;
const isMember = (group: number, id: number) => bot.world.member(bot.world.group(group)!, id) !== undefined;

describe('friend requests', () => {
  it('approves allowed users (with the remark) and rejects blocked ones', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { friend: { allow: [2009], block: [2010], remark: 'from the bot' } }]] });
    const approved = await bot.request.friend({ user: 2009, comment: 'hi' });
    expect(isFriend(2009)).toBe(true);
    expect(bot.world.friend(2009)!.remark).toBe('from the bot');
    expect(approved.flag).toMatch(/^friend-2009-/);
    const rejected = await bot.request.friend({ user: 2010 });
    expect(isFriend(2010)).toBe(false);
    expect(bot.world.data.friend_requests.some((r) => r.flag === rejected.flag)).toBe(false);
    // Both answered within the POST's window: as quick operations.
    expect([...approved.actions, ...rejected.actions].map((a) => [a.action, a.origin, a.params.approve])).toEqual([
      ['set_friend_add_request', 'quick_operation', true],
      ['set_friend_add_request', 'quick_operation', false],
    ]);
  });

  it('approves by a keyword in the comment, ignoring case', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { friend: { keywords: ['CQKIT'] } }]] });
    await bot.request.friend({ user: 2009, comment: 'I use cqkit too' });
    expect(isFriend(2009)).toBe(true);
  });

  it('leaves other requests pending by default', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { friend: { keywords: ['cqkit'] } }]] });
    const answer = await bot.request.friend({ user: 2010, comment: 'hello' });
    expect(answer.actions).toEqual([]);
    expect(bot.world.data.friend_requests.map((r) => r.flag)).toContain(answer.flag);
  });

  it('applies the default verdict to the rest', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { friend: { otherwise: 'reject' } }]] });
    const answer = await bot.request.friend({ user: 2010, comment: 'hello' });
    expect(answer.actionNames).toEqual(['set_friend_add_request']);
    expect(isFriend(2010)).toBe(false);
  });

  it('approves superusers unless turned off; block wins over superuser', async () => {
    bot = await createTestBot({ locale: 'en-US', superusers: [2009, 2010], plugins: [[requests, { friend: { block: [2010], otherwise: 'reject' } }]] });
    await bot.request.friend({ user: 2009 });
    await bot.request.friend({ user: 2010 });
    expect([isFriend(2009), isFriend(2010)]).toEqual([true, false]);
    await bot.stop();
    bot = await createTestBot({ locale: 'en-US', superusers: [2009], plugins: [[requests, { friend: { superusers: false, otherwise: 'reject' } }]] });
    await bot.request.friend({ user: 2009 });
    expect(isFriend(2009)).toBe(false);
  });

  it('answers by an action when the window has closed', async () => {
    bot = await createTestBot({ locale: 'en-US', quickWindow: 0, plugins: [[requests, { friend: { otherwise: 'approve' } }]] });
    const answer = await bot.request.friend({ user: 2009 });
    expect(answer.actions.map((a) => [a.action, a.origin])).toEqual([['set_friend_add_request', 'http']]);
    expect(isFriend(2009)).toBe(true);
  });
});

describe('join requests', () => {
  it('approves by keyword and rejects the rest with the reason', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { join: { keywords: ['answer: 42'], otherwise: 'reject', reason: 'wrong answer' } }]] });
    await bot.request.join({ group: 3001, user: 2010, comment: 'question: ?\nAnswer: 42' });
    expect(isMember(3001, 2010)).toBe(true);
    const rejected = await bot.request.join({ group: 3001, user: 2009, comment: 'let me in' });
    expect(isMember(3001, 2009)).toBe(false);
    expect(rejected.actions[0]!.params).toMatchObject({ approve: false, reason: 'wrong answer' });
  });

  it('without a configured reason, tells the rejected requester why in the app language', async () => {
    bot = await createTestBot({ plugins: [[requests, { join: { otherwise: 'reject' }, invite: { otherwise: 'reject' } }]] });
    const join = await bot.request.join({ group: 3001, user: 2009 });
    expect(join.actions[0]!.params).toMatchObject({ approve: false, reason: '抱歉，你的加群申请未通过' });
    const invite = await bot.request.invite({ group: 3004, user: 2011 });
    expect(invite.actions[0]!.params).toMatchObject({ approve: false, reason: '抱歉，暂不接受入群邀请' });
  });

  it('handles only the groups listed', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { join: { groups: [3002], otherwise: 'approve' } }]] });
    const elsewhere = await bot.request.join({ group: 3001, user: 2010 });
    expect(elsewhere.actions).toEqual([]);
    await bot.request.join({ group: 3002, user: 2010 });
    expect(isMember(3002, 2010)).toBe(true);
  });

  it('reports a failure when the bot may not handle the request (it is only a member)', async () => {
    bot = await createTestBot({ locale: 'en-US', quickWindow: 0, plugins: [[requests, { join: { otherwise: 'approve' } }]] });
    // In group 3003 the account is a plain member: the server refuses.
    const answer = await bot.request.join({ group: 3003, user: 2010 });
    expect(answer.problems.map((p) => p.kind)).toContain('send-failed');
    expect(isMember(3003, 2010)).toBe(false);
  });
});

describe('invitations', () => {
  it('approves invitations from superusers, by default', async () => {
    bot = await createTestBot({ locale: 'en-US', superusers: [2011], plugins: [requests] });
    const answer = await bot.request.invite({ group: 3004, user: 2011 });
    expect(answer.actions[0]!.params).toMatchObject({ approve: true });
    expect(bot.world.group(3004)).toBeDefined();
  });

  it('rejects other inviters when told to, and leaves them pending by default', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [requests] });
    expect((await bot.request.invite({ group: 3004, user: 2011 })).actions).toEqual([]);
    await bot.stop();
    bot = await createTestBot({ locale: 'en-US', plugins: [[requests, { invite: { otherwise: 'reject', reason: 'ask the owner' } }]] });
    const answer = await bot.request.invite({ group: 3004, user: 2011 });
    expect(answer.actions[0]!.params).toMatchObject({ approve: false, reason: 'ask the owner' });
    expect(bot.world.group(3004)).toBeUndefined();
  });
});

describe('config', () => {
  it('names the bad key', async () => {
    await expect(createTestBot({ locale: 'en-US', plugins: [[requests, { friend: { otherwise: 'maybe' } }]] })).rejects.toThrow(/friend\.otherwise/);
    await expect(createTestBot({ locale: 'en-US', plugins: [[requests, { join: { keywords: ['  '] } }]] })).rejects.toThrow(
      'join.keywords.0: an empty keyword would match every comment',
    );
    await expect(createTestBot({ locale: 'en-US', plugins: [[requests, { invite: { allow: [5], block: [5] } }]] })).rejects.toThrow(
      'invite.block: 5 is both allowed and blocked',
    );
    await expect(createTestBot({ locale: 'en-US', plugins: [[requests, { friends: {} }]] })).rejects.toBeInstanceOf(PluginConfigError);
  });

  it('fills defaults for a missing config: superusers approved, the rest left pending', () => {
    const config = v.parse(requestsConfigSchema, undefined);
    expect(config.friend).toEqual({ allow: [], block: [], keywords: [], superusers: true, otherwise: 'ignore', remark: '' });
    expect(config.join).toMatchObject({ groups: [], otherwise: 'ignore' });
    // No reason configured: the rejected requester gets the catalogue's, in the group's language.
    expect(config.join.reason).toBeUndefined();
    expect(decide(config.invite, 1, 'hi', false)).toEqual({ verdict: 'ignore', because: 'no rule matched' });
    expect(decide(config.invite, 1, 'hi', true)).toEqual({ verdict: 'approve', because: '1 is a superuser' });
    // A request without a comment (some implementations omit it) is decided, not crashed on.
    expect(decide({ ...config.friend, keywords: ['x'] }, 1, undefined, false).verdict).toBe('ignore');
  });
});
