import { httpAdapter } from '@cqkit/adapter-http';
import { createApp } from '@cqkit/core';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ClusterGateway } from '../src/index.js';
import { BOT, crash, sent, startGateway, startWorker } from './cluster-pair.js';
import { type OwnRedis, startOwnRedis } from './own-redis.js';
import { freshPrefix, until } from './redis-probe.js';

const serverInstalled = (await import('node:child_process')).spawnSync('redis-server', ['--version']).status === 0;
if (!serverInstalled) console.log('durability tests skipped: no redis-server binary on PATH');

describe.skipIf(!serverInstalled)('durability with a redis-server of our own (AOF, appendfsync always)', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  let redis: OwnRedis;
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
    await redis?.dispose();
  });

  it('events and outbox sends survive a Redis crash and restart; handlers that run again send nothing twice', async () => {
    redis = await startOwnRedis();
    const prefix = freshPrefix();
    const a = await startGateway(prefix, { url: redis.url, leaseTtl: 1000 });
    await until(() => a.gateway.ownedAccounts.length === 1, 'the lease');
    // No worker yet: the events wait in the stream (each POST would have had its 204).
    for (let i = 0; i < 40; i++) await a.memory.receive(a.memory.privateMessage(100 + (i % 4), `ping ${i}`));
    crash(a.gateway);
    // No gateway now: a worker handles the events and its replies wait in the account's outbox.
    const w1 = await startWorker(prefix, { url: redis.url, claimAfter: 500 });
    const keys = a.gateway.keys;
    const look = new Redis(redis.url);
    cleanup.push(async () => look.disconnect());
    await until(async () => (await look.xlen(keys.calls(BOT))) === 40, 'forty sends in the outbox');
    // The worker dies with its handlers still waiting for answers: its events stay unacknowledged.
    crash(w1.worker);

    await redis.kill();
    await redis.start();

    const b = await startGateway(prefix, { url: redis.url, leaseTtl: 1000 });
    cleanup.push(() => b.gateway.stop(() => b.app.stop({ deadline: 0 })));
    const w2 = await startWorker(prefix, { url: redis.url, claimAfter: 500 });
    cleanup.push(async () => {
      await w2.worker.stop(0);
      await w2.app.stop({ deadline: 0 });
    });
    await until(() => sent(b.memory).length === 40, 'the forty sends after the restart', 20_000);
    // The second worker ran every handler again (the events were unacknowledged); the same keys found the sends done.
    await until(async () => (await look.xlen(keys.events)) === 0 && w2.app.eventsInProgress === 0, 'every event handled', 20_000);
    expect(sent(b.memory).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `pong ${i}`).sort());
    expect(a.memory.callsOf('send_private_msg')).toHaveLength(0);
  });

  it('a POST is answered 204 once Redis has the event, 503 while Redis is down (never a silent drop)', async () => {
    redis = await startOwnRedis();
    const prefix = freshPrefix();
    const app = createApp({ logLevel: 'silent' });
    const gateway = new ClusterGateway(app, { redis: redis.url, prefix });
    const adapter = httpAdapter({ bots: [{ endpoint: 'http://127.0.0.1:9', selfId: BOT }], receiver: { port: 0, quickWindow: 0, ackAfterDispatch: true } });
    app.adapter(gateway.wrapAdapter(adapter));
    await gateway.start();
    await app.start();
    cleanup.push(() => gateway.stop(() => app.stop({ deadline: 0 })));
    const post = (n: number) =>
      fetch(adapter.receiverUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-self-id': String(BOT) },
        body: JSON.stringify({ time: 1, self_id: BOT, post_type: 'message', message_type: 'private', sub_type: 'friend', message_id: n, user_id: 5, message: 'hi', raw_message: 'hi', font: 0, sender: { user_id: 5 } }),
      });
    expect((await post(1)).status).toBe(204);
    expect(await gateway.redis.xlen(gateway.keys.events)).toBe(1);
    await redis.kill();
    expect((await post(2)).status).toBe(503);
    await redis.start();
    await until(async () => (await post(3)).status === 204, 'Redis to be back');
    // The first event survived the crash (AOF); the refused one was never stored, and its sender retries it.
    const stored = await gateway.redis.xrange(gateway.keys.events, '-', '+');
    const ids = stored.map(([, fields]) => (JSON.parse(fields[1]!) as { message_id: number }).message_id);
    expect(ids[0]).toBe(1);
    expect(ids).not.toContain(2);
  });
});
