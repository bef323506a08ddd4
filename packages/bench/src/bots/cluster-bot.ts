/**
 * The cluster bots of the bench: BENCH_ROLE=gateway (httpAdapter receiving the harness's events,
 * publishing them to Redis, executing the calls) or BENCH_ROLE=worker (the official echo plugin).
 * Same settings as cqkit-bot: logging silent, rate limits off. BENCH_REDIS_URL, BENCH_PREFIX.
 */
import { ClusterGateway, ClusterWorker, workerScheduler } from '@cqkit/cluster';
import { createApp } from '@cqkit/core';
import echo from '@cqkit/plugin-echo';
import { readBotEnv } from './bot-env.js';

const role = process.env.BENCH_ROLE;
const cluster = { redis: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: process.env.BENCH_PREFIX ?? 'cqkit-bench' };
let stop: () => Promise<unknown>;

if (role === 'gateway') {
  const env = readBotEnv();
  const app = createApp({
    logLevel: 'silent',
    scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false, concurrency: 64, maxQueue: 100_000 },
  });
  const gateway = new ClusterGateway(app, cluster);
  const { httpAdapter } = await import('@cqkit/adapter-http');
  app.adapter(
    gateway.wrapAdapter(
      httpAdapter({
        bots: [{ selfId: env.selfId, endpoint: env.apiUrl }],
        receiver: { host: '127.0.0.1', port: env.port, path: '/', quickWindow: 0, ackAfterDispatch: true },
      }),
    ),
  );
  await gateway.start();
  await app.start();
  stop = () => gateway.stop(() => app.stop({ deadline: 1000 }));
} else if (role === 'worker') {
  const app = createApp({ logLevel: 'silent', scheduler: workerScheduler });
  app.plugin(echo);
  const worker = new ClusterWorker(app, cluster);
  app.adapter(worker.adapter);
  await app.start();
  await worker.start();
  stop = async () => {
    await worker.stop(1000);
    await app.stop({ deadline: 1000 });
  };
} else {
  console.error(`bench cluster bot: BENCH_ROLE must be gateway or worker, got ${role}`);
  process.exit(2);
}

const onSignal = () => {
  stop().finally(() => process.exit(0));
};
process.once('SIGTERM', onSignal);
process.once('SIGINT', onSignal);
