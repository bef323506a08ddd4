/** A gateway app (memory adapter) and worker apps in this process, on one prefix. */
import { type App, type Clock, createApp, definePlugin, type MemoryAdapter, memoryAdapter, type SchedulerOptions } from '@cqkit/core';
import { ClusterGateway, ClusterWorker, workerScheduler } from '../src/index.js';
import { redisUrl } from './redis-probe.js';

export const BOT = 10001;

export interface GatewaySide {
  app: App;
  memory: MemoryAdapter;
  gateway: ClusterGateway;
}

export async function startGateway(prefix: string, options: { scheduler?: Omit<SchedulerOptions, 'clock'>; leaseTtl?: number; url?: string; clock?: Clock } = {}): Promise<GatewaySide> {
  const app = createApp({
    logLevel: 'silent',
    scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, ...options.scheduler },
    ...(options.clock && { clock: options.clock }),
  });
  const gateway = new ClusterGateway(app, { redis: options.url ?? redisUrl, prefix, ...(options.leaseTtl !== undefined && { leaseTtl: options.leaseTtl }) });
  const memory = memoryAdapter({ selfIds: [BOT] });
  app.adapter(gateway.wrapAdapter(memory));
  await gateway.start();
  await app.start();
  return { app, memory, gateway };
}

/** A plugin answering every private message `ping N` with `pong N` (and `login` with the bot's nickname). */
export const pingPlugin = definePlugin({
  name: 'ping-test',
  apply(ctx) {
    ctx.on('message', async (session) => {
      const text = String(session.event.raw_message ?? '');
      if (text === 'login') {
        const info = await session.bot.getLoginInfo();
        await session.send(`I am ${info.nickname}`);
      } else if (text.startsWith('ping')) {
        await session.send(text.replace('ping', 'pong'));
      }
    });
  },
});

export async function startWorker(prefix: string, options: { claimAfter?: number; url?: string; plugin?: typeof pingPlugin } = {}): Promise<{ app: App; worker: ClusterWorker }> {
  const app = createApp({ logLevel: 'silent', scheduler: workerScheduler, timeout: 10_000 });
  app.plugin(options.plugin ?? pingPlugin);
  const worker = new ClusterWorker(app, { redis: options.url ?? redisUrl, prefix, ...(options.claimAfter !== undefined && { claimAfter: options.claimAfter }) });
  app.adapter(worker.adapter);
  await app.start();
  await worker.start();
  return { app, worker };
}

export function sent(memory: MemoryAdapter): string[] {
  return memory.calls.filter((c) => c.action.startsWith('send_')).map((c) => String(c.params.message));
}

/** Simulate a crash: drop every Redis connection and timer of a gateway or worker, acknowledging and releasing nothing. */
export function crash(node: ClusterGateway | ClusterWorker): void {
  type Part = { disconnect(): void; running: boolean; timer: NodeJS.Timeout; timers: NodeJS.Timeout[]; blocking: Part; options: Part };
  const parts = node as unknown as Record<string, Part>;
  let connections: Part[];
  let timers: NodeJS.Timeout[];
  if (node instanceof ClusterGateway) {
    connections = [parts.redis!, parts.publisher!, parts.executor!.options.blocking];
    timers = [parts.leases!.timer];
    parts.executor!.running = false;
  } else {
    connections = [parts.redis!, parts.inbox!.blocking, parts.consumer!.options.blocking];
    timers = [parts.heartbeat as unknown as NodeJS.Timeout, ...parts.consumer!.timers];
    parts.consumer!.running = false;
  }
  for (const timer of timers) clearInterval(timer);
  for (const connection of connections) connection.disconnect();
}
