/**
 * The example bot (examples/basic-bot) the way `pnpm start` runs it: the `cqkit` bin (tsx
 * registered in-process) on its TypeScript config and plugins. The bench writes a config next to the
 * build that keeps the example's plugins and settings, adds every official plugin, and points the
 * bot at the bench's API server and receiver port instead of the embedded sandbox.
 */
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDir, workspaceDir } from '../paths.js';

export const exampleDir = join(workspaceDir, 'examples', 'basic-bot');
export const cliBin = join(workspaceDir, 'packages', 'cli', 'bin', 'cqkit.js');
const exampleConfigFile = join(exampleDir, 'cqkit.config.ts');

/** Why the example bot cannot be run yet, or null when it can. */
export function exampleBotMissing(): string | null {
  if (!existsSync(cliBin)) return 'packages/cli/bin/cqkit.js does not exist yet';
  if (!existsSync(exampleConfigFile)) return 'examples/basic-bot/cqkit.config.ts does not exist yet';
  return null;
}

type PluginMap = Record<string, unknown>;

/** A plugin name as the example project would find it (`ping` -> @cqkit/plugin-ping), as a file path. */
function resolveName(spec: string): string {
  const require = createRequire(join(exampleDir, 'package.json'));
  const candidates = spec.startsWith('@') || spec.startsWith('cqkit-plugin-') ? [spec] : [`@cqkit/plugin-${spec}`, `cqkit-plugin-${spec}`, spec];
  for (const name of candidates) {
    try {
      return realpathSync(require.resolve(name));
    } catch {
      // try the next form
    }
  }
  return spec;
}

/**
 * The example's plugins as a map keyed by absolute file paths: the new config lives elsewhere, so
 * relative paths and names are resolved the way the example project itself resolves them.
 */
function rebasePlugins(plugins: unknown): PluginMap {
  const map: PluginMap = {};
  const add = (spec: string, config: unknown) => {
    const local = spec.startsWith('./') || spec.startsWith('../');
    map[local ? resolve(exampleDir, spec) : resolveName(spec)] = config;
  };
  if (Array.isArray(plugins)) {
    for (const entry of plugins) {
      if (typeof entry === 'string') add(entry, undefined);
      else if (Array.isArray(entry) && typeof entry[0] === 'string') add(entry[0], entry[1]);
    }
  } else if (plugins && typeof plugins === 'object') {
    for (const [spec, config] of Object.entries(plugins)) add(spec, config);
  }
  return map;
}

export interface ExampleBotConfig {
  file: string;
  plugins: string[];
}

/** Writes the config for one start of the example bot; `officialPluginFiles` are absolute paths. */
export async function writeExampleConfig(apiUrl: string, port: number, selfId: number, officialPluginFiles: readonly string[]): Promise<ExampleBotConfig> {
  const module = (await import(pathToFileURL(exampleConfigFile).href)) as { default?: Record<string, unknown> };
  const base = module.default ?? {};
  const plugins = rebasePlugins(base.plugins);
  // Official plugins the example does not load already (it may list some by name).
  for (const file of officialPluginFiles) if (!(realpathSync(file) in plugins)) plugins[file] = {};
  const config = {
    ...base,
    bots: [{ protocol: 'http', endpoint: apiUrl, selfId }],
    receiver: { host: '127.0.0.1', port, path: '/', quickWindow: 0 },
    plugins,
  };
  const dir = join(buildDir, 'example-bot');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'cqkit.config.json');
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return { file, plugins: Object.keys(plugins) };
}
