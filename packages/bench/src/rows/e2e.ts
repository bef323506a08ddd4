/**
 * End-to-end rows: a bot process under the load generator, answering each event by API call or by
 * quick operation. Warm-up first, then the probe's counters are reset and the measured phase runs.
 */
import { join } from 'node:path';
import { startApiServer } from '../harness/api-server.js';
import type { BenchConfig } from '../harness/bench-config.js';
import { launchBot, nodeWithProbe } from '../harness/bot-process.js';
import { type AnswerSource, type EventDelivery, httpDelivery, type LoadResult, runLoad } from '../harness/load.js';
import { freePort, waitForPort } from '../harness/ports.js';
import { mb, summarizeLatencies } from '../harness/stats.js';
import { connectToBot, listenForBot, type WsLink } from '../harness/ws-link.js';
import { benchDir, botsBuiltDir } from '../paths.js';

export type BotKind = 'baseline' | 'cqkit';
/** How events reach the bot: HTTP POST, forward WebSocket (the bot connects), reverse WebSocket (the harness connects). */
export type Transport = 'http' | 'ws' | 'ws-reverse';

export interface E2EOptions {
  bot: BotKind;
  /** Default 'http'. Quick operations exist only over HTTP. */
  transport?: Transport;
  mode: 'api' | 'quick';
  config: BenchConfig;
  /** Extra node flags for the bot (e.g. --cpu-prof). */
  nodeArgs?: readonly string[];
  /** Soak: events of the measured phase and RSS samples every so many answers. */
  events?: number;
  sampleEvery?: number;
  /** Soak: at this many answers and at the end, also read the live heap after a full GC (needs --expose-gc). */
  liveHeapFrom?: number;
}

export interface E2EMeasurement {
  bot: BotKind;
  transport: Transport;
  mode: 'api' | 'quick';
  events: number;
  answered: number;
  viaQuick: number;
  viaApi: number;
  errors: number;
  eventsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuSecondsPer1000: number;
  /** Largest RSS sampled during the measured phase, MB. */
  peakRssMb: number;
  /** The kernel's peak RSS of the bot's life, MB. */
  maxRssMb: number;
  /** V8 heap (used / reserved) and Buffer memory at the end of the run, MB: where the RSS is. */
  heapUsedMb: number;
  heapTotalMb: number;
  arrayBuffersMb: number;
  /** CPU the harness itself (load generator + API server) spent per 1,000 events, s: when it nears the
   * bot's figure on a 2-core machine, the harness, not the bot, limits throughput. */
  harnessCpuSecondsPer1000: number;
  /** Live heap after a full GC, MB, at `liveHeapFrom` answers and at the end (soak only). */
  liveHeap?: { from: { answered: number; mb: number }; end: { answered: number; mb: number } };
  /** RSS (MB) by answered events, when sampling was asked for. */
  rssSamples: Array<{ answered: number; rssMb: number }>;
}

export const botScript = (bot: BotKind): string => join(botsBuiltDir, bot === 'baseline' ? 'baseline-bot.js' : 'cqkit-bot.js');
export const probeScript = (): string => join(botsBuiltDir, 'probe.js');

function checkComplete(label: string, result: LoadResult, output: string): void {
  if (result.timedOut || result.answered < result.count) {
    const why = result.timedOut ? 'timed out' : `${result.count - result.answered} events were never answered`;
    throw new Error(`${label}: ${why} (${result.answered} of ${result.count} answered, ${result.errors} POST errors)\n${output}`);
  }
}

interface Wiring {
  env: Record<string, string>;
  answers: AnswerSource;
  /** Once the bot process runs: resolves with the delivery when the bot can take events. */
  ready: () => Promise<EventDelivery>;
  close: () => Promise<void>;
}

const startLimitMs = 15_000;

async function wire(transport: Transport, mode: 'api' | 'quick', config: BenchConfig): Promise<Wiring> {
  const selfId = String(config.selfId);
  if (transport === 'http') {
    const api = await startApiServer(config.selfId);
    const port = await freePort();
    return {
      env: { BENCH_TRANSPORT: 'http', BENCH_API_URL: api.url, BENCH_RECEIVER_PORT: String(port), BENCH_QUICK_WINDOW: mode === 'quick' ? '1000' : '0', BENCH_SELF_ID: selfId },
      answers: api,
      ready: async () => {
        await waitForPort(port, startLimitMs);
        return httpDelivery(`http://127.0.0.1:${port}/`, config.selfId, config.inFlight);
      },
      close: () => api.close(),
    };
  }
  if (transport === 'ws') {
    const { url, link } = await listenForBot(config.selfId);
    return {
      env: { BENCH_TRANSPORT: 'ws', BENCH_WS_URL: url, BENCH_SELF_ID: selfId },
      answers: link,
      ready: async () => {
        await withinLimit(link.connected, 'the bot did not connect to the WebSocket server');
        return link;
      },
      close: () => link.shutdown(),
    };
  }
  const port = await freePort();
  let link: WsLink | undefined;
  const answers: AnswerSource = { expect: (size, onAnswer) => link?.expect(size, onAnswer) };
  return {
    env: { BENCH_TRANSPORT: 'ws-reverse', BENCH_RECEIVER_PORT: String(port), BENCH_SELF_ID: selfId },
    answers,
    ready: async () => {
      link = connectToBot(`ws://127.0.0.1:${port}/`, config.selfId, startLimitMs);
      await withinLimit(link.connected, 'the harness could not connect to the bot WebSocket server');
      return link;
    },
    close: async () => link?.shutdown(),
  };
}

