/**
 * The send scheduler's fixed cost: `send_group_msg` on an instant transport, 64 outstanding, every
 * limit off, `mode: 'queued'` against `mode: 'direct'` (the same row as `pnpm bench`'s scheduler
 * cost, in-process). Bounded: fixed call counts. Run: `npx tsx packages/core/bench/scheduler.bench.ts`.
 */
import type { Adapter, Bot, BotTransport } from '../src/index.js';
import { createApp } from '../src/index.js';

const CALLS = 100_000;
const ROUNDS = 5;

const transport: BotTransport = {
  call: () => Promise.resolve({ message_id: 1 }),
};

async function start(): Promise<{ bot: Bot; stop: () => Promise<unknown> }> {
  const app = createApp({
    logLevel: 'silent',
    scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, concurrency: 64, maxQueue: 100_000 },
  });
  let bot: Bot | undefined;
  const adapter: Adapter = {
    name: 'memory',
    async start(host) {
      bot = host.addBot(10_001, transport);
    },
    async stop() {},
  };
  app.adapter(adapter);
  await app.start();
  if (!bot) throw new Error('the adapter did not start');
  return { bot, stop: () => app.stop({ deadline: 1000 }) };
}

async function throughput(bot: Bot, mode: 'queued' | 'direct', calls: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < calls) {
      const i = next++;
      await bot.call('send_group_msg', { group_id: 700_000 + (i % 100), message: String(i) }, { mode });
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
  return calls / ((performance.now() - started) / 1000);
}

const { bot, stop } = await start();
await throughput(bot, 'direct', 5000);
await throughput(bot, 'queued', 5000);
const direct: number[] = [];
const queued: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  direct.push(await throughput(bot, 'direct', CALLS));
  queued.push(await throughput(bot, 'queued', CALLS));
}
await stop();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const d = median(direct);
const q = median(queued);
console.log(`direct ${Math.round(d)} calls/s, queued (limits off) ${Math.round(q)} calls/s: ${(q / d).toFixed(2)}x`);
console.log(`sent ${bot.metrics.sent}, failed ${bot.metrics.failed}, inFlight ${bot.metrics.inFlight}, queued ${bot.metrics.queued}`);
