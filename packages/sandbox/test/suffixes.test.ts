// `_async` and `_rate_limited` (transport.md 1.7), with an injected clock so order and spacing are exact.
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, type Sandbox } from '../src/index.js';
import { callAction, rawRequest, startSandbox } from './helpers.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** Let pending promise callbacks and immediates run (bounded). */
async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

describe('_async', () => {
  it('answers before the action runs: the world is unchanged when the answer is given', async () => {
    sandbox = await startSandbox();
    const answer = await sandbox.executeAction('set_group_kick_async', { group_id: 3001, user_id: 2004 });
    expect(answer).toEqual({ found: true, envelope: { status: 'async', retcode: 1, data: null } });
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2004)).toBeDefined();
    expect(sandbox.actions.asyncBusy).toBe(true);
    await sandbox.settled();
    expect(sandbox.world.member(sandbox.world.group(3001)!, 2004)).toBeUndefined();
    expect(sandbox.actionLog.map((e) => [e.action, e.envelope.retcode])).toEqual([['set_group_kick', 0]]);
  });

  it('answers async at once and performs the action afterwards', async () => {
    sandbox = await startSandbox();
    const res = await callAction(sandbox, 'send_group_msg_async', { group_id: 3001, message: 'later' });
    expect(res).toEqual({ status: 'async', retcode: 1, data: null });
    const entry = await sandbox.nextBotMessage({ timeout: 2000 });
    expect(entry.text).toBe('later');
    expect(entry.action).toBe('send_group_msg');
  });

  it('accepts an unknown base action (no existence check) and discards failures', async () => {
    sandbox = await startSandbox();
    expect(await callAction(sandbox, 'nonsense_async')).toEqual({ status: 'async', retcode: 1, data: null });
    expect(await callAction(sandbox, 'send_group_msg_async', { group_id: 9999, message: 'x' })).toEqual({ status: 'async', retcode: 1, data: null });
    await sandbox.settled();
    expect(sandbox.outbox).toHaveLength(0);
  });

  it('rejects a double suffix with 404', async () => {
    sandbox = await startSandbox({ enableRateLimitedActions: true });
    expect((await rawRequest(`${sandbox.url}/send_msg_async_async`)).status).toBe(404);
    expect((await rawRequest(`${sandbox.url}/send_msg_rate_limited_async`)).status).toBe(404);
    expect((await rawRequest(`${sandbox.url}/_async`)).status).toBe(404);
  });

  it('works for hidden and experimental actions', async () => {
    sandbox = await startSandbox();
    expect(await callAction(sandbox, '_get_vip_info_async', { user_id: 2001 })).toMatchObject({ retcode: 1 });
    expect(await callAction(sandbox, '.handle_quick_operation_async', { context: {}, operation: {} })).toMatchObject({ retcode: 1 });
  });
});

describe('_rate_limited', () => {
  it('is unknown (404) while the feature is off', async () => {
    sandbox = await startSandbox();
    expect((await rawRequest(`${sandbox.url}/send_msg_rate_limited?user_id=2001&message=x`)).status).toBe(404);
  });

  it('runs queued actions in FIFO order, one per interval', async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ enableRateLimitedActions: true, rateLimitInterval: 500, clock });
    const start = clock.now();
    for (const text of ['one', 'two', 'three']) {
      const res = await callAction(sandbox, 'send_private_msg_rate_limited', { user_id: 2001, message: text });
      expect(res).toEqual({ status: 'async', retcode: 1, data: null });
    }
    await flush();
    // The first runs at once; the worker then sleeps 500 ms before each next one.
    expect(sandbox.outbox.map((e) => e.text)).toEqual(['one']);
    clock.advance(499);
    await flush();
    expect(sandbox.outbox.map((e) => e.text)).toEqual(['one']);
    clock.advance(1);
    await flush();
    expect(sandbox.outbox.map((e) => e.text)).toEqual(['one', 'two']);
    clock.advance(500);
    await flush();
    expect(sandbox.outbox.map((e) => e.text)).toEqual(['one', 'two', 'three']);
    expect(sandbox.outbox.map((e) => e.time - start)).toEqual([0, 500, 1000]);
    expect(sandbox.actions.rateLimitedQueue.length).toBe(0);
  });

  it('after the queue drained and the worker slept, a new call runs at once', async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ enableRateLimitedActions: true, rateLimitInterval: 200, clock });
    await callAction(sandbox, 'send_private_msg_rate_limited', { user_id: 2001, message: 'a' });
    await flush();
    clock.advance(200);
    await flush();
    expect(sandbox.actions.rateLimitedQueue.running).toBe(false);
    const t = clock.now();
    await callAction(sandbox, 'send_private_msg_rate_limited', { user_id: 2001, message: 'b' });
    await flush();
    expect(sandbox.outbox.at(-1)?.time).toBe(t);
  });

  it('keeps the spacing when a queued action fails', async () => {
    const clock = new ManualClock();
    sandbox = await startSandbox({ enableRateLimitedActions: true, rateLimitInterval: 300, clock });
    await callAction(sandbox, 'send_group_msg_rate_limited', { group_id: 9999, message: 'fails' });
    await callAction(sandbox, 'send_group_msg_rate_limited', { group_id: 3001, message: 'ok' });
    await flush();
    expect(sandbox.outbox).toHaveLength(0);
    clock.advance(300);
    await flush();
    expect(sandbox.outbox.map((e) => e.text)).toEqual(['ok']);
  });
});
