import { PluginConfigError } from '@cqkit/core';
import { createTestBot, defaultWorld, type TestBot } from '@cqkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { compileTemplate, renderTemplate, unknownPlaceholders } from '../src/template.js';
import welcome from '../src/index.js';

let bot: TestBot;
afterEach(() => bot?.stop());

describe('welcome in Chinese (the default)', () => {
  it('greets in zh-CN without a configured text, and in English where a hook chooses en-US for the group', async () => {
    const english = { name: 'english-3002', apply: (ctx: import('@cqkit/core').Context) => void ctx.i18n.resolveWith((s) => (s.groupId === 3002 ? 'en-US' : undefined)) };
    bot = await createTestBot({ plugins: [welcome, english] });
    expect((await bot.notice.groupIncrease({ group: 3001, user: 2010 })).raw).toBe('欢迎 [CQ:at,qq=2010] 加入本群！');
    expect((await bot.notice.groupIncrease({ group: 3002, user: 2010 })).raw).toBe('Welcome [CQ:at,qq=2010]!');
  });
});

describe('welcome', () => {
  it('greets a new member with an @ by default', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [welcome] });
    const answer = await bot.notice.groupIncrease({ group: 3001, user: 2010 });
    expect(answer.messages).toHaveLength(1);
    expect(answer.messages[0]).toMatchObject({ message_type: 'group', group_id: 3001, raw_message: 'Welcome [CQ:at,qq=2010]!' });
    expect(bot.world.member(bot.world.group(3001)!, 2010)).toBeDefined();
  });

  it('fills name, user, group and group name, looking them up only when used', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[welcome, { text: 'Hi {name} ({user}), welcome to {groupName} #{group}' }]] });
    const answer = await bot.notice.groupIncrease({ group: 3002, user: 2010 });
    expect(answer.text).toBe("Hi Judy (2010), welcome to Grace's garden #3002");
    expect(answer.actionNames).toEqual(['get_group_member_info', 'get_group_info', 'send_group_msg']);
    // Someone the world knows nothing about: the server's stand-in nickname.
    const stranger = await bot.notice.groupIncrease({ group: 3001, user: 2099 });
    expect(stranger.text).toBe('Hi QQ2099 (2099), welcome to cqkit dev #3001');
  });

  it('uses the text of the group, or none where a group is switched off', async () => {
    bot = await createTestBot({
      locale: 'en-US',
      plugins: [[welcome, { text: 'Welcome {at}', groups: { '3002': 'Welcome to the garden, {name}!', '3003': false } }]],
    });
    expect((await bot.notice.groupIncrease({ group: 3002, user: 2010 })).text).toBe('Welcome to the garden, Judy!');
    expect((await bot.notice.groupIncrease({ group: 3003, user: 2010 })).messages).toEqual([]);
    expect((await bot.notice.groupIncrease({ group: 3001, user: 2010 })).raw).toBe('Welcome [CQ:at,qq=2010]');
  });

  it('with text false greets only the groups listed', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[welcome, { text: false, groups: { '3001': 'hello {at}' } }]] });
    expect((await bot.notice.groupIncrease({ group: 3002, user: 2010 })).messages).toEqual([]);
    expect((await bot.notice.groupIncrease({ group: 3001, user: 2010 })).raw).toBe('hello [CQ:at,qq=2010]');
  });

  it('escapes names, so a nickname cannot smuggle CQ codes in', async () => {
    const world = defaultWorld();
    world.people.push({ user_id: 2020, nickname: '[CQ:at,qq=all] &', sex: 'unknown', age: 0, area: '', level: 1, vip_level: 0, login_days: 1 });
    bot = await createTestBot({ locale: 'en-US', plugins: [[welcome, { text: '[CQ:face,id=144] hi {name}' }]], world });
    const answer = await bot.notice.groupIncrease({ group: 3001, user: 2020 });
    expect(answer.messages[0]!.segments.map((s) => s.type)).toEqual(['face', 'text']);
    expect(answer.text).toBe(' hi [CQ:at,qq=all] &');
  });

  it('does not greet other notices, nor the bot joining a group', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [welcome] });
    expect((await bot.notice.groupDecrease({ group: 3001, user: 2003 })).messages).toEqual([]);
    expect((await bot.notice.groupIncrease({ group: 3001, user: 2003 })).messages).toHaveLength(1);
    const self = await bot.event({ time: 1, self_id: bot.selfId, post_type: 'notice', notice_type: 'group_increase', sub_type: 'invite', group_id: 3001, operator_id: 2001, user_id: bot.selfId });
    expect(self.messages).toEqual([]);
  });

  it('greets the bot itself when greetSelf is on', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[welcome, { greetSelf: true, text: 'hello {group}' }]] });
    const self = await bot.event({ time: 1, self_id: bot.selfId, post_type: 'notice', notice_type: 'group_increase', sub_type: 'invite', group_id: 3001, operator_id: 2001, user_id: bot.selfId });
    expect(self.text).toBe('hello 3001');
  });

  it('reports a failed greeting (the bot is muted) without throwing', async () => {
    const world = defaultWorld();
    world.groups.find((g) => g.group_id === 3003)!.whole_ban = true;
    bot = await createTestBot({ locale: 'en-US', plugins: [welcome], world });
    const answer = await bot.notice.groupIncrease({ group: 3003, user: 2010 });
    expect(answer.messages).toEqual([]);
    expect(answer.problems.map((p) => p.kind)).toContain('send-failed');
  });
});

describe('config', () => {
  it('names an unknown placeholder and the key it is in', async () => {
    const attempt = createTestBot({ locale: 'en-US', plugins: [[welcome, { groups: { '3001': 'hi {nmae}' } }]] });
    await expect(attempt).rejects.toBeInstanceOf(PluginConfigError);
    await expect(attempt).rejects.toThrow('groups.3001: unknown placeholder {nmae}; use {at}, {name}, {user}, {group}, {groupName}');
  });

  it('rejects group keys that are not numbers, empty texts and unknown keys', async () => {
    await expect(createTestBot({ locale: 'en-US', plugins: [[welcome, { groups: { dev: 'hi' } }]] })).rejects.toThrow('groups.dev: keys are group ids (numbers)');
    await expect(createTestBot({ locale: 'en-US', plugins: [[welcome, { text: '' }]] })).rejects.toThrow(/text: must not be empty/);
    await expect(createTestBot({ locale: 'en-US', plugins: [[welcome, { message: 'hi' }]] })).rejects.toThrow('message: Invalid key: Expected never but received "message"');
  });
});

describe('templates', () => {
  it('render literals and placeholders in order', () => {
    const parts = compileTemplate('{at}{at} x {user}');
    expect(renderTemplate(parts, { user: 5, group: 6 })).toBe('[CQ:at,qq=5][CQ:at,qq=5] x 5');
    expect(renderTemplate(compileTemplate('{name}/{groupName}'), { user: 5, group: 6 })).toBe('5/6');
    expect(unknownPlaceholders('{at} {x} {} {name}')).toEqual(['{x}', '{}']);
  });
});
