/** One bench run: build, every measurement in order, the rows with their targets, the table. */
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SchedulerReport } from './bots/scheduler-worker.js';
import { type BenchConfig, fullConfig, quickConfig } from './harness/bench-config.js';
import { type MachineInfo, machineInfo } from './harness/machine.js';
import { type Check, notMeasured, pairedRatio, renderTable, type Row, row } from './harness/report.js';
import { median } from './harness/stats.js';
import { buildPackages, transpileTree } from './build/transpile.js';
import { botsBuiltDir, botsSourceDir, buildDir, builtPackageDirs, resultsDir, workspacePackages } from './paths.js';
import { type BotKind, type E2EMeasurement, measureE2E, medianMeasurement, type Transport } from './rows/e2e.js';
import { type ClusterMeasurement, measureCluster } from './rows/cluster.js';
import { measureScheduler } from './rows/scheduler.js';
import { measureStartup, oneRun, type RunResult, type StartupMeasurement, type StartupWay, summarizeStartup } from './rows/startup.js';
import { prepareUserProjects, userProjectsMissing } from './rows/user-projects.js';

/** One end-to-end configuration: how events travel, and how the bot answers. */
interface Path {
  key: string;
  section: string;
  transport: Transport;
  mode: 'api' | 'quick';
}

const paths: readonly Path[] = [
  { key: 'http.api', section: 'HTTP, reply by API call', transport: 'http', mode: 'api' },
  { key: 'http.quick', section: 'HTTP, quick operation', transport: 'http', mode: 'quick' },
  { key: 'ws.api', section: 'WebSocket forward, reply by action', transport: 'ws', mode: 'api' },
  { key: 'ws-reverse.api', section: 'WebSocket reverse, reply by action', transport: 'ws-reverse', mode: 'api' },
];

/** `http.api.cqkit` and the like: a path and a bot. */
const runKey = (path: Path, bot: BotKind) => `${path.key}.${bot}`;

export const benchParts = ['e2e', 'scheduler', 'startup', 'soak'] as const;
export type BenchPart = (typeof benchParts)[number];

export interface RunOptions {
  quick: boolean;
  /** Write CPU profiles of both bots' first-round runs of every path into results/profiles (`<path>.<bot>.cpuprofile`). */
  cpuProfile: boolean;
  /** Run only these parts (default: all); `--only e2e,startup` while working on one. */
  only?: readonly BenchPart[];
  /** Progress lines; stderr by default. */
  log?: (line: string) => void;
}

export interface BenchResult {
  mode: BenchConfig['mode'];
  startedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  /** 1-minute load average at the start and the end: other work on the machine skews every figure. */
  loadAverage: { start: number; end: number };
  config: BenchConfig;
  build: { ms: number; packages: string[] } | { error: string };
  measurements: {
    /** By run key (`http.api.cqkit`, `ws.api.baseline`, ...): the median over the rounds, figure by figure. */
    e2e: Record<string, E2EMeasurement>;
    e2eRounds: Record<string, E2EMeasurement[]>;
    scheduler?: SchedulerReport;
    startup: Partial<Record<StartupWay | 'baseline' | 'baselinePlain' | 'mjsPlain', StartupMeasurement>>;
    soak?: E2EMeasurement;
    /** A gateway and two workers over Redis, under the HTTP API-call load. */
    cluster?: ClusterMeasurement;
    errors: Record<string, string>;
  };
  rows: Row[];
  table: string;
}

const extraCaCerts = (process.env.NODE_EXTRA_CA_CERTS ?? '') !== '';
const withoutCaCerts = { NODE_EXTRA_CA_CERTS: '' };

const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/** Official plugins: packages under plugins/ with a src/index.ts. */
function officialPlugins(): Array<{ name: string; dir: string }> {
  return workspacePackages('plugins').map((dir) => ({
    name: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }).name,
    dir,
  }));
}

