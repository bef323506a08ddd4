/**
 * @cqkit/cli as a library: the config schema and loader, plugin resolution and the bot runner that
 * `cqkit start` uses, for tools and tests that want them without the command line.
 */
export { ConfigError, describeIssues, formatPath } from './config/errors.js';
export { type LoadedConfig, loadConfig, searchPlaces } from './config/load.js';
export { validateConfig } from './config/validate.js';
export { type BotConfig, type CqkitConfig, type CqkitConfigInput, configSchema, protocols } from './config/schema.js';
export { defineConfig } from './define-config.js';
export { PluginAddError } from './commands/plugin-add.js';
export { main } from './main.js';
export { type PluginEntry, pluginEntries } from './plugins/entries.js';
export { importPlugin, isPlugin, PluginShapeError, pickPlugin } from './plugins/load.js';
export { candidateNames, isPathSpec, PluginNotFoundError, type ResolvedPlugin, resolvePlugin } from './plugins/resolve.js';
export { BotRunner, defaultStopDeadline, type LoadedPlugin, type RunnerIO, type RunnerOptions } from './run/runner.js';
export { formatStopReport } from './run/stop-report.js';
export { type PluginWatcher, watchLocalPlugins } from './run/watch.js';
export { RegistryError } from './registry/npm-registry.js';
export { type PluginNames, pluginKeyword, pluginNames, ScaffoldError } from './scaffold/naming.js';
