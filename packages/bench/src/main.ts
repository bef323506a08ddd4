/**
 * `pnpm bench [--quick] [--out file.json] [--cpu-prof]`: runs every row, prints the table, writes JSON.
 * Everything listens on 127.0.0.1; every load phase is bounded in count and in time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type BenchPart, benchParts, runBench } from './run.js';
import { resultsDir } from './paths.js';

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const known = new Set(['--quick', '--cpu-prof', '--out', '--only']);
for (const arg of args) {
  if (arg.startsWith('--') && !known.has(arg)) {
    console.error(`pnpm bench: unknown option ${arg} (known: --quick, --out <file>, --cpu-prof, --only ${benchParts.join(',')})`);
    process.exit(2);
  }
}
const outIndex = args.indexOf('--out');
const outArg = outIndex === -1 ? join(resultsDir, 'latest.json') : args[outIndex + 1];
if (outArg === undefined) {
  console.error('pnpm bench: --out needs a file name');
  process.exit(2);
}
// pnpm runs the script inside packages/bench; a relative --out means where `pnpm bench` was typed.
const out = resolve(process.env.INIT_CWD ?? process.cwd(), outArg);

const onlyIndex = args.indexOf('--only');
let only: BenchPart[] | undefined;
if (onlyIndex !== -1) {
  const parts = (args[onlyIndex + 1] ?? '').split(',').filter(Boolean);
  const unknown = parts.filter((part) => !(benchParts as readonly string[]).includes(part));
  if (parts.length === 0 || unknown.length > 0) {
    console.error(`pnpm bench: --only takes a list of ${benchParts.join(', ')} (got ${JSON.stringify(args[onlyIndex + 1] ?? '')})`);
    process.exit(2);
  }
  only = parts as BenchPart[];
}

const result = await runBench({ quick: args.includes('--quick'), cpuProfile: args.includes('--cpu-prof'), ...(only && { only }) });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`\n${result.table}\n\nresults written to ${out}\n`);
