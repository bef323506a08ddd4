import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/test/manual-clock.js';
import { gatewayMetrics } from '../src/index.js';
import { BOT, type GatewaySide, sent, startGateway, startWorker } from './cluster-pair.js';
import { dropPrefix, freshPrefix, redisAvailable, until } from './redis-probe.js';

describe.skipIf(!redisAvailable)('gateway and worker in one process, over real Redis', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  let prefix = '';
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
    await dropPrefix(prefix);
  });

  async function pair() {
    prefix = freshPrefix();
    const g = await startGateway(prefix);
    cleanup.push(() => g.gateway.stop(() => g.app.stop({ deadline: 1000 })));
    await until(() => g.gateway.ownedAccounts.length === 1, 'the lease');
    const w = await startWorker(prefix);
    cleanup.push(async () => {
      await w.worker.stop(1000);
      await w.app.stop({ deadline: 1000 });
    });
    return { g, w };
  }

  it('an event published by the gateway is handled by the worker, whose reply the gateway sends', async () => {
    const { g } = await pair();
    await g.memory.receive(g.memory.privateMessage(42, 'ping 1'));
    await until(() => sent(g.memory).length === 1, 'the reply');
    expect(sent(g.memory)).toEqual(['pong 1']);
    expect(g.memory.calls[0]!.params.user_id).toBe(42);
  });

  it('a read is request/reply: the worker gets the gateway bot’s answer', async () => {
    const { g } = await pair();
    await g.memory.receive(g.memory.privateMessage(42, 'login'));
    await until(() => sent(g.memory).length === 1, 'the reply');
    expect(sent(g.memory)).toEqual([`I am bot${10001}`]);
    expect(g.memory.callsOf('get_login_info')).toHaveLength(1);
  });

  it('thirty events get thirty replies, none twice', async () => {
    const { g } = await pair();
    for (let i = 0; i < 30; i++) await g.memory.receive(g.memory.privateMessage(7, `ping ${i}`));
    await until(() => sent(g.memory).length === 30, '30 replies');
    expect(new Set(sent(g.memory)).size).toBe(30);
  });

  it('the gateway’s dispatch resolves only once Redis has the event (what the receiver waits for before 204)', async () => {
    prefix = freshPrefix();
    const g = await startGateway(prefix);
    cleanup.push(() => g.gateway.stop(() => g.app.stop({ deadline: 0 })));
    // No worker yet: the event waits in the stream.
    await g.memory.receive(g.memory.privateMessage(42, 'ping 1'));
    expect(await g.gateway.redis.xlen(g.gateway.keys.events)).toBe(1);
    expect(g.gateway.published).toBe(1);
    // A worker that starts later handles it.
    const w = await startWorker(prefix);
    cleanup.push(async () => {
      await w.worker.stop(0);
      await w.app.stop({ deadline: 0 });
    });
    await until(() => sent(g.memory).length === 1, 'the reply');
    expect(await g.gateway.redis.xlen(g.gateway.keys.events)).toBe(0);
  });

  it('sends from any number of workers are held to the account’s rate limit at the gateway', async () => {
    prefix = freshPrefix();
    const clock = manualClock(Date.now());
    const g: GatewaySide = await startGateway(prefix, { clock, scheduler: { perUser: { count: 2, interval: 400 } } });
    cleanup.push(() => g.gateway.stop(() => g.app.stop({ deadline: 0 })));
    await until(() => g.gateway.ownedAccounts.length === 1, 'the lease');
    for (let i = 0; i < 2; i++) {
      const w = await startWorker(prefix);
      cleanup.push(async () => {
        await w.worker.stop(0);
        await w.app.stop({ deadline: 0 });
      });
    }
    for (let i = 0; i < 6; i++) await g.memory.receive(g.memory.privateMessage(9, `ping ${i}`));
    const bot = g.app.bots.get(BOT)!;
    // Two go out in the first window; the other four wait in the gateway's queue, whichever worker made them.
    await until(() => sent(g.memory).length === 2 && bot.metrics.queued === 4, 'two sent, four queued');
    // The gateway's /metrics shows the queue and the age of its oldest call (on the app's clock).
    clock.advance(100);
    const text = await gatewayMetrics(g.gateway, g.app).text();
    expect(text).toContain(`cqkit_queue_depth{account="${BOT}"} 4`);
    expect(text).toContain(`cqkit_queue_oldest_wait_seconds{account="${BOT}"} 0.1`);
    clock.advance(300);
    await until(() => sent(g.memory).length === 4 && bot.metrics.queued === 2, 'four sent, two queued');
    clock.advance(400);
    await until(() => sent(g.memory).length === 6, 'six sent');
    expect(new Set(sent(g.memory)).size).toBe(6);
  });
});
