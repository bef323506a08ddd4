/**
 * The cluster row: a gateway and two workers (three processes, plus Redis) under the same load as the
 * single-process HTTP API-call row. Events/s, and CPU per 1,000 events of the whole cluster: the
 * three processes (read by their probes) plus the Redis server (INFO cpu, before and after).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startApiServer } from '../harness/api-server.js';
import type { BenchConfig } from '../harness/bench-config.js';
import { type BotProcess, launchBot, nodeWithProbe } from '../harness/bot-process.js';
import { httpDelivery, type LoadResult, runLoad } from '../harness/load.js';
import { freePort, waitForPort } from '../harness/ports.js';
import { summarizeLatencies } from '../harness/stats.js';
import { benchDir, botsBuiltDir } from '../paths.js';
import { probeScript } from './e2e.js';

export interface ClusterMeasurement {
  workers: number;
  events: number;
  answered: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Gateway + workers + Redis, CPU seconds per 1,000 events. */
  cpuSecondsPer1000: number;
  /** The same, by part. */
  cpuByPart: Record<string, number>;
}

export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? process.env.CQKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** CPU seconds the Redis server has used since it started (user + system, all its threads). */
async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

function complete(label: string, result: LoadResult, output: () => string): void {
  if (result.timedOut || result.answered < result.count) {
    throw new Error(`${label}: ${result.answered} of ${result.count} answered${result.timedOut ? ' (timed out)' : ''}, ${result.errors} POST errors\n${output()}`);
  }
}

export async function measureCluster(config: BenchConfig, workerCount = 2): Promise<ClusterMeasurement> {
  const redis = new Redis(benchRedisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch {
    throw new Error(`no Redis answers at ${benchRedisUrl} (set BENCH_REDIS_URL)`);
  }
  const prefix = `cqkit-bench-${randomBytes(4).toString('hex')}`;
  const api = await startApiServer(config.selfId);
  const port = await freePort();
  const script = join(botsBuiltDir, 'cluster-bot.js');
  const { command, args } = nodeWithProbe(probeScript(), script);
  const common = { BENCH_REDIS_URL: benchRedisUrl, BENCH_PREFIX: prefix, BENCH_SELF_ID: String(config.selfId) };
  const procs: Array<{ name: string; proc: BotProcess }> = [];
  const output = () => procs.map(({ name, proc }) => `--- ${name}\n${proc.output()}`).join('\n');
  try {
    procs.push({
      name: 'gateway',
      proc: launchBot({
        label: 'cluster gateway',
        command,
        args,
        cwd: benchDir,
        ipc: true,
        env: { ...common, BENCH_ROLE: 'gateway', BENCH_TRANSPORT: 'http', BENCH_API_URL: api.url, BENCH_RECEIVER_PORT: String(port) },
      }),
    });
    for (let i = 1; i <= workerCount; i++) {
      procs.push({ name: `worker ${i}`, proc: launchBot({ label: `cluster worker ${i}`, command, args, cwd: benchDir, ipc: true, env: { ...common, BENCH_ROLE: 'worker' } }) });
    }
    await waitForPort(port, 15_000).catch((error: Error) => {
      throw new Error(`the cluster gateway did not start: ${error.message}\n${output()}`);
    });
    const delivery = httpDelivery(`http://127.0.0.1:${port}/`, config.selfId, config.inFlight);
    try {
      const shape = { selfId: config.selfId, groups: config.groups, command: '/echo ' };
      const load = { delivery, answers: api, shape, inFlight: config.inFlight, timeLimitMs: config.phaseTimeLimitMs };
      // The warm-up also waits for the workers: events wait in the stream until one takes them.
      complete('cluster warm-up', await runLoad({ ...load, count: config.warmup, messageIdBase: 1 }), output);
      await Promise.all(procs.map(({ proc }) => proc.mark()));
      const redisBefore = await redisCpu(redis);
      const result = await runLoad({ ...load, count: config.events, messageIdBase: 1 + config.warmup });
      const reports = await Promise.all(procs.map(({ proc }) => proc.report()));
      const redisUsed = (await redisCpu(redis)) - redisBefore;
      complete('cluster', result, output);
      const per1000 = (seconds: number) => (seconds / result.answered) * 1000;
      const cpuByPart: Record<string, number> = { redis: per1000(redisUsed) };
      procs.forEach(({ name }, i) => {
        cpuByPart[name] = per1000((reports[i]!.cpuUserUs + reports[i]!.cpuSystemUs) / 1e6);
      });
      const latency = summarizeLatencies(result.latencies);
      return {
        workers: workerCount,
        events: config.events,
        answered: result.answered,
        eventsPerSecond: result.answered / (result.elapsedMs / 1000),
        p50Ms: latency.p50,
        p99Ms: latency.p99,
        cpuSecondsPer1000: Object.values(cpuByPart).reduce((a, b) => a + b, 0),
        cpuByPart,
      };
    } finally {
      delivery.close();
    }
  } finally {
    await Promise.all(procs.map(({ proc }) => proc.stop()));
    await api.close();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
  }
}
