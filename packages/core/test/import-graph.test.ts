/**
 * Core's shape: no import circle larger than 4 files (type imports count too: a type circle still
 * means the files can only be understood together), and an App small enough to read at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** file -> the core files it imports or re-exports from, type-only ones included. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const match of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      targets.push(resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts')));
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Strongly connected components (Tarjan), each a list of files. */
function components(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(src, w));
      } while (w !== v);
      result.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return result;
}

describe('core import graph', () => {
  const graph = importGraph();

  it('reads every source file and its imports', () => {
    expect(graph.size).toBeGreaterThan(30);
    expect(graph.get(join(src, 'app.ts'))).toContain(join(src, 'context.ts'));
  });

  it('has no import circle of more than 4 files, type imports included', () => {
    const largest = components(graph).sort((a, b) => b.length - a.length)[0]!;
    expect(largest.length, `largest circle: ${largest.join(', ')}`).toBeLessThanOrEqual(4);
  });

  it('finds a circle when there is one (the check itself works)', () => {
    const a = '/x/a.ts';
    const b = '/x/b.ts';
    const c = '/x/c.ts';
    const found = components(
      new Map([
        [a, [b]],
        [b, [c]],
        [c, [a]],
      ]),
    );
    expect(found.map((component) => component.length)).toEqual([3]);
  });

  it('keeps app.ts under 250 lines', () => {
    const lines = readFileSync(join(src, 'app.ts'), 'utf8').split('\n').length;
    expect(lines).toBeLessThan(250);
  });
});
