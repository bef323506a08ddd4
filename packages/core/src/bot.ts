/**
 * A Bot is one QQ account: every catalogue action as a typed method, the generic `call`, and
 * `enqueue` for fire-and-forget sends. Methods are put on the prototype once, from actionTable,
 * when this module loads; the mapped type ActionMethods gives them their static types.
 */
import {
  ActionError,
  type ActionName,
  type ActionParams,
  type ActionResult,
  type ActionTarget,
  type ActionTargetRef,
  actionNames,
  actionSpec,
  applyDefaults,
  fillDefaults,
  type MethodName,
  methodName,
  missingParams,
  targetOf,
} from '@cqkit/protocol';
import type { BotTransport, TransportCallOptions } from './adapter.js';
import { ActionCall, type CallHost } from './action-call.js';
import type { Logger } from './logger.js';
import type { Clock } from './scheduler/clock.js';
import type { SchedulerMetrics } from './scheduler/metrics.js';
import type { DrainReport, Scheduler } from './scheduler/scheduler.js';
import { type CallInfo, InFlightCalls } from './in-flight-calls.js';

/** How a call is sent. */
export type CallMode = 'queued' | 'direct' | 'async' | 'rate_limited';

export interface CallOptions {
  /**
   * queued: through the account's scheduler (default for sends and writes);
   * direct: straight to the transport (default for reads and system actions);
   * async / rate_limited: straight to the server's `_async` / `_rate_limited` variant.
   */
  mode?: CallMode;
  /** ms the transport gets to answer, counted from hand-off (queue time not included). Default 30 000. */
  timeout?: number;
  /** Queue priority; higher goes first. Default 0. */
  priority?: number;
  signal?: AbortSignal;
}

type OptionalWhenEmpty<N extends ActionName> = {} extends ActionParams<N>
  ? [params?: ActionParams<N>, options?: CallOptions]
  : [params: ActionParams<N>, options?: CallOptions];

/** One typed method per action: `sendGroupMsg({ group_id, message })`. */
export type ActionMethods = {
  [N in ActionName as MethodName<N>]: (...args: OptionalWhenEmpty<N>) => Promise<ActionResult<N>>;
};

export interface EnqueueHandle<T> {
  id: number;
  /** Settles with the result; a failure is also emitted as `send/failed`, so ignoring it loses nothing. */
  promise: Promise<T>;
  /** Calls waiting ahead of this one when it was queued. */
  position: number;
}

/** A failed send or write, as emitted on `send/failed`. */
export interface SendFailure {
  bot: Bot;
  action: string;
  params: Record<string, unknown>;
  target: ActionTargetRef | null;
  error: ActionError;
  retcode: number | undefined;
}

/** What the App lends a bot. */
export interface BotRuntime {
  logger: Logger;
  clock: Clock;
  defaultTimeout: number;
  reportFailure(failure: SendFailure): void;
}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the ActionMethods are installed on the prototype below, from actionTable
export class Bot {
  constructor(
    readonly selfId: number,
    private currentTransport: BotTransport,
    readonly scheduler: Scheduler,
    private readonly runtime: BotRuntime,
  ) {
    this.atCode = `[CQ:at,qq=${selfId}]`;
    this.atCodeOpen = `[CQ:at,qq=${selfId},`;
    this.inFlight = new InFlightCalls(runtime.clock);
    const readOptions: TransportCallOptions = Object.freeze({ timeout: runtime.defaultTimeout, idempotent: true });
    const writeOptions: TransportCallOptions = Object.freeze({ timeout: runtime.defaultTimeout, idempotent: false });
    this.callHost = {
      bot: this,
      inFlight: this.inFlight,
      transport: () => this.currentTransport,
      plainOptions: (timeout, idempotent) => (timeout !== runtime.defaultTimeout ? { timeout, idempotent } : idempotent ? readOptions : writeOptions),
      reportFailure: (failure) => runtime.reportFailure(failure),
    };
  }

