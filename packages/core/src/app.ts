/**
 * The App: the root context, its lifecycle (start, stop), its plugins and its bots. Events travel
 * through ./event-pipeline.ts, commands run in ./commands/service.ts; both are parts (./app-parts.ts)
 * the App owns and contexts reach directly.
 */
import { type CQEvent, redactText } from '@cqkit/protocol';
import type { Adapter, AdapterHost, BotTransport, DispatchOptions, QuickReply } from './adapter.js';
import type { AppMetrics, AppOptions } from './app-options.js';
import { AppParts } from './app-parts.js';
import { Bot, type SendFailure } from './bot.js';
import type { Command } from './commands/command.js';
import { Context } from './context.js';
import { AppStoppedError } from './errors.js';
import type { AnyPlugin } from './plugin.js';
import type { Clock } from './scheduler/clock.js';
import type { SchedulerMetrics } from './scheduler/metrics.js';
import { Scheduler } from './scheduler/scheduler.js';
import { Scope } from './scope.js';
import { describeStop, type PendingCalls, pendingCalls, StopDeadline, type StopOptions, type StopReport, settleCalls, stopAdapters } from './stop.js';

/** The root context's host: the parts, and the app once it exists. */
class RootHost extends AppParts {
  app!: App;
}

export class App extends Context {
  readonly options: AppOptions;
  readonly superusers: ReadonlySet<number>;
  /** Time source of send queues, call timeouts, prompts and quick windows (`options.clock`). */
  readonly clock: Clock;
  private readonly adapters: Adapter[] = [];
  private started = false;
  private stopped = false;

  constructor(options: AppOptions = {}) {
    const host = new RootHost(options);
    super(host, { name: 'app', scope: new Scope(null), logger: host.logger, parent: null }, null);
    host.app = this;
    this.options = options;
    this.superusers = host.superusers;
    this.clock = host.clock;
    // Translations are a service like any other; core provides it, with its own texts, from the start.
    this.provide('i18n', host.i18n);
  }

  /** Every registered command, for help plugins. */
  get commands(): Command[] {
    return this.host.commands.commands;
  }

  get isStarted(): boolean {
    return this.started;
  }

  get metrics(): AppMetrics {
    const { pipeline, errors } = this.host;
    const bots = new Map<number, SchedulerMetrics>();
    for (const [id, bot] of this.host.bots) bots.set(id, bot.metrics);
    const { events, dropped, quickReplies } = pipeline;
    return { events, dropped, pluginErrors: errors.count, quickReplies, errorsByPlugin: new Map(errors.byPlugin), bots };
  }

  /** Events being handled now: dispatched, handlers not done, and not just waiting on `session.prompt()`. */
  get eventsInProgress(): number {
    return this.host.pipeline.activity.running.count;
  }

  /** `session.prompt()` calls waiting for the user's next message. */
  get pendingPrompts(): number {
    return this.host.pipeline.prompts.size;
  }

  /** True when no event is in progress and every bot is idle (nothing queued, nothing in flight). */
  get isIdle(): boolean {
    if (this.eventsInProgress > 0) return false;
    for (const bot of this.host.bots.values()) if (!bot.isIdle) return false;
    return true;
  }

  /**
   * Resolves once `isIdle` holds: every event's handlers are done (or only wait on a prompt) and no
   * bot has a call queued or in flight. At once when that is so now. Event-driven, no polling;
   * race it with a timeout when a handler may never finish.
   */
  async idle(): Promise<void> {
    // One pass sees both conditions at one moment; a finished call can resume a handler and the
    // other way round, so wait for whichever is busy and look again.
    const running = this.host.pipeline.activity.running;
    for (;;) {
      if (running.count > 0) {
        await running.whenZero();
        continue;
      }
      let busy: Bot | undefined;
      for (const bot of this.host.bots.values()) {
        if (!bot.isIdle) {
          busy = bot;
          break;
        }
      }
      if (busy === undefined) return;
      await busy.idle();
    }
  }

  /** Add a transport; started at once when the app already runs. */
  adapter(adapter: Adapter): void {
    this.adapters.push(adapter);
    if (this.started) {
      adapter.start(this.hostFor(adapter)).catch((error: unknown) => this.host.logger.error({ err: error, adapter: adapter.name }, `adapter ${adapter.name} failed to start`));
    }
  }

  /** Unload a plugin loaded anywhere in this app; false when it was not loaded. */
  unload(plugin: AnyPlugin): boolean {
    const runtime = this.host.loaded.get(plugin);
    if (!runtime) return false;
    for (const error of runtime.scope.dispose()) this.host.report(runtime.name, 'dispose', error);
    return true;
  }

