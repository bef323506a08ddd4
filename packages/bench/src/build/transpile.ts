/**
 * Builds the workspace packages a bench bot needs into `<out>/node_modules/<name>/dist`, the way
 * they are published (ESM JavaScript, `exports` at ./dist), so bots run on plain `node` with no
 * TypeScript loader. Each file is compiled by the TypeScript compiler on its own (the packages use
 * isolatedModules, so this is the same JavaScript `tsc` emits) — seconds instead of a full build.
 */
import { bundleArguments, bundleDist } from '../../../../tools/bundle-dist.mjs';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const compilerOptions: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  sourceMap: false,
};

export interface BuiltPackage {
  name: string;
  /** Directory of the built package (holds package.json and dist/). */
  dir: string;
  files: number;
}

export interface BuildReport {
  out: string;
  packages: BuiltPackage[];
  ms: number;
}

interface PackageJson {
  name?: string;
  scripts?: Record<string, string>;
  version?: string;
  exports?: unknown;
  main?: string;
  bin?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Plain-JavaScript folders a package publishes beside dist (the cli's bin and module hooks). */
const publishedFolders = ['bin', 'hooks'];

function listFiles(dir: string): string[] {
  const found: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) found.push(full);
    }
  }
  return found;
}

/** Compiles every .ts file under `srcDir` into `outDir`, copying other files (JSON and the like) as they are. */
export function transpileTree(srcDir: string, outDir: string): number {
  let files = 0;
  for (const file of listFiles(srcDir)) {
    const rel = relative(srcDir, file);
    if (file.endsWith('.d.ts')) continue;
    if (file.endsWith('.ts')) {
      const source = readFileSync(file, 'utf8');
      const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: file });
      const target = join(outDir, rel.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, outputText);
      files++;
    } else {
      const target = join(outDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
    }
  }
  return files;
}

/** `./src/x.ts` -> `./dist/x.js` everywhere in an exports map. */
function distExports(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '.js');
  if (Array.isArray(value)) return value.map(distExports);
  if (value && typeof value === 'object') {
    const mapped: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) mapped[key] = distExports(inner);
    return mapped;
  }
  return value;
}

/**
 * Third-party dependencies of the package are linked into the built copy's own node_modules;
 * workspace ones (@cqkit/*) are left out so they resolve to the built siblings, not to sources.
 */
function linkDependencies(packageDir: string, builtDir: string): void {
  const modules = join(packageDir, 'node_modules');
  if (!existsSync(modules)) return;
  const linkAll = (from: string, to: string) => {
    for (const entry of readdirSync(from)) {
      if (entry === '.bin' || entry === '@cqkit' || entry === '@types') continue;
      const source = join(from, entry);
      if (entry.startsWith('@')) {
        linkAll(source, join(to, entry));
        continue;
      }
      mkdirSync(to, { recursive: true });
      symlinkSync(realpathSync(source), join(to, entry), 'dir');
    }
  };
  linkAll(modules, join(builtDir, 'node_modules'));
}

/** Builds the given workspace packages (directories holding package.json and src/) into `<out>/node_modules`. */
export function buildPackages(packageDirs: readonly string[], out: string): BuildReport {
  const started = performance.now();
  rmSync(out, { recursive: true, force: true });
  const packages: BuiltPackage[] = [];
  for (const packageDir of packageDirs) {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
    if (!manifest.name || !existsSync(join(packageDir, 'src')) || !statSync(join(packageDir, 'src')).isDirectory()) continue;
    const dir = join(out, 'node_modules', manifest.name);
    const files = transpileTree(join(packageDir, 'src'), join(dir, 'dist'));
    for (const folder of publishedFolders) {
      if (existsSync(join(packageDir, folder))) cpSync(join(packageDir, folder), join(dir, folder), { recursive: true });
    }
    const built = {
      name: manifest.name,
      version: manifest.version ?? '0.0.0',
      type: 'module',
      exports: manifest.exports === undefined ? { '.': './dist/index.js' } : distExports(manifest.exports),
      ...(manifest.bin !== undefined && { bin: manifest.bin }),
      // What the bundler keeps as imports (tools/bundle-dist.mjs reads them).
      ...(manifest.dependencies !== undefined && { dependencies: manifest.dependencies }),
      ...(manifest.peerDependencies !== undefined && { peerDependencies: manifest.peerDependencies }),
      ...(manifest.optionalDependencies !== undefined && { optionalDependencies: manifest.optionalDependencies }),
    };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(built, null, 2)}\n`);
    linkDependencies(packageDir, dir);
    // A package whose build bundles its dist (tools/bundle-dist.mjs) is bundled here the same way,
    // with the same arguments, so the bench runs what is published (packages it inlines are found
    // through the links above).
    const bundling = /bundle-dist\.mjs((?:\s+[^\s&|;]+)*)/.exec(manifest.scripts?.build ?? '');
    if (bundling) bundleDist(dir, ...bundleArguments(bundling[1]!.trim().split(/\s+/).filter(Boolean)));
    packages.push({ name: manifest.name, dir, files });
  }
  return { out, packages, ms: performance.now() - started };
}
