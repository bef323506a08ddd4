/**
 * The transport-independent action core: every channel (HTTP, WebSocket, quick operations, the
 * control API) calls `execute`. It resolves the name (suffixes `_async` / `_rate_limited`, name
 * aliases), reads parameters with the catalogue's types and defaults, runs the handler and wraps
 * the outcome in a response envelope. Unknown actions are reported as `{ found: false }` so each
 * transport answers them its own way (HTTP 404, WebSocket retcode 1404).
 */
import { actionTable, asyncAccepted, failed, ok, type ActionSpec, type ResponseEnvelope } from '@cqkit/protocol';
import type { Clock } from '../clock.js';
import type { CallOrigin } from '../outbox.js';
import { ActionFailure } from './failure.js';
import { Params, type RawParams } from './params.js';
import { RateLimitedQueue } from './rate-limited-queue.js';
import type { SandboxState } from './state.js';

export interface ActionCall {
  readonly name: string;
  readonly params: Params;
  readonly raw: RawParams;
  readonly state: SandboxState;
  readonly origin: CallOrigin;
  /** Run another action through the same core, as a quick operation (`.handle_quick_operation` does). */
  readonly execute: (action: string, params: RawParams) => Promise<ActionOutcome>;
}

/** Returns the response `data` (undefined means null), or throws an ActionFailure. */
export type ActionHandler = (call: ActionCall) => unknown;

export type ActionOutcome = { found: true; envelope: ResponseEnvelope } | { found: false };

/** Something that happened through the action core, for logs and the terminal chat. */
export interface ExecutedAction {
  action: string;
  params: RawParams;
  envelope: ResponseEnvelope;
  origin: CallOrigin;
  /** Milliseconds, sandbox clock. */
  time: number;
}

export interface ActionServerOptions {
  rateLimited: boolean;
  /** ms between two rate-limited actions. */
  rateLimitInterval: number;
  clock: Clock;
}

const ASYNC = '_async';
const RATE_LIMITED = '_rate_limited';

export class ActionServer {
  private readonly handlers = new Map<string, { handler: ActionHandler; spec: ActionSpec | undefined }>();
  private readonly listeners = new Set<(executed: ExecutedAction) => void>();
  private readonly queue: RateLimitedQueue;
  private readonly pendingAsync = new Set<Promise<unknown>>();

  constructor(
    private readonly state: SandboxState,
    handlers: Readonly<Record<string, ActionHandler>>,
    private readonly options: ActionServerOptions,
  ) {
    const specs = actionTable as Readonly<Record<string, ActionSpec>>;
    for (const [name, handler] of Object.entries(handlers)) {
      const spec = specs[name];
      this.handlers.set(name, { handler, spec });
      for (const alias of spec?.nameAliases ?? []) this.handlers.set(alias, { handler, spec });
    }
    this.queue = new RateLimitedQueue(options.clock, options.rateLimitInterval);
  }

  /** Names served directly (without suffixes). */
  get names(): string[] {
    return [...this.handlers.keys()];
  }

  has(action: string): boolean {
    return this.handlers.has(action);
  }

  /** Called after every executed action (success or failure). */
  onExecuted(listener: (executed: ExecutedAction) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The rate-limited queue (for tests: its length and idle state). */
  get rateLimitedQueue(): RateLimitedQueue {
    return this.queue;
  }

  /** Resolves when every `_async` call accepted so far has run (bounded). */
  async asyncIdle(): Promise<void> {
    for (let round = 0; round < 1000 && this.pendingAsync.size > 0; round++) await Promise.allSettled([...this.pendingAsync]);
  }

  /** True while `_async` calls wait to run. */
  get asyncBusy(): boolean {
    return this.pendingAsync.size > 0;
  }

  async execute(action: string, raw: RawParams, origin: CallOrigin = 'internal'): Promise<ActionOutcome> {
    if (this.handlers.has(action)) return { found: true, envelope: await this.run(action, raw, origin) };
    if (action.endsWith(ASYNC)) {
      const base = action.slice(0, -ASYNC.length);
      if (base === '' || hasSuffix(base)) return { found: false };
      // CQHTTP does not check that the base exists: `nonsense_async` is accepted too.
      const task = new Promise<void>((resolve) => {
        setImmediate(() => {
          const run = this.handlers.has(base) ? this.run(base, raw, origin).then(() => undefined) : Promise.resolve();
          run.finally(resolve);
        });
      });
      this.pendingAsync.add(task);
      task.finally(() => this.pendingAsync.delete(task));
      return { found: true, envelope: asyncAccepted() };
    }
    if (action.endsWith(RATE_LIMITED) && this.options.rateLimited) {
      const base = action.slice(0, -RATE_LIMITED.length);
      if (base === '' || hasSuffix(base)) return { found: false };
      this.queue.push(async () => {
        if (this.handlers.has(base)) await this.run(base, raw, origin);
      });
      return { found: true, envelope: asyncAccepted() };
    }
    return { found: false };
  }

  private async run(action: string, raw: RawParams, origin: CallOrigin): Promise<ResponseEnvelope> {
    const entry = this.handlers.get(action);
    if (!entry) return failed(100);
    const call: ActionCall = {
      name: action,
      params: new Params(raw, entry.spec),
      raw,
      state: this.state,
      origin,
      execute: (next, params) => this.execute(next, params, 'quick_operation'),
    };
    let envelope: ResponseEnvelope;
    try {
      const data = await entry.handler(call);
      envelope = data instanceof EnvelopeResult ? data.envelope : ok(data === undefined ? null : data);
    } catch (error) {
      if (error instanceof ActionFailure) envelope = failed(error.retcode);
      else {
        // A handler bug must not take the server down; CQHTTP's default failure code is 100.
        this.state.log('warn', `action ${action} threw: ${error instanceof Error ? error.message : String(error)}`);
        envelope = failed(100);
      }
    }
    const executed: ExecutedAction = { action, params: raw, envelope, origin, time: this.options.clock.now() };
    for (const listener of this.listeners) {
      try {
        listener(executed);
      } catch {
        // observers cannot break calls
      }
    }
    return envelope;
  }
}

/** Handlers that must answer with a non-ok envelope on success (set_restart: async) return one of these. */
export class EnvelopeResult {
  constructor(readonly envelope: ResponseEnvelope) {}
}

function hasSuffix(name: string): boolean {
  return name.endsWith(ASYNC) || name.endsWith(RATE_LIMITED);
}
