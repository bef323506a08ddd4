// Actions change the world the way QQ would and emit the matching notices; injected people do too.
import type { CQEvent } from '@cqkit/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox, SandboxUsageError, worldProblems } from '../src/index.js';
import { callAction, startSandbox } from './helpers.js';

let sandbox: Sandbox;
let events: CQEvent[];
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  sandbox = await startSandbox({ clock });
  events = [];
  sandbox.events.observe((e) => {
    events.push(e);
  });
});
afterEach(async () => {
  expect(worldProblems(sandbox.world.data)).toEqual([]);
  await sandbox.stop();
});

async function act(action: string, params: Record<string, unknown>) {
  const res = await callAction(sandbox, action, params);
  await sandbox.settled();
  return res;
}

const notices = () => events.filter((e) => e.post_type === 'notice');

describe('group administration', () => {
  it('kick removes the member, emits group_decrease and can block future requests', async () => {
    await act('set_group_kick', { group_id: 3001, user_id: 2004, reject_add_request: true });
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2004)).toBeUndefined();
    expect(sandbox.world.group(3001)?.blocked_requesters).toContain(2004);
    expect(notices()).toEqual([
      expect.objectContaining({ notice_type: 'group_decrease', sub_type: 'kick', group_id: 3001, user_id: 2004, operator_id: 10001 }),
    ]);
    expect((await act('get_group_member_info', { group_id: 3001, user_id: 2004 })).retcode).toBe(102);
  });

  it('an admin may kick a plain member but not another admin', async () => {
    expect((await act('set_group_kick', { group_id: 3002, user_id: 2005 })).retcode).toBe(0);
    expect((await act('set_group_kick', { group_id: 3002, user_id: 2006 })).retcode).toBe(103);
  });

  it('ban sets the mute, emits group_ban, and the muted member cannot speak; 0 lifts it', async () => {
    await act('set_group_ban', { group_id: 3001, user_id: 2003, duration: 600 });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_ban', sub_type: 'ban', user_id: 2003, duration: 600 });
    expect(() => sandbox.say({ user: 2003, group: 3001, text: 'x' })).toThrow(SandboxUsageError);
    const info = await act('get_group_member_info', { group_id: 3001, user_id: 2003 });
    expect(info.retcode).toBe(0);
    await act('set_group_ban', { group_id: 3001, user_id: 2003, duration: 0 });
    expect(notices().at(-1)).toMatchObject({ sub_type: 'lift_ban', duration: 0 });
    expect(() => sandbox.say({ user: 2003, group: 3001, text: 'x' })).not.toThrow();
  });

  it('a mute expires with time', async () => {
    await act('set_group_ban', { group_id: 3001, user_id: 2003, duration: 60 });
    clock.advance(61_000);
    expect(() => sandbox.say({ user: 2003, group: 3001, text: 'free' })).not.toThrow();
  });

  it('caps a mute at 30 days', async () => {
    await act('set_group_ban', { group_id: 3001, user_id: 2003, duration: 99_999_999 });
    expect(notices().at(-1)).toMatchObject({ duration: 2_592_000 });
  });

  it('whole ban mutes members but not admins; the bot as member cannot send in a whole-banned group', async () => {
    await act('set_group_whole_ban', { group_id: 3001, enable: true });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_ban', sub_type: 'ban', user_id: 0 });
    expect(() => sandbox.say({ user: 2002, group: 3001, text: 'x' })).toThrow(/muted/);
    expect(() => sandbox.say({ user: 2001, group: 3001, text: 'admin speaks' })).not.toThrow();
    sandbox.world.group(3003)!.whole_ban = true;
    expect((await act('send_group_msg', { group_id: 3003, message: 'x' })).retcode).toBe(103);
    expect((await act('send_group_msg', { group_id: 3001, message: 'owner speaks' })).retcode).toBe(0);
  });

  it('set_group_admin changes the role and emits group_admin; nothing when unchanged', async () => {
    await act('set_group_admin', { group_id: 3001, user_id: 2002 });
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2002)?.role).toBe('admin');
    expect(notices()).toEqual([expect.objectContaining({ notice_type: 'group_admin', sub_type: 'set', user_id: 2002 })]);
    await act('set_group_admin', { group_id: 3001, user_id: 2002, enable: true });
    expect(notices()).toHaveLength(1);
    await act('set_group_admin', { group_id: 3001, user_id: 2001, enable: false });
    expect(notices().at(-1)).toMatchObject({ sub_type: 'unset', user_id: 2001 });
  });

  it('set_group_card changes the card and emits group_card; a member may change its own card', async () => {
    await act('set_group_card', { group_id: 3001, user_id: 2003, card: 'Caz' });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_card', card_new: 'Caz', card_old: '' });
    const res = await act('get_group_member_info', { group_id: 3001, user_id: 2003 });
    expect(res.data).toMatchObject({ card: 'Caz' });
    expect((await act('set_group_card', { group_id: 3003, user_id: 10001, card: 'me' })).retcode).toBe(0);
    await act('set_group_card', { group_id: 3001, user_id: 2003 });
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2003)?.card).toBe('');
  });

  it('special title, name, anonymous switch', async () => {
    await act('set_group_special_title', { group_id: 3001, user_id: 2002, special_title: 'Hero', duration: 100 });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'notify', sub_type: 'title', title: 'Hero' });
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2002)?.title_expire_time).toBe(sandbox.world.nowSeconds() + 100);
    await act('set_group_name', { group_id: 3002, group_name: 'Garden 2' });
    expect((await act('get_group_info', { group_id: 3002 })).data).toMatchObject({ group_name: 'Garden 2' });
    await act('set_group_anonymous', { group_id: 3001, enable: true });
    expect(() => sandbox.say({ user: 2002, group: 3001, anonymous: { name: 'X' }, text: 'hi' })).not.toThrow();
  });

  it('leaving removes the group; the owner must dismiss', async () => {
    await act('set_group_leave', { group_id: 3002 });
    expect(sandbox.world.group(3002)).toBeUndefined();
    expect(((await act('get_group_list', {})).data as { group_id: number }[]).map((g) => g.group_id)).toEqual([3001, 3003]);
    expect((await act('send_group_msg', { group_id: 3002, message: 'x' })).retcode).toBe(102);
    await act('set_group_leave', { group_id: 3001, is_dismiss: true });
    expect(sandbox.world.group(3001)).toBeUndefined();
  });

  it('discuss leave', async () => {
    await act('set_discuss_leave', { discuss_id: 4001 });
    expect((await act('send_discuss_msg', { discuss_id: 4001, message: 'x' })).retcode).toBe(102);
  });

  it('essence add/delete emit essence notices and change the list', async () => {
    const id = sandbox.say({ user: 2003, group: 3001, text: 'wisdom' });
    await act('set_essence_msg', { message_id: id });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'essence', sub_type: 'add', sender_id: 2003, operator_id: 10001, message_id: id });
    const list = (await act('get_essence_msg_list', { group_id: 3001 })).data as { message_id: number }[];
    expect(list.map((e) => e.message_id)).toEqual([1, id]);
    await act('delete_essence_msg', { message_id: id });
    expect(notices().at(-1)).toMatchObject({ sub_type: 'delete' });
  });
});

