#!/usr/bin/env node
// `pnpm create cqkit my-bot` / `npm create cqkit my-bot`. Inside the cqkit repository (src/ present)
// it runs its TypeScript sources through tsx; a published install (no src/) runs dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/main.ts', import.meta.url);
let entry = new URL('../dist/main.js', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = source;
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
