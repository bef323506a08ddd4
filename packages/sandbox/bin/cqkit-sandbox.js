#!/usr/bin/env node
// Inside the cqkit repository (src/ present) run the TypeScript sources through tsx, so no build step
// is needed and a dist/ left by a pack never shadows them; a published install (no src/) runs dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/bin.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/bin.js', import.meta.url).href);
}
