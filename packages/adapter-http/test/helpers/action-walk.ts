/**
 * Parameters for calling every action of the catalogue once against the sandbox's default world
 * (account 10001; groups 3001 owner / 3002 admin / 3003 member; discuss 4001; friends 2001-2003,
 * 2007; pending requests friend-2009 and join-3001-2010; group files and notices in 3001).
 * The order matters where one call uses what an earlier one produced, and destructive calls
 * (leave, delete, kick) come after the reads that look at the same things.
 */
export interface WalkContext {
  /** message_id of a message the account sent to group 3001. */
  groupMessageId?: number;
  /** forward_id of a forward message the account sent. */
  forwardId?: string;
}

export interface WalkStep {
  action: string;
  params: (ctx: WalkContext) => Record<string, unknown>;
  /** Picks what later steps need out of the answer. */
  keep?: (data: unknown, ctx: WalkContext) => void;
  /** The response variant of the catalogue that applies (only _get_friend_list flat=true). */
  variant?: string;
}

const node = (text: string) => ({ type: 'node', data: { name: 'Alice', uin: 2001, content: text } });

const groupMessageEvent = {
  time: 1_700_000_000,
  self_id: 10001,
  post_type: 'message',
  message_type: 'group',
  sub_type: 'normal',
  message_id: 1,
  group_id: 3001,
  user_id: 2002,
  anonymous: null,
  message: 'hello everyone',
  raw_message: 'hello everyone',
  font: 0,
  sender: { user_id: 2002, nickname: 'Bob' },
};

const none = () => ({});

