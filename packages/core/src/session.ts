/**
 * A Session is one event as handlers see it: the event, the bot that received it, and helpers to
 * answer. Built once per event; common fields are plain getters over the event (no Proxy), and the
 * parsed message is computed only when asked for.
 */
import {
  type ActionResult,
  type AnySegment,
  type CQEvent,
  type EventMessage,
  type Message,
  type SegmentInput,
  isSegment,
  parseCQ,
  plainText as plainTextOf,
  segment,
  stringifyCQ,
  stringifySegment,
  toSegments,
} from '@cqkit/protocol';
import type { Bot } from './bot.js';
import { SessionUsageError } from './errors.js';
import { type PermissionLevel, permissionRank } from './permissions.js';
import type { I18n } from './i18n/i18n.js';
import type { Translator } from './i18n/translator.js';
import type { QuickCollector } from './quick.js';

type Fields = Record<string, unknown>;

/** What a session needs from the app: who the superusers are, where prompts wait, its texts, a quick-reply count. */
export interface SessionHost {
  readonly superusers: ReadonlySet<number>;
  readonly prompts: { wait(session: Session, timeout: number): Promise<Session | null> };
  /** The `i18n` service (`session.text`). */
  readonly translations: I18n;
  /** A reply went out as the quick operation of its event (counted in `app.metrics.quickReplies`). */
  quickReplied(): void;
}

export interface SendOptions {
  /** Send a string literally (no CQ-code parsing). */
  autoEscape?: boolean;
}

/** What a send resolves with: the new message id, or null when it went out as the quick operation. */
export type SendResult = ActionResult<'send_msg'> | null;

/**
 * Failures of the helpers' actions are reported as `send/failed` (or thrown at a caller who awaits);
 * marking the promise handled keeps a fire-and-forget `session.send()` from crashing the process.
 * Misuse (kick() on a private message) throws synchronously instead, so it cannot pass unseen.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(noop);
  return promise;
}

function noop(): void {}

const noSendOptions: SendOptions = Object.freeze({});

/** What a send that went out as the quick operation resolves with (shared: it carries no data). */
const quickReplied: Promise<SendResult> = Promise.resolve(null);

/**
 * The CQ-code string of an event's message. A segment no CQ string can carry (a server's odd type
 * name or key) is left out rather than failing the whole event; a non-message reads as ''.
 */
function contentOf(message: unknown): string {
  if (typeof message === 'string') return message;
  if (!Array.isArray(message)) return '';
  try {
    return stringifyCQ(message as SegmentInput[]);
  } catch {
    let out = '';
    for (const item of message) {
      try {
        if (isSegment(item)) out += stringifySegment(item);
      } catch {
        // left out: see above
      }
    }
    return out;
  }
}

export class Session<E extends CQEvent = CQEvent> {
  /** Set by app.dispatch when the event has a quick-operation window. */
  quick: QuickCollector | null = null;
  /** How many times `send()` was called for this event (the app's hints answer only silence). */
  sentCount = 0;

  private boundText: Translator | undefined;

  /**
   * The text of a catalogue key in this session's locale (the app's, or a per-group/per-user hook's),
   * falling back to en-US, then to the key: `session.text('core.hint', { prefix: '/' })`. A bound
   * function, made on first use (nothing per event otherwise), so it can be handed on
   * (`command.usage(prefix, session.text)`).
   */
  get text(): Translator {
    this.boundText ??= (key, ...params) => this.host.translations.textFor(this, key, ...params);
    return this.boundText;
  }
  /** Async work of listeners started for this event; dispatch waits for it. Allocated on first use. */
  tasks: Promise<unknown>[] | null = null;
  /** @internal How app.idle() counts this event: being handled, parked on a prompt, or not dispatched (any more). */
  dispatchPhase: 'none' | 'running' | 'parked' | 'done' = 'none';
  private cachedContent: string | undefined;
  private cachedText: string | undefined;
  private cachedSegments: AnySegment[] | undefined;

  constructor(
    /** @internal */
    readonly host: SessionHost,
    readonly bot: Bot,
    readonly event: E,
    /** Names this event is emitted under, most general first. */
    readonly names: readonly string[],
  ) {}

  private get fields(): Fields {
    return this.event as unknown as Fields;
  }

