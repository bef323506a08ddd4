/**
 * The module hooks of `cqkit start --watch` (hooks/reload.mjs), registered only when --watch is on:
 * Node runs module hooks on a thread of their own, which a bot without --watch does not pay for.
 */
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPackage } from '../util/package-root.js';

let registered = false;

export function registerReloadHooks(): void {
  if (registered) return;
  registered = true;
  register(pathToFileURL(join(cliPackage().root, 'hooks', 'reload.mjs')));
}
