/**
 * The public packages of the workspace, found from pnpm-workspace.yaml's folders (never a fixed
 * list), so a package added later is packed and published by the checks too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  bin?: string | Record<string, string>;
  exports?: unknown;
  publishConfig?: { exports?: unknown; [key: string]: unknown };
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export interface WorkspacePackage {
  dir: string;
  manifest: PackageJson;
}

/** The repository root: the folder holding pnpm-workspace.yaml above this file. */
export function repoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no pnpm-workspace.yaml above ${from}`);
    dir = up;
  }
  return dir;
}

/** `packages:` globs of pnpm-workspace.yaml; only the `folder/*` form the project uses is understood. */
function workspaceFolders(root: string): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\s*\n((?:\s+-.*\n?)+)/m.exec(yaml)?.[1] ?? '';
  return [...block.matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]!.trim());
}

export function workspacePackages(root = repoRoot()): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const glob of workspaceFolders(root)) {
    if (!glob.endsWith('/*')) throw new Error(`pnpm-workspace.yaml: only "folder/*" entries are understood, got ${glob}`);
    const parent = join(root, glob.slice(0, -2));
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent, { withFileTypes: true })) {
      const file = join(parent, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      found.push({ dir: join(parent, entry.name), manifest: JSON.parse(readFileSync(file, 'utf8')) as PackageJson });
    }
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

export function publicPackages(root = repoRoot()): WorkspacePackage[] {
  return workspacePackages(root).filter((p) => p.manifest.private !== true);
}
