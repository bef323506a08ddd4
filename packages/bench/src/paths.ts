/** Where things are, for the harness process (it runs from the sources under tsx). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = fileURLToPath(new URL('..', import.meta.url));
export const workspaceDir = join(benchDir, '..', '..');
/**
 * Built packages and compiled bots (gitignored). BENCH_BUILD_NAME gives a run a directory of its own
 * (the smoke test uses one, so it never races a `pnpm bench` running at the same time). It stays
 * inside packages/bench so the bots still find third-party packages (ws) in its node_modules.
 */
export const buildDir = join(benchDir, '.build', process.env.BENCH_BUILD_NAME ?? 'run');
export const resultsDir = join(benchDir, 'results');
export const botsSourceDir = join(benchDir, 'src', 'bots');
export const botsBuiltDir = join(buildDir, 'bench', 'bots');

/** Workspace packages that hold a package.json and a src/ directory, under `packages/` or `plugins/`. */
export function workspacePackages(folder: 'packages' | 'plugins'): string[] {
  const root = join(workspaceDir, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'index.ts')));
}

/** The packages the bench builds as published, in build order: cqkit's own, then the official plugins. */
export function builtPackageDirs(): string[] {
  const own = ['protocol', 'core', 'adapter-http', 'adapter-ws', 'sandbox', 'cli', 'cluster'].map((name) => join(workspaceDir, 'packages', name));
  return [...own, ...workspacePackages('plugins')];
}
