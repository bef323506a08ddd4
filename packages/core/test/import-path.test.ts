/**
 * What importing core loads at start: the runtime imports reachable from src/index.ts (type-only
 * imports are erased). zod stays a plugin-config tool, never loaded by core's own import path.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Bare package names imported at runtime by the module graph from `entry`. */
function runtimePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?'([^']+)'/gms)) {
      if (match[1]) continue; // `import type` / `export type`: erased
      const specifier = match[2]!;
      if (specifier.startsWith('.')) todo.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return packages;
}

describe('core import path', () => {
  it('does not load zod (the built-in dedupe plugin checks its config by hand)', () => {
    const packages = runtimePackages(join(src, 'index.ts'));
    expect(packages.has('p-queue')).toBe(true); // the walk does find runtime imports
    expect(packages.has('zod')).toBe(false);
  });
});
