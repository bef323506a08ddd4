/**
 * Start-up: from spawning the bot process to the first event answered by API call, then idle RSS a
 * second later. The built way (plain node on compiled JavaScript, every official plugin loaded) and
 * the `pnpm start` way: examples/basic-bot under the `cqkit start` bin, which registers tsx in its
 * own process (or, while the example or the bin is missing, the bench bot under the tsx CLI).
 */
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiServer } from '../harness/api-server.js';
import type { BenchConfig } from '../harness/bench-config.js';
import { type BotProcess, launchBot, nodeWithProbe } from '../harness/bot-process.js';
import { groupMessageBody } from '../harness/events.js';
import { freePort } from '../harness/ports.js';
import { leafProcess, processRss } from '../harness/proc-rss.js';
import { mb, median } from '../harness/stats.js';
import { benchDir, botsSourceDir, workspaceDir } from '../paths.js';
import { type BotKind, botScript, probeScript } from './e2e.js';
import { cliBin, exampleBotMissing, exampleDir, writeExampleConfig } from './example-bot.js';
import { installedCliBin, type ProjectKind, projectDir } from './user-projects.js';

/**
 * `dist`: a bot compiled and run on node; `tsx`: the example in the repository under the bin's
 * development mode; `mjs` / `ts`: the example as a user's project on the published packages;
 * `ts-tsx`: the TypeScript project with tsx as the loader instead of the compile cache.
 */
export type StartupWay = 'dist' | 'tsx' | ProjectKind | 'ts-tsx';

export interface StartupMeasurement {
  way: StartupWay;
  /** What was started, e.g. "examples/basic-bot via cqkit start (tsx)". */
  bot: string;
  /** Best (lowest) over the runs, ms: other work on the machine only ever adds to a start-up. */
  firstAnswerMs: number;
  medianMs: number;
  runsMs: number[];
  /** RSS one second after the first answer, MB (median over runs); null when it could not be read. */
  idleRssMb: number | null;
  /**
   * CPU time (all threads) from the probe's load to the first answer, ms, median over runs: unlike the
   * wall time it hardly moves with other work on the machine. Null without the probe's IPC channel.
   */
  cpuMs: number | null;
  plugins: string[];
}

const idleWaitMs = 1000;

const fileOf = (specifier: string): string => (specifier.startsWith('file:') ? fileURLToPath(specifier) : specifier);

/** `…/.build/node_modules/@cqkit/plugin-x/dist/index.js` -> `@cqkit/plugin-x`; workspace paths relative. */
function shortName(file: string): string {
  const built = /\/node_modules\/(@[^/]+\/[^/]+|[^@/][^/]*)\/dist\//.exec(file);
  if (built) return built[1]!;
  return file.startsWith(`${workspaceDir}/`) ? file.slice(workspaceDir.length + 1) : file;
}

const startLimitMs = 20_000;

/**
 * POSTs event 0 until the receiver takes it (it is not listening yet at first), every `retryMs`,
 * until `limitMs` after `since` (performance.now time).
 */
