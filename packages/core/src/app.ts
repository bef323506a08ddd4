/**
 * The App: the root context, the bots, the adapters, and the way an event travels:
 * gates -> listeners (by name) -> pending prompts -> middleware -> commands -> keyword/regex matchers.
 */
import { type CQEvent, eventNames, type QuickOperation, redactText } from '@cqkit/protocol';
import { EventEmitter } from 'eventemitter3';
import type { Adapter, AdapterHost, BotTransport, DispatchOptions } from './adapter.js';
import { Bot, type SendFailure } from './bot.js';
import type { Command } from './commands/command.js';
import type { Matcher } from './commands/matchers.js';
import { closestNames } from './commands/closest.js';
import { permissionLevelKey } from './commands/command.js';
import { type CommandMatch, type CommandMiss, CommandRegistry, type TriggerOptions } from './commands/registry.js';
import { coreEnUS, coreZhCN } from './i18n/core-catalogues.js';
import { DEFAULT_LOCALE, I18n } from './i18n/i18n.js';
import { Context } from './context.js';
import { EventActivity } from './event-activity.js';
import type { Gate } from './gates.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger, type Logger, type LoggerOptions } from './logger.js';
import { type ChainHost, MiddlewareChain } from './middleware.js';
import type { AnyPlugin } from './plugin.js';
import { PromptRegistry } from './prompts.js';
import { QuickCollector } from './quick.js';
import { RegistrationList } from './registration-list.js';
import type { PluginRuntime } from './runtime.js';
import type { Clock } from './scheduler/clock.js';
import { systemClock } from './scheduler/clock.js';
import type { SchedulerMetrics } from './scheduler/metrics.js';
import { type JobInfo, Scheduler, type SchedulerOptions } from './scheduler/scheduler.js';
import { AppStoppedError } from './errors.js';
import { Scope } from './scope.js';
import { ServiceRegistry } from './services.js';
import { Session } from './session.js';

export interface AppOptions extends LoggerOptions, TriggerOptions {
  /** QQ numbers that pass every permission check. */
  superusers?: readonly number[];
  /** Rate limits, queue bound and concurrency of every account's send queue. */
  scheduler?: Omit<SchedulerOptions, 'clock'>;
  /** Default per-call timeout, ms. Default 30 000. */
  timeout?: number;
  /** Time source of schedulers and call timeouts (tests inject one). */
  clock?: Clock;
  /** The language of what the bot says (`session.text`); default `zh-CN`, falling back to `en-US`. */
  locale?: string;
  /**
   * Short answers for messages that matched no command and that nothing else answered: `false`
   * turns them all off. `unknownCommand`: `/nosuch` gets "unknown command" with the closest names
   * (default on); `mention`: an @ of the bot with no command gets the hint (default on);
   * `private` / `group`: a command's name typed without the prefix gets the hint (default on in
   * private chats, off in groups, where people say such words to each other).
   */
  hints?: false | { unknownCommand?: boolean; mention?: boolean; private?: boolean; group?: boolean };
}

export interface StopOptions {
  /** ms allowed for draining the send queues. Default 10 000. */
  deadline?: number;
}

export interface StopReport {
  /** True when every queued call was sent before the deadline. */
  drained: boolean;
  /** Calls that were never sent (cancelled at the deadline). */
  left: number;
  items: Array<JobInfo & { selfId: number }>;
  /** Calls still waiting for an answer when the deadline passed. */
  inFlight: number;
}

export interface AppMetrics {
  /** Events dispatched. */
  events: number;
  /** Events dropped: no bot for their self_id, or refused by a gate (dedupe). */
  dropped: number;
  /** Exceptions caught from plugins. */
  pluginErrors: number;
  /** Replies that went out in the HTTP response of their event (quick operations, not in `bots[].sent`). */
  quickReplies: number;
  errorsByPlugin: ReadonlyMap<string, number>;
  /** Send-path counters per account. */
  bots: ReadonlyMap<number, SchedulerMetrics>;
}