describe('messages', () => {
  it('delete_msg recalls group messages with group_recall and own private messages with friend_recall', async () => {
    await act('delete_msg', { message_id: 1 });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_recall', message_id: 1, user_id: 2002, operator_id: 10001 });
    expect((await act('get_msg', { message_id: 1 })).retcode).toBe(102);
    const sent = await act('send_private_msg', { user_id: 2001, message: 'oops' });
    const id = (sent.data as { message_id: number }).message_id;
    await act('delete_msg', { message_id: id });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'friend_recall', message_id: id });
  });

  it('an admin cannot recall the owner’s message; a plain member only its own', async () => {
    const ownerMsg = sandbox.say({ user: 2007, group: 3002, text: 'owner talk' });
    expect((await act('delete_msg', { message_id: ownerMsg })).retcode).toBe(103);
    const memberMsg = sandbox.say({ user: 2002, group: 3003, text: 'hi' });
    expect((await act('delete_msg', { message_id: memberMsg })).retcode).toBe(103);
    const own = (await act('send_group_msg', { group_id: 3003, message: 'mine' })).data as { message_id: number };
    expect((await act('delete_msg', { message_id: own.message_id })).retcode).toBe(0);
  });

  it('get_msg returns the stored message with sender and format', async () => {
    const id = sandbox.say({ user: 2001, group: 3001, message: 'hi [CQ:at,qq=10001]' });
    const res = await act('get_msg', { message_id: id });
    expect(res.data).toMatchObject({
      message_type: 'group',
      message_id: id,
      real_id: id,
      sender: { user_id: 2001, nickname: 'Alice', role: 'admin', card: 'Alice [admin]' },
      message: 'hi [CQ:at,qq=10001]',
    });
  });

  it('reply segments, forward messages and history', async () => {
    const sent = await act('send_group_msg', { group_id: 3001, message: '[CQ:reply,id=1]answer' });
    expect(sent.retcode).toBe(0);
    const fwd = await act('send_private_forward_msg', {
      user_id: 2001,
      messages: [
        { type: 'node', data: { id: 1 } },
        { type: 'node', data: { nickname: 'Zed', user_id: 2999, content: [{ type: 'text', data: { text: 'custom' } }] } },
      ],
    });
    const { forward_id } = fwd.data as { forward_id: string };
    const got = await act('get_forward_msg', { message_id: forward_id });
    expect(got.data).toEqual({
      message: [
        { type: 'node', data: { user_id: '2002', nickname: 'Bob', time: expect.any(String), content: 'hello everyone' } },
        { type: 'node', data: { user_id: '2999', nickname: 'Zed', time: expect.any(String), content: 'custom' } },
      ],
    });
    const history = (await act('get_group_msg_history', { group_id: 3001 })).data as { messages: { message_id: number }[] };
    expect(history.messages.map((m) => m.message_id)).toEqual([1, (sent.data as { message_id: number }).message_id]);
  });

  it('likes are limited to 10 per person per day and reset the next day', async () => {
    expect((await act('send_like', { user_id: 2001, times: 10 })).retcode).toBe(0);
    expect((await act('send_like', { user_id: 2001 })).retcode).toBe(103);
    expect((await act('send_like', { user_id: 2002 })).retcode).toBe(0);
    clock.advance(24 * 3600 * 1000);
    expect((await act('send_like', { user_id: 2001 })).retcode).toBe(0);
  });
});

