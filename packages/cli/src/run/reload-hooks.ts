/**
 * The module hooks of `cqkit start --watch` (hooks/reload.mjs), registered only when --watch is on:
 * Node runs module hooks on a thread of their own, which a bot without --watch does not pay for.
 */
import { register } from 'node:module';

let registered = false;

export function registerReloadHooks(): void {
  if (registered) return;
  registered = true;
  // ../../hooks from both src/run and dist/run.
  register('../../hooks/reload.mjs', import.meta.url);
}
