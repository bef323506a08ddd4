import { readFileSync } from 'node:fs';

/**
 * The version of create-cqkit, which is the version of every @cqkit package (changesets keeps them
 * in one fixed group), so a new project depends on the packages released with this scaffolder.
 */
export function cqkitVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
