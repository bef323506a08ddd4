/** CQHTTP's experimental (`_`) and hidden (`.`) actions, plus go-cqhttp's `_del_group_notice` and word slices. */
import { asyncAccepted } from '@cqkit/protocol';
import { EnvelopeResult, type ActionCall, type ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import { applyQuickOperation } from '../events/quick-operation.js';
import { joinedGroup, requireAdmin } from './group-helpers.js';

/** The QQ-web actions fail with 104 when the world's credentials are marked invalid. */
function requireCredentials(call: ActionCall): void {
  if (!call.state.world.data.credentials.valid) throw Fail.credentials('QQ web credentials are invalid (cookies / csrf expired)');
}

const friendList: ActionHandler = (call) => {
  requireCredentials(call);
  const { world } = call.state;
  const friends = world.data.friends.map((f) => ({ user_id: f.user_id, nickname: world.nickname(f.user_id), remark: f.remark, category: f.category_id }));
  if (call.params.bool('flat')) {
    return {
      friend_groups: world.data.friend_categories.map((c) => ({ friend_group_id: c.category_id, friend_group_name: c.name })),
      friends: friends.map(({ category, ...f }) => ({ ...f, friend_group_id: category })),
    };
  }
  return world.data.friend_categories.map((c) => ({
    friend_group_id: c.category_id,
    friend_group_name: c.name,
    friends: friends.filter((f) => f.category === c.category_id).map(({ category: _c, ...f }) => f),
  }));
};

const groupInfo: ActionHandler = (call) => {
  const groupId = call.params.id('group_id');
  requireCredentials(call);
  const { world } = call.state;
  const group = world.group(groupId) ?? world.data.other_groups.find((g) => g.group_id === groupId);
  if (!group) throw Fail.credentials(`nothing could be fetched for group ${groupId}`);
  const staff = group.members.filter((m) => m.role !== 'member');
  return {
    group_id: group.group_id,
    group_name: group.group_name,
    create_time: group.create_time,
    category: group.category,
    member_count: group.members.length,
    max_member_count: group.max_member_count,
    introduction: group.introduction,
    admins: staff.map((m) => ({ user_id: m.user_id, nickname: world.nickname(m.user_id), role: m.role })),
    admin_count: staff.filter((m) => m.role === 'admin').length,
    max_admin_count: group.max_admin_count,
    owner_id: group.members.find((m) => m.role === 'owner')?.user_id ?? 0,
  };
};

const vipInfo: ActionHandler = (call) => {
  const userId = call.params.id('user_id');
  requireCredentials(call);
  const person = call.state.world.person(userId);
  if (!person) throw Fail.credentials(`nothing could be fetched for ${userId}`);
  return {
    user_id: person.user_id,
    nickname: person.nickname,
    level: person.level,
    level_speed: 1,
    vip_level: person.vip_level > 0 ? `VIP${person.vip_level}` : '普通用户',
    vip_growth_speed: person.vip_level * 10,
    vip_growth_total: person.vip_level * 1000,
  };
};

const groupNotices: ActionHandler = (call) => {
  const groupId = call.params.id('group_id');
  requireCredentials(call);
  const { group } = joinedGroup(call.state, groupId);
  return group.notices.map((n) => ({
    cn: 0,
    fid: n.notice_id,
    fn: 0,
    msg: { text: n.content, text_face: n.content, title: n.title },
    pubt: n.publish_time,
    read_num: n.read_num,
    settings: { is_show_edit_card: 0, remind_ts: 0 },
    u: n.sender_id,
    vn: 0,
  }));
};

const sendNotice: ActionHandler = (call) => {
  const groupId = call.params.id('group_id');
  const title = call.params.requiredStr('title');
  const content = call.params.requiredStr('content');
  requireCredentials(call);
  const { state } = call;
  const { group, me } = joinedGroup(state, groupId);
  requireAdmin(me, 'publishing a group notice');
  group.notices.push({
    notice_id: `notice-${state.world.nextCounter('notice')}`,
    sender_id: me.user_id,
    publish_time: state.world.nowSeconds(),
    title,
    content,
    read_num: 0,
  });
};

export const experimentalActions: Record<string, ActionHandler> = {
  _get_friend_list: friendList,
  _get_group_info: groupInfo,
  _get_vip_info: vipInfo,
  _get_group_notice: groupNotices,
  _send_group_notice: sendNotice,
  _set_restart: () => undefined,
  '.check_update': () => new EnvelopeResult(asyncAccepted()),
  '.handle_quick_operation': async (call) => {
    const context = call.params.object('context');
    const operation = call.params.object('operation');
    if (!context || !operation) throw Fail.badParams('context and operation must be JSON objects');
    await applyQuickOperation(call.execute, context, operation);
  },
  '.get_word_slices': (call) => {
    const content = call.params.requiredStr('content');
    // Latin words stay whole; CJK text is cut per character, roughly what a word splitter gives.
    const slices = content.match(/[A-Za-z0-9_]+|[^\sA-Za-z0-9_\p{P}]/gu) ?? [];
    return { slices };
  },
  _del_group_notice: (call) => {
    const groupId = call.params.id('group_id');
    const noticeId = call.params.requiredStr('notice_id');
    const { group, me } = joinedGroup(call.state, groupId);
    requireAdmin(me, 'deleting a group notice');
    if (!group.notices.some((n) => n.notice_id === noticeId)) throw Fail.noData(`no notice ${noticeId}`);
    group.notices = group.notices.filter((n) => n.notice_id !== noticeId);
  },
};