function withinLimit(promise: Promise<void>, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} within ${startLimitMs} ms`)), startLimitMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function measureE2E(options: E2EOptions): Promise<E2EMeasurement> {
  const { config, bot, mode } = options;
  const transport = options.transport ?? 'http';
  if (transport !== 'http' && mode === 'quick') throw new Error('quick operations exist only over HTTP');
  const label = `${bot} ${transport} ${mode}`;
  const events = options.events ?? config.events;
  const wiring = await wire(transport, mode, config);
  const { command, args } = nodeWithProbe(probeScript(), botScript(bot), options.nodeArgs ?? []);
  const proc = launchBot({ label, command, args, cwd: benchDir, ipc: true, env: wiring.env });
  let delivery: EventDelivery | undefined;
  try {
    delivery = await wiring.ready().catch((error: Error) => {
      throw new Error(`${label}: the bot did not start: ${error.message}\n${proc.output()}`);
    });
    const shape = { selfId: config.selfId, groups: config.groups, command: '/echo ' };
    const common = { delivery, answers: wiring.answers, shape, inFlight: config.inFlight, timeLimitMs: config.phaseTimeLimitMs };
    const warm = await runLoad({ ...common, count: config.warmup, messageIdBase: 1 });
    checkComplete(`${label} warm-up`, warm, proc.output());

    await proc.mark();
    const harnessCpu = process.cpuUsage();
    const rssSamples: E2EMeasurement['rssSamples'] = [];
    const sampling: Promise<void>[] = [];
    let liveFrom: { answered: number; mb: number } | undefined;
    const checkpoint = options.sampleEvery
      ? {
          every: options.sampleEvery,
          onReach: (answered: number) => {
            sampling.push(proc.report().then((r) => void rssSamples.push({ answered, rssMb: mb(r.rss) })));
            if (options.liveHeapFrom !== undefined && liveFrom === undefined && answered >= options.liveHeapFrom) {
              liveFrom = { answered, mb: 0 };
              const slot = liveFrom;
              sampling.push(
                proc.gcReport().then((r) => {
                  slot.mb = r.collected ? mb(r.heapUsed) : Number.NaN;
                }),
              );
            }
          },
        }
      : undefined;
    const result = await runLoad({ ...common, count: events, messageIdBase: 1 + config.warmup, ...(checkpoint ? { checkpoint } : {}) });
    const probe = await proc.report();
    const harnessUsed = process.cpuUsage(harnessCpu);
    await Promise.all(sampling);
    const liveEnd = liveFrom ? await proc.gcReport() : undefined;
    checkComplete(label, result, proc.output());
    if (options.sampleEvery && rssSamples[rssSamples.length - 1]?.answered !== result.answered) {
      rssSamples.push({ answered: result.answered, rssMb: mb(probe.rss) });
    }
    rssSamples.sort((a, b) => a.answered - b.answered);

    const latency = summarizeLatencies(result.latencies);
    const cpuSeconds = (probe.cpuUserUs + probe.cpuSystemUs) / 1e6;
    return {
      bot,
      transport,
      mode,
      events,
      answered: result.answered,
      viaQuick: result.viaQuick,
      viaApi: result.viaApi,
      errors: result.errors,
      eventsPerSecond: result.answered / (result.elapsedMs / 1000),
      p50Ms: latency.p50,
      p90Ms: latency.p90,
      p99Ms: latency.p99,
      maxMs: latency.max,
      cpuSecondsPer1000: (cpuSeconds / result.answered) * 1000,
      harnessCpuSecondsPer1000: ((harnessUsed.user + harnessUsed.system) / 1e6 / result.answered) * 1000,
      peakRssMb: mb(probe.peakRss),
      maxRssMb: mb(probe.maxRss),
      heapUsedMb: mb(probe.heapUsed),
      heapTotalMb: mb(probe.heapTotal),
      arrayBuffersMb: mb(probe.arrayBuffers),
      ...(liveFrom && liveEnd ? { liveHeap: { from: liveFrom, end: { answered: result.answered, mb: liveEnd.collected ? mb(liveEnd.heapUsed) : Number.NaN } } } : {}),
      rssSamples,
    };
  } finally {
    delivery?.close();
    await proc.stop();
    await wiring.close();
  }
}

/** Figure by figure, the median over rounds of the same run (RSS samples of the first round). */
export function medianMeasurement(rounds: readonly E2EMeasurement[]): E2EMeasurement {
  const first = rounds[0];
  if (!first) throw new Error('medianMeasurement: no rounds');
  const median = (pick: (m: E2EMeasurement) => number) => {
    const values = rounds.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  return {
    ...first,
    answered: median((m) => m.answered),
    viaQuick: median((m) => m.viaQuick),
    viaApi: median((m) => m.viaApi),
    errors: median((m) => m.errors),
    eventsPerSecond: median((m) => m.eventsPerSecond),
    p50Ms: median((m) => m.p50Ms),
    p90Ms: median((m) => m.p90Ms),
    p99Ms: median((m) => m.p99Ms),
    maxMs: median((m) => m.maxMs),
    cpuSecondsPer1000: median((m) => m.cpuSecondsPer1000),
    harnessCpuSecondsPer1000: median((m) => m.harnessCpuSecondsPer1000),
    peakRssMb: median((m) => m.peakRssMb),
    maxRssMb: median((m) => m.maxRssMb),
    heapUsedMb: median((m) => m.heapUsedMb),
    heapTotalMb: median((m) => m.heapTotalMb),
    arrayBuffersMb: median((m) => m.arrayBuffersMb),
  };
}