describe('requests and friends', () => {
  it('approving a friend request adds the friend and emits friend_add', async () => {
    await act('set_friend_add_request', { flag: 'friend-2009', remark: 'Ivan R.' });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'friend_add', user_id: 2009 });
    const friends = (await act('get_friend_list', {})).data as { user_id: number; remark: string }[];
    expect(friends.find((f) => f.user_id === 2009)?.remark).toBe('Ivan R.');
    expect((await act('set_friend_add_request', { flag: 'friend-2009' })).retcode).toBe(102);
  });

  it('rejecting a friend request adds nobody', async () => {
    await act('set_friend_add_request', { flag: 'friend-2009', approve: false });
    expect(sandbox.world.friend(2009)).toBeUndefined();
    expect(notices()).toHaveLength(0);
  });

  it('approving a join request adds the member (group_increase approve); type is the old name of sub_type', async () => {
    await act('set_group_add_request', { flag: 'join-3001-2010', type: 'add' });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_increase', sub_type: 'approve', group_id: 3001, user_id: 2010, operator_id: 10001 });
    const sys = (await act('get_group_system_msg', {})).data as { join_requests: { checked: boolean; actor: number }[] };
    expect(sys.join_requests[0]).toMatchObject({ checked: true, actor: 10001 });
  });

  it('accepting an invitation joins the group (group_increase invite)', async () => {
    await act('set_group_add_request', { flag: 'invite-3004-2011', sub_type: 'invite' });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_increase', sub_type: 'invite', group_id: 3004, user_id: 10001, operator_id: 2011 });
    const members = (await act('get_group_member_list', { group_id: 3004 })).data as { user_id: number; role: string }[];
    expect(members.map((m) => m.user_id)).toContain(10001);
    expect((await act('send_group_msg', { group_id: 3004, message: 'hello club' })).retcode).toBe(0);
  });

  it('delete_friend removes the friend', async () => {
    await act('delete_friend', { user_id: 2003 });
    expect(sandbox.world.friend(2003)).toBeUndefined();
    sandbox.say({ user: 2003, text: 'still there?' });
    await sandbox.settled();
    expect(events.at(-1)).toMatchObject({ message_type: 'private', sub_type: 'group' });
  });
});

