/**
 * Where the config is: the search cosmiconfig does with our search places and its "project"
 * strategy (the start directory, then upwards until a directory holding package.json), done with
 * a few `stat` calls. cosmiconfig costs tens of milliseconds and several MB at import, and a bot
 * project nearly always has `cqkit.config.*`, so it is imported only for what it is needed for:
 * the data formats (`.cqkitrc` YAML/JSON, `.json`, `.yaml`, which may use its `$import`) and
 * projects with a cosmiconfig meta config (`.config/config.*` or package.json "cosmiconfig").
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** How a found file is read: imported as a module, package.json's key, or by cosmiconfig. */
export type ConfigFormat = 'module' | 'package' | 'data';

export interface FoundConfig {
  filepath: string;
  format: ConfigFormat;
}

const moduleExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

export function formatOf(filepath: string): ConfigFormat {
  if (filepath.endsWith('package.json')) return 'package';
  return moduleExtensions.has(extname(filepath)) ? 'module' : 'data';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** package.json as an object; 'invalid' when it does not parse (cosmiconfig then names the error). */
export function readPackage(path: string): Record<string, unknown> | 'invalid' {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return 'invalid';
  }
}

/** A cosmiconfig meta config in `cwd` can change the search places: then cosmiconfig searches. */
export function hasMetaConfig(cwd: string): boolean {
  if (existsSync(join(cwd, '.config'))) {
    for (const ext of ['json', 'yaml', 'yml', 'js', 'ts', 'cjs', 'mjs']) if (isFile(join(cwd, '.config', `config.${ext}`))) return true;
  }
  if (!isFile(join(cwd, 'package.json'))) return false;
  const pkg = readPackage(join(cwd, 'package.json'));
  return pkg !== 'invalid' && pkg.cosmiconfig !== undefined;
}

/** A file that is empty (or only whitespace) is skipped by the search, as cosmiconfig does. */
function isEmptyFile(path: string): boolean {
  return statSync(path).size === 0 || readFileSync(path, 'utf8').trim() === '';
}

/** The first config file from `from` upwards, or undefined; `moduleName` is package.json's key. */
export function findConfigFile(from: string, places: readonly string[], moduleName: string): FoundConfig | undefined {
  let dir = from;
  for (;;) {
    for (const place of places) {
      const filepath = join(dir, place);
      if (!isFile(filepath)) continue;
      const format = formatOf(filepath);
      if (format === 'package') {
        const pkg = readPackage(filepath);
        if (pkg === 'invalid') return { filepath, format: 'data' };
        if (pkg[moduleName] === undefined || pkg[moduleName] === null) continue;
        return { filepath, format };
      }
      if (isEmptyFile(filepath)) continue;
      return { filepath, format };
    }
    if (isFile(join(dir, 'package.json')) || isFile(join(dir, 'package.yaml'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
