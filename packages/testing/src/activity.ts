/**
 * Knows whether the bot is still busy. It sees the three places work can hide:
 * - dispatches: the adapter handed an event to the app and the app has not answered yet;
 * - handlers: a session still runs in the middleware chain, commands or async listeners
 *   (seen by a middleware put first in the chain);
 * - calls: an action was handed to the transport and has no answer yet.
 * The send queues and the sandbox (event posts, quick operations) are checked by the caller.
 */
import type { Session } from '@cqkit/core';

export class Activity {
  private readonly dispatches = new Set<Promise<unknown>>();
  private readonly sessions = new Map<Session, Promise<unknown>>();
  private readonly calls = new Set<Promise<unknown>>();
  /** Bumped whenever work starts; idle checks compare it before and after a pause. */
  ticks = 0;

  trackDispatch(promise: Promise<unknown>): void {
    this.add(this.dispatches, promise);
  }

  trackCall(promise: Promise<unknown>): void {
    this.add(this.calls, promise);
  }

  trackSession(session: Session, promise: Promise<unknown>): void {
    this.ticks++;
    const settled = promise.then(noop, noop);
    this.sessions.set(session, settled);
    void settled.then(() => {
      if (this.sessions.get(session) === settled) this.sessions.delete(session);
    });
  }

  get pendingDispatches(): number {
    return this.dispatches.size;
  }
  get runningHandlers(): number {
    return this.sessions.size;
  }
  get callsInFlight(): number {
    return this.calls.size;
  }

  /** Settles when any tracked piece of work settles (or at once when there is none). */
  anySettled(includeHandlers: boolean): Promise<void> {
    const all: Promise<unknown>[] = [...this.dispatches, ...this.calls];
    if (includeHandlers) all.push(...this.sessions.values());
    if (all.length === 0) return Promise.resolve();
    return Promise.race(all).then(noop, noop);
  }

  private add(set: Set<Promise<unknown>>, promise: Promise<unknown>): void {
    this.ticks++;
    const settled = promise.then(noop, noop);
    set.add(settled);
    void settled.then(() => set.delete(settled));
  }
}

function noop(): void {}
