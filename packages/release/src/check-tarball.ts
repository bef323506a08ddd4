/**
 * What a published package must hold: every file its `exports` (as published, so publishConfig's)
 * and `bin` name, a type declaration for every export, README and LICENSE, no TypeScript sources,
 * and no `workspace:` range left over.
 * An unbuilt package (package.json, README and LICENSE only) fails here with the missing files named.
 */
import type { TarballContents } from './tarball.js';

/** Every target path of an exports map (conditions and subpaths nested to any depth), with its condition. */
export function exportTargets(exports: unknown, condition = 'default'): { condition: string; path: string }[] {
  if (typeof exports === 'string') return [{ condition, path: exports }];
  if (Array.isArray(exports)) return exports.flatMap((e) => exportTargets(e, condition));
  if (exports && typeof exports === 'object') {
    return Object.entries(exports).flatMap(([key, value]) => exportTargets(value, key.startsWith('.') ? condition : key));
  }
  return [];
}

const normal = (path: string) => path.replace(/^\.\//, '');

/** What a package of ours must hold: its entry points (below), README and LICENSE, no sources. */
export function tarballProblems(contents: TarballContents): string[] {
  const problems = entryPointProblems(contents);
  for (const file of ['README.md', 'LICENSE']) if (!contents.files.has(file)) problems.push(`${file} is not in the tarball`);
  if ([...contents.files].some((f) => f.startsWith('src/'))) problems.push('the tarball ships src/ (sources belong in the repository)');
  return problems;
}

/** What any package must hold to be usable: the files its exports and bin name, types, no workspace: ranges. */
export function entryPointProblems({ files, manifest }: TarballContents): string[] {
  const problems: string[] = [];
  const targets = exportTargets(manifest.exports);
  if (targets.length === 0) problems.push('package.json has no exports');
  for (const { condition, path } of targets) {
    if (path.includes('*')) {
      const [head, tail] = normal(path).split('*') as [string, string];
      if (![...files].some((f) => f.startsWith(head) && f.endsWith(tail))) problems.push(`exports pattern ${path} matches no file`);
      continue;
    }
    if (!files.has(normal(path))) problems.push(`${condition} export ${path} is not in the tarball`);
    if (condition === 'types' && !/\.d\.[mc]?ts$/.test(path)) problems.push(`types export ${path} is not a .d.ts`);
  }
  const codeExports = targets.filter((t) => t.condition !== 'types' && /\.[mc]?js$/.test(t.path));
  const typeExports = targets.filter((t) => t.condition === 'types');
  if (codeExports.length > 0 && typeExports.length === 0) problems.push('exports name JavaScript but no type declarations');
  if (targets.some((t) => /\.[mc]?ts$/.test(t.path) && !/\.d\.[mc]?ts$/.test(t.path))) problems.push('exports point at TypeScript sources, not built code');
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const bin of bins) if (!files.has(normal(bin))) problems.push(`bin ${bin} is not in the tarball`);
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const) {
    for (const [name, range] of Object.entries((manifest[field] as Record<string, string> | undefined) ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${name} is still ${range}`);
    }
  }
  return problems;
}
