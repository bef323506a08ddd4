/** Sending, recalling and reading messages; forward messages; likes. */
import type { Segment } from '@cqkit/protocol';
import { readCQString, writeCQString } from '../wire/cq-code.js';
import type { ActionCall, ActionHandler } from '../core/action-server.js';
import { Fail } from '../core/failure.js';
import { compactSegments, readMessage, readSegment } from '../core/message-input.js';
import type { SandboxState } from '../core/state.js';
import { messageEvent, senderOf } from '../events/builders.js';
import type { ChatType, ForwardNodeData, StoredMessageData } from '../world/types.js';

function sendTo(call: ActionCall, type: ChatType, idKey: 'user_id' | 'group_id' | 'discuss_id'): { message_id: number } {
  const targetId = call.params.id(idKey);
  const segments = readMessage(call.params.raw('message'), call.params.bool('auto_escape'));
  return { message_id: call.state.send({ type, targetId, segments, action: call.name, origin: call.origin }) };
}

/** CQHTTP's send_msg inference: message_type, else group_id, discuss_id, user_id by presence. */
function chatTypeOf(call: ActionCall, allowed: readonly ChatType[]): ChatType {
  const given = call.params.str('message_type');
  let type: string | undefined = given === '' ? undefined : given;
  if (type === undefined) {
    if (call.params.has('group_id')) type = 'group';
    else if (call.params.has('discuss_id') && allowed.includes('discuss')) type = 'discuss';
    else if (call.params.has('user_id')) type = 'private';
  }
  if (type === undefined || !(allowed as readonly string[]).includes(type)) {
    throw Fail.badParams('message_type is missing or unknown and no target id was given');
  }
  return type as ChatType;
}

const idKeyOf = { private: 'user_id', group: 'group_id', discuss: 'discuss_id' } as const;

export function storedMessage(state: SandboxState, messageId: number): StoredMessageData {
  const msg = state.world.message(messageId);
  if (!msg || msg.recalled) throw Fail.noData(`no message ${messageId}`);
  return msg;
}

/** A message as get_msg answers it. */
function messageObject(state: SandboxState, msg: StoredMessageData) {
  const event = state.hub.formatEvent(messageEvent(state, msg));
  return {
    time: msg.time,
    message_type: msg.message_type,
    message_id: msg.message_id,
    real_id: msg.real_id,
    sender: senderOf(state, msg),
    message: 'message' in event ? event.message : '',
  };
}

const deleteMsg: ActionHandler = (call) => {
  const { state } = call;
  const { world } = state;
  const msg = storedMessage(state, call.params.id('message_id'));
  const self = world.selfId;
  if (msg.message_type === 'group') {
    const group = world.group(msg.group_id ?? 0);
    if (!group) throw Fail.noData(`the account is not in group ${msg.group_id}`);
    if (msg.user_id !== self) {
      const me = world.selfMember(group);
      const sender = world.member(group, msg.user_id);
      const allowed = me !== undefined && world.isAdminOrOwner(me) && (sender === undefined || world.outranks(me, sender));
      if (!allowed) throw Fail.noPrivilege('recalling this message needs a higher role than its sender');
    }
    msg.recalled = true;
    state.emit({
      ...state.eventBase(),
      post_type: 'notice',
      notice_type: 'group_recall',
      group_id: group.group_id,
      user_id: msg.user_id,
      operator_id: self,
      message_id: msg.message_id,
    });
    return;
  }
  if (msg.user_id !== self) throw Fail.noPrivilege('only your own private or discuss messages can be recalled');
  msg.recalled = true;
  if (msg.message_type === 'private') {
    state.emit({ ...state.eventBase(), post_type: 'notice', notice_type: 'friend_recall', user_id: self, message_id: msg.message_id });
  }
};

const sendLike: ActionHandler = (call) => {
  const { world } = call.state;
  const userId = call.params.id('user_id');
  const times = call.params.int('times') ?? 1;
  if (times <= 0) throw Fail.badParams('times must be positive');
  if (!world.person(userId)) throw Fail.noData(`unknown user ${userId}`);
  const today = world.today();
  const given = world.data.likes.day === today ? (world.data.likes.given[String(userId)] ?? 0) : 0;
  // QQ allows 10 likes per person per day.
  if (given + times > 10) throw Fail.noPrivilege(`only ${10 - given} likes left for ${userId} today`);
  if (world.data.likes.day !== today) world.data.likes = { day: today, given: {} };
  world.data.likes.given[String(userId)] = given + times;
};

