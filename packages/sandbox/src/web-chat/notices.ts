/**
 * Readable lines for what people do besides talking (pokes, joins, requests, recalls, ...), for the
 * web chat's transcript. Notices the bot itself caused (its kicks, mutes, recalls) are left out: the
 * transcript already shows the action that caused them.
 */
import type { CQEvent } from '@cqkit/protocol';
import type { World } from '../world/world.js';
import type { ChatPlace } from './items.js';

export interface NoticeLine {
  /** The event's kind, e.g. `notify/poke`, `request/friend`. */
  event: string;
  text: string;
  place: ChatPlace | null;
  /** A recalled message, so the page can strike it through. */
  recalls?: number;
}

/** One line for a notice or request event, or undefined when there is nothing worth showing. */
export function describeNotice(event: CQEvent, world: World): NoticeLine | undefined {
  const line = noticeLine(event, world);
  return line ? { event: eventKind(event), ...line } : undefined;
}

function eventKind(event: CQEvent): string {
  const e = event as unknown as Record<string, unknown>;
  return event.post_type === 'request' ? `request/${String(e.request_type)}` : `${String(e.notice_type)}/${String(e.sub_type ?? '')}`;
}

function noticeLine(event: CQEvent, world: World): Omit<NoticeLine, 'event'> | undefined {
  if (event.post_type !== 'notice' && event.post_type !== 'request') return undefined;
  // Read loosely: every field is checked before use, and unknown shapes give no line.
  const e = event as unknown as Record<string, unknown>;
  const id = (key: string) => (typeof e[key] === 'number' ? (e[key] as number) : 0);
  const self = world.selfId;
  const who = (userId: number) => (userId === self ? 'the bot' : `${world.nickname(userId)} (${userId})`);
  const groupId = id('group_id');
  const group: ChatPlace | null = groupId > 0 ? { type: 'group', id: groupId } : null;
  const user = id('user_id');
  const operator = id('operator_id');
  const detail = eventKind(event);
  const comment = typeof e.comment === 'string' && e.comment !== '' ? `: "${e.comment}"` : '';
  const flag = typeof e.flag === 'string' ? ` (flag ${e.flag})` : '';

  switch (detail) {
    case 'notify/poke': {
      const place = group ?? { type: 'private' as const, id: user };
      return user === self ? undefined : { text: `${who(user)} poked ${who(id('target_id'))}`, place };
    }
    case 'group_increase/approve':
    case 'group_increase/invite':
      // Shown even after the bot's approval: the approval line names a flag, this one the person.
      return { text: `${who(user)} joined group ${groupId}`, place: group };
    case 'group_decrease/leave':
      return { text: `${who(user)} left group ${groupId}`, place: group };
    case 'group_decrease/kick':
      return operator === self ? undefined : { text: `${who(operator)} removed ${who(user)} from group ${groupId}`, place: group };
    case 'group_decrease/kick_me':
      return { text: `${who(operator)} removed the bot from group ${groupId}`, place: group };
    case 'group_ban/ban':
    case 'group_ban/lift_ban': {
      if (operator === self) return undefined;
      const target = user === 0 ? 'everyone' : who(user);
      const text = detail === 'group_ban/ban' ? `${who(operator)} muted ${target} for ${id('duration')} s` : `${who(operator)} lifted the mute of ${target}`;
      return { text, place: group };
    }
    case 'group_recall/':
    case 'friend_recall/': {
      if (operator === self || (operator === 0 && user === self)) return undefined;
      const by = operator > 0 && operator !== user ? ` (by ${who(operator)})` : '';
      const place = group ?? { type: 'private' as const, id: user };
      return { text: `${who(user)}'s message #${id('message_id')} was recalled${by}`, place, recalls: id('message_id') };
    }
    case 'group_upload/': {
      const file = e.file as { name?: unknown } | undefined;
      return { text: `${who(user)} uploaded ${typeof file?.name === 'string' ? `"${file.name}"` : 'a file'}`, place: group };
    }
    case 'request/friend':
      return { text: `${who(user)} asked to be friends${comment}${flag}`, place: { type: 'private', id: user } };
    case 'request/group':
      return e.sub_type === 'invite'
        ? { text: `${who(user)} invited the bot into group ${groupId}${comment}${flag}`, place: null }
        : { text: `${who(user)} asked to join group ${groupId}${comment}${flag}`, place: group };
    default:
      return undefined;
  }
}