export async function runBench(options: RunOptions): Promise<BenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const config = options.quick ? quickConfig : fullConfig;
  const started = performance.now();
  const loadAtStart = os.loadavg()[0]!;
  const errors: Record<string, string> = {};
  const measurements: BenchResult['measurements'] = { e2e: {}, e2eRounds: {}, startup: {}, errors };
  const runs = (part: BenchPart) => !options.only || options.only.includes(part);
  const step = async <T>(key: string, what: string, work: () => Promise<T>): Promise<T | undefined> => {
    const at = performance.now();
    log(`bench: ${what} ...`);
    try {
      const value = await work();
      log(`bench: ${what} done in ${((performance.now() - at) / 1000).toFixed(1)} s`);
      return value;
    } catch (error) {
      errors[key] = error instanceof Error ? error.message : String(error);
      log(`bench: ${what} FAILED: ${errors[key]}`);
      return undefined;
    }
  };

  // 1. Build: the workspace packages as published (dist), and the bench's bots.
  const plugins = officialPlugins();
  let build: BenchResult['build'];
  try {
    const report = buildPackages(builtPackageDirs(), buildDir);
    transpileTree(botsSourceDir, botsBuiltDir);
    build = { ms: Math.round(report.ms), packages: report.packages.map((p) => p.name) };
    log(`bench: built ${build.packages.join(', ')} into ${buildDir} in ${build.ms} ms`);
  } catch (error) {
    build = { error: firstLine(error) };
    log(`bench: build FAILED: ${build.error}`);
  }

  // 2. End-to-end on every path, baseline and cqkit back to back, which one goes first alternating by round.
  const profileArgs = options.cpuProfile ? ['--cpu-prof', '--cpu-prof-dir', join(resultsDir, 'profiles')] : [];
  if (options.cpuProfile) mkdirSync(join(resultsDir, 'profiles'), { recursive: true });
  for (let round = 1; runs('e2e') && round <= config.e2eRounds; round++) {
    for (const path of paths) {
      for (const bot of round % 2 === 1 ? (['baseline', 'cqkit'] as const) : (['cqkit', 'baseline'] as const)) {
        const key = runKey(path, bot);
        // Profile the first round of every path, one file per path and bot.
        const nodeArgs = round === 1 && profileArgs.length > 0 ? [...profileArgs, '--cpu-prof-name', `${key}.cpuprofile`] : [];
        const what = `${path.section}: ${bot}${config.e2eRounds > 1 ? ` (round ${round} of ${config.e2eRounds})` : ''}`;
        const measured = await step(key, what, () => measureE2E({ bot, transport: path.transport, mode: path.mode, config, nodeArgs }));
        if (measured) measurements.e2eRounds[key] = [...(measurements.e2eRounds[key] ?? []), measured];
      }
    }
  }
  for (const [key, rounds] of Object.entries(measurements.e2eRounds)) measurements.e2e[key] = medianMeasurement(rounds);

  // 2b. The same HTTP API-call load on a gateway and two workers over Redis.
  measurements.cluster = await step('cluster', 'HTTP, reply by API call: gateway + 2 workers over Redis', () => measureCluster(config));

  // 3. Scheduler cost and rate-limit precision, in-process in a child of their own.
  if (runs('scheduler')) measurements.scheduler = await step('scheduler', 'scheduler cost and rate-limit precision', () => measureScheduler(config));

  // 4. Start-up, with every official plugin loaded.
  const distPlugins = plugins.map((p) => pathToFileURL(join(buildDir, 'node_modules', p.name, 'dist', 'index.js')).href);
  const srcPlugins = plugins.map((p) => pathToFileURL(join(p.dir, 'src', 'index.ts')).href);
  // The user's path: the bare bot and the two example projects, interleaved run by run (drift hits all three).
  const userPath = !runs('startup') ? undefined : await step('startupBaseline', 'start-up, bare-node baseline and the example as .mjs and TypeScript projects (cqkit start)', async () => {
    const missing = userProjectsMissing();
    const projectPlugins = missing === null ? await prepareUserProjects() : undefined;
    const runs: Record<'baseline' | 'mjs' | 'ts' | 'ts-tsx' | 'baselinePlain' | 'mjsPlain', RunResult[]> = { baseline: [], mjs: [], ts: [], 'ts-tsx': [], baselinePlain: [], mjsPlain: [] };
    const failures: Record<string, string> = {};
    for (let i = 0; i < config.startupRuns; i++) {
      runs.baseline.push(await oneRun('dist', config, [], 'baseline'));
      for (const kind of ['mjs', 'ts', 'ts-tsx'] as const) {
        if (!projectPlugins || failures[kind]) continue;
        try {
          runs[kind].push(await oneRun(kind, config, projectPlugins[kind === 'mjs' ? 'mjs' : 'ts']));
        } catch (error) {
          failures[kind] = error instanceof Error ? error.message : String(error);
        }
      }
      // Every Node process started with NODE_EXTRA_CA_CERTS reads those certificates first (~30 ms
      // for a system bundle here), bare bot included, which shrinks every start-up ratio. Where the
      // harness has it, the pair runs once more without it, for an info row (README, sixth round).
      if (extraCaCerts && projectPlugins && !failures.mjs) {
        runs.baselinePlain.push(await oneRun('dist', config, [], 'baseline', withoutCaCerts));
        runs.mjsPlain.push(await oneRun('mjs', config, projectPlugins.mjs, 'cqkit', withoutCaCerts));
      }
    }
    for (const kind of ['mjs', 'ts', 'ts-tsx'] as const) {
      const key = { mjs: 'startupMjs', ts: 'startupTs', 'ts-tsx': 'startupTsTsx' }[kind];
      if (missing) errors[key] = missing;
      else if (failures[kind]) errors[key] = failures[kind];
    }
    const summary = (way: StartupWay, list: RunResult[]) => (list.length > 0 ? summarizeStartup(way, list) : undefined);
    return {
      baseline: summary('dist', runs.baseline),
      mjs: summary('mjs', runs.mjs),
      ts: summary('ts', runs.ts),
      'ts-tsx': summary('ts-tsx', runs['ts-tsx']),
      baselinePlain: summary('dist', runs.baselinePlain),
      mjsPlain: summary('mjs', runs.mjsPlain),
    };
  });
  for (const way of ['baseline', 'mjs', 'ts', 'ts-tsx', 'baselinePlain', 'mjsPlain'] as const) {
    const measured = userPath?.[way];
    if (measured) measurements.startup[way] = measured;
  }
  if (runs('startup')) {
    measurements.startup.dist = await step('startupDist', 'start-up, built (node on dist)', () => measureStartup('dist', config, distPlugins));
    measurements.startup.tsx = await step('startupTsx', 'start-up, tsx (pnpm start way)', () => measureStartup('tsx', config, srcPlugins));
  }

  // 5. Soak: many events, RSS sampled along the way.
  if (runs('soak')) measurements.soak = await step('soak', `soak, ${config.soakEvents} events`, () =>
    measureE2E({ bot: 'cqkit', mode: 'api', config, events: config.soakEvents, sampleEvery: config.soakSampleEvery, liveHeapFrom: config.soakFrom, nodeArgs: ['--expose-gc'] }),
  );

  const rows = buildRows(measurements, config, plugins.map((p) => p.name));
  const table = renderTable(rows);
  return {
    mode: config.mode,
    startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
    durationSeconds: Math.round((performance.now() - started) / 100) / 10,
    machine: machineInfo(),
    loadAverage: { start: loadAtStart, end: os.loadavg()[0]! },
    config,
    build,
    measurements,
    rows,
    table,
  };
}

