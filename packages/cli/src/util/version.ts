import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliRoot } from './package-root.js';

/** This package's version (the same for every cqkit package: changesets keeps them in step). */
export function cliVersion(): string {
  return (JSON.parse(readFileSync(join(cliRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
