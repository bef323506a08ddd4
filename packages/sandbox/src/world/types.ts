/**
 * The JSON shape of a sandbox world: what a fixture file holds and what `world.snapshot()` returns.
 * Plain data only (no classes, no Maps) so it round-trips through JSON and the control API.
 */
import type { Segment } from '@cqkit/protocol';

export type Sex = 'male' | 'female' | 'unknown';
export type Role = 'owner' | 'admin' | 'member';

/** Anyone the account can see: friends, members, strangers. */
export interface PersonData {
  user_id: number;
  nickname: string;
  sex: Sex;
  age: number;
  area: string;
  /** QQ account level (get_vip_info). */
  level: number;
  vip_level: number;
  login_days: number;
}

export interface FriendData {
  user_id: number;
  remark: string;
  /** Friend category (`_get_friend_list`). */
  category_id: number;
}

export interface FriendCategoryData {
  category_id: number;
  name: string;
}

export interface MemberData {
  user_id: number;
  role: Role;
  card: string;
  /** Special title. */
  title: string;
  /** Unix seconds; -1 or 0 = permanent / none. */
  title_expire_time: number;
  /** Unix seconds. */
  join_time: number;
  last_sent_time: number;
  /** Member level label, e.g. "活跃". */
  level: string;
  unfriendly: boolean;
  card_changeable: boolean;
  /** Unix seconds until which the member is muted; 0 = not muted. */
  mute_until: number;
}

export interface GroupFileData {
  file_id: string;
  file_name: string;
  busid: number;
  file_size: number;
  upload_time: number;
  dead_time: number;
  modify_time: number;
  download_times: number;
  uploader: number;
  /** Folder id, or null for the root. */
  folder_id: string | null;
}

export interface GroupFolderData {
  folder_id: string;
  folder_name: string;
  create_time: number;
  creator: number;
}

export interface EssenceData {
  message_id: number;
  sender_id: number;
  sender_time: number;
  operator_id: number;
  operator_time: number;
}

export interface GroupNoticeData {
  notice_id: string;
  sender_id: number;
  publish_time: number;
  title: string;
  content: string;
  read_num: number;
}

export interface HonorEntryData {
  user_id: number;
  description: string;
}

export interface HonorsData {
  current_talkative: { user_id: number; day_count: number } | null;
  talkative: HonorEntryData[];
  performer: HonorEntryData[];
  legend: HonorEntryData[];
  strong_newbie: HonorEntryData[];
  emotion: HonorEntryData[];
}

export interface GroupData {
  group_id: number;
  group_name: string;
  max_member_count: number;
  max_admin_count: number;
  create_time: number;
  category: number;
  introduction: string;
  /** Everyone but admins muted. */
  whole_ban: boolean;
  anonymous_enabled: boolean;
  portrait: string;
  members: MemberData[];
  honors: HonorsData;
  essence: EssenceData[];
  files: GroupFileData[];
  folders: GroupFolderData[];
  notices: GroupNoticeData[];
  /** @all uses left today (for the group / for the account). */
  at_all_remain_for_group: number;
  at_all_remain_for_uin: number;
  /** People whose join requests are refused (kick with reject_add_request). */
  blocked_requesters: number[];
  /** Anonymous identities seen in this group: flag -> muted until (unix seconds). */
  anonymous_bans: Record<string, number>;
}

export interface DiscussData {
  discuss_id: number;
  discuss_name: string;
  members: number[];
}

export type ChatType = 'private' | 'group' | 'discuss';

export interface AnonymousData {
  id: number;
  name: string;
  flag: string;
}

export interface StoredMessageData {
  message_id: number;
  /** Server-side sequence (also used as message_seq for history). */
  real_id: number;
  /** Unix seconds. */
  time: number;
  message_type: ChatType;
  /** Sender. */
  user_id: number;
  /** Private chats: the other party (the recipient when the account sends). */
  peer_id?: number;
  group_id?: number;
  discuss_id?: number;
  anonymous?: AnonymousData | null;
  segments: Segment[];
  font: number;
  recalled: boolean;
}

export interface ForwardNodeData {
  user_id: number;
  nickname: string;
  time: number;
  content: Segment[];
}

export interface ForwardData {
  forward_id: string;
  nodes: ForwardNodeData[];
}

export interface FriendRequestData {
  flag: string;
  user_id: number;
  comment: string;
  time: number;
}

export interface GroupRequestData {
  flag: string;
  request_id: number;
  sub_type: 'add' | 'invite';
  group_id: number;
  /** add: who asks to join; invite: who invites the account. */
  user_id: number;
  comment: string;
  time: number;
  /** Set once handled. */
  checked: boolean;
  actor: number;
}

export interface MediaFileData {
  /** The name carried in segments, e.g. `6B4DE3DFD1BD271E3297859D41C530F5.jpg`. */
  file: string;
  /** Absolute path inside the simulated data directory. */
  path: string;
  url: string;
  size: number;
}

export interface ImageFileData extends MediaFileData {
  /** What ocr_image finds in it. */
  ocr: { text: string; confidence: number }[];
}

export interface CredentialsData {
  /** false makes the QQ-web (experimental) actions fail with retcode 104. */
  valid: boolean;
  skey: string;
  p_skey: string;
  /** Extra per-domain cookie strings. */
  domains: Record<string, string>;
}

export interface OnlineClientData {
  app_id: number;
  device_name: string;
  device_kind: string;
}

export interface LoginData {
  user_id: number;
  nickname: string;
  company: string;
  email: string;
  college: string;
  personal_note: string;
}

export interface StatusData {
  online: boolean;
  app_good: boolean;
}

export interface VersionData {
  app_name: string;
  app_version: string;
  protocol_version: string;
  coolq_directory: string;
  coolq_edition: string;
  plugin_version: string;
  plugin_build_number: number;
  plugin_build_configuration: string;
}

export interface WorldData {
  login: LoginData;
  people: PersonData[];
  friend_categories: FriendCategoryData[];
  friends: FriendData[];
  /** Users who added the account one-way. */
  unidirectional_friends: { user_id: number; source: string }[];
  groups: GroupData[];
  /** Groups the account is not in (yet): invitations lead here. */
  other_groups: GroupData[];
  discusses: DiscussData[];
  messages: StoredMessageData[];
  forwards: ForwardData[];
  friend_requests: FriendRequestData[];
  group_requests: GroupRequestData[];
  /** Likes given today: `day` is YYYY-MM-DD (UTC); counts per user. */
  likes: { day: string; given: Record<string, number> };
  credentials: CredentialsData;
  images: ImageFileData[];
  records: MediaFileData[];
  status: StatusData;
  version: VersionData;
  online_clients: OnlineClientData[];
  qidian: { master_id: number; ext_name: string; create_time: number };
  /** Hosts check_url_safely reports as dangerous (level 3). */
  dangerous_hosts: string[];
  /** Next ids handed out (kept in the data so a snapshot restores them). */
  counters: { message_id: number; request: number; file: number; forward: number; notice: number };
}
