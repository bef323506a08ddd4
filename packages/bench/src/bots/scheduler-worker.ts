/**
 * In-process rows, run in a child of their own: the scheduler's cost (queued with limits off vs the
 * transport called directly, on an instant fake transport) and rate-limit precision (real clock).
 * Prints one JSON line on stdout. Arguments: `cost calls rounds` (a SchedulerCost) or
 * `rate-limit sendsPerPhase sendsPerGroup` (a RateLimitReport).
 */
import { type Adapter, type App, type Bot, type BotTransport, createApp } from '@cqkit/core';

/** One process's rounds of the cost comparison, each a queued and a direct run back to back. */
export interface SchedulerCost {
  rounds: Array<{ direct: number; queued: number }>;
}

/** The rows' figures: the cost rounds of every process, their medians, and the rate limits. */
export interface SchedulerReport extends SchedulerCost {
  directCallsPerSecond: number;
  queuedCallsPerSecond: number;
  /** Each process's median of queued ÷ direct over its rounds, in run order. */
  processRatios: number[];
  rateLimit: RateLimitReport;
}

export interface RateLimitReport {
  globalInterval: number;
  globalCount: number;
  groupInterval: number;
  groupCount: number;
  sends: number;
  /** Largest |spacing - interval| / interval over the windows of the binding limit, percent. */
  globalDeviationPercent: number;
  groupDeviationPercent: number;
  /** Windows (of either limit, either phase) shorter than the interval by more than 1 ms. */
  violations: number;
  /** Largest shortfall below an interval seen in any window, percent (0 when none). */
  worstShortfallPercent: number;
  orderHeld: boolean;
  elapsedMs: number;
}

const selfId = 10_001;

/** A transport that answers at once; it records when each call arrived, per group. */
class FakeTransport implements BotTransport {
  readonly arrivals: Array<{ at: number; group: number; seq: number }> = [];
  record = false;
  private messageId = 0;
  call(_action: string, params: Record<string, unknown>): Promise<unknown> {
    if (this.record) this.arrivals.push({ at: performance.now(), group: params.group_id as number, seq: Number(params.message) });
    return Promise.resolve({ message_id: ++this.messageId });
  }
}

async function appWith(transport: FakeTransport, scheduler: NonNullable<Parameters<typeof createApp>[0]>['scheduler']): Promise<{ app: App; bot: Bot }> {
  const app = createApp({ logLevel: 'silent', scheduler });
  let bot: Bot | undefined;
  const adapter: Adapter = {
    name: 'memory',
    async start(host) {
      bot = host.addBot(selfId, transport);
    },
    async stop() {},
  };
  app.adapter(adapter);
  await app.start();
  if (!bot) throw new Error('scheduler worker: the adapter was not started');
  return { app, bot };
}

/** Calls/s of `calls` sends with at most 64 outstanding. */
async function throughput(bot: Bot, mode: 'queued' | 'direct', calls: number): Promise<number> {
  const inFlight = 64;
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < calls) {
      const i = next++;
      await bot.call('send_group_msg', { group_id: 700_000 + (i % 100), message: String(i) }, { mode });
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return calls / ((performance.now() - started) / 1000);
}

async function schedulerCost(calls: number, rounds: number): Promise<SchedulerCost> {
  const transport = new FakeTransport();
  const { app, bot } = await appWith(transport, { global: false, perGroup: false, perUser: false, perDiscuss: false, concurrency: 64, maxQueue: 100_000 });
  // Warm-up, both paths, long enough for the optimizing compiler to settle on the shared call path:
  // with 5,000 calls each the first measured rounds still ran partly unoptimized code.
  for (let i = 0; i < 3; i++) {
    await throughput(bot, 'direct', Math.min(calls, 50_000));
    await throughput(bot, 'queued', Math.min(calls, 50_000));
  }
  const results: Array<{ direct: number; queued: number }> = [];
  // The order alternates round by round, so neither path always pays for collecting the garbage
  // the other left.
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      const direct = await throughput(bot, 'direct', calls);
      results.push({ direct, queued: await throughput(bot, 'queued', calls) });
    } else {
      const queued = await throughput(bot, 'queued', calls);
      results.push({ direct: await throughput(bot, 'direct', calls), queued });
    }
  }
  await app.stop({ deadline: 1000 });
  return { rounds: results };
}

interface Window {
  limit: 'global' | 'group';
  spacing: number;
  interval: number;
  binding: boolean;
}

