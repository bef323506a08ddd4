/**
 * This package's root folder (where package.json, hooks/ and bin/ are). Found by walking up from
 * this module rather than by a fixed `../../`: the sources sit two levels down (src/util), a bundled
 * build one or two (dist/, dist/chunks/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function cliRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let level = 0; level < 4; level++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@cqkit/cli') {
      root = dir;
      return dir;
    }
    dir = dirname(dir);
  }
  throw new Error(`@cqkit/cli: cannot find the package's own package.json above ${fileURLToPath(import.meta.url)}`);
}
