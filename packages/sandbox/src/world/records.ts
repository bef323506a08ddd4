/** Records the world gains while it runs, built one way wherever they come from. */
import type { GroupData, HonorsData, MemberData, Role } from './types.js';

/** A member who joined at `joinTime` (seconds): no card, title or mute yet. */
export function newMember(userId: number, joinTime: number, role: Role = 'member'): MemberData {
  return {
    user_id: userId,
    role,
    card: '',
    title: '',
    title_expire_time: 0,
    join_time: joinTime,
    last_sent_time: 0,
    level: '潜水',
    unfriendly: false,
    card_changeable: true,
    mute_until: 0,
  };
}

export function emptyHonors(): HonorsData {
  return { current_talkative: null, talkative: [], performer: [], legend: [], strong_newbie: [], emotion: [] };
}

/** A group created at `createTime` (seconds) with the given members and nothing else yet. */
export function newGroup(
  fields: Partial<GroupData> & Pick<GroupData, 'group_id' | 'group_name' | 'members'>,
  createTime: number,
): GroupData {
  return {
    max_member_count: 200,
    max_admin_count: 10,
    create_time: createTime,
    category: 10,
    introduction: '',
    whole_ban: false,
    anonymous_enabled: false,
    portrait: '',
    honors: emptyHonors(),
    essence: [],
    files: [],
    folders: [],
    notices: [],
    at_all_remain_for_group: 10,
    at_all_remain_for_uin: 10,
    blocked_requesters: [],
    anonymous_bans: {},
    ...fields,
  };
}
