/**
 * Every error class of @cqkit/core, each with a stable `code`. The README's "Error codes" section
 * says what to do about each; a test checks that every class exported here has a documented code.
 */

/** Plain data, no imports: this module sits at the bottom of core's import graph. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A plugin's config failed its schema; the message names each bad key. */
export class PluginConfigError extends Error {
  static readonly code = 'CQKIT_PLUGIN_CONFIG';
  readonly code = PluginConfigError.code;
  override readonly name = 'PluginConfigError';
  constructor(
    readonly plugin: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(`invalid config for plugin "${plugin}": ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`);
  }
}

/** The plugin is loaded already, or the context it is loaded into was unloaded / the app stopped. */
export class PluginLoadError extends Error {
  static readonly code = 'CQKIT_PLUGIN_LOAD';
  readonly code = PluginLoadError.code;
  override readonly name = 'PluginLoadError';
}

/** A second plugin provides a service of a name already provided. */
export class ServiceConflictError extends Error {
  static readonly code = 'CQKIT_SERVICE_CONFLICT';
  readonly code = ServiceConflictError.code;
  override readonly name = 'ServiceConflictError';
  constructor(
    readonly service: string,
    /** The plugin providing it now. */
    readonly provider: string,
    /** The plugin that tried to provide it too. */
    readonly plugin: string,
  ) {
    super(`service "${service}" is already provided by plugin "${provider}"; plugin "${plugin}" cannot provide it too (unload one of them)`);
  }
}

/** `ctx.service(name)` while nothing provides that service. */
export class ServiceMissingError extends Error {
  static readonly code = 'CQKIT_SERVICE_MISSING';
  readonly code = ServiceMissingError.code;
  override readonly name = 'ServiceMissingError';
  constructor(
    readonly service: string,
    readonly plugin: string,
  ) {
    super(
      `plugin "${plugin}" asked for service "${service}", which no plugin provides now; load the plugin that provides it, or declare inject: ["${service}"] so this code runs only while it is there`,
    );
  }
}

/** A command declaration (`ctx.command('echo <text:text>')`) or option declaration is malformed. */
export class CommandDeclarationError extends Error {
  static readonly code = 'CQKIT_COMMAND_DECLARATION';
  readonly code = CommandDeclarationError.code;
  override readonly name = 'CommandDeclarationError';
}

/** A command name or alias is taken already. */
export class CommandConflictError extends Error {
  static readonly code = 'CQKIT_COMMAND_CONFLICT';
  readonly code = CommandConflictError.code;
  override readonly name = 'CommandConflictError';
}

/** A bot was needed (`ctx.bot`, an action called on a context) while none is connected. */
export class BotMissingError extends Error {
  static readonly code = 'CQKIT_BOT_MISSING';
  readonly code = BotMissingError.code;
  override readonly name = 'BotMissingError';
}

/** An action was called on a context while several bots are connected and none was selected. */
export class BotAmbiguousError extends Error {
  static readonly code = 'CQKIT_BOT_AMBIGUOUS';
  readonly code = BotAmbiguousError.code;
  override readonly name = 'BotAmbiguousError';
  constructor(
    readonly action: string,
    readonly selfIds: readonly number[],
  ) {
    super(
      `${action}: ${selfIds.length} bots are connected (${selfIds.join(', ')}) and this context selects none; call it on ctx.self(${selfIds[0]}) or on a bot (ctx.bots.get(id))`,
    );
  }
}

/** `app.start()` on an app that was stopped: an app is not restarted. */
export class AppStoppedError extends Error {
  static readonly code = 'CQKIT_APP_STOPPED';
  readonly code = AppStoppedError.code;
  override readonly name = 'AppStoppedError';
}

/** A session helper (`send`, `delete`, `kick`, `approve`…) was called on an event it cannot apply to. */
export class SessionUsageError extends Error {
  static readonly code = 'CQKIT_SESSION_USAGE';
  readonly code = SessionUsageError.code;
  override readonly name = 'SessionUsageError';
}

/** A rate limit or scheduler option is out of range. A RangeError, as before it had a code. */
export class SchedulerConfigError extends RangeError {
  static readonly code = 'CQKIT_SCHEDULER_CONFIG';
  readonly code = SchedulerConfigError.code;
  override readonly name = 'SchedulerConfigError';
}

/** An adapter used before the app started it (`memoryAdapter().receive()`), or started twice. */
export class AdapterStateError extends Error {
  static readonly code = 'CQKIT_ADAPTER_STATE';
  readonly code = AdapterStateError.code;
  override readonly name = 'AdapterStateError';
}

/** An adapter could not listen on its host and port (in use, not allowed). `cause` holds the system error. */
export class AdapterListenError extends Error {
  static readonly code = 'CQKIT_ADAPTER_LISTEN';
  readonly code = AdapterListenError.code;
  override readonly name = 'AdapterListenError';
}
