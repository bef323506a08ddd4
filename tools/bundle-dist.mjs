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
 * `--inline a,b` bundles those third-party packages (and what they import) into the dist as well,
 * for small dependencies that are internal to the package: p-queue and eventemitter3 cost core ~7 ms
 * of CPU per start as six separate modules, one of them CommonJS, which wakes Node's CommonJS loader
 * and lexer in an otherwise ESM start (packages/bench/README.md, sixth round). Their licences are
 * written to dist/THIRD-PARTY-LICENSES.md.
 *
 * Usage, in a package folder after `tsc`:
 *   node ../../tools/bundle-dist.mjs [--inline pkg,pkg] [dist/extra-entry.js ...]
 * The bench's build (packages/bench/src/build/transpile.ts) calls bundleDist() the same way.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * Every declared dependency stays an import except the inlined ones (subpaths included); what an
 * inlined package imports is not a dependency of ours, so esbuild bundles it along.
 */
function externalsExcept(manifest, inline) {
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies });
  return declared.filter((name) => !inline.has(name)).flatMap((name) => [name, `${name}/*`]);
}

/**
 * The package's own code may import a third-party package only as a declared dependency or an
 * inlined one; anything else would be bundled silently here and missing from a real install.
 */
function checkInputs(inputs, dist, inline, name) {
  for (const [input, { imports }] of Object.entries(inputs)) {
    if (!input.startsWith(`${dist}/`)) continue;
    for (const { path, external } of imports) {
      if (external || path.startsWith(`${dist}/`)) continue;
      const owner = owningPackage(path).manifest.name;
      if (!inline.has(owner)) throw new Error(`bundle-dist: ${name}: ${relative(dist, input)} imports ${owner}, which is neither a dependency nor inlined`);
    }
  }
}

/** The nearest package.json above `file` that names a package, with its directory. */
function owningPackage(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.name) return { dir, manifest };
  }
  throw new Error(`bundle-dist: no package.json with a name above ${file}`);
}

/** The licence texts of the third-party packages whose files went into the bundle, as Markdown. */
function thirdPartyLicences(inputs, dist) {
  const found = new Map();
  for (const file of inputs) {
    if (file.startsWith(`${dist}/`)) continue;
    const { dir, manifest } = owningPackage(file);
    if (found.has(manifest.name)) continue;
    const licenceFile = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    if (!licenceFile) throw new Error(`bundle-dist: ${manifest.name} is inlined but has no licence file to carry along`);
    found.set(manifest.name, `## ${manifest.name} ${manifest.version} (${manifest.license ?? 'see below'})\n\n${readFileSync(join(dir, licenceFile), 'utf8').trim()}\n`);
  }
  return [...found.keys()].sort().map((name) => found.get(name));
}

/**
 * Bundles `packageDir`/dist; `extraEntries` are more entry files relative to the package, `inline`
 * the third-party packages to bundle in. Returns the entries.
 */
export function bundleDist(packageDir, extraEntries = [], { inline = [] } = {}) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const dist = join(packageDir, 'dist');
  const entries = [...new Set([...exportedEntries(manifest), ...extraEntries])].map((entry) => resolve(packageDir, entry));
  for (const entry of entries) {
    if (!entry.startsWith(`${dist}/`) || !existsSync(entry)) throw new Error(`bundle-dist: ${manifest.name}: ${relative(packageDir, entry)} is not a built file under dist/`);
  }
  // Written beside dist/ (same file system), then moved in.
  const out = mkdtempSync(join(packageDir, '.bundle-'));
  try {
    const result = buildSync({
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
      external: externalsExcept(manifest, new Set(inline)),
      metafile: true,
      absWorkingDir: packageDir,
      logLevel: 'silent',
    });
    // The metafile's paths are relative to absWorkingDir.
    const inputs = Object.fromEntries(
      Object.entries(result.metafile.inputs).map(([input, { imports }]) => [resolve(packageDir, input), { imports: imports.map((i) => ({ ...i, path: resolve(packageDir, i.path) })) }]),
    );
    checkInputs(inputs, dist, new Set(inline), manifest.name);
    const licences = thirdPartyLicences(Object.keys(inputs), dist);
    // The per-file JavaScript tsc wrote gives way to the bundle; the declarations stay.
    for (const file of filesUnder(dist)) if (file.endsWith('.js') || file.endsWith('.js.map')) rmSync(file);
    for (const file of filesUnder(out)) {
      const target = join(dist, relative(out, file));
      mkdirSync(dirname(target), { recursive: true });
      renameSync(file, target);
    }
    const licencesFile = join(dist, 'THIRD-PARTY-LICENSES.md');
    rmSync(licencesFile, { force: true });
    if (licences.length > 0) {
      writeFileSync(licencesFile, `# Third-party code in this package's dist/\n\nBundled by tools/bundle-dist.mjs from these packages, under their licences:\n\n${licences.join('\n')}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return entries.map((entry) => relative(packageDir, entry));
}

/** `[--inline a,b] [entry ...]` -> the arguments of bundleDist after the package directory. */
export function bundleArguments(args) {
  const entries = [];
  const inline = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--inline') inline.push(...(args[++i] ?? '').split(',').filter(Boolean));
    else entries.push(args[i]);
  }
  return [entries, { inline }];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundled = bundleDist(process.cwd(), ...bundleArguments(process.argv.slice(2)));
  process.stdout.write(`bundle-dist: ${bundled.join(', ')}\n`);
}
