// Every action of the protocol catalogue is served, answers with the catalogue's shape on success,
// and fails with the right retcode on its main failure paths. Table-driven over actions.json.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../src/index.js';
import { type CatalogueAction, type CatalogueField, callAction, loadActions, shapeProblems, startSandbox } from './helpers.js';

const IMAGE = '6B4DE3DFD1BD271E3297859D41C530F5.jpg';
const RECORD = '0B38145AA44505000B38145AA4450500.silk';
const customNode = { type: 'node', data: { name: 'Alice', uin: '2001', content: 'forwarded text' } };

type Setup = (sb: Sandbox) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Valid parameters for each action in the default world (a function when it needs preparation). */
const success: Record<string, Record<string, unknown> | Setup> = {
  send_private_msg: { user_id: 2001, message: 'hi' },
  send_group_msg: { group_id: 3001, message: 'hi' },
  send_discuss_msg: { discuss_id: 4001, message: 'hi' },
  send_msg: { message_type: 'group', group_id: 3001, message: 'hi' },
  delete_msg: { message_id: 1 },
  get_msg: { message_id: 1 },
  get_forward_msg: async (sb) => {
    const sent = await callAction(sb, 'send_group_forward_msg', { group_id: 3001, messages: [customNode] });
    return { id: (sent.data as { forward_id: string }).forward_id };
  },
  send_like: { user_id: 2001, times: 2 },
  set_group_kick: { group_id: 3001, user_id: 2004 },
  set_group_ban: { group_id: 3001, user_id: 2003, duration: 60 },
  set_group_anonymous_ban: { group_id: 3001, anonymous_flag: 'anon-3001-1' },
  set_group_whole_ban: { group_id: 3001, enable: true },
  set_group_admin: { group_id: 3001, user_id: 2002, enable: true },
  set_group_anonymous: { group_id: 3001, enable: true },
  set_group_card: { group_id: 3001, user_id: 2002, card: 'Bobby' },
  set_group_name: { group_id: 3001, group_name: 'renamed' },
  set_group_leave: { group_id: 3003 },
  set_group_special_title: { group_id: 3001, user_id: 2002, special_title: 'Star' },
  set_discuss_leave: { discuss_id: 4001 },
  set_friend_add_request: { flag: 'friend-2009', approve: true, remark: 'Ivan' },
  set_group_add_request: { flag: 'join-3001-2010', sub_type: 'add', approve: true },
  get_login_info: {},
  get_stranger_info: { user_id: 2009 },
  get_friend_list: {},
  get_group_list: {},
  get_group_info: { group_id: 3001 },
  get_group_member_info: { group_id: 3001, user_id: 2001 },
  get_group_member_list: { group_id: 3001 },
  get_group_honor_info: { group_id: 3001, type: 'all' },
  get_cookies: { domain: 'qun.qq.com' },
  get_csrf_token: {},
  get_credentials: {},
  get_record: { file: RECORD, out_format: 'mp3' },
  get_image: { file: IMAGE },
  can_send_image: {},
  can_send_record: {},
  get_status: {},
  get_version_info: {},
  set_restart: {},
  set_restart_plugin: {},
  clean_cache: {},
  clean_data_dir: { data_dir: 'image' },
  clean_plugin_log: {},
  _get_friend_list: {},
  _get_group_info: { group_id: 3001 },
  _get_vip_info: { user_id: 2001 },
  _get_group_notice: { group_id: 3001 },
  _send_group_notice: { group_id: 3001, title: 'Title', content: 'Body' },
  _set_restart: {},
  '.check_update': {},
  '.handle_quick_operation': {
    context: { post_type: 'message', message_type: 'private', sub_type: 'friend', user_id: 2001, message_id: 2 },
    operation: { reply: 'quick' },
  },
  send_group_forward_msg: { group_id: 3001, messages: [customNode] },
  send_private_forward_msg: { user_id: 2001, messages: [{ type: 'node', data: { id: '1' } }] },
  send_forward_msg: { message_type: 'group', group_id: 3002, messages: [customNode] },
  get_group_msg_history: { group_id: 3001 },
  mark_msg_as_read: { message_id: 1 },
  set_group_portrait: { group_id: 3001, file: 'base64://iVBORw0KGgo=' },
  set_essence_msg: (sb) => ({ message_id: sb.say({ user: 2002, group: 3001, text: 'essence me' }) }),
  delete_essence_msg: { message_id: 1 },
  get_essence_msg_list: { group_id: 3001 },
  get_group_system_msg: {},
  get_group_file_system_info: { group_id: 3001 },
  get_group_root_files: { group_id: 3001 },
  get_group_files_by_folder: { group_id: 3001, folder_id: '/folder-docs' },
  get_group_file_url: { group_id: 3001, file_id: '/file-readme', busid: 102 },
  upload_group_file: { group_id: 3001, file: '/tmp/notes.txt', name: 'notes.txt' },
  upload_private_file: { user_id: 2001, file: '/tmp/notes.txt', name: 'notes.txt' },
  download_file: { url: 'https://example.com/a.png' },
  ocr_image: { image: IMAGE },
  '.get_word_slices': { content: 'hello 世界' },
  get_group_at_all_remain: { group_id: 3001 },
  get_online_clients: {},
  check_url_safely: { url: 'https://example.com/' },
  get_unidirectional_friend_list: {},
  qidian_get_account_info: {},
  delete_friend: { user_id: 2002 },
  delete_unidirectional_friend: { user_id: 2004 },
  _del_group_notice: { group_id: 3001, notice_id: 'notice-1' },
  set_qq_profile: { nickname: 'renamed-bot' },
  reload_event_filter: {},
};

