/** Reading the world: account, people, friends, groups, members, honors, files, misc go-cqhttp reads. */
import type { ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import type { SandboxState } from '../core/state.js';
import { memberInfo } from '../events/builders.js';
import type { GroupData, GroupFileData, GroupFolderData, HonorEntryData } from '../world/types.js';
import { joinedGroup } from './group-helpers.js';

const avatar = (userId: number) => `https://q1.qlogo.cn/g?b=qq&nk=${userId}&s=640`;

function groupSummary(group: GroupData) {
  return {
    group_id: group.group_id,
    group_name: group.group_name,
    member_count: group.members.length,
    max_member_count: group.max_member_count,
  };
}

const honorTypes = ['talkative', 'performer', 'legend', 'strong_newbie', 'emotion'] as const;

const honorInfo: ActionHandler = (call) => {
  const { state, params } = call;
  const groupId = params.id('group_id');
  const type = params.str('type') ?? '';
  if (type !== 'all' && !(honorTypes as readonly string[]).includes(type)) {
    throw Fail.badParams('type must be talkative, performer, legend, strong_newbie, emotion or all');
  }
  const { group } = joinedGroup(state, groupId);
  const entry = (e: HonorEntryData) => ({
    user_id: e.user_id,
    nickname: state.world.nickname(e.user_id),
    avatar: avatar(e.user_id),
    description: e.description,
  });
  const out: Record<string, unknown> = { group_id: groupId };
  if (type === 'talkative' || type === 'all') {
    const current = group.honors.current_talkative;
    if (current) {
      out.current_talkative = {
        user_id: current.user_id,
        nickname: state.world.nickname(current.user_id),
        avatar: avatar(current.user_id),
        day_count: current.day_count,
      };
    }
  }
  for (const t of honorTypes) if (type === t || type === 'all') out[`${t}_list`] = group.honors[t].map(entry);
  return out;
};

function fileObject(state: SandboxState, group: GroupData, f: GroupFileData) {
  const { folder_id: _folder, ...rest } = f;
  return { group_id: group.group_id, ...rest, uploader_name: state.world.nickname(f.uploader) };
}

function folderObject(state: SandboxState, group: GroupData, f: GroupFolderData) {
  return {
    group_id: group.group_id,
    ...f,
    creator_name: state.world.nickname(f.creator),
    total_file_count: group.files.filter((file) => file.folder_id === f.folder_id).length,
  };
}

function checkUrl(url: string, dangerous: readonly string[]): number {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return 2; // unknown
  }
  if (dangerous.some((d) => host === d || host.endsWith(`.${d}`))) return 3;
  return 1;
}

export const infoActions: Record<string, ActionHandler> = {
  get_login_info: (call) => ({ user_id: call.state.world.selfId, nickname: call.state.world.data.login.nickname }),
  get_stranger_info: (call) => {
    const userId = call.params.id('user_id');
    const person = call.state.world.person(userId);
    if (!person) throw Fail.noData(`unknown user ${userId}`);
    return { user_id: person.user_id, nickname: person.nickname, sex: person.sex, age: person.age };
  },
  get_friend_list: (call) =>
    call.state.world.data.friends.map((f) => ({ user_id: f.user_id, nickname: call.state.world.nickname(f.user_id), remark: f.remark })),
  get_group_list: (call) => call.state.world.data.groups.map(groupSummary),
  get_group_info: (call) => {
    const groupId = call.params.id('group_id');
    const { world } = call.state;
    const group = world.group(groupId) ?? world.data.other_groups.find((g) => g.group_id === groupId);
    if (!group) throw Fail.noData(`unknown group ${groupId}`);
    return groupSummary(group);
  },
  get_group_member_info: (call) => {
    const groupId = call.params.id('group_id');
    const userId = call.params.id('user_id');
    const { group } = joinedGroup(call.state, groupId);
    const m = call.state.world.member(group, userId);
    if (!m) throw Fail.noData(`${userId} is not a member of group ${groupId}`);
    return memberInfo(call.state, group, m);
  },
  get_group_member_list: (call) => {
    const { group } = joinedGroup(call.state, call.params.id('group_id'));
    return group.members.map((m) => memberInfo(call.state, group, m));
  },
  get_group_honor_info: honorInfo,
  get_essence_msg_list: (call) => {
    const { group } = joinedGroup(call.state, call.params.id('group_id'));
    const { world } = call.state;
    return group.essence.map((e) => ({
      sender_id: e.sender_id,
      sender_nick: world.nickname(e.sender_id),
      sender_time: e.sender_time,
      operator_id: e.operator_id,
      operator_nick: world.nickname(e.operator_id),
      operator_time: e.operator_time,
      message_id: e.message_id,
    }));
  },
  get_group_file_system_info: (call) => {
    const { group } = joinedGroup(call.state, call.params.id('group_id'));
    return {
      file_count: group.files.length,
      limit_count: 10_000,
      used_space: group.files.reduce((sum, f) => sum + f.file_size, 0),
      total_space: 10 * 1024 ** 3,
    };
  },
  get_group_root_files: (call) => {
    const { group } = joinedGroup(call.state, call.params.id('group_id'));
    return {
      files: group.files.filter((f) => f.folder_id === null).map((f) => fileObject(call.state, group, f)),
      folders: group.folders.map((f) => folderObject(call.state, group, f)),
    };
  },
  get_group_files_by_folder: (call) => {
    const { group } = joinedGroup(call.state, call.params.id('group_id'));
    const folderId = call.params.requiredStr('folder_id');
    if (!group.folders.some((f) => f.folder_id === folderId)) throw Fail.noData(`no folder ${folderId}`);
    return {
      files: group.files.filter((f) => f.folder_id === folderId).map((f) => fileObject(call.state, group, f)),
      folders: [],
    };
  },
  get_group_at_all_remain: (call) => {
    const { group, me } = joinedGroup(call.state, call.params.id('group_id'));
    return {
      can_at_all: me.role !== 'member' && group.at_all_remain_for_group > 0 && group.at_all_remain_for_uin > 0,
      remain_at_all_count_for_group: group.at_all_remain_for_group,
      remain_at_all_count_for_uin: group.at_all_remain_for_uin,
    };
  },
  get_online_clients: (call) => ({ clients: call.state.world.data.online_clients.map((c) => ({ ...c })) }),
  check_url_safely: (call) => ({ level: checkUrl(call.params.requiredStr('url'), call.state.world.data.dangerous_hosts) }),
  get_unidirectional_friend_list: (call) =>
    call.state.world.data.unidirectional_friends.map((f) => ({
      nickname: call.state.world.nickname(f.user_id),
      user_id: f.user_id,
      source: f.source,
    })),
  qidian_get_account_info: (call) => ({ ...call.state.world.data.qidian }),
};
