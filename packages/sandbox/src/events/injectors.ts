/**
 * Things simulated people do: speak, join, leave, get muted, upload, poke, recall, ask. Each changes
 * the world like QQ would and publishes the matching event. Misuse (a group the account is not in, a
 * user who is not a member) throws a SandboxUsageError naming the problem; the world stays unchanged.
 */
import type { CQEvent, Message, Segment } from '@cqkit/protocol';
import { readCQString } from '../wire/cq-code.js';
import { ActionFailure } from '../core/failure.js';
import { compactSegments, readMessage, readSegment } from '../core/message-input.js';
import type { SandboxState } from '../core/state.js';
import type { AnonymousData, GroupData, MemberData } from '../world/types.js';
import { messageEvent } from './builders.js';

export class SandboxUsageError extends Error {
  override readonly name = 'SandboxUsageError';
}

export interface SayOptions {
  /** Who speaks. */
  user: number;
  /** Speak in this group (else privately to the account). */
  group?: number;
  /** Speak in this discuss group. */
  discuss?: number;
  /** Literal text (no CQ codes interpreted). */
  text?: string;
  /** A message: CQ-code string, segment or segment array. Used when `text` is absent. */
  message?: Message;
  /** Speak anonymously in the group (the group must allow it). */
  anonymous?: { name: string; id?: number };
}

function groupOrThrow(state: SandboxState, groupId: number): GroupData {
  const group = state.world.group(groupId);
  if (!group) throw new SandboxUsageError(`the account is not in group ${groupId}`);
  return group;
}

function memberOrThrow(state: SandboxState, group: GroupData, userId: number): MemberData {
  const m = state.world.member(group, userId);
  if (!m) throw new SandboxUsageError(`${userId} is not a member of group ${group.group_id}`);
  return m;
}

function segmentsOf(options: SayOptions): Segment[] {
  try {
    if (options.text !== undefined) return readMessage(options.text, true);
    if (options.message !== undefined) {
      if (typeof options.message === 'string') return compactSegments(readCQString(options.message).map((s) => readSegment(s)));
      return readMessage(options.message, false);
    }
  } catch (error) {
    if (error instanceof ActionFailure) throw new SandboxUsageError(`say: ${error.message}`);
    throw error;
  }
  throw new SandboxUsageError('say: give text or message');
}

/** A user speaks; returns the new message id. The event is published asynchronously (see `settled()`). */
export function say(state: SandboxState, options: SayOptions): number {
  const { world } = state;
  const segments = segmentsOf(options);
  if (segments.length === 0) throw new SandboxUsageError('say: the message is empty');
  if (!Number.isSafeInteger(options.user) || options.user <= 0) throw new SandboxUsageError('say: user must be a positive QQ number');
  if (options.user === world.selfId) throw new SandboxUsageError('say: the account itself cannot be simulated; use the API to send');
  const now = world.nowSeconds();
  let anonymous: AnonymousData | null = null;
  let sender: MemberData | undefined;
  if (options.group !== undefined) {
    const group = groupOrThrow(state, options.group);
    if (options.anonymous) {
      if (!group.anonymous_enabled) throw new SandboxUsageError(`anonymous chat is off in group ${group.group_id}`);
      const id = options.anonymous.id ?? 80_000_000 + (options.user % 1_000_000);
      const flag = `anon-${group.group_id}-${id}`;
      if ((group.anonymous_bans[flag] ?? 0) > now) throw new SandboxUsageError(`anonymous ${options.anonymous.name} is muted`);
      anonymous = { id, name: options.anonymous.name, flag };
    } else {
      sender = memberOrThrow(state, group, options.user);
      if (world.isMuted(group, sender)) throw new SandboxUsageError(`${options.user} is muted in group ${group.group_id}`);
    }
  } else if (options.discuss !== undefined) {
    const discuss = world.discuss(options.discuss);
    if (!discuss) throw new SandboxUsageError(`the account is not in discuss ${options.discuss}`);
    if (!discuss.members.includes(options.user)) throw new SandboxUsageError(`${options.user} is not in discuss ${options.discuss}`);
  }
  // Images people send become known to get_image / ocr_image.
  for (const seg of segments) {
    const file = seg.data.file;
    if (seg.type === 'image' && file && !world.data.images.some((i) => i.file === file)) {
      world.data.images.push({ file, path: `/sandbox/data/image/${file}`, url: seg.data.url ?? `https://sandbox.invalid/image/${file}`, size: 0, ocr: [] });
    }
  }
  if (sender) sender.last_sent_time = now;
  const message_id = world.nextMessageId();
  const stored = {
    message_id,
    real_id: message_id,
    time: now,
    message_type: options.group !== undefined ? ('group' as const) : options.discuss !== undefined ? ('discuss' as const) : ('private' as const),
    user_id: anonymous ? 80_000_000 : options.user,
    ...(options.group !== undefined ? { group_id: options.group, anonymous } : {}),
    ...(options.discuss !== undefined ? { discuss_id: options.discuss } : {}),
    ...(options.group === undefined && options.discuss === undefined ? { peer_id: world.selfId } : {}),
    segments,
    font: 0,
    recalled: false,
  };
  world.data.messages.push(stored);
  void state.emit(messageEvent(state, stored));
  return message_id;
}

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
  const now = world.nowSeconds();
  group.members.push({
    user_id: o.user,
    role: 'member',
    card: '',
    title: '',
    title_expire_time: 0,
    join_time: now,
    last_sent_time: 0,
    level: '潜水',
    unfriendly: false,
    card_changeable: true,
    mute_until: 0,
  });
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

