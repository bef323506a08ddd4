/**
 * The chat transcript: people's messages, the bot's messages and its actions, and what people do
 * besides talking, in the order they happened, each rendered once. One feed per sandbox
 * (`sandbox.chatFeed`) serves both the web chat and the terminal chat, so they show one conversation.
 * Listeners get every new entry; a bounded backlog lets a page that opens or reconnects catch up.
 *
 * The feed watches the sandbox while it is started and while anyone listens. When it first starts
 * watching, the world's recent messages become the start of the backlog (the history a page shows).
 *
 * Ordering: an event reaches observers only after the bot answered its HTTP POST, so a quick reply
 * would come before the message it answers. So people's messages are read from the world (where
 * `say` stores them at once) before anything the bot does is shown, and what the bot does while an
 * event is being delivered waits until that event was shown (at most `holdLimit` ms).
 */
import { randomBytes } from 'node:crypto';
import { type CQEvent, parseCQ, type Segment } from '@cqkit/protocol';
import type { ExecutedAction } from '../core/action-server.js';
import type { OutboxEntry } from '../outbox.js';
import type { Sandbox } from '../sandbox.js';
import { describeAction } from '../action-lines.js';
import type { StoredMessageData, WorldData } from '../world/types.js';
import type { ChatEntry, ChatItem, ChatPlace } from './items.js';
import { describeNotice } from './notices.js';
import { segmentPicture } from './pictures.js';
import { type RenderLookup, renderItemHtml } from './render.js';

/** Message ids already shown, remembered so a message is never shown twice (bounded). */
const SHOWN_LIMIT = 1000;

/** Item without its sequence number (the feed numbers them). */
type NewItem = ChatItem extends infer I ? (I extends ChatItem ? Omit<I, 'seq'> : never) : never;

