/** Other things people do that the account is told about: uploads, pokes, recalls, honors, files, clients. */
import { uploadGroupFile } from '../../core/group-upload.js';
import type { SandboxState } from '../../core/state.js';
import { groupOrThrow, memberOrThrow, SandboxUsageError } from './common.js';

export interface UploadOptions {
  group: number;
  user: number;
  name: string;
  size?: number;
}

/** A member uploads a group file; returns its file id. */
export function upload(state: SandboxState, o: UploadOptions): string {
  const group = groupOrThrow(state, o.group);
  memberOrThrow(state, group, o.user);
  return uploadGroupFile(state, group, { name: o.name, size: o.size ?? 1024, uploader: o.user, folderId: null });
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