  get type(): E['post_type'] {
    return this.event.post_type;
  }
  get selfId(): number {
    return this.event.self_id;
  }
  get userId(): number | undefined {
    return this.fields.user_id as number | undefined;
  }
  get groupId(): number | undefined {
    return this.fields.group_id as number | undefined;
  }
  get discussId(): number | undefined {
    return this.fields.discuss_id as number | undefined;
  }
  get messageId(): number | undefined {
    return this.fields.message_id as number | undefined;
  }
  get isMessage(): boolean {
    return this.event.post_type === 'message';
  }
  get isPrivate(): boolean {
    return this.fields.message_type === 'private';
  }
  get isGroup(): boolean {
    return this.fields.group_id !== undefined;
  }
  /** The sender object of a message event (best effort, fields may be missing). */
  get sender(): Fields | undefined {
    return this.fields.sender as Fields | undefined;
  }
  /** Group role of the sender, when the server sent one. */
  get role(): string | undefined {
    return this.sender?.role as string | undefined;
  }

  /** Where an answer goes: `group:1`, `discuss:2`, `private:3` (prompt and dedupe key on it). */
  get channel(): string {
    const f = this.fields;
    if (f.group_id !== undefined) return `group:${f.group_id}`;
    if (f.discuss_id !== undefined) return `discuss:${f.discuss_id}`;
    return `private:${f.user_id}`;
  }

  /** The message as a CQ-code string ('' for non-message events). */
  get content(): string {
    if (this.cachedContent === undefined) this.cachedContent = contentOf(this.fields.message);
    return this.cachedContent;
  }

  /** The message's text segments joined (CQ codes removed, escapes undone). (`text` is the translator.) */
  get plainText(): string {
    // Read from the event's own form: an array message is not written out and parsed back.
    if (this.cachedText === undefined) this.cachedText = plainTextOf((this.fields.message ?? '') as EventMessage);
    return this.cachedText;
  }

  /** The message as segments. */
  get segments(): AnySegment[] {
    if (this.cachedSegments === undefined) {
      const message = this.fields.message as EventMessage | undefined;
      this.cachedSegments = message === undefined ? [] : typeof message === 'string' ? parseCQ(message) : message;
    }
    return this.cachedSegments;
  }

  get isSuperuser(): boolean {
    const user = this.userId;
    return user !== undefined && this.host.superusers.has(user);
  }

  /** True when the sender has at least `level` (group role; superusers always pass; private chats count as member). */
  hasPermission(level: PermissionLevel): boolean {
    if (this.isSuperuser) return true;
    if (level === 'superuser') return false;
    const role = this.role;
    const rank = role === 'owner' ? 2 : role === 'admin' ? 1 : 0;
    return rank >= permissionRank[level];
  }

  /**
   * Send to the chat the event came from. Like the other helpers, a call that cannot apply to this
   * event (here: one that names no chat) throws at once, so the handler's plugin gets the report.
   */
  send(message: Message, options: SendOptions = noSendOptions): Promise<SendResult> {
    this.needChat('send');
    this.sentCount++;
    // Without a quick window the bot's own promise is returned: its failure is already reported
    // (send/failed) and handled there, so no wrapper promise is needed.
    const quick = this.quick;
    if (quick === null || !this.isMessage) return this.sendAction(message, options.autoEscape ?? false);
    if (quick.takeReply()) {
      const op: Fields = { reply: message };
      if (this.fields.message_type !== 'private') op.at_sender = false;
      if (options.autoEscape) op.auto_escape = true;
      quick.set(op);
      this.host.quickReplied();
      return quickReplied;
    }
    // Keep later sends behind the quick reply, which the server only sends after the response.
    if (quick.hasReply && quick.isOpen) return handled(this.sendAfterWindow(quick, message, options));
    return this.sendAction(message, options.autoEscape ?? false);
  }

  /**
   * @internal Send when nobody awaits the outcome (the answer a command or matcher returned): the
   * event is done once its handler is, and a failure is reported as `send/failed` only. Without a
   * quick window no promise is made at all.
   */
  post(message: Message): void {
    if (this.quick !== null) {
      // send() decides between the quick reply and an action; its promise never rejects unhandled.
      void this.send(message);
      return;
    }
    this.needChat('send');
    this.sentCount++;
    this.bot.post(this.sendName, this.sendParams(message, false));
  }

  private async sendAfterWindow(quick: QuickCollector, message: Message, options: SendOptions): Promise<SendResult> {
    await quick.closed;
    return this.sendAction(message, options.autoEscape ?? false);
  }

  /** Send quoting the original message (a reply segment first). */
  reply(message: Message, options: SendOptions = noSendOptions): Promise<SendResult> {
    const id = this.messageId;
    if (id === undefined) return this.send(message, options);
    const body = toSegments(message, options.autoEscape ?? false);
    return this.send([segment.reply(id), ...body] as Message);
  }

  /**
   * Wait for the same user's next message in the same chat; resolves with it, or null after
   * `timeout` ms. The awaited message is consumed: it skips middleware and commands.
   */
  prompt(timeout = 60_000): Promise<Session | null> {
    return this.host.prompts.wait(this, timeout);
  }