export class App extends Context {
  readonly options: AppOptions;
  /** @internal */ readonly bus = new EventEmitter();
  /** @internal */ readonly botMap = new Map<number, Bot>();
  /** @internal */ readonly loaded = new Map<AnyPlugin, PluginRuntime>();
  /** @internal */ readonly rootLogger: Logger;
  /** @internal */ readonly commandRegistry: CommandRegistry;
  /** @internal */ readonly matchers = new RegistrationList<Matcher>();
  /** @internal */ readonly middlewares = new MiddlewareChain();
  /** @internal */ readonly gates = new RegistrationList<Gate>();
  /** @internal */ readonly prompts: PromptRegistry;
  /** @internal */ readonly lifecycle: Lifecycle;
  /** @internal */ readonly activity = new EventActivity();
  /** @internal */ readonly serviceRegistry = new ServiceRegistry({
    serviceAdded: (name) => this.bus.emit('service/added', name),
    serviceRemoved: (name) => this.bus.emit('service/removed', name),
  });
  readonly superusers: ReadonlySet<number>;
  /** Time source of send queues, call timeouts, prompts and quick windows (`options.clock`). */
  readonly clock: Clock;
  /** @internal The `i18n` service core provides (sessions read it without a look-up). */
  readonly translations: I18n;
  private readonly adapters: Adapter[] = [];
  private readonly stats = { events: 0, dropped: 0, pluginErrors: 0, quickReplies: 0, errorsByPlugin: new Map<string, number>() };
  private started = false;
  private stopped = false;
  /** Built once: the end of the middleware chain and its error report, without per-event closures. */
  private readonly chainHost: ChainHost = {
    terminal: (session) => this.terminal(session),
    middlewareFailed: (plugin, error, session) => this.reportError(plugin, 'middleware', error, session),
  };

  constructor(options: AppOptions = {}) {
    const logger = createLogger(options);
    super(null, { name: 'app', plugin: null, scope: new Scope(null), logger, parent: null }, null);
    this.options = options;
    this.rootLogger = logger;
    this.commandRegistry = new CommandRegistry(options);
    this.lifecycle = new Lifecycle(this);
    this.superusers = new Set(options.superusers ?? []);
    this.clock = options.clock ?? systemClock;
    this.prompts = new PromptRegistry(this.clock, this.activity);
    // Translations are a service like any other; core provides it, with its own texts, from the start.
    const i18n = new I18n(options.locale ?? DEFAULT_LOCALE);
    i18n.define('zh-CN', coreZhCN);
    i18n.define('en-US', coreEnUS);
    this.translations = i18n;
    this.provide('i18n', i18n);
  }

  /** @internal A reply went out as the quick operation of its event. */
  countQuickReply(): void {
    this.stats.quickReplies++;
  }

  /** Every registered command, for help plugins. */
  get commands(): Command[] {
    return this.commandRegistry.commands;
  }

  get isStarted(): boolean {
    return this.started;
  }

  get metrics(): AppMetrics {
    const bots = new Map<number, SchedulerMetrics>();
    for (const [id, bot] of this.botMap) bots.set(id, bot.metrics);
    return { ...this.stats, errorsByPlugin: new Map(this.stats.errorsByPlugin), bots };
  }

  /** Events being handled now: dispatched, handlers not done, and not just waiting on `session.prompt()`. */
  get eventsInProgress(): number {
    return this.activity.running.count;
  }

  /** `session.prompt()` calls waiting for the user's next message. */
  get pendingPrompts(): number {
    return this.prompts.size;
  }

