/** Group lookups and privilege checks shared by the group actions. */
import { Fail } from '../core/failure.js';
import type { SandboxState } from '../core/state.js';
import type { GroupData, MemberData } from '../world/types.js';

/** The group, or 102 when the account is not in it. */
export function joinedGroup(state: SandboxState, groupId: number): { group: GroupData; me: MemberData } {
  const group = state.world.group(groupId);
  const me = group ? state.world.selfMember(group) : undefined;
  if (!group || !me) throw Fail.noData(`the account is not in group ${groupId}`);
  return { group, me };
}

export function memberOf(state: SandboxState, group: GroupData, userId: number): MemberData {
  const m = state.world.member(group, userId);
  if (!m) throw Fail.noData(`${userId} is not a member of group ${group.group_id}`);
  return m;
}

export function requireAdmin(me: MemberData, what: string): void {
  if (me.role === 'member') throw Fail.noPrivilege(`${what} needs admin or owner rights`);
}

export function requireOwner(me: MemberData, what: string): void {
  if (me.role !== 'owner') throw Fail.noPrivilege(`${what} needs the owner`);
}

/** Admin rights and a strictly higher role than the target (an admin cannot act on admins or the owner). */
export function requireOutrank(state: SandboxState, me: MemberData, target: MemberData, what: string): void {
  requireAdmin(me, what);
  if (target.user_id === me.user_id) throw Fail.noPrivilege(`${what}: the account cannot target itself`);
  if (!state.world.outranks(me, target)) throw Fail.noPrivilege(`${what}: ${target.user_id} is ${target.role}`);
}
