/**
 * World fixtures for tests: the sandbox's default world, and a builder for extra groups so a test
 * can have fifty groups without writing fifty objects.
 */
import { defaultWorld, type GroupData, type MemberData, type Role, type WorldData } from '@cqkit/sandbox';

export { defaultWorld };

export interface ExtraGroupOptions {
  /** The account's role there. Default member. */
  role?: Role;
  /** Everyone but admins muted (a member account then cannot send). */
  wholeBan?: boolean;
  /** Other members (user ids), plain members. Default none. */
  members?: readonly number[];
  /** Who owns the group when the account does not: default the first of `members`, else the first person of the world. */
  owner?: number;
  name?: string;
}

function member(userId: number, role: Role, now: number): MemberData {
  return {
    user_id: userId,
    role,
    card: '',
    title: '',
    title_expire_time: 0,
    join_time: now,
    last_sent_time: 0,
    level: '冒泡',
    unfriendly: false,
    card_changeable: true,
    mute_until: 0,
  };
}

/** A group the account is in, with the account as `role` (owner when no other member owns it). */
export function makeGroup(world: WorldData, groupId: number, options: ExtraGroupOptions = {}): GroupData {
  const now = 1_700_000_000;
  const self = world.login.user_id;
  const role = options.role ?? 'member';
  const others = [...(options.members ?? [])];
  // A group has exactly one owner: someone else when the account is not it.
  const owner = role === 'owner' ? undefined : (options.owner ?? others[0] ?? world.people.find((p) => p.user_id !== self)?.user_id ?? 1);
  if (owner !== undefined && !others.includes(owner)) others.unshift(owner);
  const members = [member(self, role, now), ...others.map((id) => member(id, id === owner ? 'owner' : 'member', now))];
  return {
    group_id: groupId,
    group_name: options.name ?? `group ${groupId}`,
    max_member_count: 200,
    max_admin_count: 10,
    create_time: now,
    category: 10,
    introduction: '',
    whole_ban: options.wholeBan ?? false,
    anonymous_enabled: false,
    portrait: '',
    members,
    honors: { current_talkative: null, talkative: [], performer: [], legend: [], strong_newbie: [], emotion: [] },
    essence: [],
    files: [],
    folders: [],
    notices: [],
    at_all_remain_for_group: 10,
    at_all_remain_for_uin: 10,
    blocked_requesters: [],
    anonymous_bans: {},
  };
}

/** The default world plus `count` groups numbered from `firstId` (default 5001). */
export function worldWithGroups(count: number, options: ExtraGroupOptions & { firstId?: number } = {}): WorldData {
  const world = defaultWorld();
  const first = options.firstId ?? 5001;
  for (let i = 0; i < count; i++) world.groups.push(makeGroup(world, first + i, options));
  return world;
}