export async function postUntilAccepted(port: number, body: string, since: number, limitMs = startLimitMs, retryMs = 2): Promise<void> {
  while (performance.now() < since + limitMs) {
    const status = await new Promise<number>((resolve) => {
      const request = http.request(
        { host: '127.0.0.1', port, path: '/', method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      request.on('error', () => resolve(0));
      request.end(body);
    });
    if (status === 200 || status === 204) return;
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  throw new Error(`the bot did not take an event within ${limitMs} ms`);
}

export interface RunResult {
  ms: number;
  rss: number | null;
  cpuMs: number | null;
  bot: string;
  plugins: string[];
}

/**
 * `extraEnv`: more environment for the bot (the start-up rows clear NODE_EXTRA_CA_CERTS with it).
 */
export async function oneRun(way: StartupWay, config: BenchConfig, plugins: string[], kind: BotKind = 'cqkit', extraEnv: Record<string, string> = {}): Promise<RunResult> {
  const api = await startApiServer(config.selfId);
  const port = await freePort();
  const env = {
    BENCH_API_URL: api.url,
    BENCH_RECEIVER_PORT: String(port),
    BENCH_QUICK_WINDOW: '0',
    BENCH_SELF_ID: String(config.selfId),
    BENCH_PLUGINS: plugins.join(','),
    ...extraEnv,
  };
  let answeredAt = 0;
  const answered = new Promise<void>((resolve) =>
    api.expect(1, (_id, at) => {
      answeredAt = at;
      resolve();
    }),
  );
  let proc: BotProcess;
  let bot: string;
  const command = '/echo ';
  let loaded = plugins.map(fileOf);
  const example = way === 'tsx' && exampleBotMissing() === null;
  if (way === 'mjs' || way === 'ts' || way === 'ts-tsx') {
    const loader = way === 'ts-tsx' ? 'tsx' : 'cache';
    bot = `examples/basic-bot as a ${way === 'mjs' ? '.mjs' : `TypeScript (${loader} loader)`} project, via cqkit start on the published packages`;
    const launch = nodeWithProbe(probeScript(), installedCliBin);
    const projectEnv = { ...env, CQKIT_TS_LOADER: loader };
    proc = launchBot({ label: `start-up (${way} project)`, command: launch.command, args: [...launch.args, 'start'], env: projectEnv, cwd: projectDir(way === 'mjs' ? 'mjs' : 'ts'), ipc: true });
  } else if (way === 'dist') {
    bot = kind === 'cqkit' ? 'bench cqkit bot, compiled, on node' : 'bare node:http baseline bot';
    const launch = nodeWithProbe(probeScript(), botScript(kind));
    proc = launchBot({ label: 'start-up (dist)', ...launch, env, cwd: benchDir, ipc: true });
  } else if (example) {
    // `pnpm start` in examples/basic-bot is `cqkit start`: the bin registers tsx in its own process.
    bot = 'examples/basic-bot via cqkit start (tsx)';
    const written = await writeExampleConfig(api.url, port, config.selfId, loaded);
    loaded = written.plugins;
    const launch = nodeWithProbe(probeScript(), cliBin);
    proc = launchBot({ label: 'start-up (example, tsx)', command: launch.command, args: [...launch.args, 'start', '--config', written.file], env: {}, cwd: exampleDir, ipc: true });
  } else {
    bot = 'bench cqkit bot via the tsx CLI (examples/basic-bot or the cqkit bin not there yet)';
    const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
    proc = launchBot({ label: 'start-up (tsx)', command: process.execPath, args: [tsxCli, join(botsSourceDir, 'cqkit-bot.ts')], env, cwd: benchDir, ipc: false });
  }
  try {
    await postUntilAccepted(port, groupMessageBody({ selfId: config.selfId, groups: 1, command }, 0, 1), proc.startedAt).catch((error: Error) => {
      throw new Error(`${way}: ${error.message}\n${proc.output()}`);
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      answered,
      new Promise<void>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${way}: the first event was taken but not answered within 10 s\n${proc.output()}`)), 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    const ms = answeredAt - proc.startedAt;
    const cpu = proc.child.connected ? await proc.report() : undefined;
    const cpuMs = cpu ? (cpu.cpuUserUs + cpu.cpuSystemUs) / 1000 : null;
    await new Promise((resolve) => setTimeout(resolve, idleWaitMs));
    const rss = proc.child.connected ? (await proc.report()).rss : processRss(leafProcess(proc.child.pid ?? 0));
    return { ms, rss, cpuMs, bot, plugins: loaded.map(shortName) };
  } finally {
    await proc.stop();
    await api.close();
  }
}

/** `kind` 'baseline' (dist way only) gives the bare-node figures to compare with. */
export async function measureStartup(way: StartupWay, config: BenchConfig, plugins: string[], kind: BotKind = 'cqkit'): Promise<StartupMeasurement> {
  const runs: RunResult[] = [];
  for (let i = 0; i < config.startupRuns; i++) runs.push(await oneRun(way, config, kind === 'baseline' ? [] : plugins, kind));
  return summarizeStartup(way, runs);
}

/** Best start-up and median idle RSS over the runs of one way. */
export function summarizeStartup(way: StartupWay, runs: readonly RunResult[]): StartupMeasurement {
  const rssValues = runs.map((r) => r.rss).filter((r): r is number => r !== null);
  const cpuValues = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  return {
    way,
    bot: runs[0]!.bot,
    firstAnswerMs: Math.min(...runs.map((r) => r.ms)),
    medianMs: median(runs.map((r) => r.ms)),
    runsMs: runs.map((r) => r.ms),
    idleRssMb: rssValues.length > 0 ? mb(median(rssValues)) : null,
    cpuMs: cpuValues.length > 0 ? Math.round(median(cpuValues)) : null,
    plugins: runs[0]!.plugins,
  };
}
