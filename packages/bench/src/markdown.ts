/**
 * `pnpm --filter @cqkit/bench markdown [results.json]`: the rows of a run as a Markdown table, for
 * the README (so the figures written there are the figures of a run, not retyped ones).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Row } from './harness/report.js';
import { resultsDir } from './paths.js';
import type { BenchResult } from './run.js';

function figure(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit === 'yes/no') return value === 1 ? 'yes' : 'no';
  const abs = Math.abs(value);
  return value.toFixed(abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3);
}

function line(r: Row): string {
  const ratio = /x (baseline|direct)$/.test(r.target ?? '');
  const checked = ratio ? (r.value === null ? '—' : `${r.value.toFixed(2)}×`) : figure(r.value, r.unit);
  const verdict = r.verdict === 'PASS' ? '**PASS**' : r.verdict === 'FAIL' ? '**FAIL**' : r.verdict === 'not measured' ? (r.note ?? 'not measured') : '';
  return `| ${r.section} | ${r.label} (${r.unit}) | ${figure(r.cqkit, r.unit)} | ${figure(r.baseline, r.unit)} | ${checked} | ${r.target ?? ''} | ${verdict} |`;
}

// pnpm runs the script inside packages/bench; a relative path means where the command was typed.
const given = process.argv.slice(2).find((arg) => arg !== '--');
const file = given === undefined ? join(resultsDir, 'latest.json') : resolve(process.env.INIT_CWD ?? process.cwd(), given);
const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
const m = result.machine;
console.log(`Run of ${result.startedAt} (${result.mode}, ${result.durationSeconds} s): ${m.cores} × ${m.cpuModel}, ${m.totalMemoryMb} MB, Node ${m.node}, ${m.platform} ${m.release}; 1-minute load average ${result.loadAverage.start.toFixed(1)} at the start, ${result.loadAverage.end.toFixed(1)} at the end.\n`);
console.log('| Section | Measurement | cqkit | baseline | checked | target | verdict |');
console.log('|---|---|---:|---:|---:|---|---|');
for (const r of result.rows) console.log(line(r));
