/** Members join, leave (or are kicked) and are muted by others. */
import type { SandboxState } from '../../core/state.js';
import { newMember } from '../../world/records.js';
import { groupOrThrow, memberOrThrow, SandboxUsageError } from './common.js';

export interface JoinOptions {
  group: number;
  user: number;
  /** approve (a join request was approved by operator) or invite (invited by operator). */
  subType?: 'approve' | 'invite';
  operator?: number;
}

export function join(state: SandboxState, o: JoinOptions): void {
  const { world } = state;
  const group = groupOrThrow(state, o.group);
  if (world.member(group, o.user)) throw new SandboxUsageError(`${o.user} is already in group ${o.group}`);
  group.members.push(newMember(o.user, world.nowSeconds()));
  const operator = o.operator ?? group.members.find((m) => m.role === 'owner')?.user_id ?? 0;
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_increase',
    sub_type: o.subType ?? 'approve',
    group_id: o.group,
    operator_id: operator,
    user_id: o.user,
  });
}

export interface LeaveOptions {
  group: number;
  user: number;
  /** Set when someone removed the user (sub_type kick, or kick_me when user is the account). */
  kickedBy?: number;
}

export function leave(state: SandboxState, o: LeaveOptions): void {
  const { world } = state;
  const group = groupOrThrow(state, o.group);
  const m = memberOrThrow(state, group, o.user);
  const isSelf = o.user === world.selfId;
  if (isSelf && o.kickedBy === undefined) throw new SandboxUsageError('the account leaves through set_group_leave');
  if (m.role === 'owner') throw new SandboxUsageError('the owner cannot leave or be kicked');
  if (isSelf) world.dropGroup(o.group);
  else group.members = group.members.filter((x) => x.user_id !== o.user);
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_decrease',
    sub_type: o.kickedBy === undefined ? 'leave' : isSelf ? 'kick_me' : 'kick',
    group_id: o.group,
    operator_id: o.kickedBy ?? o.user,
    user_id: o.user,
  });
}

export interface BanOptions {
  group: number;
  user: number;
  /** Seconds; 0 lifts the mute. */
  duration: number;
  operator?: number;
}

export function ban(state: SandboxState, o: BanOptions): void {
  const { world } = state;
  const group = groupOrThrow(state, o.group);
  const m = memberOrThrow(state, group, o.user);
  if (!Number.isSafeInteger(o.duration) || o.duration < 0) throw new SandboxUsageError('ban: duration must be a non-negative integer');
  m.mute_until = o.duration > 0 ? world.nowSeconds() + o.duration : 0;
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_ban',
    sub_type: o.duration > 0 ? 'ban' : 'lift_ban',
    group_id: o.group,
    operator_id: o.operator ?? group.members.find((x) => x.role === 'owner')?.user_id ?? 0,
    user_id: o.user,
    duration: o.duration,
  });
}
