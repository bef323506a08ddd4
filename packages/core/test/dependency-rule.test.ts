/**
 * The dependency rule of ARCHITECTURE.md, checked on every package.json of the repository:
 * protocol <- core <- adapters <- cli; sandbox on protocol only; testing on core, sandbox, adapter-http.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function manifests(): Map<string, { dir: string; manifest: Manifest }> {
  const found = new Map<string, { dir: string; manifest: Manifest }>();
  for (const group of ['packages', 'plugins', 'examples']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const file = join(root, group, entry.name, 'package.json');
      if (!entry.isDirectory() || !existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      found.set(manifest.name, { dir: `${group}/${entry.name}`, manifest });
    }
  }
  return found;
}

const protocol = '@cqkit/protocol';
const core = '@cqkit/core';
const libraries: Record<string, readonly string[]> = {
  [protocol]: [],
  [core]: [protocol],
  '@cqkit/adapter-http': [protocol, core],
  '@cqkit/adapter-ws': [protocol, core],
  '@cqkit/sandbox': [protocol],
  // Services other plugins inject (the store) sit beside plugins: on core, as a peer.
  '@cqkit/store': [protocol, core],
  '@cqkit/testing': [protocol, core, '@cqkit/sandbox', '@cqkit/adapter-http', '@cqkit/store'],
  // The plugin template, shared by the cli and create-cqkit: data, depends on nothing.
  '@cqkit/templates': [],
  '@cqkit/cli': [protocol, core, '@cqkit/adapter-http', '@cqkit/adapter-ws', '@cqkit/sandbox', '@cqkit/templates'],
  'create-cqkit': ['@cqkit/templates'],
};
const pluginAllowed = [protocol, core, '@cqkit/store'];

type Packages = Map<string, { dir: string; manifest: Manifest }>;

const ours = (deps: Record<string, string> | undefined, all: Packages): string[] => Object.keys(deps ?? {}).filter((name) => all.has(name));

/** Each library depends (dependencies, peerDependencies) only on the packages to its left. */
function ruleViolations(all: Packages): string[] {
  const problems: string[] = [];
  for (const [name, { dir, manifest }] of all) {
    const allowed = libraries[name] ?? (dir.startsWith('plugins/') ? pluginAllowed : undefined);
    if (allowed === undefined) {
      // Applications (bench, examples) may use anything, but must not be published.
      if (!manifest.private) problems.push(`${name} (${dir}) is neither a known library nor private`);
      continue;
    }
    const used = [...ours(manifest.dependencies, all), ...ours(manifest.peerDependencies, all)];
    for (const dep of used) if (!allowed.includes(dep)) problems.push(`${name} depends on ${dep}`);
  }
  return problems;
}

/** A devDependency (for tests) must not depend, at run time, on the package that uses it. */
function devCycles(all: Packages): string[] {
  const runtime = (name: string): string[] => {
    const manifest = all.get(name)?.manifest;
    return manifest ? [...ours(manifest.dependencies, all), ...ours(manifest.peerDependencies, all)] : [];
  };
  const reaches = (from: string, target: string, seen = new Set<string>()): boolean => {
    if (from === target) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return runtime(from).some((next) => reaches(next, target, seen));
  };
  const problems: string[] = [];
  for (const [name, { manifest }] of all) {
    for (const dev of ours(manifest.devDependencies, all)) if (dev !== name && reaches(dev, name)) problems.push(`${name} dev-depends on ${dev}, which depends on it`);
  }
  return problems;
}

describe('dependency rule', () => {
  const all = manifests();

  it('finds every package', () => {
    for (const name of Object.keys(libraries)) expect(all.has(name), name).toBe(true);
  });

  it('each library depends only on the packages to its left', () => {
    expect(ruleViolations(all)).toEqual([]);
  });

  it('no package depends, even for its tests, on a package that depends on it', () => {
    expect(devCycles(all)).toEqual([]);
  });

  it('reports a violation when there is one (the check itself works)', () => {
    const broken: Packages = new Map(all);
    const sandbox = all.get('@cqkit/sandbox')!;
    broken.set('@cqkit/sandbox', { ...sandbox, manifest: { ...sandbox.manifest, dependencies: { ...sandbox.manifest.dependencies, [core]: 'workspace:*' } } });
    const coreEntry = all.get(core)!;
    broken.set(core, { ...coreEntry, manifest: { ...coreEntry.manifest, devDependencies: { '@cqkit/adapter-http': 'workspace:*' } } });
    expect(ruleViolations(broken)).toEqual(['@cqkit/sandbox depends on @cqkit/core']);
    expect(devCycles(broken)).toEqual(['@cqkit/core dev-depends on @cqkit/adapter-http, which depends on it']);
  });
});