  /** @internal An adapter re-registered the account (e.g. a WebSocket reconnected). */
  setTransport(transport: BotTransport): void {
    this.currentTransport = transport;
  }

  get logger(): Logger {
    return this.runtime.logger;
  }

  private readonly inFlight: InFlightCalls;
  /** What each call of this bot reads from it. */
  private readonly callHost: CallHost;

  /** The CQ code of a mention of this bot, prepared once for command matching. */
  readonly atCode: string;
  /** The same mention with more parameters to come (`[CQ:at,qq=ID,name=…]`). */
  readonly atCodeOpen: string;

  get metrics(): SchedulerMetrics {
    return this.scheduler.metrics;
  }

  /** Calls handed to the transport and not settled yet, queued ones and direct ones alike. */
  get callsInFlight(): number {
    return this.inFlight.count;
  }

  /** True when the scheduler has nothing waiting or in flight and no direct call is in flight. */
  get isIdle(): boolean {
    return this.inFlight.count === 0 && this.scheduler.isIdle;
  }

  /** Resolves once `isIdle` holds (at once when it does now). */
  async idle(): Promise<void> {
    // Both must hold at one moment: a queued call becomes a call in flight and may queue another.
    while (!this.isIdle) {
      if (this.scheduler.isIdle) await this.inFlight.whenZero();
      else await this.scheduler.idle();
    }
  }

  /** Call any action by name. Unknown names are passed through untyped. */
  call<N extends ActionName>(name: N, params: ActionParams<N>, options?: CallOptions): Promise<ActionResult<N>>;
  call(name: string, params?: Record<string, unknown>, options?: CallOptions): Promise<unknown>;
  call(name: string, params: object = noParams, options: CallOptions = noOptions): Promise<unknown> {
    const kind = kindOf(name);
    return this.submit(name, applyDefaults(name, params as Record<string, unknown>), options, kind, kind.reports, true).promise!;
  }

  /**
   * @internal Make a call whose outcome nobody awaits (a command's answer): no promise is made, and a
   * failure is reported as `send/failed` whatever the action's effect. `params` becomes the call's
   * own (defaults are filled in on it, not on a copy).
   */
  post(name: string, params: Record<string, unknown>): void {
    this.submit(name, fillDefaults(name, params), noOptions, kindOf(name), true, false);
  }

  /** `full`: the parameters with their defaults, owned by the call. */
  private submit(name: string, full: Record<string, unknown>, options: CallOptions, kind: ActionKind, reports: boolean, withPromise: boolean): ActionCall {
    const mode = options.mode ?? kind.mode;
    const queued = mode === 'queued';
    const action = mode === 'async' ? `${name}_async` : mode === 'rate_limited' ? `${name}_rate_limited` : name;
    const call = this.newCall(name, action, full, kind, queued, options, reports, withPromise);
    const missing = missingParams(name, full);
    if (missing.length > 0) call.refuse(missingError(name, missing));
    else if (queued) this.scheduler.add(call);
    else call.start();
    return call;
  }

  /**
   * Queue a call and return at once with a handle. The call is queued whatever its kind; a failure
   * is emitted as `send/failed` and the handle's promise never causes an unhandled rejection.
   */
  enqueue<N extends ActionName>(name: N, params: ActionParams<N>, options?: Omit<CallOptions, 'mode'>): EnqueueHandle<ActionResult<N>>;
  enqueue(name: string, params?: Record<string, unknown>, options?: Omit<CallOptions, 'mode'>): EnqueueHandle<unknown>;
  enqueue(name: string, params: object = noParams, options: Omit<CallOptions, 'mode'> = noOptions): EnqueueHandle<unknown> {
    const full = applyDefaults(name, params as Record<string, unknown>);
    // Reported whatever the effect: fire-and-forget must never fail silently.
    const call = this.newCall(name, name, full, kindOf(name), true, options, true, true);
    const missing = missingParams(name, full);
    if (missing.length > 0) {
      call.refuse(missingError(name, missing));
      return { id: -1, promise: call.promise!, position: -1 };
    }
    this.scheduler.add(call);
    return { id: call.id, promise: call.promise!, position: call.position };
  }

