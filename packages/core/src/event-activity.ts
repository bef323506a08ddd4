/**
 * Which events the app is still handling, for `app.idle()`. An event counts from dispatch until its
 * handlers are done, except while it is parked on a `session.prompt()`: then it waits for a person,
 * not for the bot, and the bot is idle as far as callers are concerned. A session is parked at most
 * once (one prompt per user and chat), so its phase tells which transitions still count.
 */
import type { Session } from './session.js';
import { WorkCounter } from './work-counter.js';

export class EventActivity {
  readonly running = new WorkCounter();

  started(session: Session): void {
    session.dispatchPhase = 'running';
    this.running.enter();
  }

  finished(session: Session): void {
    if (session.dispatchPhase === 'running') this.running.leave();
    session.dispatchPhase = 'done';
  }

  /** A handler of `session` now waits for a prompt's answer. */
  parked(session: Session): void {
    if (session.dispatchPhase !== 'running') return;
    session.dispatchPhase = 'parked';
    this.running.leave();
  }

  /** The prompt `session` waited for was answered, timed out or replaced: its handler runs again. */
  resumed(session: Session): void {
    if (session.dispatchPhase !== 'parked') return;
    session.dispatchPhase = 'running';
    this.running.enter();
  }
}
