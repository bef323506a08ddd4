/**
 * This package's root folder (where package.json, hooks/ and bin/ are) and its manifest. Found by
 * walking up from this module rather than by a fixed `../../`: the sources sit two levels down
 * (src/util), a bundled build one or two (dist/, dist/chunks/). Read once per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CliPackage {
  root: string;
  manifest: { name: string; version: string };
}

let found: CliPackage | undefined;

export function cliPackage(): CliPackage {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as CliPackage['manifest'];
      if (manifest.name === '@cqkit/cli') {
        found = { root: dir, manifest };
        return found;
      }
    }
    dir = dirname(dir);
  }
  throw new Error(`@cqkit/cli: cannot find the package's own package.json above ${fileURLToPath(import.meta.url)}`);
}
