import type { ActionError, ActionErrorKind } from '@cqkit/protocol';
import { definePlugin } from '@cqkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/test/manual-clock.js';
import { runInEvent } from '../src/call-context.js';
import { gatewayMetrics, UncertainSendError } from '../src/index.js';
import { startMetricsServer } from '../src/metrics/index.js';
import { BOT, crash, sent, startGateway, startWorker } from './cluster-pair.js';
import { dropPrefix, freshPrefix, redisAvailable, until } from './redis-probe.js';

describe.skipIf(!redisAvailable)('cluster guarantees, over real Redis', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  let prefix = '';
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
    await dropPrefix(prefix);
  });

  async function gateway(options: Parameters<typeof startGateway>[1] = {}) {
    const g = await startGateway(prefix, options);
    cleanup.push(() => g.gateway.stop(() => g.app.stop({ deadline: 0 })));
    return g;
  }
  async function worker(options: Parameters<typeof startWorker>[1] = {}) {
    const w = await startWorker(prefix, options);
    cleanup.push(async () => {
      await w.worker.stop(0);
      await w.app.stop({ deadline: 0 });
    });
    return w;
  }

  it('a handler that runs again sends nothing twice: the same idempotency key gets the first result', async () => {
    prefix = freshPrefix();
    const g = await gateway();
    await until(() => g.gateway.ownedAccounts.length === 1, 'the lease');
    const w = await worker();
    await g.memory.receive(g.memory.privateMessage(1, 'ping 0'));
    await until(() => sent(g.memory).length === 1, 'the first reply');
    const bot = w.app.bots.get(BOT)!;
    const handler = () => Promise.all([bot.sendPrivateMsg({ user_id: 1, message: 'a' }), bot.sendPrivateMsg({ user_id: 1, message: 'b' })]);
    const first = await runInEvent('1700000000000-7', handler);
    const again = await runInEvent('1700000000000-7', handler);
    expect(again).toEqual(first);
    expect(sent(g.memory)).toEqual(['pong 0', 'a', 'b']);
  });

  it('a send in flight when its gateway died is answered `uncertain` by the next gateway and never resent', async () => {
    prefix = freshPrefix();
    const a = await gateway({ leaseTtl: 600 });
    a.memory.respond('send_private_msg', () => new Promise(() => undefined));
    await until(() => a.gateway.ownedAccounts.length === 1, 'the lease');
    const failures: unknown[] = [];
    const w = await worker();
    w.app.on('send/failed', (failure) => void failures.push(failure.error));
    await a.memory.receive(a.memory.privateMessage(3, 'ping 1'));
    await until(() => a.memory.callsOf('send_private_msg').length === 1, 'the send to reach the implementation');
    crash(a.gateway);
    const b = await gateway({ leaseTtl: 600 });
    const uncertain: unknown[] = [];
    b.app.on('send/uncertain', (info) => void uncertain.push(info));
    await until(() => failures.length === 1, 'the worker to hear of it');
    expect(failures[0]).toBeInstanceOf(UncertainSendError);
    expect((failures[0] as ActionError).message).toMatch(/may have been sent/);
    expect(uncertain).toEqual([expect.objectContaining({ selfId: BOT, action: 'send_private_msg' })]);
    expect(b.memory.callsOf('send_private_msg')).toHaveLength(0);
  });

  it('a stopping gateway hands the calls it could not send back to the outbox; the next one sends them once', async () => {
    prefix = freshPrefix();
    const clock = manualClock(Date.now());
    const a = await gateway({ clock, scheduler: { perUser: { count: 1, interval: 1000 } } });
    await until(() => a.gateway.ownedAccounts.length === 1, 'the lease');
    const w = await worker();
    for (let i = 0; i < 3; i++) await a.memory.receive(a.memory.privateMessage(5, `ping ${i}`));
    const bot = a.app.bots.get(BOT)!;
    await until(() => sent(a.memory).length === 1 && bot.metrics.queued === 2, 'one sent, two queued');
    const stopping = a.gateway.stop(() => {
      const report = a.app.stop({ deadline: 100 });
      clock.advance(100);
      return report;
    });
    const report = await stopping;
    expect(report.handedBack).toBe(2);
    expect(report.app.left).toBe(2);
    const b = await gateway();
    await until(() => sent(b.memory).length === 2, 'the next gateway to send the rest');
    expect([...sent(a.memory), ...sent(b.memory)].sort()).toEqual(['pong 0', 'pong 1', 'pong 2']);
    // The handlers waiting in the worker got their answers from the second gateway.
    await until(() => w.app.eventsInProgress === 0, 'the handlers to finish');
  });

  it('events a dead worker took are handled by another after claimAfter, once each', async () => {
    prefix = freshPrefix();
    const g = await gateway();
    await until(() => g.gateway.ownedAccounts.length === 1, 'the lease');
    const stuck = definePlugin({ name: 'stuck', apply: (ctx) => void ctx.on('message', () => new Promise(() => undefined)) });
    const a = await worker({ claimAfter: 300, plugin: stuck });
    for (let i = 0; i < 5; i++) await g.memory.receive(g.memory.privateMessage(8, `ping ${i}`));
    await until(() => a.app.eventsInProgress === 5, 'the first worker to take all five');
    crash(a.worker);
    await worker({ claimAfter: 300 });
    await until(() => sent(g.memory).length === 5, 'the second worker to answer all five');
    expect(sent(g.memory).sort()).toEqual(['pong 0', 'pong 1', 'pong 2', 'pong 3', 'pong 4']);
  });

  it('a worker stopping with a handler still waiting leaves its event unacknowledged; the send goes out once', async () => {
    prefix = freshPrefix();
    const a = await gateway({ leaseTtl: 600 });
    await until(() => a.gateway.ownedAccounts.length === 1, 'the lease');
    // The event is stored, then the only gateway dies: the worker's send waits in the outbox.
    await a.memory.receive(a.memory.privateMessage(4, 'ping 9'));
    crash(a.gateway);
    const w1 = await startWorker(prefix, { claimAfter: 300 });
    const failures: string[] = [];
    w1.app.on('send/failed', (failure) => void failures.push(failure.error.message));
    await until(() => w1.app.eventsInProgress === 1, 'the handler to wait for its answer');
    const report = await w1.worker.stop(100);
    await w1.app.stop({ deadline: 0 });
    expect(report.unfinished).toBe(1);
    await until(() => failures.length === 1, 'the handler to hear of the stop');
    expect(failures[0]).toMatch(/the worker stopped before the gateway answered; the send is in the outbox and goes out once/);
    // Not acknowledged: the next worker runs the handler again, with the same key.
    const w2 = await worker({ claimAfter: 300 });
    const b = await gateway({ leaseTtl: 600 });
    await until(() => sent(b.memory).length === 1 && w2.app.eventsInProgress === 0, 'the send');
    await until(async () => (await b.gateway.redis.xlen(b.gateway.keys.events)) === 0, 'the event to be acknowledged');
    expect(sent(b.memory)).toEqual(['pong 9']);
  });

  it('a failed send comes back to the worker as the same ActionError', async () => {
    prefix = freshPrefix();
    const g = await gateway();
    g.memory.fail('send_private_msg', 100);
    await until(() => g.gateway.ownedAccounts.length === 1, 'the lease');
    const w = await worker();
    const failures: Array<{ kind: ActionErrorKind; retcode: number | undefined }> = [];
    w.app.on('send/failed', (failure) => void failures.push({ kind: failure.error.kind, retcode: failure.retcode }));
    await g.memory.receive(g.memory.privateMessage(3, 'ping 1'));
    await until(() => failures.length === 1, 'the failure');
    expect(failures).toEqual([{ kind: 'retcode', retcode: 100 }]);
  });

  it('/metrics tells events, sends, queues, workers; /healthz answers 200', async () => {
    prefix = freshPrefix();
    const g = await gateway();
    const metrics = gatewayMetrics(g.gateway, g.app);
    const server = await startMetricsServer({ metrics, port: 0, healthy: () => g.gateway.healthy });
    cleanup.push(() => server.close());
    await until(() => g.gateway.ownedAccounts.length === 1, 'the lease');
    await worker();
    await g.memory.receive(g.memory.privateMessage(3, 'ping 1'));
    await until(() => sent(g.memory).length === 1, 'the reply');
    await until(async () => (await fetch(`${server.url}/metrics`).then((r) => r.text())).includes('cqkit_events_handled_total 1'), 'the handled count');
    const text = await fetch(`${server.url}/metrics`).then((r) => r.text());
    expect(text).toContain('cqkit_events_received_total 1');
    expect(text).toContain('cqkit_sends_total{outcome="sent"} 1');
    expect(text).toContain('cqkit_workers 1');
    expect(text).toContain(`cqkit_outbox_depth{account="${BOT}"} 0`);
    expect(text).toMatch(/cqkit_call_duration_seconds_count\{kind="send"\} 1/);
    expect(text).toContain('cqkit_stream_backlog{stream="events"} 0');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