describe('credentials and experimental actions', () => {
  it('csrf token is the bkn hash of the skey, shared by get_credentials', async () => {
    const token = ((await act('get_csrf_token', {})).data as { token: number }).token;
    let hash = 5381;
    for (const ch of '@Sandbox01') hash = (hash + (hash << 5) + ch.charCodeAt(0)) & 0x7fffffff;
    expect(token).toBe(hash);
    expect((await act('get_credentials', { domain: 'qun.qq.com' })).data).toEqual({
      cookies: 'uin=o10001; skey=@Sandbox01; p_uin=o10001; p_skey=sandbox-qun-p-skey',
      csrf_token: hash,
    });
  });

  it('invalid credentials make the QQ-web actions fail with 104', async () => {
    sandbox.world.data.credentials.valid = false;
    for (const [action, params] of [
      ['_get_friend_list', {}],
      ['_get_group_info', { group_id: 3001 }],
      ['_get_vip_info', { user_id: 2001 }],
      ['_get_group_notice', { group_id: 3001 }],
      ['_send_group_notice', { group_id: 3001, title: 't', content: 'c' }],
    ] as const) {
      expect((await act(action, params)).retcode, action).toBe(104);
    }
  });

  it('_get_friend_list flat and nested', async () => {
    const nested = (await act('_get_friend_list', {})).data as { friend_group_id: number; friends: { user_id: number }[] }[];
    expect(nested.map((g) => g.friends.map((f) => f.user_id))).toEqual([[2001, 2002], [2003, 2007]]);
    const flat = (await act('_get_friend_list', { flat: true })).data as { friends: { friend_group_id: number }[] };
    expect(flat.friends.map((f) => f.friend_group_id)).toEqual([0, 0, 1, 1]);
  });

  it('_send_group_notice adds a notice that _get_group_notice lists and _del_group_notice removes', async () => {
    await act('_send_group_notice', { group_id: 3001, title: 'News', content: 'Today' });
    const list = (await act('_get_group_notice', { group_id: 3001 })).data as { fid: string; msg: { title: string } }[];
    expect(list.map((n) => n.msg.title)).toEqual(['Welcome', 'News']);
    await act('_del_group_notice', { group_id: 3001, notice_id: list[1]!.fid });
    expect(((await act('_get_group_notice', { group_id: 3001 })).data as unknown[]).length).toBe(1);
  });

  it('files: upload emits group_upload, the file is listed and has a URL', async () => {
    await act('upload_group_file', { group_id: 3001, file: '/tmp/a.txt', name: 'a.txt', folder: '/folder-docs' });
    expect(notices().at(-1)).toMatchObject({ notice_type: 'group_upload', file: { name: 'a.txt', busid: 102 } });
    const folder = (await act('get_group_files_by_folder', { group_id: 3001, folder_id: '/folder-docs' })).data as { files: { file_id: string; file_name: string }[] };
    const file = folder.files.find((f) => f.file_name === 'a.txt')!;
    const url = await act('get_group_file_url', { group_id: 3001, file_id: file.file_id, bus_id: 102 });
    expect((url.data as { url: string }).url).toContain('a.txt');
  });

  it('clean_data_dir image forgets images; get_record converts the extension', async () => {
    const rec = await act('get_record', { file: '0B38145AA44505000B38145AA4450500.silk', out_format: 'mp3', full_path: true });
    expect(rec.data).toEqual({ file: '/sandbox/data/record/0B38145AA44505000B38145AA4450500.mp3' });
    await act('clean_data_dir', { data_dir: 'image' });
    expect((await act('get_image', { file: '6B4DE3DFD1BD271E3297859D41C530F5.jpg' })).retcode).toBe(102);
  });

  it('check_url_safely knows dangerous hosts', async () => {
    expect((await act('check_url_safely', { url: 'https://sub.malware.example/x' })).data).toEqual({ level: 3 });
    expect((await act('check_url_safely', { url: 'not a url' })).data).toEqual({ level: 2 });
  });

  it('set_qq_profile renames the account', async () => {
    await act('set_qq_profile', { nickname: 'botty', personal_note: 'hi' });
    expect((await act('get_login_info', {})).data).toEqual({ user_id: 10001, nickname: 'botty' });
  });
});

