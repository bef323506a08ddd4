/** Pending `session.prompt()` calls, keyed by bot, chat and user so a lookup per message is one Map get. */
import type { EventActivity } from './event-activity.js';
import type { Clock, TimerHandle } from './scheduler/clock.js';
import type { Session } from './session.js';

interface Waiter {
  /** The session that asked; it cannot answer itself (listeners run before prompts are checked). */
  origin: Session;
  resolve: (session: Session | null) => void;
  timer: TimerHandle;
}

export class PromptRegistry {
  private readonly waiters = new Map<string, Waiter>();

  /**
   * `clock`: the app's clock, so an injected clock drives prompt timeouts like every other timeout.
   * `activity`: told when an event's handler parks on a prompt and resumes (app.idle counts it).
   */
  constructor(
    private readonly clock: Clock,
    private readonly activity: EventActivity,
  ) {}

  get size(): number {
    return this.waiters.size;
  }

  wait(session: Session, timeout: number): Promise<Session | null> {
    const key = keyOf(session);
    // A newer prompt for the same user and chat replaces an older one (which resolves null).
    this.waiters.get(key)?.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        origin: session,
        resolve: (value) => {
          this.clock.clearTimeout(waiter.timer);
          if (this.waiters.get(key) === waiter) this.waiters.delete(key);
          this.activity.resumed(session);
          resolve(value);
        },
        timer: this.clock.setTimeout(() => waiter.resolve(null), timeout),
      };
      this.waiters.set(key, waiter);
      this.activity.parked(session);
    });
  }

  /** Hand `session` to a waiting prompt; true when one took it. */
  consume(session: Session): boolean {
    if (this.waiters.size === 0 || !session.isMessage) return false;
    const waiter = this.waiters.get(keyOf(session));
    if (!waiter || waiter.origin === session) return false;
    waiter.resolve(session);
    return true;
  }

  /** Resolve every pending prompt with null (app stopping). */
  cancelAll(): void {
    for (const waiter of [...this.waiters.values()]) waiter.resolve(null);
  }
}

function keyOf(session: Session): string {
  return `${session.selfId}/${session.channel}/${session.userId}`;
}