/** Spacing of each start and the start `count` later (a sliding window of `count` per `interval`). */
function windows(limit: Window['limit'], times: readonly number[], count: number, interval: number, binding: boolean): Window[] {
  const found: Window[] = [];
  for (let i = 0; i + count < times.length; i++) found.push({ limit, spacing: times[i + count]! - times[i]!, interval, binding });
  return found;
}

/**
 * Two phases on one app with a global limit and a per-group limit:
 * phase G spreads the sends over many groups, so the global limit binds;
 * phase P puts them on a few groups, so the per-group limit binds.
 * A binding limit should space starts at its interval; any limit must never space them closer.
 */
async function rateLimitPrecision(sendsPerPhase: number, sendsPerGroup: number): Promise<RateLimitReport> {
  // 100 sends/s account-wide, one send per 500 ms per group: half-second windows, the order of what
  // bots really configure, and 1,000 sends still fit in about 15 s.
  const globalLimit = { count: 50, interval: 500 };
  const groupLimit = { count: 1, interval: 500 };
  const transport = new FakeTransport();
  const { app, bot } = await appWith(transport, { global: globalLimit, perGroup: groupLimit, concurrency: 64, maxQueue: 10_000 });
  transport.record = true;
  const started = performance.now();
  const phase = async (groups: number) => {
    transport.arrivals.length = 0;
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < sendsPerPhase; i++) {
      sends.push(bot.call('send_group_msg', { group_id: 800_000 + (i % groups), message: String(i) }, { mode: 'queued' }));
    }
    await Promise.all(sends);
    return [...transport.arrivals];
  };
  // Phase G: two sends per group, so only the global limit can bind. Phase P: `sendsPerGroup` per group.
  const manyGroups = Math.max(1, Math.floor(sendsPerPhase / 2));
  const fewGroups = Math.max(1, Math.floor(sendsPerPhase / sendsPerGroup));
  const phaseG = await phase(manyGroups);
  // Let the global window empty so phase P starts fresh.
  await new Promise((resolve) => setTimeout(resolve, globalLimit.interval * 2));
  const phaseP = await phase(fewGroups);
  const elapsedMs = performance.now() - started;
  await app.stop({ deadline: 1000 });

  const all: Window[] = [];
  let orderHeld = true;
  for (const [arrivals, globalBinds] of [
    [phaseG, true],
    [phaseP, false],
  ] as const) {
    all.push(...windows('global', arrivals.map((a) => a.at), globalLimit.count, globalLimit.interval, globalBinds));
    const byGroup = new Map<number, Array<{ at: number; seq: number }>>();
    for (const a of arrivals) {
      let list = byGroup.get(a.group);
      if (!list) {
        list = [];
        byGroup.set(a.group, list);
      }
      list.push(a);
    }
    for (const list of byGroup.values()) {
      for (let i = 1; i < list.length; i++) if (list[i]!.seq < list[i - 1]!.seq) orderHeld = false;
      all.push(...windows('group', list.map((a) => a.at), groupLimit.count, groupLimit.interval, !globalBinds));
    }
  }
  let globalDeviation = 0;
  let groupDeviation = 0;
  let violations = 0;
  let worstShortfall = 0;
  for (const w of all) {
    const interval = w.interval;
    const deviation = Math.abs(w.spacing - interval) / interval;
    const shortfall = (interval - w.spacing) / interval;
    if (w.spacing < interval - 1) violations++;
    if (shortfall > worstShortfall) worstShortfall = shortfall;
    if (w.binding || shortfall > 0) {
      if (w.limit === 'global') globalDeviation = Math.max(globalDeviation, deviation);
      else groupDeviation = Math.max(groupDeviation, deviation);
    }
  }
  return {
    globalInterval: globalLimit.interval,
    globalCount: globalLimit.count,
    groupInterval: groupLimit.interval,
    groupCount: groupLimit.count,
    sends: phaseG.length + phaseP.length,
    globalDeviationPercent: globalDeviation * 100,
    groupDeviationPercent: groupDeviation * 100,
    violations,
    worstShortfallPercent: worstShortfall * 100,
    orderHeld,
    elapsedMs,
  };
}

const [part, first = '', second = ''] = process.argv.slice(2);
let report: SchedulerCost | RateLimitReport;
if (part === 'cost') report = await schedulerCost(Number(first), Number(second));
else if (part === 'rate-limit') report = await rateLimitPrecision(Number(first), Number(second));
else throw new Error(`scheduler worker: unknown part ${JSON.stringify(part)} (cost or rate-limit)`);
process.stdout.write(`${JSON.stringify(report)}\n`);