/** The issue's targets: CPU per event <= 1.15x bare on the HTTP API path, <= 1.3x on the others. */
const cpuBound = (key: string): number => (key === 'http.api' ? 1.15 : 1.3);

function e2eRows(section: string, key: string, cq: readonly E2EMeasurement[] | undefined, base: readonly E2EMeasurement[] | undefined, reason: string | undefined): Row[] {
  const cqMedian = cq?.length ? medianMeasurement(cq) : undefined;
  const baseMedian = base?.length ? medianMeasurement(base) : undefined;
  const pick = (m: E2EMeasurement | undefined, f: (m: E2EMeasurement) => number) => (m ? f(m) : null);
  const note = reason ? `not measured: ${reason}` : undefined;
  // The figures are each bot's median over the rounds; a ratio target is judged on the median of
  // the rounds' own ratios (see pairedRatio).
  const ratioRow = (id: string, label: string, unit: string, f: (m: E2EMeasurement) => number, check: Check) => {
    const cqFigure = pick(cqMedian, f);
    const baseFigure = pick(baseMedian, f);
    const ofMedians = cqFigure !== null && baseFigure ? `ratio of the medians ${(cqFigure / baseFigure).toFixed(2)}x` : undefined;
    return row(`${key}.${id}`, section, label, unit, cqFigure, baseFigure, check, note ?? ofMedians, pairedRatio(cq, base, f));
  };
  return [
    ratioRow('throughput', 'throughput', 'events/s', (m) => m.eventsPerSecond, { kind: 'ratio-min', bound: 0.9, text: '>= 0.90x baseline' }),
    row(`${key}.p50`, section, 'latency p50', 'ms', pick(cqMedian, (m) => m.p50Ms), pick(baseMedian, (m) => m.p50Ms), null, note),
    row(`${key}.p90`, section, 'latency p90', 'ms', pick(cqMedian, (m) => m.p90Ms), pick(baseMedian, (m) => m.p90Ms), null, note),
    ratioRow('p99', 'latency p99', 'ms', (m) => m.p99Ms, { kind: 'ratio-max', bound: 1.5, text: '<= 1.50x baseline' }),
    ratioRow('cpu', 'bot CPU per 1,000 events', 's', (m) => m.cpuSecondsPer1000, { kind: 'ratio-max', bound: cpuBound(key), text: `<= ${cpuBound(key).toFixed(2)}x baseline` }),
    row(`${key}.rss`, section, 'bot peak RSS', 'MB', pick(cqMedian, (m) => m.maxRssMb), pick(baseMedian, (m) => m.maxRssMb), { kind: 'lt', bound: 100, text: '< 100 MB' }, note),
  ];
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function buildRows(m: BenchResult['measurements'], config: BenchConfig, plugins: string[]): Row[] {
  const rows: Row[] = [];
  const e = m.errors;
  const reasonOf = (...keys: string[]) => keys.map((k) => e[k]).find(Boolean)?.split('\n')[0];
  for (const path of paths) {
    const cq = runKey(path, 'cqkit');
    const base = runKey(path, 'baseline');
    rows.push(...e2eRows(path.section, path.key, m.e2eRounds[cq], m.e2eRounds[base], reasonOf(cq, base)));
  }

  const single = m.e2e[runKey(paths[0]!, 'cqkit')];
  const cl = m.cluster;
  const clReason = reasonOf('cluster', runKey(paths[0]!, 'cqkit'));
  const clNote = clReason ? `not measured: ${clReason}` : cl ? `baseline column: the single process (http.api.cqkit); CPU by part per 1,000 events: ${Object.entries(cl.cpuByPart).map(([k, v]) => `${k} ${v.toFixed(3)} s`).join(', ')}` : undefined;
  const clSection = 'Cluster: gateway + 2 workers over Redis, HTTP API call';
  rows.push(
    row('cluster.throughput', clSection, 'throughput', 'events/s', cl?.eventsPerSecond ?? null, single?.eventsPerSecond ?? null, null, clNote),
    row('cluster.p99', clSection, 'latency p99', 'ms', cl?.p99Ms ?? null, single?.p99Ms ?? null, null, clNote),
    row('cluster.cpu', clSection, 'whole-cluster CPU per 1,000 events (incl. Redis)', 's', cl?.cpuSecondsPer1000 ?? null, single?.cpuSecondsPer1000 ?? null, { kind: 'ratio-max', bound: 2, text: '<= 2.00x single process' }, clNote),
  );

  const s = m.scheduler;
  const sReason = reasonOf('scheduler');
  const sNote = sReason ? `not measured: ${sReason}` : undefined;
  const perProcess = s ? `${count(s.rounds.length, 'round')} in ${count(s.processRatios.length, 'process', 'processes')}; each process's median ratio: ${s.processRatios.map((r) => r.toFixed(3)).join(', ')}` : undefined;
  rows.push(
    row(
      'scheduler.cost',
      'Scheduler (in-process)',
      'queued, limits off, vs direct',
      'calls/s',
      s?.queuedCallsPerSecond ?? null,
      s?.directCallsPerSecond ?? null,
      { kind: 'ratio-min', bound: 0.95, text: '>= 0.95x direct' },
      sNote ?? perProcess,
      // Each round measures both paths back to back; the rounds of every process are pooled.
      pairedRatio(s?.rounds.map((r) => r.queued), s?.rounds.map((r) => r.direct), (calls) => calls),
    ),
  );
  const rl = s?.rateLimit;
  const deviation = rl ? Math.max(rl.globalDeviationPercent, rl.groupDeviationPercent) : null;
  rows.push(
    row('ratelimit.deviation', 'Rate limits (real clock)', `spacing deviation, ${rl?.sends ?? config.rateLimitSendsPerPhase * 2} sends`, '%', deviation, null, { kind: 'max', bound: 2, text: '<= 2 %' }, sNote),
    row('ratelimit.order', 'Rate limits (real clock)', 'per-target order held', 'yes/no', rl ? (rl.orderHeld ? 1 : 0) : null, null, { kind: 'equals', bound: 1, text: 'always' }, sNote),
  );

  const official = plugins.length === 0 ? 'no official plugins exist yet' : `official plugins: ${plugins.join(', ')}`;
  for (const way of ['dist', 'tsx'] as const) {
    const st = m.startup[way];
    const base = way === 'dist' ? m.startup.baseline : undefined;
    const key = way === 'dist' ? 'startupDist' : 'startupTsx';
    const reason = reasonOf(key);
    const section = way === 'dist' ? 'Start-up, built (node on dist)' : st?.bot.startsWith('examples/') ? 'Start-up, example bot (pnpm start way, tsx)' : 'Start-up, tsx (pnpm start way)';
    const bound = way === 'dist' ? 300 : 1000;
    const note = reason ? `not measured: ${reason}` : `${st?.bot ?? ''}; ${official}; loaded: ${st?.plugins.join(', ') || 'bench echo'}`;
    rows.push(
      row(`startup.${way}.first`, section, `start to first answer, best of ${config.startupRuns}`, 'ms', st?.firstAnswerMs ?? null, base?.firstAnswerMs ?? null, { kind: 'lt', bound, text: `< ${bound} ms` }, note),
      row(`startup.${way}.rss`, section, 'idle RSS after start', 'MB', st?.idleRssMb ?? null, base?.idleRssMb ?? null, { kind: 'lt', bound: 60, text: '< 60 MB' }, note),
    );
  }

  const projects = [
    { way: 'mjs', key: 'startupMjs', section: 'Start-up, user project (.mjs), cqkit start', first: 1.75, rss: 1.3 },
    { way: 'ts', key: 'startupTs', section: 'Start-up, user project (TypeScript), cqkit start', first: 2.5, rss: 1.5 },
    // The loader comparison: the same project with tsx instead of the compile cache (no target).
    { way: 'ts-tsx', key: 'startupTsTsx', section: 'Start-up, user project (TypeScript), tsx loader', first: null, rss: null },
  ] as const;
  for (const project of projects) {
    const st = m.startup[project.way];
    const base = m.startup.baseline;
    const reason = reasonOf(project.key, 'startupBaseline');
    const note = reason ? `not measured: ${reason}` : `${st?.bot ?? ''}; loaded: ${st?.plugins.join(', ') ?? ''}; runs (ms): ${st?.runsMs.map((ms) => Math.round(ms)).join(', ') ?? ''}`;
    const ratio = (bound: number | null) => (bound === null ? null : { kind: 'ratio-max' as const, bound, text: `<= ${bound.toFixed(2)}x bare node` });
    rows.push(
      row(`startup.${project.way}.first`, project.section, `start to first answer, best of ${config.startupRuns}`, 'ms', st?.firstAnswerMs ?? null, base?.firstAnswerMs ?? null, ratio(project.first), note),
      row(`startup.${project.way}.rss`, project.section, 'idle RSS after start', 'MB', st?.idleRssMb ?? null, base?.idleRssMb ?? null, ratio(project.rss), note),
      row(`startup.${project.way}.cpu`, project.section, `CPU to first answer, median of ${config.startupRuns}`, 'ms', st?.cpuMs ?? null, base?.cpuMs ?? null, null, note),
    );
  }
  const plain = m.startup.mjsPlain;
  const plainBase = m.startup.baselinePlain;
  if (plain && plainBase) {
    const section = 'Start-up, user project (.mjs), without NODE_EXTRA_CA_CERTS';
    const note = `the harness has NODE_EXTRA_CA_CERTS set; this pair ran with it cleared (info, no target); runs (ms): ${plain.runsMs.map((ms) => Math.round(ms)).join(', ')}; bare: ${plainBase.runsMs.map((ms) => Math.round(ms)).join(', ')}`;
    rows.push(
      row('startup.mjs-plain.first', section, `start to first answer, best of ${config.startupRuns}`, 'ms', plain.firstAnswerMs, plainBase.firstAnswerMs, null, `${note}; ratio ${(plain.firstAnswerMs / plainBase.firstAnswerMs).toFixed(2)}x`),
      row('startup.mjs-plain.cpu', section, `CPU to first answer, median of ${config.startupRuns}`, 'ms', plain.cpuMs, plainBase.cpuMs, null, note),
    );
  }

  const soak = m.soak;
  const soakReason = reasonOf('soak');
  let growth: number | null = null;
  let fromRss: number | null = null;
  let lastRss: number | null = null;
  if (soak) {
    // One RSS sample depends on where the GC happens to be; a leak raises the floor. So the median of
    // the first `soakWindow` samples from soakFrom is compared with the median of the last as many.
    const after = soak.rssSamples.filter((sample) => sample.answered >= config.soakFrom).map((sample) => sample.rssMb);
    const window = Math.max(1, Math.min(config.soakWindow, Math.floor(after.length / 2)));
    if (after.length >= 2) {
      fromRss = median(after.slice(0, window));
      lastRss = median(after.slice(-window));
      growth = ((lastRss - fromRss) / fromRss) * 100;
    }
  }
  const soakNote = soakReason ? `not measured: ${soakReason}` : undefined;
  rows.push(
    row('soak.rssFrom', `Soak, ${config.soakEvents} events`, `RSS from event ${config.soakFrom} (median)`, 'MB', fromRss, null, null, soakNote),
    row('soak.rssLast', `Soak, ${config.soakEvents} events`, 'RSS at the end (median)', 'MB', lastRss, null, null, soakNote),
    row('soak.growth', `Soak, ${config.soakEvents} events`, `RSS growth from event ${config.soakFrom}`, '%', growth, null, { kind: 'lt', bound: 5, text: '< 5 %' }, soakNote),
  );
  // Diagnosis beside the target: the live heap after a full GC tells a leak from a heap that grew its spaces.
  const live = soak?.liveHeap;
  const liveGrowth = live && live.from.mb > 0 ? ((live.end.mb - live.from.mb) / live.from.mb) * 100 : null;
  rows.push(row('soak.liveHeap', `Soak, ${config.soakEvents} events`, `live heap after full GC, growth from event ${config.soakFrom}`, '%', liveGrowth, null, null, soakNote));

  for (const [key, section] of [
    ['ws.quick', 'WebSocket forward, quick operation'],
    ['ws-reverse.quick', 'WebSocket reverse, quick operation'],
  ] as const) {
    rows.push(notMeasured(`${key}.throughput`, section, 'throughput', 'events/s', null, 'not applicable: an event over WebSocket has no response to carry a reply; replies are action frames (rows above)'));
  }
  return rows;
}
