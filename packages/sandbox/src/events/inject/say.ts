/** A simulated user speaks: privately, in a group (optionally anonymously) or in a discuss group. */
import type { Message, Segment } from '@cqkit/protocol';
import { ActionFailure } from '../../core/failure.js';
import { compactSegments, readMessage, readSegment } from '../../core/message-input.js';
import type { SandboxState } from '../../core/state.js';
import { readCQString } from '../../wire/cq-code.js';
import type { AnonymousData, MemberData } from '../../world/types.js';
import { messageEvent } from '../builders.js';
import { groupOrThrow, memberOrThrow, SandboxUsageError } from './common.js';

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
