import { definePlugin } from '@cqkit/core';
import { worldProblems } from '@cqkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBot, makeGroup, type TestBot, worldWithGroups } from '../src/index.js';

/** Says what it saw, so each injector's event is visible in the answer. */
const reporter = definePlugin({
  name: 'reporter',
  apply(ctx) {
    ctx.on('notice', async (session) => {
      const e = session.event as unknown as Record<string, unknown>;
      const text = `${session.names.at(-1)} user=${e.user_id}`;
      if (session.groupId !== undefined) await session.bot.sendGroupMsg({ group_id: session.groupId, message: text });
      else await session.bot.sendPrivateMsg({ user_id: 2001, message: text });
    });
    ctx.on('request/friend', (session) => session.approve('new'));
    ctx.on('request/group', (session) => session.reject('no'));
  },
});

let bot: TestBot;
afterEach(() => bot?.stop());

describe('notices', () => {
  it('each helper changes the world and posts its event', async () => {
    bot = await createTestBot({ plugins: [reporter] });
    expect((await bot.notice.groupIncrease({ group: 3001, user: 2010 })).text).toBe('notice/group_increase user=2010');
    expect(bot.world.member(bot.world.group(3001)!, 2010)).toBeDefined();
    expect((await bot.notice.groupBan({ group: 3001, user: 2010, duration: 60 })).text).toBe('notice/group_ban user=2010');
    expect((await bot.notice.groupUpload({ group: 3001, user: 2002, name: 'a.txt' })).text).toBe('notice/group_upload user=2002');
    expect((await bot.notice.poke({ user: 2002, group: 3001 })).text).toBe('notice/notify/poke user=2002');
    expect((await bot.notice.groupDecrease({ group: 3001, user: 2010 })).text).toBe('notice/group_decrease user=2010');
    const said = await bot.say('hi', { group: 3001, user: 2003 });
    expect((await bot.notice.recall({ messageId: said.messageId })).text).toBe('notice/group_recall user=2003');
  });

  it('event() posts any catalogue event as it is', async () => {
    bot = await createTestBot({ plugins: [reporter] });
    const answer = await bot.event({ time: 1, self_id: bot.selfId, post_type: 'notice', notice_type: 'friend_add', user_id: 2002 });
    expect(answer.text).toBe('notice/friend_add user=2002');
  });
});

describe('requests', () => {
  it('return the flag, and the world shows the outcome', async () => {
    bot = await createTestBot({ plugins: [reporter] });
    const friend = await bot.request.friend({ user: 2009, comment: 'hi' });
    expect(friend.flag).toMatch(/^friend-2009-/);
    // Approving made a friend: the friend_add notice that follows is part of the same answer.
    expect(friend.actions.map((a) => [a.action, a.params.approve])).toEqual([
      ['set_friend_add_request', true],
      ['send_private_msg', undefined],
    ]);
    expect(friend.text).toBe('notice/friend_add user=2009');
    expect(bot.world.friend(2009)).toMatchObject({ remark: 'new' });
    const join = await bot.request.join({ group: 3001, user: 2010 });
    expect(join.actions[0]!.params).toMatchObject({ approve: false, reason: 'no' });
    const invite = await bot.request.invite({ group: 3004, user: 2011 });
    expect(invite.actions[0]!.params).toMatchObject({ approve: false });
    expect(bot.world.group(3004)).toBeUndefined();
  });

  it('misuse is a clear error', async () => {
    bot = await createTestBot({ plugins: [reporter] });
    await expect(bot.request.friend({ user: 2001 })).rejects.toThrow('2001 is already a friend');
  });
});

describe('worlds', () => {
  it('worldWithGroups and makeGroup keep the world consistent', async () => {
    const world = worldWithGroups(5, { role: 'admin', members: [2002, 2003] });
    world.groups.push(makeGroup(world, 7001), makeGroup(world, 7002, { role: 'owner' }));
    expect(worldProblems(world)).toEqual([]);
    bot = await createTestBot({ plugins: [reporter], world });
    expect(bot.world.data.groups).toHaveLength(10);
    expect(bot.world.group(5003)!.members.find((m) => m.user_id === bot.selfId)!.role).toBe('admin');
    const answer = await bot.notice.groupIncrease({ group: 5003, user: 2010 });
    expect(answer.messages[0]!.group_id).toBe(5003);
  });
});
