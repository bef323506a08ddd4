/** What the injectors share: the usage error and lookups that throw it. */
import type { SandboxState } from '../../core/state.js';
import type { GroupData, MemberData } from '../../world/types.js';

export class SandboxUsageError extends Error {
  override readonly name = 'SandboxUsageError';
}

export function groupOrThrow(state: SandboxState, groupId: number): GroupData {
  const group = state.world.group(groupId);
  if (!group) throw new SandboxUsageError(`the account is not in group ${groupId}`);
  return group;
}

export function memberOrThrow(state: SandboxState, group: GroupData, userId: number): MemberData {
  const m = state.world.member(group, userId);
  if (!m) throw new SandboxUsageError(`${userId} is not a member of group ${group.group_id}`);
  return m;
}
