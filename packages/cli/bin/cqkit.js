#!/usr/bin/env node
// The `cqkit` command. It loads only what the command needs: `--version` reads package.json and
// nothing else, `start` imports TypeScript support only when the project's config or plugins are
// TypeScript (see src/loader/typescript.ts). A published install runs dist/. Inside the cqkit
// repository (src/ present) the cli runs from its own TypeScript sources, so tsx is registered first.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// While the bot loads: no young-generation growth, no optimizing compiler (src/util/start-up-tuning.ts
// says why and turns both back on once the bot runs).
setFlagsFromString('--semi-space-growth-factor=1');
setFlagsFromString('--no-opt');

const source = new URL('../src/main.ts', import.meta.url);
let entry = new URL('../dist/main.js', import.meta.url);
if (existsSync(source)) {
  const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  registerEsm();
  registerCjs();
  // Tells src/loader/typescript.ts that TypeScript already loads.
  globalThis[Symbol.for('cqkit.typescript')] = 'tsx';
  entry = source;
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Everything cqkit started is stopped by now; a plugin's stray timer or socket must not keep the
// process alive after a stop (stdout and stderr are synchronous for files and pipes, nothing is lost).
process.exit(code);
