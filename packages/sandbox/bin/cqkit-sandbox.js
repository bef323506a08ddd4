#!/usr/bin/env node
// Published package: run the compiled entry. Inside the workspace (no dist/): run the TypeScript
// source through tsx, so no build step is needed.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/bin.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/bin.ts', import.meta.url).href);
}