describe('injected people', () => {
  it('join, leave, kick_me, upload, poke, recall', async () => {
    sandbox.join({ group: 3001, user: 2009 });
    sandbox.leave({ group: 3001, user: 2009 });
    sandbox.upload({ group: 3001, user: 2002, name: 'pic.png', size: 10 });
    sandbox.poke({ user: 2002, group: 3001 });
    sandbox.poke({ user: 2001 });
    const id = sandbox.say({ user: 2001, text: 'oops' });
    sandbox.recall({ message_id: id });
    sandbox.leave({ group: 3003, user: 10001, kickedBy: 2008 });
    await sandbox.settled();
    expect(notices().map((e) => [e.notice_type, 'sub_type' in e ? e.sub_type : undefined])).toEqual([
      ['group_increase', 'approve'],
      ['group_decrease', 'leave'],
      ['group_upload', undefined],
      ['notify', 'poke'],
      ['notify', 'poke'],
      ['friend_recall', undefined],
      ['group_decrease', 'kick_me'],
    ]);
    expect(sandbox.world.group(3003)).toBeUndefined();
  });

  it('misuse throws a SandboxUsageError and changes nothing', () => {
    const before = JSON.stringify(sandbox.world.snapshot());
    expect(() => sandbox.say({ user: 2009, group: 3001, text: 'x' })).toThrow(SandboxUsageError);
    expect(() => sandbox.say({ user: 2001, group: 9999, text: 'x' })).toThrow(SandboxUsageError);
    expect(() => sandbox.say({ user: 2001, text: '' })).toThrow(SandboxUsageError);
    expect(() => sandbox.say({ user: 10001, text: 'me' })).toThrow(SandboxUsageError);
    expect(() => sandbox.join({ group: 3001, user: 2001 })).toThrow(SandboxUsageError);
    expect(() => sandbox.leave({ group: 3001, user: 10001 })).toThrow(SandboxUsageError);
    expect(() => sandbox.recall({ message_id: 9999 })).toThrow(SandboxUsageError);
    expect(() => sandbox.friendRequest({ user: 2001 })).toThrow(SandboxUsageError);
    expect(JSON.stringify(sandbox.world.snapshot())).toBe(before);
  });

  it('images people send become known to get_image', async () => {
    sandbox.say({ user: 2001, message: [{ type: 'image', data: { file: 'ABC.png', url: 'https://x/ABC.png' } }] });
    expect((await act('get_image', { file: 'ABC.png' })).data).toEqual({ file: '/sandbox/data/image/ABC.png' });
  });

  it('reset restores the fixture', async () => {
    await act('set_group_kick', { group_id: 3001, user_id: 2004 });
    sandbox.reset();
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2004)).toBeDefined();
    expect(sandbox.outbox).toHaveLength(0);
  });
});

describe('selfId option', () => {
  it('re-numbers the account everywhere', async () => {
    const other = await startSandbox({ selfId: 55555 });
    try {
      expect((await callAction(other, 'get_login_info')).data).toEqual({ user_id: 55555, nickname: 'cqkit-bot' });
      expect((await callAction(other, 'get_group_member_info', { group_id: 3001, user_id: 55555 })).data).toMatchObject({ role: 'owner' });
      expect((await callAction(other, 'set_group_kick', { group_id: 3001, user_id: 2004 })).retcode).toBe(0);
      expect(other.world.discuss(4001)?.members).toContain(55555);
      expect(worldProblems(other.world.data)).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
