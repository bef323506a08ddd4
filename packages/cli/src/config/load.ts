/**
 * Finding and reading the config: the search of discover.ts (cosmiconfig's, without importing it in
 * the common case), Node's import for JavaScript, the TypeScript loader only for TypeScript, and
 * cosmiconfig for the data formats; the quick check for a plainly valid config, else the schema.
 */
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Loader } from 'cosmiconfig';
import { importProjectFile } from '../loader/typescript.js';
import { type FoundConfig, findConfigFile, formatOf, hasMetaConfig, readPackage } from './discover.js';
import { ConfigError } from './config-error.js';
import { acceptedAsWritten } from './quick-check.js';
import type { CqkitConfig } from './schema.js';

export const moduleName = 'cqkit';

/** Searched in this order in the start directory, then upwards to the project root. */
export const searchPlaces = [
  'package.json',
  'cqkit.config.ts',
  'cqkit.config.mts',
  'cqkit.config.mjs',
  'cqkit.config.js',
  'cqkit.config.cjs',
  'cqkit.config.json',
  '.cqkitrc',
  '.cqkitrc.json',
  '.cqkitrc.yaml',
  '.cqkitrc.yml',
  '.cqkitrc.js',
  '.cqkitrc.mjs',
  '.cqkitrc.ts',
] as const;

/**
 * The config object of a module: its default export, or the module itself. A TypeScript file in a
 * CommonJS package arrives as `{ default: module.exports }` with `module.exports.default` inside.
 */
function pickExport(module: unknown): unknown {
  let value = module;
  for (let depth = 0; depth < 2; depth++) {
    if (value && typeof value === 'object' && 'default' in value) value = (value as { default: unknown }).default;
  }
  return value;
}

/** A config file that exists but could not be evaluated; remembers which file it was. */
class LoaderFailure extends Error {
  constructor(
    readonly filepath: string,
    cause: unknown,
  ) {
    super(condense(cause, filepath));
  }
}

/** The useful line of a load error: esbuild's "Transform failed" is followed by the real one. */
function condense(error: unknown, filepath: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  let useful = lines[0] ?? 'unknown error';
  if (useful.startsWith('Transform failed') && lines[1]) useful = lines[1];
  else if (useful.endsWith(':') && lines[1]) useful = `${useful} ${lines[1]}`;
  return useful.split(filepath).join(basename(filepath));
}

function guarded(load: (filepath: string) => Promise<unknown>): Loader {
  return async (filepath) => {
    try {
      return pickExport(await load(filepath));
    } catch (error) {
      throw new LoaderFailure(filepath, error);
    }
  };
}

/** A module config: JavaScript through Node's import, TypeScript through the cli's loader. */
const loadModule = guarded((filepath) => importProjectFile(filepath));

/** What a search or a load found: the file and its contents (undefined for an empty one). */
interface Found {
  filepath: string;
  config: unknown;
}

/** cosmiconfig, imported on demand, with the module loader above for the module formats. */
async function createExplorer() {
  const { cosmiconfig } = await import('cosmiconfig');
  return cosmiconfig(moduleName, {
    searchPlaces: [...searchPlaces],
    searchStrategy: 'project',
    loaders: { '.ts': loadModule, '.mts': loadModule, '.cts': loadModule, '.js': loadModule, '.mjs': loadModule, '.cjs': loadModule },
  });
}

async function read(found: FoundConfig): Promise<Found> {
  if (found.format === 'module') {
    const config = await loadModule(found.filepath, '');
    // cosmiconfig's `$import` (merging other files in) is honoured for modules too.
    if (!(config && typeof config === 'object' && Object.hasOwn(config, '$import'))) return { filepath: found.filepath, config };
  }
  if (found.format === 'package') {
    const pkg = readPackage(found.filepath);
    if (pkg !== 'invalid') return { filepath: found.filepath, config: pkg[moduleName] };
  }
  const result = await (await createExplorer()).load(found.filepath);
  return { filepath: found.filepath, config: result?.isEmpty ? undefined : result?.config };
}

/** `--config FILE` or the search; cosmiconfig searches itself when a meta config may change the places. */
async function locate(cwd: string, configFile: string | undefined): Promise<Found | undefined> {
  if (configFile !== undefined) {
    const filepath = resolve(cwd, configFile);
    statSync(filepath); // a missing file is ENOENT before any loader runs
    return read({ filepath, format: formatOf(filepath) });
  }
  if (hasMetaConfig(cwd)) {
    const result = await (await createExplorer()).search(cwd);
    return result ? { filepath: result.filepath, config: result.isEmpty ? undefined : result.config } : undefined;
  }
  const found = findConfigFile(cwd, searchPlaces, moduleName);
  return found ? read(found) : undefined;
}

export interface LoadedConfig {
  config: CqkitConfig;
  /** Absolute path of the file, or undefined when none was found (defaults are used). */
  filepath: string | undefined;
  /** Where relative plugin paths are resolved from: the config file's directory, or the start dir. */
  dir: string;
}

/** How a path is shown in messages: relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/**
 * The checked config: the quick check's when it is sure, else the schema's (zod and the schema are
 * imported only then, so a plainly valid config loads neither; the plugins' schemas may).
 */
async function checked(raw: object, file: string): Promise<CqkitConfig> {
  const quick = acceptedAsWritten(raw);
  if (quick !== undefined) return quick;
  const { validateConfig } = await import('./validate.js');
  return validateConfig(raw, file);
}

/**
 * Loads `configFile` when given, else searches from `cwd`. Throws ConfigError (never anything else)
 * for a missing, unreadable or invalid file.
 */
export async function loadConfig(options: { cwd?: string; configFile?: string } = {}): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const shown = options.configFile ? displayPath(resolve(cwd, options.configFile), cwd) : 'the config';
  let result: Found | undefined;
  try {
    result = await locate(cwd, options.configFile);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new ConfigError(shown, ['file not found']);
    if (error instanceof LoaderFailure) throw new ConfigError(displayPath(error.filepath, cwd), [`could not be loaded: ${error.message}`]);
    // cosmiconfig's own parsers (JSON, YAML) name the file in their message.
    const filepath = (error as { filepath?: string }).filepath;
    throw new ConfigError(filepath ? displayPath(filepath, cwd) : shown, [`could not be loaded: ${condense(error, filepath ?? '')}`]);
  }
  if (!result) return { config: await checked({}, 'defaults'), filepath: undefined, dir: cwd };
  const file = displayPath(result.filepath, cwd);
  const raw: unknown = result.config === undefined ? {} : result.config;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [`expected the config to be an object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}`]);
  }
  return { config: await checked(raw, file), filepath: result.filepath, dir: dirname(result.filepath) };
}
