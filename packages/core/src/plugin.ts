/** Plugins: plain modules `{ name, schema?, apply(ctx, config) }`, configs checked with zod. */
import type { z } from 'zod';
import type { Context } from './context.js';
import { PluginConfigError } from './errors.js';
import type { ServiceName } from './services.js';
import type { Awaitable } from './types.js';

/**
 * `Config` is what apply gets (the schema's output, defaults filled in); `Input` is what
 * `ctx.plugin(p, config)` accepts (the schema's input, defaults optional).
 */
export interface Plugin<Config = void, Input = Config> {
  /** Shown in logs, metrics and error messages. */
  readonly name: string;
  /** zod schema of the config. */
  readonly schema?: z.ZodType<Config, Input>;
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
  const result = plugin.schema.safeParse(config);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new PluginConfigError(plugin.name, issues);
}