/** Forward nodes from the `messages` parameter: references to stored messages or custom nodes. */
function readNodes(state: SandboxState, value: unknown): ForwardNodeData[] {
  if (!Array.isArray(value) || value.length === 0) throw Fail.badParams('messages must be a non-empty array of node segments');
  return value.map((item): ForwardNodeData => {
    if (typeof item !== 'object' || item === null || (item as { type?: unknown }).type !== 'node') {
      throw Fail.badParams('every element of messages must be a node segment');
    }
    const data = (item as { data?: unknown }).data;
    if (typeof data !== 'object' || data === null) throw Fail.badParams('a node segment needs data');
    const d = data as Record<string, unknown>;
    if (d.id !== undefined && d.content === undefined) {
      const id = Number(d.id);
      const msg = Number.isSafeInteger(id) ? state.world.message(id) : undefined;
      if (!msg || msg.recalled) throw Fail.badParams(`node refers to unknown message ${String(d.id)}`);
      return { user_id: msg.user_id, nickname: state.world.nickname(msg.user_id), time: msg.time, content: msg.segments };
    }
    const userId = Number(d.uin ?? d.user_id);
    const nickname = d.name ?? d.nickname;
    if (!Number.isSafeInteger(userId) || userId <= 0 || typeof nickname !== 'string') {
      throw Fail.badParams('a custom node needs name/nickname and uin/user_id');
    }
    let content: Segment[];
    if (typeof d.content === 'string') content = readCQString(d.content).map((s) => readSegment(s));
    else if (Array.isArray(d.content)) content = d.content.map((s) => readSegment(s));
    else throw Fail.badParams('a custom node needs content (string or segment array)');
    content = compactSegments(content);
    if (content.length === 0) throw Fail.badParams('a custom node has empty content');
    return { user_id: userId, nickname, time: state.world.nowSeconds(), content };
  });
}

function sendForward(call: ActionCall, type: 'private' | 'group'): { message_id: number; forward_id: string } {
  const { state } = call;
  const targetId = call.params.id(idKeyOf[type]);
  const nodes = readNodes(state, call.params.raw('messages'));
  state.assertCanSend(type, targetId);
  const forward_id = `forward-${state.world.nextCounter('forward')}`;
  const message_id = state.send({
    type,
    targetId,
    segments: [{ type: 'forward', data: { id: forward_id } }],
    action: call.name,
    origin: call.origin,
  });
  state.world.data.forwards.push({ forward_id, nodes });
  return { message_id, forward_id };
}

const getForwardMsg: ActionHandler = (call) => {
  const id = call.params.strOrInt('id');
  if (!id) throw Fail.badParams('id must be given');
  const forward = call.state.world.data.forwards.find((f) => f.forward_id === id);
  if (!forward) throw Fail.noData(`no forward message ${id}`);
  const format = call.state.messageFormat();
  return {
    message: forward.nodes.map((n) => ({
      type: 'node',
      data: { user_id: String(n.user_id), nickname: n.nickname, time: String(n.time), content: format === 'array' ? n.content : writeCQString(n.content) },
    })),
  };
};

const getGroupMsgHistory: ActionHandler = (call) => {
  const { state } = call;
  const groupId = call.params.id('group_id');
  if (!state.world.group(groupId)) throw Fail.noData(`the account is not in group ${groupId}`);
  const seq = call.params.int('message_seq');
  const all = state.world.data.messages.filter(
    (m) => m.message_type === 'group' && m.group_id === groupId && !m.recalled && (seq === undefined || seq <= 0 || m.real_id <= seq),
  );
  return { messages: all.slice(-20).map((m) => state.hub.formatEvent(messageEvent(state, m))) };
};

export const messageActions: Record<string, ActionHandler> = {
  send_private_msg: (call) => sendTo(call, 'private', 'user_id'),
  send_group_msg: (call) => sendTo(call, 'group', 'group_id'),
  send_discuss_msg: (call) => sendTo(call, 'discuss', 'discuss_id'),
  send_msg: (call) => {
    const type = chatTypeOf(call, ['private', 'group', 'discuss']);
    return sendTo(call, type, idKeyOf[type]);
  },
  delete_msg: deleteMsg,
  get_msg: (call) => messageObject(call.state, storedMessage(call.state, call.params.id('message_id'))),
  get_forward_msg: getForwardMsg,
  send_like: sendLike,
  send_group_forward_msg: (call) => sendForward(call, 'group'),
  send_private_forward_msg: (call) => sendForward(call, 'private'),
  send_forward_msg: (call) => sendForward(call, chatTypeOf(call, ['private', 'group']) as 'private' | 'group'),
  get_group_msg_history: getGroupMsgHistory,
  mark_msg_as_read: (call) => {
    storedMessage(call.state, call.params.id('message_id'));
  },
};
