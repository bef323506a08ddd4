/**
 * A bot's calls handed to its transport and not settled yet: counted (idle() waits on the count),
 * kept, so that a stop at its deadline can list them and give up on them, and timed out, all calls
 * on one timer (./deadlines.ts).
 */
import { ActionError, type ActionTargetRef, targetOf } from '@cqkit/protocol';
import { DeadlineSet } from './deadlines.js';
import type { ActionCall } from './action-call.js';
import type { Clock } from './scheduler/clock.js';
import { WorkCounter } from './work-counter.js';

/** A call that was handed to the transport: it may have reached the server. */
export interface CallInfo {
  /** The action name given to the transport. */
  action: string;
  params: Record<string, unknown>;
  target: ActionTargetRef | null;
  /** Clock time it was handed to the transport. */
  startedAt: number;
}

export class InFlightCalls {
  private readonly counter = new WorkCounter();
  private readonly calls: DeadlineSet<ActionCall>;

  constructor(clock: Clock) {
    this.calls = new DeadlineSet(clock);
  }

  get count(): number {
    return this.counter.count;
  }

  now(): number {
    return this.calls.now();
  }

  add(call: ActionCall): void {
    this.calls.add(call);
    this.counter.enter();
  }

  remove(call: ActionCall): void {
    if (this.calls.remove(call)) this.counter.leave();
  }

  /** Resolves the next time no call is in flight (at once when none is). */
  whenZero(): Promise<void> {
    return this.counter.whenZero();
  }

  list(): CallInfo[] {
    return [...this.calls].map(infoOf);
  }

  /**
   * Settle every call in flight with a `cancelled` error saying it may have been sent (its answer, if
   * one comes, is ignored; nothing is re-sent), and return what they were.
   */
  abandon(reason: string): CallInfo[] {
    const calls = [...this.calls];
    for (const call of calls) {
      call.fail(new ActionError({ action: call.action, kind: 'cancelled', message: `${call.action}: ${reason}; it may have been sent, so it is not re-sent` }));
    }
    return calls.map(infoOf);
  }
}

function infoOf(call: ActionCall): CallInfo {
  return { action: call.action, params: call.params, target: targetOf(call.action, call.params), startedAt: call.startedAt };
}
