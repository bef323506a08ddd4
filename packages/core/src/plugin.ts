/**
 * Plugins: plain modules `{ name, schema?, apply(ctx, config) }`. A config is checked with any
 * Standard Schema (https://standardschema.dev): valibot, zod 3.24+/4, arktype. The official plugins
 * use valibot: zod 4 costs ~70 ms of a bot's start-up to import, valibot ~8 ms (cli README,
 * "Start-up and memory").
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Context } from './context.js';
import { type ConfigIssue, PluginConfigError, PluginLoadError } from './errors.js';
import type { ServiceName } from './services.js';
import type { Awaitable } from './types.js';

/**
 * `Config` is what apply gets (the schema's output, defaults filled in); `Input` is what
 * `ctx.plugin(p, config)` accepts (the schema's input, defaults optional).
 */
export interface Plugin<Config = void, Input = Config> {
  /** Shown in logs, metrics and error messages. */
  readonly name: string;
  /** Schema of the config: any Standard Schema (valibot, zod, arktype); it must validate synchronously. */
  readonly schema?: StandardSchemaV1<Input, Config>;
  /**
   * Services the plugin needs: `apply` runs once all are provided, everything it registered is
   * undone when one goes, and it runs again when they are back. Missing at app start: one warning.
   */
  readonly inject?: readonly ServiceName[];
  apply(ctx: Context, config: Config): Awaitable<void>;
}

/** Identity helper that infers the config types from the schema. */
export function definePlugin<Config = void, Input = Config>(plugin: Plugin<Config, Input>): Plugin<Config, Input> {
  return plugin;
}

/** Any plugin, whatever its config. */
// biome-ignore lint/suspicious/noExplicitAny: variance escape hatch for registries of plugins with unrelated configs
export type AnyPlugin = Plugin<any, any>;

export function validatePluginConfig<Config, Input>(plugin: Plugin<Config, Input>, config: unknown): Config {
  if (!plugin.schema) return config as Config;
  const standard = (plugin.schema as Partial<StandardSchemaV1<Input, Config>>)['~standard'];
  if (typeof standard?.validate !== 'function') {
    throw new PluginLoadError(`plugin "${plugin.name}": its schema is not a Standard Schema (valibot 1, zod 3.24 or later, arktype 2 make one)`);
  }
  const result = standard.validate(config);
  if (result instanceof Promise) {
    // Plugins apply in order, synchronously: a schema that answers later cannot hold up that order.
    result.catch(() => {});
    throw new PluginConfigError(plugin.name, [{ path: '', message: 'the schema validates asynchronously; a plugin schema must check synchronously' }]);
  }
  if (!result.issues) return result.value;
  throw new PluginConfigError(plugin.name, result.issues.map(configIssue));
}

/** A Standard Schema issue as `{ path: 'a.b.0', message }`. */
function configIssue(issue: StandardSchemaV1.Issue): ConfigIssue {
  const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
  return { path, message: issue.message };
}
