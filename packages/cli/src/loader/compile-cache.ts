/**
 * The TypeScript loader `cqkit start` uses: each TypeScript entry (the config, a local plugin) is
 * compiled once with esbuild into one ES module with its local imports inlined (packages stay
 * imports, so every plugin shares one @cqkit/core), and written to `node_modules/.cache/cqkit`
 * beside the project with the list of files it was made from. The next start finds every input
 * unchanged (a `stat` each) and imports the cached module: no compiler, no module hooks thread.
 * The figures that chose this over tsx are in the cli README ("TypeScript loader").
 *
 * Kept as in the sources: `import.meta.url` / `dirname` / `filename` name the source file (each
 * file gets its own values), stack traces point into the .ts files (inline source maps), the
 * project's tsconfig.json (paths, decorators, JSX) applies, `require` works in CommonJS sources.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

/** Bumped when the compile options change, so old cache entries are not used. */
const cacheFormat = 1;

interface Manifest {
  format: number;
  /** esbuild's version: another compiler may compile differently. */
  compiler: string;
  /** Every file the module was made from, with its `mtimeMs:size` when it was compiled. */
  inputs: Record<string, string>;
}

function stamp(file: string): string | undefined {
  try {
    const stats = statSync(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The project's node_modules/.cache/cqkit: the nearest folder up from the file that has node_modules. */
export function cacheDirFor(file: string): { root: string; cache: string } {
  let dir = dirname(file);
  for (;;) {
    if (isDirectory(join(dir, 'node_modules'))) return { root: dir, cache: join(dir, 'node_modules', '.cache', 'cqkit') };
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { root: dirname(file), cache: join(dirname(file), 'node_modules', '.cache', 'cqkit') };
}

function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** The installed esbuild's version, without loading esbuild. */
function compilerVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
}

/** Still valid: same format and compiler, and every input has the stamp it had when compiled. */
function isFresh(manifest: Manifest | undefined, output: string): boolean {
  if (!manifest || manifest.format !== cacheFormat || stamp(output) === undefined) return false;
  if (manifest.compiler !== compilerVersion()) return false;
  return Object.entries(manifest.inputs).every(([file, was]) => stamp(file) === was);
}

/**
 * Each source file gets its own `import.meta` values, declared on its first line (so line numbers
 * stay as in the source) and put in place of `import.meta.*` by esbuild's `define`.
 */
const metaName = '__cqkit_import_meta';
const sourceMeta: Plugin = {
  name: 'cqkit-source-meta',
  setup(build) {
    build.onLoad({ filter: /\.(c|m)?[jt]sx?$/ }, (args) => {
      if (args.path.split(sep).includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const meta = `const ${metaName} = { url: ${JSON.stringify(pathToFileURL(args.path).href)}, filename: ${JSON.stringify(args.path)}, dirname: ${JSON.stringify(dirname(args.path))} };`;
      // A shebang must stay first.
      const shebang = source.startsWith('#!') ? source.slice(0, source.indexOf('\n') + 1) : '';
      const extension = /\.(c|m)?([jt]sx?)$/.exec(args.path)![2] as 'js' | 'ts' | 'jsx' | 'tsx';
      return { contents: `${shebang}${meta}${source.slice(shebang.length)}`, loader: extension };
    });
  },
};

/**
 * The URL of the compiled module for `file` (a .ts/.mts/.cts source), compiling it first when the
 * cache has none or one made from other contents. Compile errors are thrown as esbuild reports
 * them (file, line and column).
 */
export async function compiledModuleUrl(file: string): Promise<string> {
  const { root, cache } = cacheDirFor(file);
  const name = relative(root, file).split(sep).join('__').replace(/[^\w.-]/g, '_');
  const output = join(cache, `${name}.mjs`);
  const manifestFile = join(cache, `${name}.json`);
  if (isFresh(readManifest(manifestFile), output)) return pathToFileURL(output).href;

  const esbuild = await import('esbuild');
  mkdirSync(cache, { recursive: true });
  // Written under a temporary name, then renamed: a second process never imports a half-written file.
  const temporary = `${output}.${process.pid}.tmp`;
  const result = await esbuild.build({
    entryPoints: [file],
    outfile: temporary,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
    plugins: [sourceMeta],
    define: { 'import.meta.url': `${metaName}.url`, 'import.meta.filename': `${metaName}.filename`, 'import.meta.dirname': `${metaName}.dirname` },
    // CommonJS sources (and packages they require) need `require` inside an ES module.
    banner: { js: "import { createRequire as __cqkitCreateRequire } from 'node:module';\nconst require = __cqkitCreateRequire(import.meta.url);" },
  });
  renameSync(temporary, output);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const path = join(root, input);
    const was = stamp(path);
    if (was !== undefined) inputs[path] = was;
  }
  const manifest: Manifest = { format: cacheFormat, compiler: esbuild.version, inputs };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return pathToFileURL(output).href;
}
