import { readFileSync } from 'node:fs';

/** This package's version (the same for every cqkit package: changesets keeps them in step). */
export function cliVersion(): string {
  // ../package.json from both src/util and dist/util.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
