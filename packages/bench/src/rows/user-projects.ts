/**
 * The way a user runs a bot: examples/basic-bot as a project of its own, on the published packages
 * (the cli, core, adapters and plugins built to dist, as `npm install` would give them), started with
 * `cqkit start` from the project directory. Two projects, the same bot:
 *   - `mjs`: cqkit.config.mjs and the local plugin compiled to .js: Node alone runs it;
 *   - `ts`: the example's own cqkit.config.ts and src/greeter.ts: the cli's TypeScript loader runs it.
 * The config is the example's (same plugins and settings) with `bots` and `receiver` read from the
 * environment, so each start points at the harness's API server and a free receiver port.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpileTree } from '../build/transpile.js';
import { buildDir, workspaceDir } from '../paths.js';

export type ProjectKind = 'mjs' | 'ts';

export const exampleDir = join(workspaceDir, 'examples', 'basic-bot');
/** The cqkit bin as installed in a project (the built @cqkit/cli). */
export const installedCliBin = join(buildDir, 'node_modules', '@cqkit', 'cli', 'bin', 'cqkit.js');

export const projectDir = (kind: ProjectKind): string => join(buildDir, 'projects', kind);

const environmentPart = `bots: [{ protocol: 'http', endpoint: process.env.BENCH_API_URL, selfId: Number(process.env.BENCH_SELF_ID) }],
  receiver: { host: '127.0.0.1', port: Number(process.env.BENCH_RECEIVER_PORT), path: '/', quickWindow: 0 },`;

/** The example's config object (the harness runs under tsx, so it can import the .ts file). */
async function exampleConfig(): Promise<Record<string, unknown>> {
  const module = (await import(pathToFileURL(join(exampleDir, 'cqkit.config.ts')).href)) as { default?: Record<string, unknown> };
  return module.default ?? {};
}

/** Third-party dependencies of the example (valibot) linked into the project, as npm would install them. */
function linkDependencies(dir: string): void {
  const manifest = JSON.parse(readFileSync(join(exampleDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (name.startsWith('@cqkit/')) continue; // the built packages, found in the build's node_modules
    const target = join(dir, 'node_modules', name);
    mkdirSync(join(target, '..'), { recursive: true });
    symlinkSync(realpathSync(join(exampleDir, 'node_modules', name)), target, 'dir');
  }
}

const withoutStore = new Set(['@cqkit/store', 'remind']);

/** Writes both projects into the build directory; returns the plugins each loads. */
export async function prepareUserProjects(): Promise<Record<ProjectKind, string[]>> {
  const base = await exampleConfig();
  // Without the store and the plugin built on it: these rows hold a bot without persistence to the
  // issue's targets (the store's own start-up cost is measured in @cqkit/store's README), and its
  // native driver is not part of the built packages. `cluster` is for --role only.
  const plugins = Object.fromEntries(Object.entries((base.plugins ?? {}) as Record<string, unknown>).filter(([spec]) => !withoutStore.has(spec)));
  const { bots: _bots, receiver: _receiver, plugins: _plugins, cluster: _cluster, ...settings } = base;
  const loaded = {} as Record<ProjectKind, string[]>;
  for (const kind of ['mjs', 'ts'] as const) {
    const dir = projectDir(kind);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `bench-${kind}-bot`, private: true, type: 'module' }, null, 2)}\n`);
    linkDependencies(dir);
    const rename = (spec: string) => (kind === 'mjs' && spec.startsWith('.') ? spec.replace(/\.ts$/, '.js') : spec);
    const pluginMap = Object.fromEntries(Object.entries(plugins).map(([spec, config]) => [rename(spec), config]));
    const body = `import { defineConfig } from '@cqkit/cli/config';

export default defineConfig({
  ${environmentPart}
  ...${JSON.stringify(settings)},
  plugins: ${JSON.stringify(pluginMap, null, 2)},
});
`;
    if (kind === 'mjs') {
      transpileTree(join(exampleDir, 'src'), join(dir, 'src'));
      writeFileSync(join(dir, 'cqkit.config.mjs'), body);
    } else {
      copyTree(join(exampleDir, 'src'), join(dir, 'src'));
      writeFileSync(join(dir, 'cqkit.config.ts'), body);
    }
    loaded[kind] = Object.keys(pluginMap);
  }
  return loaded;
}

function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else copyFileSync(join(from, entry.name), join(to, entry.name));
  }
}

/** Why the projects cannot be made, or null. */
export function userProjectsMissing(): string | null {
  if (!existsSync(join(exampleDir, 'cqkit.config.ts'))) return 'examples/basic-bot/cqkit.config.ts does not exist';
  if (!existsSync(installedCliBin)) return 'the built @cqkit/cli has no bin/cqkit.js';
  return null;
}
