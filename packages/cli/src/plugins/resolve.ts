/**
 * Where a plugin named in the config lives. Names are looked up from the bot project's directory
 * (not from the cli's own install), so a project's node_modules decides; paths are relative to
 * the config file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface ResolvedPlugin {
  /** The key as written in the config. */
  spec: string;
  /** Absolute path of the module file. */
  file: string;
  /** The npm name it was found under, or undefined for a local file. */
  packageName: string | undefined;
  /** Local files can be reloaded by --watch; packages are not watched. */
  local: boolean;
}

/** Nothing matched; the message lists every candidate that was tried. */
export class PluginNotFoundError extends Error {
  static readonly code = 'CQKIT_PLUGIN_NOT_FOUND';
  readonly code = PluginNotFoundError.code;
  override readonly name = 'PluginNotFoundError';
  constructor(
    readonly spec: string,
    readonly tried: readonly string[],
    from: string,
  ) {
    super(`plugin "${spec}" not found (from ${from}); tried ${tried.join(', ')}${tried.some((t) => !t.startsWith('.') && !isAbsolute(t)) ? '. Install it with `pnpm add <name>`' : ''}`);
  }
}

export function isPathSpec(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..' || isAbsolute(spec) || spec.startsWith('file:');
}

/**
 * npm names to try for a plugin spec, in order:
 *   echo          -> @cqkit/plugin-echo, cqkit-plugin-echo
 *   cqkit-plugin-x / @cqkit/plugin-x / @s/cqkit-plugin-x -> as written
 *   @scope/x      -> @scope/cqkit-plugin-x, @scope/x
 */
export function candidateNames(spec: string): string[] {
  if (spec.startsWith('@')) {
    const slash = spec.indexOf('/');
    if (slash < 0) return [spec];
    const scope = spec.slice(0, slash);
    const rest = spec.slice(slash + 1);
    if (rest.startsWith('cqkit-plugin-') || (scope === '@cqkit' && rest.startsWith('plugin-'))) return [spec];
    if (scope === '@cqkit') return [`@cqkit/plugin-${rest}`, spec];
    return [`${scope}/cqkit-plugin-${rest}`, spec];
  }
  if (spec.startsWith('cqkit-plugin-')) return [spec];
  return [`@cqkit/plugin-${spec}`, `cqkit-plugin-${spec}`];
}

const sourceExtensions = ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs'];

/** A local path: as written, then with an extension, then as a directory's index. */
function resolveLocal(spec: string, fromDir: string): string | undefined {
  const base = spec.startsWith('file:') ? new URL(spec).pathname : resolve(fromDir, spec);
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  if (isFile(base)) return base;
  // `./src/dice.js` written NodeNext-style may name a `.ts` source.
  if (/\.(m|c)?js$/.test(base)) {
    const ts = base.replace(/js$/, 'ts');
    if (isFile(ts)) return ts;
  }
  for (const ext of sourceExtensions) if (isFile(base + ext)) return base + ext;
  if (existsSync(base) && statSync(base).isDirectory()) {
    const pkgFile = join(base, 'package.json');
    if (isFile(pkgFile)) {
      const entry = packageEntry(base, JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson);
      if (entry) return entry;
    }
    for (const ext of sourceExtensions) if (isFile(join(base, `index${ext}`))) return join(base, `index${ext}`);
  }
  return undefined;
}

interface PackageJson {
  name?: string;
  exports?: unknown;
  main?: string;
  module?: string;
}

const importConditions = ['import', 'node', 'module', 'default'];

/** The "." export for an ESM import (string, conditions object, or sugar), else main. */
function exportTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) {
    for (const item of exports) {
      const target = exportTarget(item);
      if (target) return target;
    }
    return undefined;
  }
  if (exports && typeof exports === 'object') {
    const record = exports as Record<string, unknown>;
    if ('.' in record) return exportTarget(record['.']);
    for (const condition of importConditions) {
      if (condition in record) {
        const target = exportTarget(record[condition]);
        if (target) return target;
      }
    }
  }
  return undefined;
}

function packageEntry(dir: string, pkg: PackageJson): string | undefined {
  const target = pkg.exports !== undefined ? exportTarget(pkg.exports) : (pkg.module ?? pkg.main ?? 'index.js');
  if (!target) return undefined;
  const file = resolve(dir, target);
  return existsSync(file) ? file : undefined;
}

/** Finds node_modules/<name> from `fromDir` upwards, like Node does. */
function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = resolve(fromDir);
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return dirname(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function resolvePackage(name: string, fromDir: string): string | undefined {
  // Only the project's node_modules chain counts: require.resolve alone would also search NODE_PATH
  // (which pnpm sets for scripts) and the global folders, and find plugins the project does not have.
  const dir = findPackageDir(name, fromDir);
  if (!dir) return undefined;
  try {
    return createRequire(join(fromDir, 'noop.js')).resolve(name);
  } catch {
    // Import-only packages (no "require"/"default" export) fail require.resolve: read their exports.
    return packageEntry(dir, JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson);
  }
}

/** Resolves one config key to a module file; throws PluginNotFoundError listing what was tried. */
export function resolvePlugin(spec: string, fromDir: string): ResolvedPlugin {
  if (isPathSpec(spec)) {
    const file = resolveLocal(spec, fromDir);
    if (!file) throw new PluginNotFoundError(spec, [spec, ...sourceExtensions.map((ext) => spec + ext), `${spec}/index.ts`], fromDir);
    return { spec, file, packageName: undefined, local: true };
  }
  const tried = candidateNames(spec);
  for (const name of tried) {
    const file = resolvePackage(name, fromDir);
    if (file) return { spec, file, packageName: name, local: false };
  }
  throw new PluginNotFoundError(spec, tried, fromDir);
}
