export type { Adapter, AdapterHost, AdapterStopOptions, BotTransport, CallReceiver, DispatchOptions, QuickReply, TransportCallOptions } from './adapter.js';
export { type DeadlineEntry, DeadlineSet } from './deadlines.js';
export { App, createApp } from './app.js';
export type { AppMetrics, AppOptions } from './app-options.js';
export type { CallInfo } from './in-flight-calls.js';
export { adapterGrace, type PendingCalls, type QueuedCall, type SentCall, type StopOptions, type StopReport } from './stop.js';
export { type ActionMethods, Bot, type CallMode, type CallOptions, type EnqueueHandle, type SendFailure } from './bot.js';
export {
  Command,
  type CommandAction,
  type CommandArgs,
  type CommandInvocation,
  type CommandOptions,
  describeParseError,
  type ParseError,
  type ParseResult,
  permissionLevelKey,
} from './commands/command.js';
export { closestNames } from './commands/closest.js';
export type { ArgValue } from './commands/convert.js';
export type { ArgDecl, ArgType, OptionDecl } from './commands/declaration.js';
export type { KeywordHandler, RegexHandler } from './commands/matchers.js';
export type { CommandMiss, TriggerOptions } from './commands/registry.js';
export type { ArgsOf, OptionOf } from './commands/typed.js';
export { Context, type ContextI18n, type SessionFilter } from './context.js';
export { DEFAULT_LOCALE, FALLBACK_LOCALE, I18n, type LocaleResolver } from './i18n/i18n.js';
export { coreEnUS, coreZhCN } from './i18n/core-catalogues.js';
export { formatTemplate } from './i18n/format.js';
export type { Catalogue, CatalogueOf, CheckedCatalogue, CoreMessages, MessageKey, Messages, ParamsArg, Placeholders, Template } from './i18n/messages.js';
export { englishText, type Translator } from './i18n/translator.js';
export { type BackoffPolicy, backoffDelay } from './backoff.js';
export { nominalDelay, seconds, type WaitLine, WaitReport } from './wait-report.js';
export { describeError } from './describe-error.js';
export type { CoreEvents, EventName, Events, PluginErrorReport, SessionEventName, SessionEvents } from './events.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel } from './logger.js';
export { type RecordedCall, recordCall, recordingAdapter, recordingTransport } from './call-recorder.js';
export { type MemoryAdapter, type MemoryAdapterOptions, type MemoryResponder, memoryAdapter } from './memory-adapter.js';
export type { Middleware, Next } from './middleware.js';
export type { PermissionLevel } from './permissions.js';
export {
  AdapterListenError,
  AdapterStateError,
  AppStoppedError,
  BotAmbiguousError,
  BotMissingError,
  CommandConflictError,
  CommandDeclarationError,
  type ConfigIssue,
  PluginConfigError,
  PluginLoadError,
  SchedulerConfigError,
  ServiceConflictError,
  ServiceMissingError,
  SessionUsageError,
} from './errors.js';
export { type AnyPlugin, definePlugin, type Plugin } from './plugin.js';
export { type DedupeConfig, dedupe } from './plugins/dedupe.js';
export type { Clock } from './scheduler/clock.js';
export { systemClock } from './scheduler/clock.js';
export type { RateLimit } from './scheduler/limiter.js';
export type { SchedulerMetrics, TargetMetrics } from './scheduler/metrics.js';
export { type DrainReport, type JobInfo, type ScheduledHandle, Scheduler, type SchedulerOptions } from './scheduler/scheduler.js';
export type { ServiceName, Services } from './services.js';
export { type SendOptions, type SendResult, Session } from './session.js';
export type { Awaitable, Disposer } from './types.js';