  /**
   * Start every adapter, then run `ready` hooks. When an adapter fails to start, the ones already
   * started (and the failing one, which may hold part of its resources) are stopped again, so a
   * failed start leaves no port open, and its error is rethrown.
   */
  async start(): Promise<void> {
    if (this.started) return;
    if (this.stopped) throw new AppStoppedError('this app was stopped; create a new one');
    const logger = this.host.logger;
    for (let i = 0; i < this.adapters.length; i++) {
      const adapter = this.adapters[i]!;
      try {
        await adapter.start(this.hostFor(adapter));
      } catch (error) {
        logger.error({ err: error, adapter: adapter.name }, `adapter ${adapter.name} failed to start`);
        // Nothing was sent yet: no time to give; in reverse order, as they were started.
        const cleanup = new StopDeadline(this.clock, 0);
        for (let j = i; j >= 0; j--) await stopAdapters([this.adapters[j]!], cleanup, logger);
        cleanup.dispose();
        throw error;
      }
    }
    this.started = true;
    await this.host.lifecycle.start();
    const services = this.host.services;
    for (const waiting of services.waiting()) {
      const missing = services.missing(waiting.names).map((name) => `"${name}"`);
      logger.warn({ plugin: waiting.plugin, missing }, `plugin "${waiting.plugin}" waits for service(s) ${missing.join(', ')}: no plugin provides them, so it does not run yet`);
    }
    const waiting = this.adapters.flatMap((a) => a.waitingFor?.() ?? []);
    const started = waiting.length === 0 ? 'cqkit started' : `cqkit started, waiting for ${waiting.join(', ')}`;
    logger.info({ adapters: this.adapters.map((a) => a.name), plugins: [...this.host.loaded.values()].map((r) => r.name) }, started);
  }

  /**
   * Drain every send queue and wait for answers within `deadline` ms; at the deadline, calls still
   * queued are cancelled ("not sent") and calls still in flight are given up ("may have been sent",
   * never re-sent). Then the adapters stop (told the deadline by an AbortSignal) and every plugin is
   * unloaded. Returns within the deadline plus a small constant, whatever the transport does.
   * Final: an app is not restarted.
   */
  async stop(options: StopOptions = {}): Promise<StopReport> {
    const logger = this.host.logger;
    this.stopped = true;
    this.host.pipeline.prompts.cancelAll();
    const bots = [...this.host.bots.values()];
    const deadline = new StopDeadline(this.clock, options.deadline ?? 10_000);
    const report = await settleCalls(bots, deadline);
    // Adapters of an app that never started were never started either: nothing to stop.
    if (this.started) await stopAdapters(this.adapters, deadline, logger);
    deadline.dispose();
    for (const bot of bots) {
      const { targets, ...totals } = bot.metrics;
      logger.info({ bot: bot.selfId, ...totals, targets: Object.fromEntries(targets) }, 'send queue metrics');
    }
    this.dispose();
    this.started = false;
    const undone = describeStop(report);
    if (undone) logger.warn({ left: report.left, items: report.items, maybeSent: report.maybeSent }, undone);
    else logger.info('cqkit stopped');
    return report;
  }

  /** The calls queued and in flight now, read synchronously (a second Ctrl+C prints them before exiting). */
  pendingCalls(): PendingCalls {
    return pendingCalls(this.host.bots.values());
  }

  /** Register an account (adapters call this through their host). A known id gets the new transport. */
  addBot(selfId: number, transport: BotTransport): Bot {
    const { bots, logger, bus } = this.host;
    const existing = bots.get(selfId);
    if (existing) {
      existing.setTransport(transport);
      return existing;
    }
    const scheduler = new Scheduler({ ...this.options.scheduler, clock: this.clock });
    const bot = new Bot(selfId, transport, scheduler, {
      logger: logger.child({ bot: selfId }),
      clock: this.clock,
      defaultTimeout: this.options.timeout ?? 30_000,
      reportFailure: (failure) => this.reportSendFailure(failure),
    });
    bots.set(selfId, bot);
    bus.emit('bot/added', bot);
    return bot;
  }

  /** Forget an account; its waiting calls are cancelled (and reported as send/failed). */
  removeBot(selfId: number): void {
    const bot = this.host.bots.get(selfId);
    if (!bot) return;
    this.host.bots.delete(selfId);
    bot.scheduler.cancelWaiting(`bot ${selfId} was removed`);
    this.host.bus.emit('bot/removed', bot);
  }

  /**
   * Run an event through the app (see ./event-pipeline.ts). With `quickWindow`, resolves by then with
   * the quick reply collected from the handlers; without, with null once handlers are done.
   */
  dispatch(event: CQEvent, options?: DispatchOptions): Promise<QuickReply | null> {
    return this.host.pipeline.dispatch(event, options);
  }

  private hostFor(adapter: Adapter): AdapterHost {
    return {
      addBot: (selfId, transport) => this.addBot(selfId, transport),
      removeBot: (selfId) => this.removeBot(selfId),
      dispatch: (event, options) => this.host.pipeline.dispatch(event, options),
      logger: this.host.logger.child({ adapter: adapter.name }),
    };
  }

  private reportSendFailure(failure: SendFailure): void {
    this.host.logger.warn(
      { selfId: failure.bot.selfId, action: failure.action, target: failure.target, retcode: failure.retcode, kind: failure.error.kind },
      `send failed: ${redactText(failure.error.message)}`,
    );
    this.host.bus.emit('send/failed', failure);
  }
}

export function createApp(options?: AppOptions): App {
  return new App(options);
}
