/** `cqkit plugin search [words]`: the registry's packages with the cqkit-plugin keyword. */
import { pluginKeyword } from '@cqkit/templates';
import { type FoundPackage, registryUrl, searchRegistry } from '../registry/npm-registry.js';

export interface PluginCommandIO {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** A cqkit plugin by its keyword; a registry that ignores the `keywords:` qualifier still answers with the rest. */
function isPlugin(p: FoundPackage): boolean {
  return p.keywords.includes(pluginKeyword);
}

export function formatPlugins(found: readonly FoundPackage[]): string {
  const nameWidth = Math.max(4, ...found.map((p) => p.name.length));
  const versionWidth = Math.max(7, ...found.map((p) => p.version.length));
  const row = (a: string, b: string, c: string) => `${a.padEnd(nameWidth)}  ${b.padEnd(versionWidth)}  ${c}`.trimEnd();
  return [row('NAME', 'VERSION', 'DESCRIPTION'), ...found.map((p) => row(p.name, p.version, p.description))].join('\n');
}

export async function runPluginSearch(words: readonly string[], io: PluginCommandIO): Promise<number> {
  const registry = await registryUrl(io.cwd);
  let found = (await searchRegistry(registry, [`keywords:${pluginKeyword}`, ...words].join(' '))).filter(isPlugin);
  // Registries without search qualifiers (verdaccio) find nothing for `keywords:`; ask them in plain
  // text (the words, or "cqkit") and keep what carries the keyword.
  if (found.length === 0) found = (await searchRegistry(registry, words.length > 0 ? words.join(' ') : 'cqkit')).filter(isPlugin);
  const asked = words.length > 0 ? ` for "${words.join(' ')}"` : '';
  if (found.length === 0) {
    io.stdout.write(`No cqkit plugins found${asked} on ${registry}\n`);
    return 0;
  }
  found.sort((a, b) => a.name.localeCompare(b.name));
  io.stdout.write(`${formatPlugins(found)}\n\n${found.length} plugin${found.length === 1 ? '' : 's'}${asked} on ${registry}; add one with: cqkit plugin add NAME\n`);
  return 0;
}
