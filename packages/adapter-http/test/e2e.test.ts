import type { App, Bot } from '@cqkit/core';
import { methodName } from '@cqkit/protocol';
import { createSandbox } from '@cqkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import { type WalkContext, walk } from './helpers/action-walk.js';
import { loadActions, responseProblems } from './helpers/catalogue.js';
import { type Rig, startRig, worldOf } from './helpers/e2e-setup.js';
import { failure } from './helpers/failure.js';
import { ManualTimers } from './helpers/manual-timers.js';
import { post, serverSignature } from './helpers/post.js';

const rigs: Rig[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function rig(options: Parameters<typeof startRig>[0]): Promise<Rig> {
  const started = await startRig(options);
  rigs.push(started);
  return started;
}

/** A ping plugin: answers "pong" through session.send, optionally after `gate` opens. */
function ping(app: App, gate?: Promise<void>): void {
  app.on('message', async (session) => {
    if (session.plainText !== 'ping') return;
    if (gate) await gate;
    await session.send(`pong from ${session.bot.selfId}`);
  });
}

/** One manual clock for core (quick window, call timeouts) and the adapter (timeouts, back-off). */
function manualClock() {
  const timers = new ManualTimers();
  return { timers, options: { app: { clock: timers }, adapter: { timers } } };
}

describe('end to end: ping answers pong', () => {
  // The quick window runs on a manual clock, so it closes only when the test says: a fast handler
  // is inside it however loaded the machine is.
  it('as a quick operation in the POST response', async () => {
    const clock = manualClock();
    const { sandboxes } = await rig({ accounts: [{ selfId: 10001 }], ...clock.options, setup: (app) => ping(app) });
    const sandbox = sandboxes[0]!;
    sandbox.say({ user: 2001, text: 'ping' });
    const sent = await sandbox.nextBotMessage();
    expect(sent).toMatchObject({ text: 'pong from 10001', message_type: 'private', target_id: 2001, origin: 'quick_operation' });
    // It came back in the POST answer: the bot made no action call at all.
    expect(sandbox.actionLog.filter((e) => e.origin === 'http')).toEqual([]);
  });

  it('in a group, as a quick operation', async () => {
    const clock = manualClock();
    const { sandboxes } = await rig({ accounts: [{ selfId: 10001 }], ...clock.options, setup: (app) => ping(app) });
    const sandbox = sandboxes[0]!;
    sandbox.say({ user: 2002, group: 3001, text: 'ping' });
    const sent = await sandbox.nextBotMessage();
    expect(sent).toMatchObject({ text: 'pong from 10001', message_type: 'group', group_id: 3001, origin: 'quick_operation' });
  });

  it('a slow handler does not hold the POST past the window (204); its reply then goes by a send action', async () => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const clock = manualClock();
    const { sandboxes } = await rig({
      accounts: [{ selfId: 10001 }],
      receiver: { quickWindow: 300 },
      ...clock.options,
      setup: (app) => ping(app, gate),
    });
    const sandbox = sandboxes[0]!;
    sandbox.say({ user: 2001, text: 'ping' });
    // The handler is stuck at the gate; the window (core's timer, the only one) closes.
    (await clock.timers.nextOf(300)).fire();
    // settled() resolves only once the sandbox's POST got its answer: an empty one, nothing to do.
    await sandbox.settled();
    expect(sandbox.outbox).toHaveLength(0);
    expect(sandbox.actionLog).toEqual([]);
    open();
    const sent = await sandbox.nextBotMessage();
    expect(sent).toMatchObject({ text: 'pong from 10001', origin: 'http', action: 'send_private_msg' });
    expect(sandbox.outbox).toHaveLength(1);
  });

  it('by a send action when quick replies are off (quickWindow 0)', async () => {
    const { sandboxes } = await rig({ accounts: [{ selfId: 10001 }], receiver: { quickWindow: 0 }, setup: (app) => ping(app) });
    const sandbox = sandboxes[0]!;
    sandbox.say({ user: 2001, text: 'ping' });
    const sent = await sandbox.nextBotMessage();
    expect(sent).toMatchObject({ text: 'pong from 10001', origin: 'http' });
  });

  it('with tokens and a secret on both sides, signed posts are verified', async () => {
    const { sandboxes, app } = await rig({
      accounts: [{ selfId: 10001, sandbox: { accessToken: 'api-token', secret: 'post-secret' }, bot: { accessToken: 'api-token', secret: 'post-secret' } }],
      receiver: { quickWindow: 0 },
      setup: (a) => ping(a),
    });
    sandboxes[0]!.say({ user: 2001, text: 'ping' });
    // quickWindow 0: the reply goes out as an action, so the access token is exercised too.
    expect(await sandboxes[0]!.nextBotMessage()).toMatchObject({ text: 'pong from 10001', origin: 'http' });
    expect(app.metrics.events).toBeGreaterThanOrEqual(1);
  });
});

