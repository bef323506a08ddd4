/** Which package manager a project uses, and how it adds a dependency. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type PackageManager = 'pnpm' | 'npm' | 'yarn' | 'bun';

const lockfiles: [string, PackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['package-lock.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
];

/** The nearest folder at or above `from` that has a package.json, or undefined. */
export function projectRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * A lockfile decides (the project's or a workspace root's above it), then package.json's
 * `packageManager`, then the tool that runs us (npm_config_user_agent), then npm.
 */
export function detectPackageManager(project: string, userAgent: string | undefined): PackageManager {
  for (let dir = project; ; dir = dirname(dir)) {
    for (const [file, pm] of lockfiles) if (existsSync(join(dir, file))) return pm;
    if (dirname(dir) === dir) break;
  }
  try {
    const field = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { packageManager?: string }).packageManager;
    const named = field?.split('@')[0];
    if (named === 'pnpm' || named === 'npm' || named === 'yarn' || named === 'bun') return named;
  } catch {
    // An unreadable package.json says nothing about the package manager.
  }
  const agent = userAgent?.split('/')[0];
  if (agent === 'pnpm' || agent === 'yarn' || agent === 'bun') return agent;
  return 'npm';
}

/** The command line that adds `name` to the project's dependencies. */
export function addCommand(pm: PackageManager, name: string): [string, string[]] {
  return pm === 'npm' ? ['npm', ['install', name]] : [pm, ['add', name]];
}