  private newCall(name: string, action: string, params: Record<string, unknown>, kind: ActionKind, targeted: boolean, options: CallOptions, reports: boolean, withPromise: boolean): ActionCall {
    // A fixed target (send_group_msg: group_id) is read without an object per call; send_msg and
    // the like are decided by targetOf. Only queued calls need it: reports compute it for the others.
    let targetKind: ActionTarget | null = null;
    let targetId = 0;
    if (targeted && kind.targetKey !== null) {
      const id = Number(params[kind.targetKey]);
      if (Number.isFinite(id)) {
        targetKind = kind.target;
        targetId = id;
      }
    } else if (targeted) {
      const target = targetOf(name, params);
      if (target !== null) {
        targetKind = target.kind;
        targetId = target.id;
      }
    }
    return new ActionCall(
      this.callHost,
      name,
      action,
      params,
      targetKind,
      targetId,
      options.priority ?? 0,
      options.timeout ?? this.runtime.defaultTimeout,
      options.signal,
      kind.idempotent,
      reports,
      withPromise,
    );
  }

  /** Stop taking calls, wait up to `deadline` ms for the queue, cancel and report the rest. */
  drain(deadline: number): Promise<DrainReport> {
    return this.scheduler.drain(deadline);
  }

  /** The calls handed to the transport and not settled yet. */
  callsInFlightNow(): CallInfo[] {
    return this.inFlight.list();
  }

  /**
   * @internal The app's stop deadline passed: every call in flight fails with `cancelled` ("may
   * have been sent", never re-sent) and is returned for the stop report.
   */
  abandonInFlight(reason: string): CallInfo[] {
    return this.inFlight.abandon(reason);
  }

}

// Declaration merging gives the class the generated methods' types.
export interface Bot extends ActionMethods {}

for (const name of actionNames) {
  Object.defineProperty(Bot.prototype, methodName(name), {
    value: function (this: Bot, params?: object, options?: CallOptions) {
      return this.call(name, (params ?? noParams) as Record<string, unknown>, options);
    },
    writable: true,
    configurable: true,
  });
}

function missingError(action: string, missing: readonly string[]): ActionError {
  const noun = missing.length > 1 ? 'parameters' : 'parameter';
  return new ActionError({ action, kind: 'invalid-params', message: `${action}: missing required ${noun} ${missing.join(', ')}` });
}


// Shared defaults: a call without options or params allocates no empty object (params are copied by applyDefaults).
const noParams: Record<string, unknown> = Object.freeze({});
const noOptions: CallOptions = Object.freeze({});

/** How a call of an action goes by default, from the catalogue's effect; prepared once per action. */
interface ActionKind {
  mode: 'queued' | 'direct';
  /** The action's fixed target and the parameter naming it (send_group_msg: group, group_id); null when none or decided per call. */
  target: ActionTarget | null;
  targetKey: string | null;
  /** Reads may be retried by a transport. */
  idempotent: boolean;
  /** Sends and writes report a failure as `send/failed`. */
  reports: boolean;
}

const kinds = new Map<string, ActionKind>();
/** An action the catalogue does not know: passed through, direct, never retried, not reported. */
const unknownKind: ActionKind = { mode: 'direct', target: null, targetKey: null, idempotent: false, reports: false };

function kindOf(name: string): ActionKind {
  let kind = kinds.get(name);
  if (kind === undefined) {
    const spec = actionSpec(name);
    if (spec === undefined) return unknownKind;
    const effect = spec.effect;
    const sendOrWrite = effect === 'send' || effect === 'write';
    const target = spec.target;
    kind = {
      mode: sendOrWrite ? 'queued' : 'direct',
      target,
      targetKey: target === null ? null : `${target}_id`,
      idempotent: effect === 'read',
      reports: sendOrWrite,
    };
    kinds.set(name, kind);
  }
  return kind;
}
