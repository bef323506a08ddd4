/**
 * What the web chat's transcript holds: people's messages, the bot's messages and the bot's
 * actions, each in a chat (`place`). Plain data, so it goes to the browser as JSON as it is.
 */
import type { Segment } from '@cqkit/protocol';
import type { CallOrigin } from '../outbox.js';
import type { ChatType } from '../world/types.js';

/** A chat: a group, a discuss group, or the private chat with one user (`id` = that user). */
export interface ChatPlace {
  type: ChatType;
  id: number;
}

interface ItemBase {
  /** Position in the feed (1, 2, ...); the SSE event id. */
  seq: number;
  /** Milliseconds since the epoch (sandbox clock). */
  time: number;
  place: ChatPlace | null;
  /** Readable name of the place, e.g. `group 3001 (cqkit dev)`. */
  where: string;
}

/** A simulated person spoke. */
export interface UserMessageItem extends ItemBase {
  kind: 'user';
  place: ChatPlace;
  message_id: number;
  user_id: number;
  /** Card or nickname (anonymous name for anonymous senders). */
  sender: string;
  anonymous: boolean;
  segments: Segment[];
}

/** The bot sent a message. */
export interface BotMessageItem extends ItemBase {
  kind: 'bot';
  place: ChatPlace;
  message_id: number;
  sender: string;
  segments: Segment[];
  /** Who asked for the send ('internal' for history: messages from before the feed watched). */
  origin: CallOrigin;
}

/** The bot did something other than sending: kick, mute, recall, approve, ... */
export interface BotActionItem extends ItemBase {
  kind: 'action';
  action: string;
  text: string;
  ok: boolean;
  /** For a successful delete_msg: the recalled message, so the page can strike it through. */
  recalls?: number;
}

/** Something people did besides talking: a poke, a join, a request, a recall, ... */
export interface NoticeItem extends ItemBase {
  kind: 'notice';
  /** The event's kind, e.g. `notify/poke`, `request/friend`. */
  event: string;
  text: string;
  recalls?: number;
}

export type ChatItem = UserMessageItem | BotMessageItem | BotActionItem | NoticeItem;

/** What the feed hands to listeners: the item and its escaped HTML rendering. */
export interface ChatEntry {
  item: ChatItem;
  html: string;
}

/** `group:3001`, `discuss:4001`, `private:2002`: what the page compares to filter by chat. */
export function placeKey(place: ChatPlace | null): string {
  return place ? `${place.type}:${place.id}` : '';
}
