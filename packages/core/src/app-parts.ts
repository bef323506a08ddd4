/**
 * The parts an app is made of, each with one job: the bus, the bots, the loaded plugins, the event
 * pipeline, the commands service, ready hooks, services and the plugin error report. Contexts reach
 * them here (through their own narrow types), never through the App.
 */
import { EventEmitter } from 'eventemitter3';
import type { AppOptions } from './app-options.js';
import type { Bot } from './bot.js';
import { CommandService } from './commands/service.js';
import { EventPipeline } from './event-pipeline.js';
import { coreEnUS, coreZhCN } from './i18n/core-catalogues.js';
import { DEFAULT_LOCALE, I18n } from './i18n/i18n.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import { PluginErrors, type ReportError } from './plugin-errors.js';
import type { PluginRuntime } from './runtime.js';
import { type Clock, systemClock } from './scheduler/clock.js';
import { ServiceRegistry } from './services.js';

export class AppParts {
  readonly bus = new EventEmitter();
  readonly bots = new Map<number, Bot>();
  /** Loaded plugin objects and their runtimes (a plugin object is loaded once per app). */
  readonly loaded = new Map<object, PluginRuntime>();
  /** The app's root logger. */
  readonly logger: Logger;
  /** Time source of send queues, call timeouts, prompts and quick windows (`options.clock`). */
  readonly clock: Clock;
  readonly superusers: ReadonlySet<number>;
  readonly errors: PluginErrors;
  readonly report: ReportError;
  readonly commands: CommandService;
  readonly pipeline: EventPipeline;
  readonly lifecycle: Lifecycle;
  readonly services: ServiceRegistry;
  /** Translations: core's texts from the start; provided as the `i18n` service by the App. */
  readonly i18n: I18n;

  constructor(readonly options: AppOptions) {
    this.logger = createLogger(options);
    this.clock = options.clock ?? systemClock;
    this.superusers = new Set(options.superusers ?? []);
    this.errors = new PluginErrors(this.logger, this.bus);
    this.report = this.errors.report;
    this.commands = new CommandService(options, this.report);
    this.i18n = new I18n(options.locale ?? DEFAULT_LOCALE);
    this.i18n.define('zh-CN', coreZhCN);
    this.i18n.define('en-US', coreEnUS);
    this.pipeline = new EventPipeline({
      bots: this.bots,
      bus: this.bus,
      clock: this.clock,
      logger: this.logger,
      superusers: this.superusers,
      report: this.report,
      i18n: this.i18n,
      commandStep: this.commands.run,
    });
    this.lifecycle = new Lifecycle(this.report);
    this.services = new ServiceRegistry({
      serviceAdded: (name) => this.bus.emit('service/added', name),
      serviceRemoved: (name) => this.bus.emit('service/removed', name),
    });
  }
}
