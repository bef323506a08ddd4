/** What the injectors share: the usage error and lookups that throw it. */
import type { SandboxState } from '../../core/state.js';
import type { GroupData, MemberData } from '../../world/types.js';

/** Misuse of the sandbox: a group the account is not in, a user who is no member, used before start. */
export class SandboxUsageError extends Error {
  static readonly code = 'CQKIT_SANDBOX_USAGE';
  readonly code = SandboxUsageError.code;
  override readonly name = 'SandboxUsageError';
}

/** `sandbox.nextMessage()` (or another wait on the bot) saw nothing within its timeout. */
export class SandboxTimeoutError extends Error {
  static readonly code = 'CQKIT_SANDBOX_TIMEOUT';
  readonly code = SandboxTimeoutError.code;
  override readonly name = 'SandboxTimeoutError';
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
