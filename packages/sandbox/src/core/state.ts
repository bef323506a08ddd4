/**
 * What every action handler and injector works on: the world, the clock, the event hub and the outbox,
 * plus the one shared way of sending a message (so every send path stores, records and numbers
 * messages identically).
 */
import type { CQEvent, Segment } from '@cqkit/protocol';
import { writeCQString } from '../wire/cq-code.js';
import type { Clock } from '../clock.js';
import type { EventHub, MessageFormat, PublishOptions } from '../events/event-hub.js';
import type { CallOrigin, Outbox } from '../outbox.js';
import type { World } from '../world/world.js';
import type { ChatType } from '../world/types.js';
import { Fail } from './failure.js';
import { plainTextOf } from './message-input.js';

export type LogLevel = 'info' | 'warn';
export type Logger = (level: LogLevel, message: string) => void;

export interface SendRequest {
  type: ChatType;
  /** user_id, group_id or discuss_id. */
  targetId: number;
  segments: Segment[];
  action: string;
  origin: CallOrigin;
}

export class SandboxState {
  constructor(
    readonly world: World,
    readonly clock: Clock,
    readonly hub: EventHub,
    readonly outbox: Outbox,
    readonly messageFormat: () => MessageFormat,
    readonly log: Logger,
  ) {}

  /** `time` and `self_id` of a new event. */
  eventBase(): { time: number; self_id: number } {
    return { time: this.world.nowSeconds(), self_id: this.world.selfId };
  }

  /** Publish an event; delivery happens in order, after the current call returns. */
  emit(event: CQEvent, options?: PublishOptions): Promise<void> {
    return this.hub.publish(event, options);
  }

  /**
   * The account sends a message: checks the chat (102 not in it, 103 muted), stores the message,
   * records it in the outbox and returns its id.
   */
  /** Throws the failure a send to this chat would meet (102 not in it, 103 muted); changes nothing. */
  assertCanSend(type: ChatType, targetId: number): void {
    const { world } = this;
    if (type === 'group') {
      const group = world.group(targetId);
      const self = group ? world.selfMember(group) : undefined;
      if (!group || !self) throw Fail.noData(`the account is not in group ${targetId}`);
      if (world.isMuted(group, self)) throw Fail.noPrivilege(`the account is muted in group ${targetId}`);
    } else if (type === 'discuss') {
      if (!world.discuss(targetId)) throw Fail.noData(`the account is not in discuss ${targetId}`);
    }
  }

  send(req: SendRequest): number {
    const { world } = this;
    const now = world.nowSeconds();
    this.assertCanSend(req.type, req.targetId);
    if (req.type === 'group') {
      const group = world.group(req.targetId);
      const self = group ? world.selfMember(group) : undefined;
      if (self) self.last_sent_time = now;
    }
    const message_id = world.nextMessageId();
    world.data.messages.push({
      message_id,
      real_id: message_id,
      time: now,
      message_type: req.type,
      user_id: world.selfId,
      ...(req.type === 'private' ? { peer_id: req.targetId } : {}),
      ...(req.type === 'group' ? { group_id: req.targetId, anonymous: null } : {}),
      ...(req.type === 'discuss' ? { discuss_id: req.targetId } : {}),
      segments: req.segments,
      font: 0,
      recalled: false,
    });
    this.outbox.add({
      message_id,
      time: this.clock.now(),
      message_type: req.type,
      target_id: req.targetId,
      ...(req.type === 'private' ? { user_id: req.targetId } : {}),
      ...(req.type === 'group' ? { group_id: req.targetId } : {}),
      ...(req.type === 'discuss' ? { discuss_id: req.targetId } : {}),
      segments: req.segments.map((s) => ({ type: s.type, data: { ...s.data } })),
      text: plainTextOf(req.segments),
      raw_message: writeCQString(req.segments),
      action: req.action,
      origin: req.origin,
    });
    return message_id;
  }
}
