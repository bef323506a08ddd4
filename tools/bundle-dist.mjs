#!/usr/bin/env node
/**
 * Bundles a built package's dist/ in place: each entry (what the package exports, plus entries named
 * on the command line, e.g. the module a bin imports) becomes one module, the code entries share
 * goes into dist/chunks/, and other packages stay imports (each cqkit package is still one copy).
 *
 * Why: Node 20 spends ~0.3 ms loading each ES module whatever it holds, and `cqkit start` met ~110
 * modules of cqkit's own (packages/bench/README.md, second and third rounds). Types are untouched:
 * the .d.ts files tsc wrote stay as they are.
 *
 * Usage, in a package folder after `tsc`: node ../../tools/bundle-dist.mjs [dist/extra-entry.js ...]
 * The bench's build (packages/bench/src/build/transpile.ts) calls bundleDist() the same way.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** The .js targets of a package's exports (publishConfig.exports when set), as paths under the package. */
function exportedEntries(manifest) {
  const found = [];
  const visit = (value) => {
    if (typeof value === 'string') {
      if (value.endsWith('.js') && !value.includes('*')) found.push(value);
    } else if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) visit(inner);
    }
  };
  visit(manifest.publishConfig?.exports ?? manifest.exports ?? {});
  return found;
}

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Bundles `packageDir`/dist; `extraEntries` are more entry files relative to the package. Returns the entries. */
export function bundleDist(packageDir, extraEntries = []) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const dist = join(packageDir, 'dist');
  const entries = [...new Set([...exportedEntries(manifest), ...extraEntries])].map((entry) => resolve(packageDir, entry));
  for (const entry of entries) {
    if (!entry.startsWith(`${dist}/`) || !existsSync(entry)) throw new Error(`bundle-dist: ${manifest.name}: ${relative(packageDir, entry)} is not a built file under dist/`);
  }
  // Written beside dist/ (same file system), then moved in.
  const out = mkdtempSync(join(packageDir, '.bundle-'));
  try {
    buildSync({
      entryPoints: entries,
      outdir: out,
      outbase: dist,
      entryNames: '[dir]/[name]',
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Other packages (cqkit's own included) stay imports: one copy of each, resolved as installed.
      packages: 'external',
      logLevel: 'silent',
    });
    // The per-file JavaScript tsc wrote gives way to the bundle; the declarations stay.
    for (const file of filesUnder(dist)) if (file.endsWith('.js') || file.endsWith('.js.map')) rmSync(file);
    for (const file of filesUnder(out)) {
      const target = join(dist, relative(out, file));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(file, target);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return entries.map((entry) => relative(packageDir, entry));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundled = bundleDist(process.cwd(), process.argv.slice(2));
  process.stdout.write(`bundle-dist: ${bundled.join(', ')}\n`);
}