/** Actions that answer status async (retcode 1) on success. */
const asyncOnSuccess = new Set(['set_restart', 'set_restart_plugin', '.check_update']);

/** [action, params, expected retcode, why] */
const failures: [string, Record<string, unknown>, number, string][] = [
  ['send_private_msg', { user_id: 0, message: 'x' }, 100, 'user_id 0'],
  ['send_private_msg', { user_id: -5, message: 'x' }, 100, 'negative user_id'],
  ['send_private_msg', { user_id: 2001, message: '' }, 100, 'empty message'],
  ['send_private_msg', { user_id: 2001 }, 100, 'no message'],
  ['send_private_msg', { user_id: 2001, message: [{ type: 'text', data: { text: '' } }] }, 100, 'single empty text segment'],
  ['send_private_msg', { user_id: 2001, message: 42 }, 100, 'message of the wrong type'],
  ['send_group_msg', { group_id: 9999, message: 'x' }, 102, 'not in the group'],
  ['send_group_msg', { group_id: 3001, message: [{ data: {} }] }, 100, 'segment without type'],
  ['send_discuss_msg', { discuss_id: 4999, message: 'x' }, 102, 'not in the discuss'],
  ['send_msg', { message: 'x' }, 100, 'no type and no id'],
  ['send_msg', { message_type: 'weird', user_id: 2001, message: 'x' }, 100, 'unknown message_type'],
  ['delete_msg', { message_id: 0 }, 100, 'message_id 0'],
  ['delete_msg', { message_id: 99999 }, 102, 'unknown message'],
  ['delete_msg', { message_id: 2 }, 103, "someone else's private message"],
  ['get_msg', { message_id: 99999 }, 102, 'unknown message'],
  ['get_msg', {}, 100, 'no message_id'],
  ['get_forward_msg', { id: 'nope' }, 102, 'unknown forward'],
  ['send_like', { user_id: 2001, times: 11 }, 103, 'over the daily limit'],
  ['send_like', { user_id: 2001, times: 0 }, 100, 'times 0'],
  ['send_like', { user_id: 424242 }, 102, 'unknown user'],
  ['set_group_kick', { group_id: 0, user_id: 2001 }, 100, 'group_id 0'],
  ['set_group_kick', { group_id: 3003, user_id: 2002 }, 103, 'plain member kicking'],
  ['set_group_kick', { group_id: 3002, user_id: 2007 }, 103, 'admin kicking the owner'],
  ['set_group_kick', { group_id: 3002, user_id: 2006 }, 103, 'admin kicking an admin'],
  ['set_group_kick', { group_id: 3001, user_id: 10001 }, 103, 'kicking itself'],
  ['set_group_kick', { group_id: 3001, user_id: 424242 }, 102, 'not a member'],
  ['set_group_kick', { group_id: 9999, user_id: 2001 }, 102, 'not in the group'],
  ['set_group_ban', { group_id: 3001, user_id: 2002, duration: -1 }, 100, 'negative duration'],
  ['set_group_ban', { group_id: 3003, user_id: 2002 }, 103, 'plain member muting'],
  ['set_group_ban', { group_id: 3002, user_id: 2007 }, 103, 'admin muting the owner'],
  ['set_group_anonymous_ban', { group_id: 3001 }, 100, 'no flag'],
  ['set_group_anonymous_ban', { group_id: 3003, flag: 'x' }, 103, 'plain member'],
  ['set_group_whole_ban', { group_id: 0 }, 100, 'group_id 0'],
  ['set_group_whole_ban', { group_id: 3003 }, 103, 'plain member'],
  ['set_group_admin', { group_id: 3002, user_id: 2001 }, 103, 'admin is not the owner'],
  ['set_group_admin', { group_id: 3001, user_id: 10001 }, 103, 'the owner itself'],
  ['set_group_admin', { group_id: 3001, user_id: 424242 }, 102, 'not a member'],
  ['set_group_anonymous', { group_id: 3003 }, 103, 'plain member'],
  ['set_group_card', { group_id: 3003, user_id: 2002, card: 'x' }, 103, "member changing another's card"],
  ['set_group_card', { group_id: 3002, user_id: 2006, card: 'x' }, 103, "admin changing an admin's card"],
  ['set_group_card', { group_id: 0, user_id: 2002 }, 100, 'group_id 0'],
  ['set_group_name', { group_id: 3001 }, 100, 'no name'],
  ['set_group_name', { group_id: 3001, group_name: 5 }, 100, 'a number where a string is expected'],
  ['set_group_name', { group_id: 3003, group_name: 'x' }, 103, 'plain member'],
  ['set_group_leave', { group_id: 3001 }, 103, 'owner leaving without dismissing'],
  ['set_group_leave', { group_id: 9999 }, 102, 'not in the group'],
  ['set_group_special_title', { group_id: 3002, user_id: 2001 }, 103, 'not the owner'],
  ['set_discuss_leave', { discuss_id: 4999 }, 102, 'not in the discuss'],
  ['set_friend_add_request', { flag: '' }, 100, 'empty flag'],
  ['set_friend_add_request', { flag: 'nope' }, 102, 'unknown flag'],
  ['set_group_add_request', { flag: 'join-3001-2010', sub_type: 'bogus' }, 100, 'bad sub_type'],
  ['set_group_add_request', { flag: 'join-3001-2010', sub_type: 'invite' }, 100, 'sub_type does not match'],
  ['set_group_add_request', { flag: 'nope', sub_type: 'add' }, 102, 'unknown flag'],
  ['get_stranger_info', { user_id: 0 }, 100, 'user_id 0'],
  ['get_stranger_info', { user_id: 424242 }, 102, 'unknown user'],
  ['get_group_info', { group_id: 9999 }, 102, 'unknown group'],
  ['get_group_member_info', { group_id: 3001, user_id: 424242 }, 102, 'not a member'],
  ['get_group_member_info', { group_id: 9999, user_id: 2001 }, 102, 'not in the group'],
  ['get_group_member_list', { group_id: 0 }, 100, 'group_id 0'],
  ['get_group_member_list', { group_id: 9999 }, 102, 'not in the group'],
  ['get_group_honor_info', { group_id: 3001, type: 'x' }, 100, 'bad type'],
  ['get_group_honor_info', { group_id: 9999, type: 'all' }, 102, 'not in the group'],
  ['get_record', { file: 'x.silk', out_format: 'mp3' }, 102, 'unknown record'],
  ['get_record', { file: RECORD, out_format: 'exe' }, 100, 'bad format'],
  ['get_record', { out_format: 'mp3' }, 100, 'no file'],
  ['get_image', { file: '' }, 100, 'empty file'],
  ['get_image', { file: 'nope.jpg' }, 102, 'unknown image'],
  ['clean_data_dir', { data_dir: 'etc' }, 100, 'bad data_dir'],
  ['_get_group_info', { group_id: 0 }, 100, 'group_id 0'],
  ['_get_vip_info', { user_id: 0 }, 100, 'user_id 0'],
  ['_get_group_notice', { group_id: 0 }, 100, 'group_id 0'],
  ['_send_group_notice', { group_id: 3001, title: '', content: 'c' }, 100, 'empty title'],
  ['_send_group_notice', { group_id: 3003, title: 't', content: 'c' }, 103, 'plain member'],
  ['.handle_quick_operation', { context: 'x', operation: {} }, 100, 'context not an object'],
  ['send_group_forward_msg', { group_id: 3001, messages: [] }, 100, 'no nodes'],
  ['send_group_forward_msg', { group_id: 3001, messages: [{ type: 'text', data: { text: 'x' } }] }, 100, 'not a node'],
  ['send_group_forward_msg', { group_id: 9999, messages: [customNode] }, 102, 'not in the group'],
  ['send_private_forward_msg', { user_id: 0, messages: [customNode] }, 100, 'user_id 0'],
  ['send_forward_msg', { messages: [customNode] }, 100, 'no type and no id'],
  ['get_group_msg_history', { group_id: 9999 }, 102, 'not in the group'],
  ['mark_msg_as_read', { message_id: 99999 }, 102, 'unknown message'],
  ['set_group_portrait', { group_id: 3003, file: 'x' }, 103, 'plain member'],
  ['set_essence_msg', { message_id: 2 }, 100, 'private message'],
  ['delete_essence_msg', { message_id: 99999 }, 102, 'unknown message'],
  ['get_essence_msg_list', { group_id: 9999 }, 102, 'not in the group'],
  ['get_group_file_system_info', { group_id: 9999 }, 102, 'not in the group'],
  ['get_group_root_files', { group_id: 9999 }, 102, 'not in the group'],
  ['get_group_files_by_folder', { group_id: 3001, folder_id: '/nope' }, 102, 'unknown folder'],
  ['get_group_file_url', { group_id: 3001, file_id: '/nope', busid: 102 }, 102, 'unknown file'],
  ['upload_group_file', { group_id: 3001, file: 'x' }, 100, 'no name'],
  ['upload_private_file', { user_id: 0, file: 'x', name: 'y' }, 100, 'user_id 0'],
  ['download_file', {}, 100, 'no url'],
  ['ocr_image', { image: 'nope' }, 102, 'unknown image'],
  ['.get_word_slices', {}, 100, 'no content'],
  ['get_group_at_all_remain', { group_id: 9999 }, 102, 'not in the group'],
  ['check_url_safely', {}, 100, 'no url'],
  ['delete_friend', { user_id: 2009 }, 102, 'not a friend'],
  ['delete_unidirectional_friend', { user_id: 2001 }, 102, 'not a one-way friend'],
  ['_del_group_notice', { group_id: 3001, notice_id: 'nope' }, 102, 'unknown notice'],
  ['_del_group_notice', { group_id: 3003, notice_id: 'x' }, 103, 'plain member'],
];

