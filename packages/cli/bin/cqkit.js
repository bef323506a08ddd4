#!/usr/bin/env node
// The `cqkit` command. tsx is registered first so bot projects need no build step: their
// cqkit.config.ts and local plugins are TypeScript. Inside the cqkit repository (src/ present) the
// cli itself also runs from its TypeScript sources; a published install (no src/) runs dist/.
import { existsSync } from 'node:fs';
import { register as registerHooks } from 'node:module';
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

registerEsm();
registerCjs();
// Carries --watch reload generations on to a plugin's own local imports (see hooks/reload.mjs).
registerHooks('../hooks/reload.mjs', import.meta.url);

const source = new URL('../src/main.ts', import.meta.url);
const entry = existsSync(source) ? source : new URL('../dist/main.js', import.meta.url);
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Everything cqkit started is stopped by now; a plugin's stray timer or socket must not keep the
// process alive after a stop (stdout and stderr are synchronous for files and pipes, nothing is lost).
process.exit(code);
