/**
 * One action call of a bot, from the method call to its settlement: the scheduler's queue entry
 * (a ScheduledJob), the call in flight with its deadline (a DeadlineEntry of the bot's
 * InFlightCalls), the abort listener and the caller's promise, in one object, because this runs for
 * every call. It settles once, by the answer, its deadline, the caller's abort signal, or a refusal
 * (missing parameters, queue full, stop), and whichever comes first wins.
 *
 * A failure of a send or write is reported (`send/failed`); the caller's promise is then marked
 * handled, so a call nobody awaits cannot crash the process with an unhandled rejection. A read's
 * failure is only marked handled (a read whose result nobody wants has nothing to report).
 *
 * A call posted without a promise (Bot.post: a command's answer, which nobody awaits) allocates none
 * and settles no promise: its outcome is the report alone.
 */
import { ActionError, type ActionTarget, isActionError, targetOf } from '@cqkit/protocol';
import type { BotTransport, CallReceiver, TransportCallOptions } from './adapter.js';
import type { Bot, SendFailure } from './bot.js';
import type { DeadlineEntry } from './deadlines.js';
import { describeError } from './describe-error.js';
import type { InFlightCalls } from './in-flight-calls.js';
import { ScheduledJob } from './scheduler/job.js';

/** What a call needs from its bot. */
export interface CallHost {
  readonly bot: Bot;
  readonly inFlight: InFlightCalls;
  transport(): BotTransport;
  /** The transport options of a call without a signal (shared objects for the usual timeout). */
  plainOptions(timeout: number, idempotent: boolean): TransportCallOptions;
  reportFailure(failure: SendFailure): void;
}

export class ActionCall extends ScheduledJob implements DeadlineEntry, CallReceiver {
  /** The caller's promise; undefined for a posted call (see the top of this file). */
  readonly promise: Promise<unknown> | undefined;
  private readonly resolveCall: ((value: unknown) => void) | undefined;
  private readonly rejectCall: ((error: unknown) => void) | undefined;
  private settled = false;
  private handedOff = false;
  /** Clock time the call was handed to the transport. */
  startedAt = 0;
  deadline = Number.POSITIVE_INFINITY;
  prevEntry: DeadlineEntry | null = null;
  nextEntry: DeadlineEntry | null = null;

  /**
   * Positional rather than an options object: one object less per call. `name` is the catalogue name
   * (reports name it), `action` the name given to the transport (`_async` / `_rate_limited`
   * variants); the target is needed up front only by queued calls (kind null otherwise: reports
   * compute it); `reports`: a failure is reported as `send/failed` (sends, writes, everything
   * enqueued); `idempotent`: a read, which a transport may retry; `withPromise`: false for a posted
   * call.
   */
  constructor(
    private readonly host: CallHost,
    readonly name: string,
    readonly action: string,
    readonly params: Record<string, unknown>,
    readonly targetKind: ActionTarget | null,
    readonly targetId: number,
    readonly priority: number,
    readonly timeout: number,
    private readonly signal: AbortSignal | undefined,
    private readonly idempotent: boolean,
    private readonly reports: boolean,
    withPromise: boolean,
  ) {
    super();
    if (!withPromise) return;
    // A static executor: no closure per call to capture the resolvers.
    this.promise = new Promise(captureResolvers);
    this.resolveCall = capturedResolve;
    this.rejectCall = capturedReject;
    capturedResolve = undefined;
    capturedReject = undefined;
  }

  /** Hand the call to the transport, with its deadline counted from now. */
  start(): void {
    const signal = this.signal;
    // Aborted while it waited in the queue: it must not go out at all.
    if (signal?.aborted) {
      this.fail(abortError(this.action, signal));
      return;
    }
    const inFlight = this.host.inFlight;
    this.startedAt = inFlight.now();
    this.deadline = this.startedAt + this.timeout;
    this.handedOff = true;
    inFlight.add(this);
    signal?.addEventListener('abort', this);
    const options = signal ? { timeout: this.timeout, signal, idempotent: this.idempotent } : this.host.plainOptions(this.timeout, this.idempotent);
    const transport = this.host.transport();
    try {
      if (transport.deliver !== undefined) {
        transport.deliver(this.action, this.params, options, this);
        return;
      }
      transport.call(this.action, this.params, options).then(
        (value) => this.succeed(value),
        (error: unknown) => this.fail(error),
      );
    } catch (error) {
      this.fail(error);
    }
  }

  refuse(error: ActionError): void {
    this.fail(error);
  }

  succeed(value: unknown): void {
    if (this.finish(true)) this.resolveCall?.(value);
  }

  fail(cause: unknown): void {
    if (!this.finish(false)) return;
    const error = isActionError(cause)
      ? cause
      : new ActionError({ action: this.action, kind: 'unreachable', message: `${this.action}: ${describeError(cause)}`, cause });
    // Handled before it rejects (see the top of this file).
    this.promise?.catch(noop);
    if (this.reports) {
      this.host.reportFailure({
        bot: this.host.bot,
        action: this.name,
        params: this.params,
        target: this.target ?? targetOf(this.name, this.params),
        error,
        retcode: error.retcode,
      });
    }
    this.rejectCall?.(error);
  }

  /** The deadline passed with no answer (InFlightCalls' sweep). */
  expire(): void {
    this.fail(new ActionError({ action: this.action, kind: 'timeout', message: `${this.action}: no answer within ${this.timeout} ms` }));
  }

  /** The abort listener. */
  handleEvent(): void {
    this.fail(abortError(this.action, this.signal!));
  }

  private finish(ok: boolean): boolean {
    if (this.settled) return false;
    this.settled = true;
    if (this.handedOff) {
      this.signal?.removeEventListener('abort', this);
      this.host.inFlight.remove(this);
    }
    this.end(ok);
    return true;
  }
}

/** The caller gave up (its AbortSignal fired): the answer, if one comes, is no longer wanted. */
export function abortError(action: string, signal: AbortSignal): ActionError {
  return new ActionError({ action, kind: 'cancelled', message: `${action}: cancelled by the caller's signal`, cause: signal.reason });
}

function noop(): void {}

let capturedResolve: ((value: unknown) => void) | undefined;
let capturedReject: ((error: unknown) => void) | undefined;

/** The Promise executor of every call: it runs synchronously, so the constructor reads the two at once. */
function captureResolvers(resolve: (value: unknown) => void, reject: (error: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}
