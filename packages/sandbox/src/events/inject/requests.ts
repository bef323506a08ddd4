/** People ask: to become a friend, to join a group, or invite the account into one. */
import type { CQEvent } from '@cqkit/protocol';
import type { SandboxState } from '../../core/state.js';
import { groupOrThrow, SandboxUsageError } from './common.js';


/** Someone asks to become a friend; returns the request flag. */
export function friendRequest(state: SandboxState, o: { user: number; comment?: string }): string {
  const { world } = state;
  if (world.friend(o.user)) throw new SandboxUsageError(`${o.user} is already a friend`);
  const flag = `friend-${o.user}-${world.nextCounter('request')}`;
  world.data.friend_requests.push({ flag, user_id: o.user, comment: o.comment ?? '', time: world.nowSeconds() });
  void state.emit({
    ...state.eventBase(),
    post_type: 'request',
    request_type: 'friend',
    user_id: o.user,
    comment: o.comment ?? '',
    flag,
  });
  return flag;
}

/**
 * A join request (add: `user` asks to join `group`, which the account administers) or an invitation
 * (invite: `user` invites the account into `group`); returns the flag.
 */
export function groupRequest(state: SandboxState, o: { group: number; user: number; subType?: 'add' | 'invite'; comment?: string }): string {
  const { world } = state;
  const subType = o.subType ?? 'add';
  if (subType === 'add') {
    const group = groupOrThrow(state, o.group);
    if (world.member(group, o.user)) throw new SandboxUsageError(`${o.user} is already in group ${o.group}`);
  } else if (world.group(o.group)) {
    throw new SandboxUsageError(`the account is already in group ${o.group}`);
  }
  const request_id = world.nextCounter('request');
  const flag = `${subType === 'add' ? 'join' : 'invite'}-${o.group}-${o.user}-${request_id}`;
  world.data.group_requests.push({
    flag,
    request_id,
    sub_type: subType,
    group_id: o.group,
    user_id: o.user,
    comment: o.comment ?? '',
    time: world.nowSeconds(),
    checked: false,
    actor: 0,
  });
  const event: CQEvent = {
    ...state.eventBase(),
    post_type: 'request',
    request_type: 'group',
    sub_type: subType,
    group_id: o.group,
    user_id: o.user,
    comment: o.comment ?? '',
    flag,
    ...(subType === 'invite' ? { invitor_id: o.user } : {}),
  };
  void state.emit(event);
  return flag;
}
