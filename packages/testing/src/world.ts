/**
 * World fixtures for tests: the sandbox's default world, and a builder for extra groups so a test
 * can have fifty groups without writing fifty objects.
 */
import { defaultWorld, type GroupData, newGroup, newMember, type Role, type WorldData } from '@cqkit/sandbox';

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

/** A group the account is in, with the account as `role` (owner when no other member owns it). */
export function makeGroup(world: WorldData, groupId: number, options: ExtraGroupOptions = {}): GroupData {
  const now = 1_700_000_000;
  const self = world.login.user_id;
  const role = options.role ?? 'member';
  const others = [...(options.members ?? [])];
  // A group has exactly one owner: someone else when the account is not it.
  const owner = role === 'owner' ? undefined : (options.owner ?? others[0] ?? world.people.find((p) => p.user_id !== self)?.user_id ?? 1);
  if (owner !== undefined && !others.includes(owner)) others.unshift(owner);
  const members = [newMember(self, now, role), ...others.map((id) => newMember(id, now, id === owner ? 'owner' : 'member'))];
  return newGroup(
    { group_id: groupId, group_name: options.name ?? `group ${groupId}`, whole_ban: options.wholeBan ?? false, members },
    now,
  );
}

/** The default world plus `count` groups numbered from `firstId` (default 5001). */
export function worldWithGroups(count: number, options: ExtraGroupOptions & { firstId?: number } = {}): WorldData {
  const world = defaultWorld();
  const first = options.firstId ?? 5001;
  for (let i = 0; i < count; i++) world.groups.push(makeGroup(world, first + i, options));
  return world;
}
