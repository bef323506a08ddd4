/** The `plugins` config key, map or list, as one ordered list of { spec, config }. */
import type { CqkitConfig } from '../config/schema.js';

export interface PluginEntry {
  /** Name or path as written in the config. */
  spec: string;
  /** Passed to the plugin's schema (undefined: the plugin's defaults). */
  config: unknown;
}

/**
 * `{ echo: {}, './src/dice.ts': { sides: 6 }, help: false }` or `['echo', ['./src/dice.ts', { sides: 6 }]]`.
 * `false` switches a plugin off; `true` and `null` mean "no config".
 */
export function pluginEntries(plugins: CqkitConfig['plugins']): PluginEntry[] {
  if (plugins === undefined) return [];
  const entries: PluginEntry[] = [];
  const add = (spec: string, config: unknown) => {
    if (config === false) return;
    entries.push({ spec, config: config === true || config === null ? undefined : config });
  };
  if (Array.isArray(plugins)) {
    for (const item of plugins) {
      if (typeof item === 'string') add(item, undefined);
      else add(item[0], item[1]);
    }
  } else {
    for (const [spec, config] of Object.entries(plugins)) add(spec, config);
  }
  return entries;
}
