/** Group administration: kick, mute, admins, cards, titles, names, leaving, essence, portrait. */
import type { ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import { joinedGroup, memberOf, requireAdmin, requireOutrank, requireOwner } from './group-helpers.js';
import { storedMessage } from './messages.js';

/** QQ caps a mute at 30 days. */
const MAX_MUTE = 30 * 24 * 3600;

const kick: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const userId = params.id('user_id');
  const { group, me } = joinedGroup(state, groupId);
  const target = memberOf(state, group, userId);
  requireOutrank(state, me, target, 'kicking');
  group.members = group.members.filter((m) => m.user_id !== userId);
  if (params.bool('reject_add_request') && !group.blocked_requesters.includes(userId)) group.blocked_requesters.push(userId);
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_decrease',
    sub_type: 'kick',
    group_id: groupId,
    operator_id: me.user_id,
    user_id: userId,
  });
};

const ban: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const userId = params.id('user_id');
  const duration = params.int('duration') ?? 1800;
  if (duration < 0) throw Fail.badParams('duration must be >= 0');
  const { group, me } = joinedGroup(state, groupId);
  const target = memberOf(state, group, userId);
  requireOutrank(state, me, target, 'muting');
  const seconds = Math.min(duration, MAX_MUTE);
  target.mute_until = seconds > 0 ? state.world.nowSeconds() + seconds : 0;
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_ban',
    sub_type: seconds > 0 ? 'ban' : 'lift_ban',
    group_id: groupId,
    operator_id: me.user_id,
    user_id: userId,
    duration: seconds,
  });
};

const anonymousBan: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const anonymous = params.object('anonymous');
  // The anonymous object wins; between the two flag spellings CQHTTP reads `flag` first.
  const fromObject = typeof anonymous?.flag === 'string' ? anonymous.flag : undefined;
  const rawFlag = call.raw.flag;
  const flag = fromObject ?? (typeof rawFlag === 'string' ? rawFlag : undefined) ?? params.str('anonymous_flag') ?? '';
  const duration = params.int('duration') ?? 1800;
  if (flag === '') throw Fail.badParams('anonymous, anonymous_flag or flag is required');
  if (duration < 0) throw Fail.badParams('duration must be >= 0');
  const { group, me } = joinedGroup(state, groupId);
  requireAdmin(me, 'muting an anonymous member');
  // An anonymous mute cannot be lifted, so 0 changes nothing.
  if (duration > 0) group.anonymous_bans[flag] = state.world.nowSeconds() + Math.min(duration, MAX_MUTE);
};

const wholeBan: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const enable = params.bool('enable');
  const { group, me } = joinedGroup(state, groupId);
  requireAdmin(me, 'muting the whole group');
  if (group.whole_ban === enable) return;
  group.whole_ban = enable;
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_ban',
    sub_type: enable ? 'ban' : 'lift_ban',
    group_id: groupId,
    operator_id: me.user_id,
    user_id: 0, // the whole group
    duration: 0,
  });
};

const setAdmin: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const userId = params.id('user_id');
  const enable = params.bool('enable');
  const { group, me } = joinedGroup(state, groupId);
  requireOwner(me, 'changing admins');
  const target = memberOf(state, group, userId);
  if (target.role === 'owner') throw Fail.noPrivilege('the owner cannot be made admin or member');
  const role = enable ? 'admin' : 'member';
  if (target.role === role) return;
  if (enable && group.members.filter((m) => m.role === 'admin').length >= group.max_admin_count) {
    throw Fail.noPrivilege(`group ${groupId} already has ${group.max_admin_count} admins`);
  }
  target.role = role;
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_admin',
    sub_type: enable ? 'set' : 'unset',
    group_id: groupId,
    user_id: userId,
  });
};

