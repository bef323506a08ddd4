/**
 * Finding and reading the config: cosmiconfig for the search, tsx for TypeScript (no build step),
 * the schema for the check.
 */
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { tsImport } from 'tsx/esm/api';
import { ConfigError, describeIssues } from './errors.js';
import { type CqkitConfig, configSchema } from './schema.js';
import { describeError } from '@cqkit/core';

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
  const message = describeError(error);
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

/** TypeScript through tsx: transpiled in memory, imports of the config resolve as usual. */
const loadTypeScript = guarded((filepath) => tsImport(pathToFileURL(filepath).href, import.meta.url));

/** JavaScript through Node's own import (tsx is registered by the bin, so it may import .ts too). */
const loadJavaScript = guarded((filepath) => import(pathToFileURL(filepath).href));

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


/** Checks a raw config object; throws ConfigError naming each bad key. */
export function validateConfig(raw: unknown, file: string): CqkitConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ConfigError(file, describeIssues(result.error.issues, raw));
}

/**
 * Loads `configFile` when given, else searches from `cwd`. Throws ConfigError (never anything else)
 * for a missing, unreadable or invalid file.
 */
export async function loadConfig(options: { cwd?: string; configFile?: string } = {}): Promise<LoadedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const explorer = cosmiconfig(moduleName, {
    searchPlaces: [...searchPlaces],
    searchStrategy: 'project',
    loaders: {
      '.ts': loadTypeScript,
      '.mts': loadTypeScript,
      '.cts': loadTypeScript,
      '.js': loadJavaScript,
      '.mjs': loadJavaScript,
      '.cjs': loadJavaScript,
    },
  });
  const shown = options.configFile ? displayPath(resolve(cwd, options.configFile), cwd) : 'the config';
  let result: Awaited<ReturnType<typeof explorer.search>>;
  try {
    result = options.configFile ? await explorer.load(resolve(cwd, options.configFile)) : await explorer.search(cwd);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new ConfigError(shown, ['file not found']);
    if (error instanceof LoaderFailure) throw new ConfigError(displayPath(error.filepath, cwd), [`could not be loaded: ${error.message}`]);
    // cosmiconfig's own parsers (JSON, YAML) name the file in their message.
    const filepath = (error as { filepath?: string }).filepath;
    throw new ConfigError(filepath ? displayPath(filepath, cwd) : shown, [`could not be loaded: ${condense(error, filepath ?? '')}`]);
  }
  if (!result) return { config: validateConfig({}, 'defaults'), filepath: undefined, dir: cwd };
  const file = displayPath(result.filepath, cwd);
  const raw: unknown = result.isEmpty ? {} : result.config;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(file, [`expected the config to be an object, got ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}`]);
  }
  return { config: validateConfig(raw, file), filepath: result.filepath, dir: dirname(result.filepath) };
}