export interface UploadOptions {
  group: number;
  user: number;
  name: string;
  size?: number;
}

/** A member uploads a group file; returns its file id. */
export function upload(state: SandboxState, o: UploadOptions): string {
  const { world } = state;
  const group = groupOrThrow(state, o.group);
  memberOrThrow(state, group, o.user);
  const now = world.nowSeconds();
  const file_id = `/file-${world.nextCounter('file')}`;
  const size = o.size ?? 1024;
  group.files.push({
    file_id,
    file_name: o.name,
    busid: 102,
    file_size: size,
    upload_time: now,
    dead_time: 0,
    modify_time: now,
    download_times: 0,
    uploader: o.user,
    folder_id: null,
  });
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'group_upload',
    group_id: o.group,
    user_id: o.user,
    file: { id: file_id, name: o.name, size, busid: 102 },
  });
  return file_id;
}

export interface PokeOptions {
  user: number;
  /** Who is poked; default the account. */
  target?: number;
  group?: number;
}

export function poke(state: SandboxState, o: PokeOptions): void {
  const target = o.target ?? state.world.selfId;
  if (o.group !== undefined) {
    const group = groupOrThrow(state, o.group);
    memberOrThrow(state, group, o.user);
    void state.emit({
      ...state.eventBase(),
      post_type: 'notice',
      notice_type: 'notify',
      sub_type: 'poke',
      group_id: o.group,
      user_id: o.user,
      target_id: target,
      sender_id: o.user,
    });
    return;
  }
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'notify',
    sub_type: 'poke',
    sender_id: o.user,
    user_id: o.user,
    target_id: target,
  });
}

/** The sender (or a group admin, `operator`) recalls a message a person sent. */
export function recall(state: SandboxState, o: { message_id: number; operator?: number }): void {
  const msg = state.world.message(o.message_id);
  if (!msg || msg.recalled) throw new SandboxUsageError(`no message ${o.message_id} to recall`);
  msg.recalled = true;
  if (msg.message_type === 'group') {
    void state.emit({
      ...state.eventBase(),
      post_type: 'notice',
      notice_type: 'group_recall',
      group_id: msg.group_id ?? 0,
      user_id: msg.user_id,
      operator_id: o.operator ?? msg.user_id,
      message_id: msg.message_id,
    });
  } else if (msg.message_type === 'private') {
    void state.emit({ ...state.eventBase(), post_type: 'notice', notice_type: 'friend_recall', user_id: msg.user_id, message_id: msg.message_id });
  }
}

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

/** A member gains a group honor (talkative, performer, emotion); recorded in the group's honors. */
export function honor(state: SandboxState, o: { group: number; user: number; type: 'talkative' | 'performer' | 'emotion' }): void {
  const group = groupOrThrow(state, o.group);
  memberOrThrow(state, group, o.user);
  if (o.type === 'talkative') group.honors.current_talkative = { user_id: o.user, day_count: 1 };
  group.honors[o.type] = [{ user_id: o.user, description: o.type }, ...group.honors[o.type].filter((e) => e.user_id !== o.user)];
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'notify',
    sub_type: 'honor',
    group_id: o.group,
    honor_type: o.type,
    user_id: o.user,
  });
}

/** The lucky king of a red packet `sender` sent in a group. */
export function luckyKing(state: SandboxState, o: { group: number; sender: number; winner: number }): void {
  const group = groupOrThrow(state, o.group);
  memberOrThrow(state, group, o.sender);
  memberOrThrow(state, group, o.winner);
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'notify',
    sub_type: 'lucky_king',
    group_id: o.group,
    user_id: o.sender,
    target_id: o.winner,
  });
}

/** Someone sends the account an offline file. */
export function offlineFile(state: SandboxState, o: { user: number; name: string; size?: number }): void {
  void state.emit({
    ...state.eventBase(),
    post_type: 'notice',
    notice_type: 'offline_file',
    user_id: o.user,
    file: { name: o.name, size: o.size ?? 1024, url: `https://sandbox.invalid/offline/${encodeURIComponent(o.name)}` },
  });
}

/** Another client of the account goes on- or offline; the world's client list follows. */
export function clientStatus(state: SandboxState, o: { online: boolean; device_name?: string; device_kind?: string; app_id?: number }): void {
  const client = { app_id: o.app_id ?? 537_000_001, device_name: o.device_name ?? 'sandbox tablet', device_kind: o.device_kind ?? 'iPad' };
  const clients = state.world.data.online_clients.filter((c) => c.app_id !== client.app_id);
  state.world.data.online_clients = o.online ? [...clients, client] : clients;
  void state.emit({ ...state.eventBase(), post_type: 'notice', notice_type: 'client_status', client, online: o.online });
}
