/** Importing a plugin module and finding the plugin object in it. */
import type { Plugin } from '@cqkit/core';
import { importProjectFile } from '../loader/typescript.js';

/** The module loaded but exports nothing shaped like `{ name, apply }`. */
export class PluginShapeError extends Error {
  static readonly code = 'CQKIT_PLUGIN_SHAPE';
  readonly code = PluginShapeError.code;
  override readonly name = 'PluginShapeError';
}

export function isPlugin(value: unknown): value is Plugin<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { apply?: unknown }).apply === 'function'
  );
}

/** `export default plugin`, `export const plugin`, or the module itself being `{ name, apply }`. */
export function pickPlugin(module: Record<string, unknown>, where: string): Plugin<unknown> {
  for (const candidate of [module.default, module.plugin, module]) {
    if (isPlugin(candidate)) return candidate;
    // A CommonJS module seen from ESM keeps its exports object on `default`.
    if (candidate && typeof candidate === 'object' && isPlugin((candidate as { default?: unknown }).default)) {
      return (candidate as { default: Plugin<unknown> }).default;
    }
  }
  const keys = Object.keys(module).join(', ') || 'nothing';
  throw new PluginShapeError(`${where} does not export a plugin { name, apply(ctx, config) } (it exports ${keys})`);
}

/**
 * Imports `file`. `generation` > 0 adds a `?cqkit-reload=N` query: Node caches modules by URL, so a
 * new query gives a fresh copy (the reload hooks carry the query on to the plugin's own local imports).
 */
export async function importPlugin(file: string, generation = 0): Promise<Plugin<unknown>> {
  const module = (await importProjectFile(file, generation > 0 ? `cqkit-reload=${generation}` : undefined)) as Record<string, unknown>;
  return pickPlugin(module, file);
}
