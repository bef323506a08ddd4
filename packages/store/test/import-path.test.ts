/**
 * Importing @cqkit/store loads no database code: Kysely and the drivers come in with createStore.
 * The runtime imports reachable from src/index.ts are walked (type-only imports are erased).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Bare package names imported statically by the module graph from `entry` (dynamic import() is not followed). */
function staticPackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?'([^']+)'/gms)) {
      if (match[1]) continue;
      const specifier = match[2]!;
      if (specifier.startsWith('.')) todo.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return packages;
}

describe('import path', () => {
  it('importing the package loads neither Kysely nor a driver', () => {
    const packages = [...staticPackages(join(src, 'index.ts'))].filter((p) => !p.startsWith('node:'));
    // core and protocol are loaded by every bot anyway; valibot checks the store plugin's config.
    expect(packages.sort()).toEqual(['@cqkit/core', '@cqkit/protocol', 'valibot']);
  });

  it('opening a store does load them (the walk sees real imports)', () => {
    expect(staticPackages(join(src, 'store.ts'))).toContain('kysely');
  });
});
