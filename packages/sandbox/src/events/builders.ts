/** Building catalogue-shaped events and objects out of world data. */
import type { CQEvent } from '@cqkit/protocol';
import { writeCQString } from '../wire/cq-code.js';
import type { SandboxState } from '../core/state.js';
import type { GroupData, MemberData, StoredMessageData } from '../world/types.js';

/** The member object of get_group_member_info / get_group_member_list. */
export function memberInfo(state: SandboxState, group: GroupData, m: MemberData) {
  const person = state.world.person(m.user_id);
  return {
    group_id: group.group_id,
    user_id: m.user_id,
    nickname: person?.nickname ?? state.world.nickname(m.user_id),
    card: m.card,
    sex: person?.sex ?? 'unknown',
    age: person?.age ?? 0,
    area: person?.area ?? '',
    join_time: m.join_time,
    last_sent_time: m.last_sent_time,
    level: m.level,
    role: m.role,
    unfriendly: m.unfriendly,
    title: m.title,
    title_expire_time: m.title_expire_time,
    card_changeable: m.card_changeable,
  };
}

/** The `sender` object of a stored message. */
export function senderOf(state: SandboxState, msg: StoredMessageData) {
  const person = state.world.person(msg.user_id);
  const base = {
    user_id: msg.user_id,
    nickname: person?.nickname ?? state.world.nickname(msg.user_id),
    sex: person?.sex ?? ('unknown' as const),
    age: person?.age ?? 0,
  };
  if (msg.message_type !== 'group' || msg.group_id === undefined) return base;
  const group = state.world.group(msg.group_id);
  const m = group ? state.world.member(group, msg.user_id) : undefined;
  return {
    ...base,
    card: m?.card ?? '',
    area: person?.area ?? '',
    level: m?.level ?? '',
    role: m?.role ?? ('member' as const),
    title: m?.title ?? '',
  };
}

/** The message event for a stored message (message as segments; the hub formats it per channel). */
export function messageEvent(state: SandboxState, msg: StoredMessageData): CQEvent {
  const base = { time: msg.time, self_id: state.world.selfId, post_type: 'message' as const };
  const common = {
    message_id: msg.message_id,
    user_id: msg.user_id,
    message: msg.segments.map((s) => ({ type: s.type, data: { ...s.data } })),
    raw_message: writeCQString(msg.segments),
    font: msg.font,
  };
  if (msg.message_type === 'group') {
    const sender = senderOf(state, msg) as Extract<CQEvent, { message_type: 'group' }>['sender'];
    const anonymous = msg.anonymous ?? null;
    return {
      ...base,
      message_type: 'group',
      sub_type: anonymous ? 'anonymous' : 'normal',
      group_id: msg.group_id ?? 0,
      anonymous,
      ...common,
      sender,
    };
  }
  if (msg.message_type === 'discuss') {
    return { ...base, message_type: 'discuss', discuss_id: msg.discuss_id ?? 0, ...common, sender: senderOf(state, msg) };
  }
  const peer = msg.user_id === state.world.selfId ? (msg.peer_id ?? 0) : msg.user_id;
  const sharesGroup = state.world.data.groups.some((g) => g.members.some((m) => m.user_id === peer));
  const sub_type = state.world.friend(peer) ? 'friend' : sharesGroup ? 'group' : 'other';
  return { ...base, message_type: 'private', sub_type, ...common, sender: senderOf(state, msg) };
}
