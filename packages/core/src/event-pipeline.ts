/**
 * The way an event travels through the app:
 * gates -> listeners (by name) -> pending prompts -> middleware -> the commands service, which is
 * simply the last step of the middleware chain. Nothing here is allocated per event beyond the
 * Session (and, with a quick window, its collector).
 */
import { type CQEvent, eventNames } from '@cqkit/protocol';
import type { EventEmitter } from 'eventemitter3';
import type { DispatchOptions, QuickReply } from './adapter.js';
import type { Bot } from './bot.js';
import { DeadlineSet } from './deadlines.js';
import { EventActivity } from './event-activity.js';
import type { Gate } from './gates.js';
import type { I18n } from './i18n/i18n.js';
import type { Logger } from './logger.js';
import { type ChainHost, MiddlewareChain } from './middleware.js';
import type { ReportError } from './plugin-errors.js';
import { PromptRegistry } from './prompts.js';
import { QuickCollector, quickReplyNow, quickWindow } from './quick.js';
import { RegistrationList } from './registration-list.js';
import type { Clock } from './scheduler/clock.js';
import { Session, type SessionHost } from './session.js';

/** What the pipeline reads from the app. */
export interface PipelineParts {
  readonly bots: ReadonlyMap<number, Bot>;
  readonly bus: EventEmitter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly superusers: ReadonlySet<number>;
  readonly report: ReportError;
  /** The `i18n` service sessions read their texts from. */
  readonly i18n: I18n;
  /** The last step of the middleware chain (the commands service). */
  readonly commandStep: (session: Session) => Promise<void> | undefined;
}

export class EventPipeline {
  readonly gates = new RegistrationList<Gate>();
  readonly middlewares = new MiddlewareChain();
  readonly activity = new EventActivity();
  readonly prompts: PromptRegistry;
  /** Events dispatched. */
  events = 0;
  /** Events dropped: no bot for their self_id, or refused by a gate. */
  dropped = 0;
  /** Replies that went out as quick operations (in the HTTP response of their event). */
  quickReplies = 0;
  /** Built once: what every Session and every chain run gets, without per-event closures. */
  private readonly sessionHost: SessionHost;
  private readonly chainHost: ChainHost;
  /** The quick windows of the events in flight, on one timer. */
  private readonly windows: DeadlineSet<QuickCollector>;

  constructor(private readonly parts: PipelineParts) {
    this.prompts = new PromptRegistry(parts.clock, this.activity);
    this.windows = new DeadlineSet(parts.clock);
    this.sessionHost = {
      superusers: parts.superusers,
      prompts: this.prompts,
      translations: parts.i18n,
      quickReplied: () => {
        this.quickReplies++;
      },
    };
    this.chainHost = {
      terminal: parts.commandStep,
      middlewareFailed: (plugin, error, session) => parts.report(plugin, 'middleware', error, session),
    };
  }

  /**
   * Run an event through the app. With `quickWindow`, resolves by then with the quick reply
   * collected from the handlers (./quick.ts); without, resolves with null once handlers are done.
   */
  dispatch(event: CQEvent, options?: DispatchOptions): Promise<QuickReply | null> {
    this.events++;
    const bots = this.parts.bots;
    let bot = bots.get(event.self_id);
    if (!bot && bots.size === 1) bot = bots.values().next().value;
    if (!bot) {
      this.dropped++;
      this.parts.logger.warn({ selfId: event.self_id }, `event for unknown bot ${event.self_id} dropped (no adapter registered it)`);
      return settledNull;
    }
    const session = new Session(this.sessionHost, bot, event, eventNames(event));
    this.activity.started(session);
    const window = options?.quickWindow;
    if (window === undefined) return this.process(session);
    const quick = new QuickCollector();
    session.quick = quick;
    const handling = this.process(session);
    // Handlers that were done at once (most are) need no window: its clock read and timer are saved.
    if (session.dispatchPhase === 'done') return quickReplyNow(quick);
    return quickWindow(quick, handling, window, this.windows);
  }

  /**
   * Never rejects: a fault of the core itself on a malformed event is logged, not thrown at the
   * adapter. Resolves with null, dispatch's answer when there is no quick window. The steps below
   * return their promise (or nothing when done at once) instead of awaiting it, and this waits with
   * one `then`: an event costs no suspended async function.
   */
  private process(session: Session): Promise<null> {
    let pending: Promise<void> | undefined;
    try {
      pending = this.run(session);
    } catch (error) {
      this.failed(session, error);
      return this.finishNow(session);
    }
    if (pending === undefined) return session.tasks === null ? this.finishNow(session) : this.awaitTasks(session);
    return pending.then(
      () => (session.tasks === null ? this.finish(session) : this.awaitTasks(session)),
      (error: unknown) => {
        this.failed(session, error);
        return this.finish(session);
      },
    );
  }

  /** The async work listeners started for the event (rare: most listeners are sync). */
  private async awaitTasks(session: Session): Promise<null> {
    try {
      await Promise.all(session.tasks!);
    } catch (error) {
      this.failed(session, error);
    }
    return this.finish(session);
  }

  private failed(session: Session, error: unknown): void {
    this.parts.logger.error({ err: error, selfId: session.selfId, eventNames: session.names }, 'event processing failed');
  }

  /** The event is done: its quick window closes first (a send held behind the quick reply is queued right away, before anyone waiting on idle() looks again). */
  private finish(session: Session): null {
    session.quick?.close();
    this.activity.finished(session);
    return null;
  }

  /** finish(), for an event done at once: one shared settled promise instead of one per event. */
  private finishNow(session: Session): Promise<null> {
    this.finish(session);
    return settledNull;
  }

  /** Gates, listeners, then a pending prompt or the middleware chain. */
  private run(session: Session): Promise<void> | undefined {
    const gates = this.gates.items;
    for (let i = 0; i < gates.length; i++) {
      const gate = gates[i]!;
      let pass = true;
      try {
        pass = gate.gate(session);
      } catch (error) {
        this.parts.report(gate.plugin, 'gate', error, session);
      }
      if (!pass) {
        this.dropped++;
        return undefined;
      }
    }
    const names = session.names;
    const bus = this.parts.bus;
    for (let i = 0; i < names.length; i++) bus.emit(names[i]!, session);
    if (session.isMessage && this.prompts.consume(session)) return undefined;
    return this.middlewares.run(session, this.chainHost);
  }
}

const settledNull: Promise<null> = Promise.resolve(null);