const catalogue = loadActions();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.stop();
});
beforeEach(() => {
  sandbox.reset();
});

describe('the catalogue', () => {
  it('has 80 actions and every one is served and has a success case here', () => {
    expect(catalogue).toHaveLength(80);
    const unserved = catalogue.filter((a) => !sandbox.actions.has(a.name)).map((a) => a.name);
    expect(unserved).toEqual([]);
    const untested = catalogue.filter((a) => !(a.name in success)).map((a) => a.name);
    expect(untested).toEqual([]);
  });

  it('every action has at least one failure case except those that cannot fail', () => {
    const cannotFail = new Set([
      'get_login_info', 'get_friend_list', 'get_group_list', 'get_cookies', 'get_csrf_token', 'get_credentials',
      'can_send_image', 'can_send_record', 'get_status', 'get_version_info', 'set_restart', 'set_restart_plugin',
      'clean_cache', 'clean_plugin_log', '_get_friend_list', '_set_restart', '.check_update', 'get_group_system_msg',
      'get_online_clients', 'get_unidirectional_friend_list', 'qidian_get_account_info', 'set_qq_profile', 'reload_event_filter',
    ]);
    const withFailure = new Set(failures.map(([name]) => name));
    const missing = catalogue.filter((a) => !cannotFail.has(a.name) && !withFailure.has(a.name)).map((a) => a.name);
    expect(missing).toEqual([]);
  });
});

