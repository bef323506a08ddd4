/**
 * An in-memory adapter for tests and plugin development: records every action call, answers them
 * with canned or custom results, and injects events.
 */
import { ActionError, type CQEvent, type GroupMessageEvent, type PrivateMessageEvent, type QuickOperation } from '@cqkit/protocol';
import type { Adapter, AdapterHost, BotTransport, DispatchOptions, QuickReply } from './adapter.js';
import { type RecordedCall, recordCall } from './call-recorder.js';
import { AdapterStateError } from './errors.js';

/** Answer a call: return data, throw an ActionError, or return a promise of either. */
export type MemoryResponder = (params: Record<string, unknown>, call: RecordedCall) => unknown;

export interface MemoryAdapterOptions {
  /** Accounts to register at start. Default [10001]. */
  selfIds?: number[];
}

export interface MessageOptions {
  selfId?: number;
  messageId?: number;
  role?: 'owner' | 'admin' | 'member';
  nickname?: string;
}

export interface MemoryAdapter extends Adapter {
  readonly calls: RecordedCall[];
  readonly host: AdapterHost | undefined;
  /** Answer `action` with `responder` (replaces the default answer). */
  respond(action: string, responder: MemoryResponder): void;
  /** Make `action` fail with a retcode. */
  fail(action: string, retcode: number): void;
  /** Calls of one action (without suffix matching). */
  callsOf(action: string): RecordedCall[];
  /** Dispatch an event through the app. */
  receive(event: CQEvent, options?: DispatchOptions): Promise<QuickOperation | null>;
  privateMessage(userId: number, message: string, options?: MessageOptions): PrivateMessageEvent;
  groupMessage(groupId: number, userId: number, message: string, options?: MessageOptions): GroupMessageEvent;
}

export function memoryAdapter(options: MemoryAdapterOptions = {}): MemoryAdapter {
  const selfIds = options.selfIds ?? [10001];
  const calls: RecordedCall[] = [];
  const responders = new Map<string, MemoryResponder>();
  let host: AdapterHost | undefined;
  let nextMessageId = 1;
  let nextSentId = 100_000;

  const defaultAnswer = (selfId: number, action: string): unknown => {
    const base = action.replace(/_(async|rate_limited)$/, '');
    if (base !== action) return null;
    if (base.startsWith('send_') && base.endsWith('_msg')) return { message_id: nextSentId++ };
    if (base === 'get_login_info') return { user_id: selfId, nickname: `bot${selfId}` };
    return null;
  };

  /** The fields every built message event shares. */
  const messageHead = (o: MessageOptions) => ({
    time: Math.floor(Date.now() / 1000),
    self_id: o.selfId ?? selfIds[0]!,
    post_type: 'message' as const,
    message_id: o.messageId ?? nextMessageId++,
  });

  const transportFor = (selfId: number): BotTransport => ({
    call: (action, params, callOptions) =>
      recordCall(calls, selfId, action, params, callOptions, async (call) => {
        const responder = responders.get(action);
        return responder ? responder(params, call) : defaultAnswer(selfId, action);
      }),
  });

  return {
    name: 'memory',
    calls,
    get host() {
      return host;
    },
    async start(h) {
      host = h;
      for (const id of selfIds) h.addBot(id, transportFor(id));
    },
    async stop() {
      if (host) for (const id of selfIds) host.removeBot(id);
      host = undefined;
    },
    respond(action, responder) {
      responders.set(action, responder);
    },
    fail(action, retcode) {
      responders.set(action, () => {
        throw new ActionError({ action, kind: 'retcode', retcode, status: 'failed' });
      });
    },
    callsOf(action) {
      return calls.filter((c) => c.action === action);
    },
    receive(event, dispatchOptions) {
      if (!host) return Promise.reject(new AdapterStateError('memoryAdapter: the app has not started this adapter yet (await app.start())'));
      return host.dispatch(event, dispatchOptions).then(operationOf);
    },
    privateMessage(userId, message, o = {}) {
      return {
        ...messageHead(o),
        message_type: 'private',
        sub_type: 'friend',
        user_id: userId,
        message,
        raw_message: message,
        font: 0,
        sender: { user_id: userId, nickname: o.nickname ?? `user${userId}`, sex: 'unknown', age: 0 },
      };
    },
    groupMessage(groupId, userId, message, o = {}) {
      return {
        ...messageHead(o),
        message_type: 'group',
        sub_type: 'normal',
        group_id: groupId,
        user_id: userId,
        anonymous: null,
        message,
        raw_message: message,
        font: 0,
        sender: {
          user_id: userId,
          nickname: o.nickname ?? `user${userId}`,
          card: '',
          sex: 'unknown',
          age: 0,
          area: '',
          level: '1',
          role: o.role ?? 'member',
          title: '',
        },
      };
    },
  };
}

function operationOf(reply: QuickReply | null): QuickOperation | null {
  return reply === null ? null : reply.operation;
}