describe('end to end: every action of the catalogue through the adapter', () => {
  it('returns data of the declared type for each of the 80 actions', async () => {
    const catalogue = loadActions();
    expect(catalogue).toHaveLength(80);
    const { app, sandboxes } = await rig({ accounts: [{ selfId: 10001 }] });
    const bot = app.bot as Bot & Record<string, unknown>;
    const ctx: WalkContext = {};
    const problems: string[] = [];
    const called = new Set<string>();
    for (const step of walk) {
      const spec = catalogue.find((a) => a.name === step.action);
      if (!spec) {
        problems.push(`${step.action}: not in the catalogue`);
        continue;
      }
      const method = bot[methodName(step.action)];
      if (typeof method !== 'function') {
        problems.push(`${step.action}: bot.${methodName(step.action)} is not a method`);
        continue;
      }
      called.add(step.action);
      try {
        const data: unknown = await (method as (p: object) => Promise<unknown>).call(bot, step.params(ctx));
        for (const p of responseProblems(spec, data, step.variant)) problems.push(`${step.action}: ${p}`);
        step.keep?.(data, ctx);
      } catch (error) {
        problems.push(`${step.action}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...called].sort()).toEqual(catalogue.map((a) => a.name).sort());
    // Every call went over HTTP (not a shortcut) and reached the sandbox's action core.
    const seen = new Set(sandboxes[0]!.actionLog.filter((e) => e.origin === 'http').map((e) => e.action));
    const missing = catalogue.map((a) => a.name).filter((name) => !seen.has(name));
    expect(missing).toEqual([]);
  });
});

describe('end to end: failures are named and the app keeps running', () => {
  it('wrong secret: posts are rejected with 403 and logged; actions still work', async () => {
    const { app, sandboxes, log } = await rig({
      accounts: [{ selfId: 10001, sandbox: { secret: 'the-server-secret' }, bot: { secret: 'another-secret' } }],
      setup: (a) => ping(a),
    });
    sandboxes[0]!.say({ user: 2001, text: 'ping' });
    await sandboxes[0]!.settled();
    expect(app.metrics.events).toBe(0);
    expect(sandboxes[0]!.outbox).toHaveLength(0);
    expect(log.text('warn')).toContain('wrong X-Signature');
    await expect(app.bot.getStatus({})).resolves.toMatchObject({ online: true });
  });

  it('missing signature (the server has no secret, the bot expects one): 401, logged, dropped', async () => {
    const { app, sandboxes, log } = await rig({ accounts: [{ selfId: 10001, bot: { secret: 'expected' } }], setup: (a) => ping(a) });
    sandboxes[0]!.say({ user: 2001, text: 'ping' });
    await sandboxes[0]!.settled();
    expect(app.metrics.events).toBe(0);
    expect(log.text('warn')).toContain('has no X-Signature');
  });

  it('wrong token: calls fail with unauthorized and say what to fix; events still arrive', async () => {
    const { app, sandboxes } = await rig({
      accounts: [{ selfId: 10001, sandbox: { accessToken: 'right' }, bot: { accessToken: 'wrong' } }],
      receiver: { quickWindow: 0 },
    });
    const error = await failure(app.bot.getStatus({}));
    expect(error.kind).toBe('unauthorized');
    expect(error.httpStatus).toBe(403);
    expect(error.message).toContain('the API server rejected the access token');
    const seen: string[] = [];
    app.on('message', (session) => {
      seen.push(session.plainText);
    });
    sandboxes[0]!.say({ user: 2001, text: 'still here' });
    await sandboxes[0]!.settled();
    expect(seen).toEqual(['still here']);
  });

  it('no token: 401 is also "rejected the access token"; the older Token scheme is accepted', async () => {
    const missing = await rig({ accounts: [{ selfId: 10001, sandbox: { accessToken: 'right' } }] });
    const error = await failure(missing.app.bot.getStatus({}));
    expect(error).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    expect(error.message).toContain('the API server rejected the access token');
    const v3 = await rig({ accounts: [{ selfId: 10001, sandbox: { accessToken: 'right' }, bot: { accessToken: 'right', tokenScheme: 'Token' } }] });
    await expect(v3.app.bot.getStatus({})).resolves.toMatchObject({ online: true });
  });

  it('an action the server does not know: 404 is "the server does not implement <action>"', async () => {
    const { app } = await rig({ accounts: [{ selfId: 10001 }] });
    const error = await failure(app.bot.call('no_such_action', {}));
    expect(error).toMatchObject({ kind: 'not-found', httpStatus: 404, action: 'no_such_action' });
    expect(error.message).toContain('the server does not implement no_such_action');
  });

  it('server down: "no API server at <url>"; a send fails at once, a read is retried with back-off and succeeds once the server is back', async () => {
    const clock = manualClock();
    const { app, sandboxes, log } = await rig({
      accounts: [{ selfId: 10001 }],
      ...clock.options,
      adapter: { ...clock.options.adapter, retry: { attempts: 3, baseDelay: 200, maxDelay: 2000 } },
    });
    const url = sandboxes[0]!.url;
    await sandboxes[0]!.stop();

    const send = await failure(app.bot.sendPrivateMsg({ user_id: 2001, message: 'hello?' }));
    expect(send.kind).toBe('unreachable');
    expect(send.message).toContain(`no API server at ${url}`);
    expect(log.text('warn')).not.toContain('retry');

    const read = app.bot.getStatus({});
    const firstBackoff = await clock.timers.nextOf(200);
    expect(log.text('warn')).toContain('no API server at');
    expect(log.text('warn')).toContain('retry 1 of this read in 200 ms');
    // The server comes back on the same address during the back-off; the retry reaches it.
    const revived = createSandbox({ world: worldOf(10001), port: Number(new URL(url).port) });
    await revived.start();
    cleanups.push(() => revived.stop());
    firstBackoff.fire();
    await expect(read).resolves.toMatchObject({ online: true });
    expect(revived.actionLog.map((e) => e.action)).toEqual(['get_status']);
    expect(app.isStarted).toBe(true);
  });

  it('server down for good: a read gives up after its attempts (200, then 400 ms apart) with the same error', async () => {
    const clock = manualClock();
    const { app, sandboxes } = await rig({
      accounts: [{ selfId: 10001 }],
      ...clock.options,
      adapter: { ...clock.options.adapter, retry: { attempts: 3, baseDelay: 200, maxDelay: 2000 } },
    });
    const url = sandboxes[0]!.url;
    await sandboxes[0]!.stop();
    const read = app.bot.getGroupList({});
    (await clock.timers.nextOf(200)).fire();
    (await clock.timers.nextOf(400)).fire();
    const error = await failure(read);
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(`no API server at ${url}`);
  });

  it('non-event JSON and garbage posted to the app receiver get 400 and are not dispatched', async () => {
    const { app, receiverPort, log } = await rig({ accounts: [{ selfId: 10001 }] });
    const url = `http://127.0.0.1:${receiverPort}/`;
    expect((await post(url, JSON.stringify({ status: 'ok' }), { 'x-self-id': '10001' })).status).toBe(400);
    expect((await post(url, '<html>', { 'x-self-id': '10001' })).status).toBe(400);
    expect((await post(url, 'x'.repeat(2 * 1024 * 1024), { 'x-self-id': '10001' })).status).toBe(413);
    expect(app.metrics.events).toBe(0);
    expect(log.text('warn')).toContain('is not an event');
  });

  it('a raw body that re-serialises differently verifies against its raw bytes and reaches the handler', async () => {
    const texts: string[] = [];
    const { receiverPort } = await rig({
      accounts: [{ selfId: 10001, bot: { secret: 's3' } }],
      setup: (app) =>
        app.on('message', (session) => {
          texts.push(session.plainText);
        }),
    });
    const raw = `{"time":1700000000,"self_id":10001, "post_type":"message","message_type":"private","sub_type":"friend","message_id":9,
      "user_id":2001,"message":"caf\\u00e9 \\u0026 喵","raw_message":"x","font":0}`;
    expect(JSON.stringify(JSON.parse(raw))).not.toBe(raw);
    const bytes = Buffer.from(raw, 'utf8');
    const answer = await post(`http://127.0.0.1:${receiverPort}/`, bytes, { 'x-self-id': '10001', 'x-signature': serverSignature('s3', bytes) });
    expect(answer.status).toBe(204);
    expect(texts).toEqual(['café & 喵']);
  });
});

describe('end to end: two accounts on one receiver', () => {
  it('routes each event to its account; session.bot is that account; replies go to the right server', async () => {
    const { app, sandboxes } = await rig({
      accounts: [
        { selfId: 10001, sandbox: { secret: 'one', accessToken: 't1' }, bot: { secret: 'one', accessToken: 't1' } },
        { selfId: 10002, sandbox: { secret: 'two', accessToken: 't2' }, bot: { secret: 'two', accessToken: 't2' } },
      ],
      setup: (a) => ping(a),
    });
    expect([...app.bots.keys()].sort()).toEqual([10001, 10002]);
    const [one, two] = sandboxes as [NonNullable<(typeof sandboxes)[0]>, NonNullable<(typeof sandboxes)[0]>];
    two.say({ user: 2002, text: 'ping' });
    one.say({ user: 2001, text: 'ping' });
    expect(await two.nextBotMessage()).toMatchObject({ text: 'pong from 10002', target_id: 2002 });
    expect(await one.nextBotMessage()).toMatchObject({ text: 'pong from 10001', target_id: 2001 });
    // Each account's actions go to its own server with its own token.
    await expect(app.bots.get(10002)!.getLoginInfo({})).resolves.toMatchObject({ user_id: 10002 });
    await expect(app.bots.get(10001)!.getLoginInfo({})).resolves.toMatchObject({ user_id: 10001 });
  });
});

describe('end to end: call modes through the adapter', () => {
  it('async and rate_limited calls use the suffixed action and resolve with null; disabled rate limiting is not-found', async () => {
    const { app, sandboxes } = await rig({ accounts: [{ selfId: 10001, sandbox: { enableRateLimitedActions: true, rateLimitInterval: 0 } }] });
    const sandbox = sandboxes[0]!;
    await expect(app.bot.sendPrivateMsg({ user_id: 2001, message: 'later' }, { mode: 'async' })).resolves.toBeNull();
    await expect(app.bot.sendPrivateMsg({ user_id: 2002, message: 'slowly' }, { mode: 'rate_limited' })).resolves.toBeNull();
    await sandbox.settled();
    expect(sandbox.outbox.map((m) => m.text).sort()).toEqual(['later', 'slowly']);
    const off = await rig({ accounts: [{ selfId: 10001 }] });
    const error = await failure(off.app.bot.sendPrivateMsg({ user_id: 2001, message: 'x' }, { mode: 'rate_limited' }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain('the server does not implement send_private_msg_rate_limited');
  });
});
