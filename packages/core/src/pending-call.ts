/**
 * One call handed to the transport: it settles once, by the answer, the timeout or the caller's
 * abort signal, and whichever comes first clears the others. A class rather than closures because
 * this runs for every call: no per-call named functions, and the object itself is the abort
 * listener (`handleEvent`).
 */
import { ActionError } from '@cqkit/protocol';
import type { Clock, TimerHandle } from './scheduler/clock.js';
import type { InFlightCalls } from './in-flight-calls.js';

export class PendingCall {
  private settled = false;
  private readonly timer: TimerHandle;
  /** Clock time the call was handed to the transport. */
  readonly startedAt: number;

  constructor(
    readonly action: string,
    readonly params: Record<string, unknown>,
    private readonly clock: Clock,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (value: unknown) => void,
    private readonly reject: (error: unknown) => void,
    timeout: number,
    /** The bot's calls in flight: entered here, left when the call settles. */
    private readonly inFlight: InFlightCalls,
  ) {
    this.startedAt = clock.now();
    inFlight.add(this);
    this.timer = clock.setTimeout(() => this.fail(new ActionError({ action, kind: 'timeout', message: `${action}: no answer within ${timeout} ms` })), timeout);
    signal?.addEventListener('abort', this);
  }

  succeed(value: unknown): void {
    if (this.finish()) this.resolve(value);
  }

  fail(error: unknown): void {
    if (this.finish()) this.reject(error);
  }

  /** The abort listener. */
  handleEvent(): void {
    this.fail(abortError(this.action, this.signal!));
  }

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.clock.clearTimeout(this.timer);
    this.signal?.removeEventListener('abort', this);
    this.inFlight.remove(this);
    return true;
  }
}

/** The caller gave up (its AbortSignal fired): the answer, if one comes, is no longer wanted. */
export function abortError(action: string, signal: AbortSignal): ActionError {
  return new ActionError({ action, kind: 'cancelled', message: `${action}: cancelled by the caller's signal`, cause: signal.reason });
}