  /** True when no event is in progress and every bot is idle (nothing queued, nothing in flight). */
  get isIdle(): boolean {
    if (this.activity.running.count > 0) return false;
    for (const bot of this.botMap.values()) if (!bot.isIdle) return false;
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
    for (;;) {
      if (this.activity.running.count > 0) {
        await this.activity.running.whenZero();
        continue;
      }
      let busy: Bot | undefined;
      for (const bot of this.botMap.values()) {
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
      adapter.start(this.hostFor(adapter)).catch((error: unknown) => this.rootLogger.error({ err: error, adapter: adapter.name }, `adapter ${adapter.name} failed to start`));
    }
  }

  /** Unload a plugin loaded anywhere in this app; false when it was not loaded. */
  unload(plugin: AnyPlugin): boolean {
    const runtime = this.loaded.get(plugin);
    if (!runtime) return false;
    for (const error of runtime.scope.dispose()) this.reportError(runtime.name, 'dispose', error);
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
    for (let i = 0; i < this.adapters.length; i++) {
      const adapter = this.adapters[i]!;
      try {
        await adapter.start(this.hostFor(adapter));
      } catch (error) {
        this.rootLogger.error({ err: error, adapter: adapter.name }, `adapter ${adapter.name} failed to start`);
        for (let j = i; j >= 0; j--) await this.stopAdapter(this.adapters[j]!);
        throw error;
      }
    }
    this.started = true;
    await this.lifecycle.start();
    for (const waiting of this.serviceRegistry.waiting()) {
      const missing = this.serviceRegistry.missing(waiting.names);
      this.rootLogger.warn({ plugin: waiting.plugin, missing }, `plugin "${waiting.plugin}" waits for service(s) ${missing.map((n) => `"${n}"`).join(', ')}: no plugin provides them, so it does not run yet`);
    }
    this.rootLogger.info({ adapters: this.adapters.map((a) => a.name), plugins: [...this.loaded.values()].map((r) => r.name) }, 'cqkit started');
  }

  /**
   * Drain every send queue within `deadline` ms (what is left is cancelled and reported), stop the
   * adapters, then unload every plugin (their dispose hooks run). Final: an app is not restarted.
   */
  async stop(options: StopOptions = {}): Promise<StopReport> {
    const deadline = options.deadline ?? 10_000;
    this.stopped = true;
    this.prompts.cancelAll();
    const bots = [...this.botMap.values()];
    const reports = await Promise.all(bots.map((bot) => bot.drain(deadline)));
    const report: StopReport = { drained: true, left: 0, items: [], inFlight: 0 };
    reports.forEach((r, i) => {
      const selfId = bots[i]!.selfId;
      report.drained &&= r.drained;
      report.left += r.left;
      report.inFlight += r.inFlight;
      for (const item of r.items) report.items.push({ ...item, selfId });
    });
    // Adapters of an app that never started were never started either: nothing to stop.
    if (this.started) for (const adapter of this.adapters) await this.stopAdapter(adapter);
    for (const bot of bots) {
      const { targets, ...totals } = bot.metrics;
      this.rootLogger.info({ bot: bot.selfId, ...totals, targets: Object.fromEntries(targets) }, 'send queue metrics');
    }
    this.dispose();
    this.started = false;
    if (report.left > 0) this.rootLogger.warn({ left: report.left, items: report.items }, `stopped with ${report.left} call(s) not sent`);
    else this.rootLogger.info('cqkit stopped');
    return report;
  }

  /** Register an account (adapters call this through their host). A known id gets the new transport. */
  addBot(selfId: number, transport: BotTransport): Bot {
    const existing = this.botMap.get(selfId);
    if (existing) {
      existing.setTransport(transport);
      return existing;
    }
    const scheduler = new Scheduler({ ...this.options.scheduler, clock: this.clock });
    const bot = new Bot(selfId, transport, scheduler, {
      logger: this.rootLogger.child({ bot: selfId }),
      clock: this.clock,
      defaultTimeout: this.options.timeout ?? 30_000,
      reportFailure: (failure) => this.reportSendFailure(failure),
    });
    this.botMap.set(selfId, bot);
    this.bus.emit('bot/added', bot);
    return bot;
  }

  /** Forget an account; its waiting calls are cancelled (and reported as send/failed). */
  removeBot(selfId: number): void {
    const bot = this.botMap.get(selfId);
    if (!bot) return;
    this.botMap.delete(selfId);
    bot.scheduler.cancelWaiting(`bot ${selfId} was removed`);
    this.bus.emit('bot/removed', bot);
  }

  /**
   * Run an event through the app. With `quickWindow`, resolves by then with the quick operation
   * collected from the handlers (or null); without, resolves with null once handlers are done.
   */
  dispatch(event: CQEvent, options: DispatchOptions = {}): Promise<QuickOperation | null> {
    this.stats.events++;
    let bot = this.botMap.get(event.self_id);
    if (!bot && this.botMap.size === 1) bot = this.botMap.values().next().value;
    if (!bot) {
      this.stats.dropped++;
      this.rootLogger.warn({ selfId: event.self_id }, `event for unknown bot ${event.self_id} dropped (no adapter registered it)`);
      return Promise.resolve(null);
    }
    const session = new Session(this, bot, event, eventNames(event));
    this.activity.started(session);
    const window = options.quickWindow;
    if (window === undefined) return this.process(session).then(nullResult);
    const quick = new QuickCollector();
    session.quick = quick;
    // Inline callbacks only (no named closure per event); whichever comes second finds the
    // promise settled and the collector closed, both harmless.
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(() => resolve(quick.close() as QuickOperation | null), window);
      this.process(session).then(() => {
        this.clock.clearTimeout(timer);
        resolve(quick.close() as QuickOperation | null);
      });
    });
  }

  /** @internal Log, count and announce an exception thrown by a plugin. */
  reportError(plugin: string, event: string, error: unknown, session?: Session): void {
    this.stats.pluginErrors++;
    this.stats.errorsByPlugin.set(plugin, (this.stats.errorsByPlugin.get(plugin) ?? 0) + 1);
    const message = error instanceof Error ? error.message : String(error);
    this.rootLogger.error(
      { plugin, event, err: error, ...(session ? { selfId: session.selfId, eventNames: session.names } : {}) },
      `plugin "${plugin}" failed in ${event}: ${message}`,
    );
    if (event !== 'plugin/error') this.bus.emit('plugin/error', { plugin, event, error });
  }

  /** Never rejects: one adapter failing to stop must not keep the others running. */
  private async stopAdapter(adapter: Adapter): Promise<void> {
    try {
      await adapter.stop();
    } catch (error) {
      this.rootLogger.error({ err: error, adapter: adapter.name }, `adapter ${adapter.name} failed to stop`);
    }
  }

  private hostFor(adapter: Adapter): AdapterHost {
    const logger = this.rootLogger.child({ adapter: adapter.name });
    return {
      addBot: (selfId, transport) => this.addBot(selfId, transport),
      removeBot: (selfId) => this.removeBot(selfId),
      dispatch: (event, options) => this.dispatch(event, options),
      logger,
    };
  }

  private reportSendFailure(failure: SendFailure): void {
    this.rootLogger.warn(
      { selfId: failure.bot.selfId, action: failure.action, target: failure.target, retcode: failure.retcode, kind: failure.error.kind },
      `send failed: ${redactText(failure.error.message)}`,
    );
    this.bus.emit('send/failed', failure);
  }

  /** Never rejects: a fault of the core itself on a malformed event is logged, not thrown at the adapter. */
  private async process(session: Session): Promise<void> {
    try {
      await this.pipeline(session);
    } catch (error) {
      this.rootLogger.error({ err: error, selfId: session.selfId, eventNames: session.names }, 'event processing failed');
    } finally {
      // Close the quick window first: a send held behind the quick reply is queued right away,
      // before anyone waiting on idle() looks again.
      session.quick?.close();
      this.activity.finished(session);
    }
  }

  private async pipeline(session: Session): Promise<void> {
    const gates = this.gates.items;
    for (let i = 0; i < gates.length; i++) {
      const gate = gates[i]!;
      let pass = true;
      try {
        pass = gate.gate(session);
      } catch (error) {
        this.reportError(gate.plugin, 'gate', error, session);
      }
      if (!pass) {
        this.stats.dropped++;
        return;
      }
    }
    const names = session.names;
    for (let i = 0; i < names.length; i++) this.bus.emit(names[i]!, session);
    if (!(session.isMessage && this.prompts.consume(session))) {
      await this.middlewares.run(session, this.chainHost);
    }
    if (session.tasks !== null) await Promise.all(session.tasks);
  }

  /** End of the middleware chain: commands, then keyword/regex matchers. */
  private async terminal(session: Session): Promise<void> {
    if (!session.isMessage) return;
    const match = this.commandRegistry.match(session);
    if (match && (await this.runCommand(session, match))) return;
    const matchers = this.matchers.items;
    let matched = false;
    for (let i = 0; i < matchers.length; i++) {
      const matcher = matchers[i]!;
      if (matcher.filter !== null && !matcher.filter(session)) continue;
      const run = matcher.test(session);
      if (!run) continue;
      matched = true;
      try {
        const result = await run();
        if (result !== undefined && result !== null && result !== '') await session.send(result);
      } catch (error) {
        this.reportError(matcher.plugin, 'matcher', error, session);
      }
    }
    if (!matched && !match && session.sentCount === 0 && this.options.hints !== false) await this.answerMiss(session);
  }

  /** A message that meant a command, perhaps, and that nothing answered: a hint or the closest names. */
  private async answerMiss(session: Session): Promise<void> {
    const miss: CommandMiss | null = this.commandRegistry.miss(session);
    if (!miss) return;
    const hints = this.options.hints || {};
    const prefix = this.commandRegistry.prefixes.at(-1);
    try {
      if (miss.kind === 'unknown') {
        if (hints.unknownCommand === false) return;
        const names = this.commandRegistry.commands.filter((c) => c.filter === null || c.filter(session)).flatMap((c) => [c.name.replace(/\./g, ' '), ...c.aliases]);
        const closest = closestNames(miss.word, names).map((name) => `${miss.prefix}${name}`);
        const command = `${miss.prefix}${miss.word}`;
        await session.send(
          closest.length > 0
            ? session.text('core.unknown-command.closest', { command, closest: closest.join(session.text('core.list-separator')) })
            : session.text('core.unknown-command', { command, prefix: miss.prefix || (prefix ?? '') }),
        );
        return;
      }
      if (prefix === undefined) return;
      const wanted = miss.kind === 'mention' ? hints.mention !== false : session.isPrivate ? hints.private !== false : hints.group === true;
      if (wanted) await session.send(session.text('core.hint', { prefix }));
    } catch (error) {
      this.reportError('app', 'hint', error, session);
    }
  }

  private async runCommand(session: Session, match: CommandMatch): Promise<boolean> {
    const command = match.command;
    try {
      if (!command) {
        await session.send(this.commandRegistry.groupUsage(match.group!, match.prefix, session.text));
        return true;
      }
      if (command.filter !== null && !command.filter(session)) return false;
      if (command.permissionLevel && !session.hasPermission(command.permissionLevel)) {
        const level = session.text(permissionLevelKey(command.permissionLevel));
        await session.send(session.text('core.permission-denied', { command: command.name.replace(/\./g, ' '), level }));
        return true;
      }
      const parsed = command.parse(match.rest);
      if (!parsed.ok) {
        await session.send(command.parseErrorReply(parsed.error, match.prefix, session.text));
        return true;
      }
      if (!command.handler) {
        await session.send(command.usage(match.prefix, session.text));
        return true;
      }
      const result = await command.handler({ session, args: parsed.args, options: parsed.options, command });
      if (result !== undefined && result !== null && result !== '') await session.send(result);
    } catch (error) {
      this.reportError(command?.plugin ?? 'app', `command ${command?.name ?? match.group}`, error, session);
    }
    return true;
  }
}

function nullResult(): null {
  return null;
}

export function createApp(options?: AppOptions): App {
  return new App(options);
}