export const walk: WalkStep[] = [
  // Reads of the account and world.
  { action: 'get_login_info', params: none },
  { action: 'get_stranger_info', params: () => ({ user_id: 2004 }) },
  { action: 'get_friend_list', params: none },
  { action: '_get_friend_list', params: none },
  { action: '_get_friend_list', params: () => ({ flat: true }), variant: 'flat=true' },
  { action: 'get_unidirectional_friend_list', params: none },
  { action: 'get_group_list', params: none },
  { action: 'get_group_info', params: () => ({ group_id: 3001 }) },
  { action: '_get_group_info', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_member_info', params: () => ({ group_id: 3001, user_id: 2001 }) },
  { action: 'get_group_member_list', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_honor_info', params: () => ({ group_id: 3001, type: 'all' }) },
  { action: '_get_vip_info', params: () => ({ user_id: 2001 }) },
  { action: '_get_group_notice', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_at_all_remain', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_system_msg', params: none },
  { action: 'get_group_file_system_info', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_root_files', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_files_by_folder', params: () => ({ group_id: 3001, folder_id: '/folder-docs' }) },
  { action: 'get_group_file_url', params: () => ({ group_id: 3001, file_id: '/file-readme', busid: 102 }) },
  { action: 'get_essence_msg_list', params: () => ({ group_id: 3001 }) },
  { action: 'get_group_msg_history', params: () => ({ group_id: 3001 }) },
  { action: 'get_msg', params: () => ({ message_id: 1 }) },
  { action: 'get_cookies', params: () => ({ domain: 'qun.qq.com' }) },
  { action: 'get_csrf_token', params: none },
  { action: 'get_credentials', params: () => ({ domain: 'qun.qq.com' }) },
  { action: 'get_record', params: () => ({ file: '0B38145AA44505000B38145AA4450500.silk', out_format: 'mp3' }) },
  { action: 'get_image', params: () => ({ file: '6B4DE3DFD1BD271E3297859D41C530F5.jpg' }) },
  { action: 'ocr_image', params: () => ({ image: '6B4DE3DFD1BD271E3297859D41C530F5.jpg' }) },
  { action: 'can_send_image', params: none },
  { action: 'can_send_record', params: none },
  { action: 'get_status', params: none },
  { action: 'get_version_info', params: none },
  { action: 'get_online_clients', params: none },
  { action: 'qidian_get_account_info', params: none },
  { action: 'check_url_safely', params: () => ({ url: 'https://example.com/' }) },
  { action: '.get_word_slices', params: () => ({ content: '今天天气很好' }) },
  // Sends.
  { action: 'send_private_msg', params: () => ({ user_id: 2001, message: 'hello [CQ:face,id=14]' }) },
  {
    action: 'send_group_msg',
    params: () => ({ group_id: 3001, message: [{ type: 'text', data: { text: 'hi group' } }] }),
    keep: (data, ctx) => {
      ctx.groupMessageId = (data as { message_id: number }).message_id;
    },
  },
  { action: 'send_discuss_msg', params: () => ({ discuss_id: 4001, message: 'hi discuss' }) },
  { action: 'send_msg', params: () => ({ message_type: 'private', user_id: 2002, message: 'via send_msg', auto_escape: true }) },
  {
    action: 'send_group_forward_msg',
    params: () => ({ group_id: 3001, messages: [node('one'), node('two')] }),
    keep: (data, ctx) => {
      ctx.forwardId = (data as { forward_id: string }).forward_id;
    },
  },
  { action: 'send_private_forward_msg', params: () => ({ user_id: 2001, messages: [node('three')] }) },
  { action: 'send_forward_msg', params: () => ({ message_type: 'group', group_id: 3002, messages: [node('four')] }) },
  { action: 'get_forward_msg', params: (ctx) => ({ id: ctx.forwardId }) },
  { action: 'mark_msg_as_read', params: () => ({ message_id: 2 }) },
  { action: 'set_essence_msg', params: (ctx) => ({ message_id: ctx.groupMessageId }) },
  { action: 'delete_essence_msg', params: () => ({ message_id: 1 }) },
  { action: 'delete_msg', params: (ctx) => ({ message_id: ctx.groupMessageId }) },
  { action: 'send_like', params: () => ({ user_id: 2001, times: 1 }) },
  { action: '.handle_quick_operation', params: () => ({ context: groupMessageEvent, operation: { reply: 'quick hello', at_sender: false } }) },
  // Group administration (3001: the account is owner).
  { action: 'set_group_ban', params: () => ({ group_id: 3001, user_id: 2002, duration: 60 }) },
  { action: 'set_group_anonymous_ban', params: () => ({ group_id: 3002, anonymous_flag: 'anon-flag-1', duration: 60 }) },
  { action: 'set_group_whole_ban', params: () => ({ group_id: 3001, enable: true }) },
  { action: 'set_group_admin', params: () => ({ group_id: 3001, user_id: 2002, enable: true }) },
  { action: 'set_group_anonymous', params: () => ({ group_id: 3001, enable: true }) },
  { action: 'set_group_card', params: () => ({ group_id: 3001, user_id: 2002, card: 'Bobby' }) },
  { action: 'set_group_name', params: () => ({ group_id: 3001, group_name: 'cqkit dev (renamed)' }) },
  { action: 'set_group_special_title', params: () => ({ group_id: 3001, user_id: 2002, special_title: 'star' }) },
  { action: 'set_group_portrait', params: () => ({ group_id: 3001, file: 'base64://iVBORw0KGgo=' }) },
  { action: '_send_group_notice', params: () => ({ group_id: 3001, title: 'News', content: 'cqkit ships' }) },
  { action: '_del_group_notice', params: () => ({ group_id: 3001, notice_id: 'notice-1' }) },
  { action: 'upload_group_file', params: () => ({ group_id: 3001, file: '/tmp/cqkit-notes.txt', name: 'notes.txt' }) },
  { action: 'upload_private_file', params: () => ({ user_id: 2001, file: '/tmp/cqkit-notes.txt', name: 'notes.txt' }) },
  { action: 'download_file', params: () => ({ url: 'https://example.com/cat.png', thread_count: 1 }) },
  { action: 'set_group_kick', params: () => ({ group_id: 3001, user_id: 2003 }) },
  // Requests.
  { action: 'set_friend_add_request', params: () => ({ flag: 'friend-2009', approve: true, remark: 'Ivan' }) },
  { action: 'set_group_add_request', params: () => ({ flag: 'join-3001-2010', sub_type: 'add', approve: true }) },
  // Leaving and deleting.
  { action: 'set_group_leave', params: () => ({ group_id: 3003 }) },
  { action: 'set_discuss_leave', params: () => ({ discuss_id: 4001 }) },
  { action: 'delete_friend', params: () => ({ user_id: 2003 }) },
  { action: 'delete_unidirectional_friend', params: () => ({ user_id: 2004 }) },
  { action: 'set_qq_profile', params: () => ({ nickname: 'cqkit-bot 2', personal_note: 'testing' }) },
  // System.
  { action: 'clean_cache', params: none },
  { action: 'clean_data_dir', params: () => ({ data_dir: 'image' }) },
  { action: 'clean_plugin_log', params: none },
  { action: 'reload_event_filter', params: none },
  { action: '.check_update', params: () => ({ automatic: false }) },
  { action: 'set_restart_plugin', params: () => ({ delay: 0 }) },
  { action: '_set_restart', params: none },
  { action: 'set_restart', params: () => ({ delay: 0 }) },
];
