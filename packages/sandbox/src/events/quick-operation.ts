/**
 * Quick operations (events.json quick_operation, transport.md 2): the object in an HTTP POST answer,
 * or given to `.handle_quick_operation`, is executed by calling the ordinary actions with the event
 * as parameters, exactly like CQHTTP. Failures of those follow-up calls are not reported back.
 */
import { coerceBool, coerceInt, type RawParams } from '../core/params.js';
import { readMessage } from '../core/message-input.js';
import type { ActionOutcome } from '../core/action-server.js';
import type { Segment } from '@cqkit/protocol';

export type Execute = (action: string, params: RawParams) => Promise<ActionOutcome>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function flag(operation: Record<string, unknown>, key: string, fallback: boolean): boolean {
  return coerceBool(operation[key]) ?? fallback;
}

/** Run `operation` against the event `context`. Never throws. */
export async function applyQuickOperation(execute: Execute, context: Record<string, unknown>, operation: Record<string, unknown>): Promise<void> {
  try {
    if (context.post_type === 'message') await messageOperation(execute, context, operation);
    else if (context.post_type === 'request') await requestOperation(execute, context, operation);
    // Notices and meta events accept only `block`, which has no meaning here.
  } catch {
    // follow-up failures are swallowed, as in CQHTTP
  }
}

async function messageOperation(execute: Execute, context: Record<string, unknown>, op: Record<string, unknown>): Promise<void> {
  const type = context.message_type;
  const anonymous = isPlainObject(context.anonymous);
  const reply = op.reply;
  if (reply !== undefined && reply !== null) {
    let segments: Segment[] | undefined;
    try {
      segments = readMessage(reply, flag(op, 'auto_escape', false));
    } catch {
      segments = undefined; // an unusable reply sends nothing
    }
    if (segments) {
      const atSender = (type === 'group' || type === 'discuss') && !anonymous && flag(op, 'at_sender', true);
      if (atSender) segments = [{ type: 'at', data: { qq: String(context.user_id) } }, { type: 'text', data: { text: ' ' } }, ...segments];
      await execute('send_msg', { ...context, message: segments, auto_escape: false });
    }
  }
  if (type !== 'group') return;
  if (flag(op, 'delete', false)) await execute('delete_msg', { message_id: context.message_id });
  if (flag(op, 'kick', false) && !anonymous) {
    await execute('set_group_kick', { group_id: context.group_id, user_id: context.user_id, reject_add_request: false });
  }
  if (flag(op, 'ban', false)) {
    const duration = coerceInt(op.ban_duration) ?? 1800;
    if (anonymous) await execute('set_group_anonymous_ban', { group_id: context.group_id, anonymous: context.anonymous, duration });
    else await execute('set_group_ban', { group_id: context.group_id, user_id: context.user_id, duration });
  }
}

async function requestOperation(execute: Execute, context: Record<string, unknown>, op: Record<string, unknown>): Promise<void> {
  const approve = coerceBool(op.approve);
  if (approve === undefined) return; // absent: the request stays pending
  if (context.request_type === 'friend') {
    await execute('set_friend_add_request', { flag: context.flag, approve, remark: typeof op.remark === 'string' ? op.remark : '' });
  } else if (context.request_type === 'group') {
    await execute('set_group_add_request', {
      flag: context.flag,
      sub_type: context.sub_type,
      approve,
      reason: typeof op.reason === 'string' ? op.reason : '',
    });
  }
}
