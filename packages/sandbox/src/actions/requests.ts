/** Friend and group requests, friend removal, the group system message list. */
import type { ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import type { SandboxState } from '../core/state.js';
import { newGroup, newMember } from '../world/records.js';
import type { GroupData } from '../world/types.js';
import { joinedGroup, requireAdmin } from './group-helpers.js';

const friendRequest: ActionHandler = (call) => {
  const { state, params } = call;
  const { world } = state;
  const flag = params.requiredStr('flag');
  const request = world.data.friend_requests.find((r) => r.flag === flag);
  if (!request) throw Fail.noData(`no pending friend request with flag ${flag}`);
  const approve = params.bool('approve');
  world.data.friend_requests = world.data.friend_requests.filter((r) => r !== request);
  if (!approve || world.friend(request.user_id)) return;
  if (!world.person(request.user_id)) {
    world.data.people.push({
      user_id: request.user_id,
      nickname: `QQ${request.user_id}`,
      sex: 'unknown',
      age: 0,
      area: '',
      level: 1,
      vip_level: 0,
      login_days: 0,
    });
  }
  world.data.friends.push({ user_id: request.user_id, remark: params.str('remark') ?? '', category_id: 0 });
  state.emit({ ...state.eventBase(), post_type: 'notice', notice_type: 'friend_add', user_id: request.user_id });
};

const groupRequest: ActionHandler = (call) => {
  const { state, params } = call;
  const { world } = state;
  const flag = params.requiredStr('flag');
  const subType = params.str('sub_type');
  if (subType !== 'add' && subType !== 'invite') throw Fail.badParams('sub_type must be add or invite');
  const request = world.data.group_requests.find((r) => r.flag === flag && !r.checked);
  if (!request) throw Fail.noData(`no pending group request with flag ${flag}`);
  if (request.sub_type !== subType) throw Fail.badParams(`request ${flag} is of sub_type ${request.sub_type}`);
  const approve = params.bool('approve');
  const self = world.selfId;
  if (subType === 'add') {
    const { group, me } = joinedGroup(state, request.group_id);
    requireAdmin(me, 'handling join requests');
    request.checked = true;
    request.actor = self;
    if (!approve || world.member(group, request.user_id)) return;
    group.members.push(newMember(request.user_id, world.nowSeconds()));
    state.emit({
      ...state.eventBase(),
      post_type: 'notice',
      notice_type: 'group_increase',
      sub_type: 'approve',
      group_id: group.group_id,
      operator_id: self,
      user_id: request.user_id,
    });
    return;
  }
  request.checked = true;
  request.actor = self;
  if (!approve || world.group(request.group_id)) return;
  const known = world.data.other_groups.find((g) => g.group_id === request.group_id);
  const group: GroupData = known ?? placeholderGroup(state, request.group_id, request.user_id);
  world.data.other_groups = world.data.other_groups.filter((g) => g !== known);
  if (!group.members.some((m) => m.user_id === self)) group.members.push(newMember(self, world.nowSeconds()));
  world.data.groups.push(group);
  state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_increase',
    sub_type: 'invite',
    group_id: group.group_id,
    operator_id: request.user_id,
    user_id: self,
  });
};

function placeholderGroup(state: SandboxState, groupId: number, ownerId: number): GroupData {
  const now = state.world.nowSeconds();
  return newGroup({ group_id: groupId, group_name: `Group ${groupId}`, category: 0, members: [newMember(ownerId, now, 'owner')] }, now);
}

const groupSystemMsg: ActionHandler = (call) => {
  const { world } = call.state;
  const nameOf = (groupId: number) =>
    (world.group(groupId) ?? world.data.other_groups.find((g) => g.group_id === groupId))?.group_name ?? '';
  const requests = world.data.group_requests;
  return {
    invited_requests: requests
      .filter((r) => r.sub_type === 'invite')
      .map((r) => ({
        request_id: r.request_id,
        invitor_uin: r.user_id,
        invitor_nick: world.nickname(r.user_id),
        group_id: r.group_id,
        group_name: nameOf(r.group_id),
        checked: r.checked,
        actor: r.actor,
      })),
    join_requests: requests
      .filter((r) => r.sub_type === 'add')
      .map((r) => ({
        request_id: r.request_id,
        requester_uin: r.user_id,
        requester_nick: world.nickname(r.user_id),
        message: r.comment,
        group_id: r.group_id,
        group_name: nameOf(r.group_id),
        checked: r.checked,
        actor: r.actor,
      })),
  };
};

export const requestActions: Record<string, ActionHandler> = {
  set_friend_add_request: friendRequest,
  set_group_add_request: groupRequest,
  get_group_system_msg: groupSystemMsg,
  delete_friend: (call) => {
    const userId = call.params.id('user_id');
    const { world } = call.state;
    if (!world.friend(userId)) throw Fail.noData(`${userId} is not a friend`);
    world.data.friends = world.data.friends.filter((f) => f.user_id !== userId);
  },
  delete_unidirectional_friend: (call) => {
    const userId = call.params.id('user_id');
    const { world } = call.state;
    if (!world.data.unidirectional_friends.some((f) => f.user_id === userId)) throw Fail.noData(`${userId} is not a one-way friend`);
    world.data.unidirectional_friends = world.data.unidirectional_friends.filter((f) => f.user_id !== userId);
  },
};
