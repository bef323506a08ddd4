/**
 * `pnpm --filter @cqkit/bench instructions [runs]`: how much work a start-up is, in instructions,
 * which unlike milliseconds do not move with the host. The bare bot and the example as a `.mjs`
 * project (the start-up rows' pair) each start under valgrind's callgrind; when the first answer
 * arrives the harness has callgrind write its count so far (`callgrind_control -d`), then stops the
 * bot. Counts repeat within ~1 %, so a change of 2 % is visible in one run, where the start-up
 * rows need many interleaved runs to see 5 %. Under valgrind a start takes seconds.
 *
 * Needs valgrind (with callgrind_control) on the PATH; says so and exits 2 without it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackages, transpileTree } from './build/transpile.js';
import { startApiServer } from './harness/api-server.js';
import { groupMessageBody } from './harness/events.js';
import { freePort } from './harness/ports.js';
import { benchDir, botsBuiltDir, botsSourceDir, buildDir, builtPackageDirs } from './paths.js';
import { postUntilAccepted } from './rows/startup.js';
import { installedCliBin, prepareUserProjects, projectDir } from './rows/user-projects.js';

const selfId = 10_001;
const startLimitMs = 120_000;

/** Millions of instructions to the first answer, and over the whole life of the process. */
async function countStart(bot: 'baseline' | 'mjs', outDir: string): Promise<{ toFirstAnswer: number; whole: number }> {
  const api = await startApiServer(selfId);
  const port = await freePort();
  const answered = new Promise<void>((resolve) => api.expect(1, () => resolve()));
  const script = bot === 'baseline' ? [join(botsBuiltDir, 'baseline-bot.js')] : [installedCliBin, 'start'];
  const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${join(outDir, `${bot}.%p`)}`, process.execPath, ...script], {
    cwd: bot === 'baseline' ? benchDir : projectDir('mjs'),
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', BENCH_API_URL: api.url, BENCH_RECEIVER_PORT: String(port), BENCH_SELF_ID: String(selfId), BENCH_QUICK_WINDOW: '0', BENCH_PLUGINS: '' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    // Under valgrind a start takes seconds: a slower retry and a longer limit.
    await postUntilAccepted(port, groupMessageBody({ selfId, groups: 1, command: '/echo ' }, 0, 1), performance.now(), startLimitMs, 20);
    await answered;
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    const dump = readdirSync(outDir).find((name) => name.startsWith(`${bot}.${child.pid}.`));
    const total = dump && /^(?:summary|totals): (\d+)/m.exec(readFileSync(join(outDir, dump), 'utf8'));
    if (!total) throw new Error(`callgrind wrote no count for the ${bot} bot\n${stderr}`);
    child.kill('SIGTERM');
    await exited;
    const whole = /Collected : (\d+)/.exec(stderr);
    return { toFirstAnswer: Number(total[1]) / 1e6, whole: whole ? Number(whole[1]) / 1e6 : Number.NaN };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await api.close();
  }
}

if (spawnSync('callgrind_control', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.error('instructions: valgrind is not installed (callgrind_control not found); apt-get install -y valgrind');
  process.exit(2);
}
const runs = Math.max(1, Number(process.argv[2] ?? 1));
buildPackages(builtPackageDirs(), buildDir);
transpileTree(botsSourceDir, botsBuiltDir);
await prepareUserProjects();
const outDir = mkdtempSync(join(tmpdir(), 'cqkit-instructions-'));
try {
  const counts: Record<'baseline' | 'mjs', number[]> = { baseline: [], mjs: [] };
  for (let i = 0; i < runs; i++) {
    for (const bot of ['baseline', 'mjs'] as const) {
      const { toFirstAnswer, whole } = await countStart(bot, outDir);
      counts[bot].push(toFirstAnswer);
      console.log(`${bot === 'baseline' ? 'bare bot    ' : '.mjs project'}  to first answer ${toFirstAnswer.toFixed(1)} M instructions (whole process ${whole.toFixed(1)} M)`);
    }
  }
  const least = (values: number[]) => Math.min(...values);
  const extra = least(counts.mjs) - least(counts.baseline);
  console.log(`cqkit start: ${least(counts.mjs).toFixed(1)} M, ${extra.toFixed(1)} M more than the bare bot's ${least(counts.baseline).toFixed(1)} M (least of ${runs})`);
  if ((process.env.NODE_EXTRA_CA_CERTS ?? '') !== '') console.log('note: NODE_EXTRA_CA_CERTS is set; every Node process here reads those certificates first (both counts include it)');
} finally {
  rmSync(outDir, { recursive: true, force: true });
}