export class ChatFeed {
  /**
   * Tells this feed's sequence numbers from another's (a restarted sandbox starts again at 1): SSE
   * ids are `<epoch>:<seq>`, so a page that reconnects to a new sandbox is sent everything.
   */
  readonly epoch = randomBytes(6).toString('hex');
  private readonly backlog: ChatEntry[] = [];
  private readonly listeners = new Set<(entry: ChatEntry) => void>();
  private detach: (() => void) | undefined;
  private seq = 0;
  private lastSeenId = 0;
  private seenData: WorldData | undefined;
  private readonly shown = new Set<number>();
  /** The bot's items that wait for the event in delivery to be shown first. */
  private held: NewItem[] = [];
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Watching without listeners (the sandbox is started). */
  private pinned = false;
  readonly lookup: RenderLookup;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly backlogSize = 200,
    /** Longest wait (real ms) for an event in delivery before the bot's items are shown anyway. */
    private readonly holdLimit = 1000,
  ) {
    const world = sandbox.world;
    this.lookup = {
      name: (userId, groupId) => {
        const group = groupId === undefined ? undefined : world.group(groupId);
        const card = group ? world.member(group, userId)?.card : undefined;
        return card || world.nickname(userId);
      },
      message: (messageId) => {
        const stored = world.message(messageId);
        return stored ? { sender: this.senderName(stored), segments: stored.segments } : undefined;
      },
      picture: (segment) => segmentPicture(segment, world.data.images),
    };
  }

  /** Entries after `seq` still in the backlog (all of it for 0). */
  since(seq: number): ChatEntry[] {
    return this.backlog.filter((e) => e.item.seq > seq);
  }

  /** Get every new entry; the feed watches the sandbox while anyone listens. Returns an unsubscribe function. */
  subscribe(listener: (entry: ChatEntry) => void): () => void {
    // Attach first: the history and what was caught up are the backlog, not news for this listener.
    if (!this.detach) this.attach();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      this.detachWhenIdle();
    };
  }

  /** Keep watching with nobody listening (`true` while the sandbox is started), so a page opened later sees what happened. */
  keepWatching(on: boolean): void {
    this.pinned = on;
    if (on && !this.detach) this.attach();
    else this.detachWhenIdle();
  }

  private detachWhenIdle(): void {
    if (this.listeners.size > 0 || this.pinned || !this.detach) return;
    this.flushHeld();
    this.detach();
    this.detach = undefined;
  }

  /** Show the people's messages stored since the last look (called before anything the bot did). */
  catchUp(): void {
    if (!this.detach) return;
    const data = this.sandbox.world.data;
    if (data !== this.seenData) this.startFrom(data);
    const messages = data.messages;
    let first = messages.length;
    while (first > 0 && (messages[first - 1]?.message_id ?? 0) > this.lastSeenId) first -= 1;
    for (const stored of messages.slice(first)) {
      this.lastSeenId = Math.max(this.lastSeenId, stored.message_id);
      if (stored.user_id === this.sandbox.world.selfId || this.shown.has(stored.message_id)) continue;
      this.markShown(stored.message_id);
      this.push(this.userItem(stored));
    }
  }

  private attach(): void {
    const offEvents = this.sandbox.events.observe((event) => this.onEvent(event));
    const offMessages = this.sandbox.onBotMessage((entry) => this.onBotMessage(entry));
    const offActions = this.sandbox.onAction((executed) => this.onAction(executed));
    this.detach = () => {
      offEvents();
      offMessages();
      offActions();
    };
    // The first time, the world's recent messages are the history; later, what was said meanwhile
    // is caught up (what the bot did meanwhile was not watched and is not shown).
    if (this.seenData === undefined) this.seedHistory(this.sandbox.world.data);
    else this.catchUp();
  }

  /** The last messages of the world (people's and the bot's) start the backlog. */
  private seedHistory(data: WorldData): void {
    this.startFrom(data);
    for (const stored of data.messages.slice(-this.backlogSize)) {
      this.markShown(stored.message_id);
      this.push(stored.user_id === this.sandbox.world.selfId ? this.botHistoryItem(stored) : this.userItem(stored));
    }
  }

  /**
   * After a reset message ids start over, so the ids shown before mean nothing any more; the new
   * world's own messages are its past, not news.
   */
  private startFrom(data: WorldData): void {
    this.seenData = data;
    this.shown.clear();
    this.lastSeenId = data.messages.reduce((max, m) => Math.max(max, m.message_id), 0);
  }

  private markShown(messageId: number): void {
    this.shown.add(messageId);
    if (this.shown.size > SHOWN_LIMIT) {
      const oldest = this.shown.values().next().value;
      if (oldest !== undefined) this.shown.delete(oldest);
    }
  }

  private onEvent(event: CQEvent): void {
    this.showEvent(event);
    // The event is shown: what the bot did meanwhile (its answer) comes after it.
    this.flushHeld();
  }

  private showEvent(event: CQEvent): void {
    this.catchUp();
    if (event.post_type !== 'message') {
      const line = describeNotice(event, this.sandbox.world);
      if (!line) return;
      this.push({
        kind: 'notice',
        time: event.time * 1000,
        place: line.place,
        where: line.place ? this.where(line.place) : '',
        event: line.event,
        text: line.text,
        ...(line.recalls === undefined ? {} : { recalls: line.recalls }),
      });
      return;
    }
    // A message event published directly (emitEvent) is not in the world: show it from the event.
    if (this.shown.has(event.message_id) || event.user_id === this.sandbox.world.selfId) return;
    this.markShown(event.message_id);
    const segments: Segment[] = typeof event.message === 'string' ? parseCQ(event.message) : event.message;
    const place: ChatPlace =
      event.message_type === 'group'
        ? { type: 'group', id: event.group_id }
        : event.message_type === 'discuss'
          ? { type: 'discuss', id: event.discuss_id }
          : { type: 'private', id: event.user_id };
    const anonymous = event.message_type === 'group' && event.anonymous ? event.anonymous.name : undefined;
    this.push({
      kind: 'user',
      time: this.sandbox.clock.now(),
      place,
      where: this.where(place),
      message_id: event.message_id,
      user_id: event.user_id,
      sender: anonymous ?? this.lookup.name(event.user_id, place.type === 'group' ? place.id : undefined),
      anonymous: anonymous !== undefined,
      segments,
    });
  }

  private onBotMessage(entry: OutboxEntry): void {
    const place: ChatPlace = { type: entry.message_type, id: entry.target_id };
    this.botDid({
      kind: 'bot',
      time: entry.time,
      place,
      where: this.where(place),
      message_id: entry.message_id,
      sender: this.sandbox.world.data.login.nickname,
      segments: entry.segments,
      origin: entry.origin,
    });
  }

  private onAction(executed: ExecutedAction): void {
    if (executed.origin === 'internal') return;
    const line = describeAction(this.sandbox, executed);
    if (!line) return;
    const ok = executed.envelope.retcode === 0 || executed.envelope.retcode === 1;
    const groupId = Number(executed.params.group_id);
    const recalled = Number(executed.params.message_id);
    const stored = executed.action === 'delete_msg' ? this.sandbox.world.message(recalled) : undefined;
    const place: ChatPlace | null = stored ? this.placeOf(stored) : Number.isSafeInteger(groupId) && groupId > 0 ? { type: 'group', id: groupId } : null;
    this.botDid({
      kind: 'action',
      time: executed.time,
      place,
      where: place ? this.where(place) : '',
      action: executed.action,
      text: line.replace(/^\* /, ''),
      ok,
      ...(executed.action === 'delete_msg' && ok && Number.isSafeInteger(recalled) ? { recalls: recalled } : {}),
    });
  }

  /** The chat of a stored message; a private one is named by the person, whoever sent it. */
  private placeOf(stored: StoredMessageData): ChatPlace {
    if (stored.message_type === 'group') return { type: 'group', id: stored.group_id ?? 0 };
    if (stored.message_type === 'discuss') return { type: 'discuss', id: stored.discuss_id ?? 0 };
    return { type: 'private', id: stored.user_id === this.sandbox.world.selfId ? (stored.peer_id ?? 0) : stored.user_id };
  }

  private userItem(stored: StoredMessageData): NewItem {
    const place = this.placeOf(stored);
    return {
      kind: 'user',
      time: stored.time * 1000,
      place,
      where: this.where(place),
      message_id: stored.message_id,
      user_id: stored.user_id,
      sender: this.senderName(stored),
      anonymous: Boolean(stored.anonymous),
      segments: stored.segments,
    };
  }

  private botHistoryItem(stored: StoredMessageData): NewItem {
    const place = this.placeOf(stored);
    return {
      kind: 'bot',
      time: stored.time * 1000,
      place,
      where: this.where(place),
      message_id: stored.message_id,
      sender: this.sandbox.world.data.login.nickname,
      segments: stored.segments,
      origin: 'internal',
    };
  }

  private senderName(stored: StoredMessageData): string {
    if (stored.anonymous) return stored.anonymous.name;
    if (stored.user_id === this.sandbox.world.selfId) return this.sandbox.world.data.login.nickname;
    return this.lookup.name(stored.user_id, stored.message_type === 'group' ? stored.group_id : undefined);
  }

  private where(place: ChatPlace): string {
    const world = this.sandbox.world;
    if (place.type === 'private') return `private with ${world.nickname(place.id)}`;
    if (place.type === 'discuss') {
      const name = world.discuss(place.id)?.discuss_name;
      return name ? `discuss ${place.id} (${name})` : `discuss ${place.id}`;
    }
    const name = world.group(place.id)?.group_name;
    return name ? `group ${place.id} (${name})` : `group ${place.id}`;
  }

  /** The bot sent or did something: show it now, or after the event being delivered (its cause, likely). */
  private botDid(item: NewItem): void {
    if (!this.sandbox.events.busy) {
      this.catchUp();
      this.push(item);
      return;
    }
    this.held.push(item);
    if (!this.holdTimer) {
      // A bot that never answers a POST must not hide what it does; real time, like the POST itself.
      this.holdTimer = setTimeout(() => this.flushHeld(), this.holdLimit);
      this.holdTimer.unref?.();
    }
  }

  private flushHeld(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    if (this.held.length === 0) return;
    this.catchUp();
    for (const item of this.held.splice(0)) this.push(item);
  }

  private push(item: NewItem): void {
    this.seq += 1;
    const full = { ...item, seq: this.seq } as ChatItem;
    const entry: ChatEntry = { item: full, html: renderItemHtml(full, this.lookup) };
    this.backlog.push(entry);
    if (this.backlog.length > this.backlogSize) this.backlog.shift();
    for (const listener of [...this.listeners]) {
      try {
        listener(entry);
      } catch {
        // one broken stream must not stop the others
      }
    }
  }
}