  /** Approve a friend or group request (remark: friend remark). */
  approve(remark?: string): Promise<void> {
    this.needRequest('approve');
    return handled(this.answerRequest(true, remark));
  }

  /** Reject a friend or group request (reason: shown for group requests). */
  reject(reason?: string): Promise<void> {
    this.needRequest('reject');
    return handled(this.answerRequest(false, reason));
  }

  /** Remove the sender from the group. */
  kick(rejectAddRequest = false): Promise<void> {
    this.needGroupMember('kick');
    return handled(this.kickNow(rejectAddRequest));
  }

  private async kickNow(rejectAddRequest: boolean): Promise<void> {
    const { group_id, user_id } = this.fields as { group_id: number; user_id: number };
    if (this.quick && this.fields.message_type === 'group' && this.quick.set({ kick: true })) return;
    await this.bot.setGroupKick({ group_id, user_id, reject_add_request: rejectAddRequest });
  }

  /** Mute the sender (anonymous senders by their flag) for `duration` seconds. */
  ban(duration = 1800): Promise<void> {
    this.needGroupMember('ban');
    return handled(this.banNow(duration));
  }

  private async banNow(duration: number): Promise<void> {
    const { group_id, user_id, anonymous } = this.fields as { group_id: number; user_id: number; anonymous?: { flag: string } | null };
    if (this.quick && this.fields.message_type === 'group' && this.quick.set({ ban: true, ban_duration: duration })) return;
    if (anonymous) await this.bot.setGroupAnonymousBan({ group_id, anonymous_flag: anonymous.flag, duration });
    else await this.bot.setGroupBan({ group_id, user_id, duration });
  }

  /** Recall the message that caused this event. */
  delete(): Promise<void> {
    if (this.messageId === undefined) throw new SessionUsageError(`delete() needs an event with a message_id; the ${this.names[this.names.length - 1]} event has none`);
    return handled(this.deleteNow());
  }

  private async deleteNow(): Promise<void> {
    const id = this.messageId!;
    if (this.quick && this.fields.message_type === 'group' && this.quick.set({ delete: true })) return;
    await this.bot.deleteMsg({ message_id: id });
  }

  private sendAction(message: Message, autoEscape: boolean): Promise<SendResult> {
    return this.bot.call(this.sendName, this.sendParams(message, autoEscape)) as Promise<SendResult>;
  }

  /** The send action of this event's chat. */
  private get sendName(): 'send_group_msg' | 'send_discuss_msg' | 'send_private_msg' {
    const f = this.fields;
    return f.group_id !== undefined ? 'send_group_msg' : f.discuss_id !== undefined ? 'send_discuss_msg' : 'send_private_msg';
  }

  private sendParams(message: Message, auto_escape: boolean): Fields {
    const f = this.fields;
    if (f.group_id !== undefined) return { group_id: f.group_id, message, auto_escape };
    if (f.discuss_id !== undefined) return { discuss_id: f.discuss_id, message, auto_escape };
    return { user_id: f.user_id, message, auto_escape };
  }

  private needChat(helper: string): void {
    const f = this.fields;
    if (f.group_id === undefined && f.discuss_id === undefined && f.user_id === undefined) {
      throw new SessionUsageError(`${helper}() needs an event that names a chat; the ${this.names[this.names.length - 1]} event names none`);
    }
  }

  private needGroupMember(helper: string): void {
    if (this.fields.group_id === undefined || this.fields.user_id === undefined) {
      throw new SessionUsageError(`${helper}() needs an event with group_id and user_id; the ${this.names[this.names.length - 1]} event lacks them`);
    }
  }

  private needRequest(helper: string): void {
    if (this.fields.post_type !== 'request') throw new SessionUsageError(`${helper}() needs a request event; this is ${this.names[this.names.length - 1]}`);
  }

  private async answerRequest(approve: boolean, text: string | undefined): Promise<void> {
    const f = this.fields;
    const flag = f.flag as string;
    if (f.request_type === 'friend') {
      const op: Fields = { approve };
      if (approve && text !== undefined) op.remark = text;
      if (this.quick?.set(op)) return;
      await this.bot.setFriendAddRequest({ flag, approve, remark: approve ? (text ?? '') : '' });
      return;
    }
    const op: Fields = { approve };
    if (!approve && text !== undefined) op.reason = text;
    if (this.quick?.set(op)) return;
    await this.bot.setGroupAddRequest({ flag, sub_type: f.sub_type as string, approve, reason: approve ? '' : (text ?? '') });
  }
}