describe.each(catalogue.map((a) => [a.name, a] as [string, CatalogueAction]))('%s', (name, action) => {
  it('succeeds with data of the catalogue shape', async () => {
    const entry = success[name];
    const params = typeof entry === 'function' ? await entry(sandbox) : (entry ?? {});
    const res = await callAction(sandbox, name, params);
    if (asyncOnSuccess.has(name)) {
      expect(res).toEqual({ status: 'async', retcode: 1, data: null });
      return;
    }
    expect(res.retcode, JSON.stringify(res)).toBe(0);
    expect(res.status).toBe('ok');
    const fields = action.response ?? [];
    if (action.response_kind === null || action.response_kind === 'null') expect(res.data).toBeNull();
    else if (action.response_kind === 'array') {
      expect(Array.isArray(res.data)).toBe(true);
      const items = res.data as unknown[];
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(shapeProblems(item, fields)).toEqual([]);
    } else expect(shapeProblems(res.data, fields)).toEqual([]);
  });
});

describe('response variants', () => {
  it('_get_friend_list flat=true has the variant shape', async () => {
    const raw = loadActions().find((a) => a.name === '_get_friend_list') as CatalogueAction & {
      response_variants?: { when: string; response: CatalogueField[] }[];
    };
    const variant = raw.response_variants?.find((v) => v.when === 'flat=true');
    expect(variant).toBeDefined();
    const res = await callAction(sandbox, '_get_friend_list', { flat: true });
    expect(shapeProblems(res.data, variant?.response ?? [])).toEqual([]);
  });
});

describe('failures', () => {
  it.each(failures)('%s %j -> %i (%s)', async (name, params, retcode) => {
    const before = JSON.stringify(sandbox.world.snapshot());
    const res = await callAction(sandbox, name, params);
    expect(res).toEqual({ status: 'failed', retcode, data: null });
    // A rejected call changes nothing.
    expect(JSON.stringify(sandbox.world.snapshot())).toBe(before);
  });
});
