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
    super(`invalid config for plugin "${plugin}": ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
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