const setCard: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const userId = params.id('user_id');
  const card = params.str('card') ?? '';
  const { group, me } = joinedGroup(state, groupId);
  const target = memberOf(state, group, userId);
  if (target.user_id !== me.user_id) requireOutrank(state, me, target, 'changing a card');
  if (target.card === card) return;
  const card_old = target.card;
  target.card = card;
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_card',
    group_id: groupId,
    user_id: userId,
    card_new: card,
    card_old,
  });
};

const setTitle: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const userId = params.id('user_id');
  const title = params.str('special_title') ?? '';
  const duration = params.int('duration') ?? -1;
  const { group, me } = joinedGroup(state, groupId);
  requireOwner(me, 'setting a special title');
  const target = memberOf(state, group, userId);
  target.title_expire_time = title !== '' && duration > 0 ? state.world.nowSeconds() + duration : 0;
  if (target.title === title) return;
  target.title = title;
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'notify',
    sub_type: 'title',
    group_id: groupId,
    user_id: userId,
    title,
  });
};

const leave: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const { me } = joinedGroup(state, groupId);
  if (me.role === 'owner' && !params.bool('is_dismiss')) {
    throw Fail.noPrivilege('the owner can only leave by dismissing the group (is_dismiss=true)');
  }
  state.world.dropGroup(groupId);
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_decrease',
    sub_type: 'leave',
    group_id: groupId,
    operator_id: me.user_id,
    user_id: me.user_id,
  });
};

const essence = (add: boolean): ActionHandler => (call) => {
  const { state, params } = call;
  const msg = storedMessage(state, params.id('message_id'));
  if (msg.message_type !== 'group' || msg.group_id === undefined) throw Fail.badParams('only group messages can be essence');
  const { group, me } = joinedGroup(state, msg.group_id);
  requireAdmin(me, 'changing essence messages');
  const exists = group.essence.some((e) => e.message_id === msg.message_id);
  if (add && exists) return;
  if (!add && !exists) throw Fail.noData(`message ${msg.message_id} is not an essence message`);
  if (add) {
    group.essence.push({
      message_id: msg.message_id,
      sender_id: msg.user_id,
      sender_time: msg.time,
      operator_id: me.user_id,
      operator_time: state.world.nowSeconds(),
    });
  } else {
    group.essence = group.essence.filter((e) => e.message_id !== msg.message_id);
  }
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'essence',
    sub_type: add ? 'add' : 'delete',
    group_id: group.group_id,
    sender_id: msg.user_id,
    operator_id: me.user_id,
    message_id: msg.message_id,
  });
};

export const groupAdminActions: Record<string, ActionHandler> = {
  set_group_kick: kick,
  set_group_ban: ban,
  set_group_anonymous_ban: anonymousBan,
  set_group_whole_ban: wholeBan,
  set_group_admin: setAdmin,
  set_group_anonymous: (call) => {
    const groupId = call.params.id('group_id');
    const { group, me } = joinedGroup(call.state, groupId);
    requireAdmin(me, 'switching anonymous chat');
    group.anonymous_enabled = call.params.bool('enable');
  },
  set_group_card: setCard,
  set_group_name: (call) => {
    const groupId = call.params.id('group_id');
    const name = call.params.requiredStr('group_name');
    const { group, me } = joinedGroup(call.state, groupId);
    requireAdmin(me, 'renaming the group');
    group.group_name = name;
  },
  set_group_leave: leave,
  set_group_special_title: setTitle,
  set_discuss_leave: (call) => {
    const discussId = call.params.id('discuss_id');
    const { world } = call.state;
    if (!world.discuss(discussId)) throw Fail.noData(`the account is not in discuss ${discussId}`);
    world.data.discusses = world.data.discusses.filter((d) => d.discuss_id !== discussId);
  },
  set_group_portrait: (call) => {
    const groupId = call.params.id('group_id');
    const file = call.params.requiredStr('file');
    const { group, me } = joinedGroup(call.state, groupId);
    requireAdmin(me, 'changing the group portrait');
    group.portrait = file;
  },
  set_essence_msg: essence(true),
  delete_essence_msg: essence(false),
};
