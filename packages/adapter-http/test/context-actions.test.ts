/**
 * Every catalogue action as a context method (`ctx.sendGroupMsg(...)`), end to end: createApp() with
 * this adapter against two sandboxes, the calls routed to the bot `ctx.self(id)` selected.
 */
import { BotAmbiguousError, BotMissingError, type Context } from '@cqkit/core';
import { methodName } from '@cqkit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { type WalkContext, walk } from './helpers/action-walk.js';
import { loadActions, responseProblems } from './helpers/catalogue.js';
import { type Rig, startRig } from './helpers/e2e-setup.js';

const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.stop();
});

async function rig(options: Parameters<typeof startRig>[0]): Promise<Rig> {
  const started = await startRig(options);
  rigs.push(started);
  return started;
}

describe('every action as a context method', () => {
  it('calls each of the 80 actions on the bot ctx.self(id) selected, with two bots connected', async () => {
    const catalogue = loadActions();
    expect(catalogue).toHaveLength(80);
    const { app, sandboxes } = await rig({ accounts: [{ selfId: 10001 }, { selfId: 10002 }] });
    // A plugin's own context, bound to the second account.
    const ctx: Context = app.plugin({ name: 'walker', apply() {} }).self(10002);
    const methods = ctx as unknown as Record<string, (params: object) => Promise<unknown>>;
    const state: WalkContext = {};
    const problems: string[] = [];
    for (const step of walk) {
      const spec = catalogue.find((a) => a.name === step.action)!;
      const method = methods[methodName(step.action)];
      if (typeof method !== 'function') {
        problems.push(`${step.action}: ctx.${methodName(step.action)} is not a method`);
        continue;
      }
      try {
        const data = await method.call(ctx, step.params(state));
        for (const p of responseProblems(spec, data, step.variant)) problems.push(`${step.action}: ${p}`);
        step.keep?.(data, state);
      } catch (error) {
        problems.push(`${step.action}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(problems).toEqual([]);
    expect([...new Set(walk.map((s) => s.action))].sort()).toEqual(catalogue.map((a) => a.name).sort());
    // All of them reached the selected account's server over HTTP, none the other.
    const seen = new Set(sandboxes[1]!.actionLog.filter((e) => e.origin === 'http').map((e) => e.action));
    expect(catalogue.map((a) => a.name).filter((name) => !seen.has(name))).toEqual([]);
    expect(sandboxes[0]!.actionLog.filter((e) => e.origin === 'http')).toEqual([]);
  });

  it('routes by ctx.self(id), refuses to guess between several bots, and keeps the call options', async () => {
    const { app, sandboxes } = await rig({ accounts: [{ selfId: 10001 }, { selfId: 10002 }] });
    await expect(app.self(10001).getLoginInfo()).resolves.toMatchObject({ user_id: 10001 });
    await expect(app.self(10002).getLoginInfo()).resolves.toMatchObject({ user_id: 10002 });
    // A filter context keeps the selection.
    await expect(app.self(10002).group(3001).getLoginInfo()).resolves.toMatchObject({ user_id: 10002 });
    const ambiguous = await app.getLoginInfo().catch((error: unknown) => error);
    expect(ambiguous).toBeInstanceOf(BotAmbiguousError);
    expect(ambiguous).toMatchObject({ code: 'CQKIT_BOT_AMBIGUOUS', selfIds: [10001, 10002] });
    expect((ambiguous as Error).message).toContain('10001, 10002');
    const gone = await app.self(10003).getStatus().catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(BotMissingError);
    expect((gone as Error).message).toContain('10003');
    // Same options as the bot's methods: async mode goes to the _async endpoint and resolves null.
    await expect(app.self(10001).sendPrivateMsg({ user_id: 2001, message: 'hi' }, { mode: 'async' })).resolves.toBeNull();
    await app.idle();
    expect(sandboxes[0]!.actionLog.at(-1)).toMatchObject({ action: 'send_private_msg', origin: 'http' });
  });

  it('with one bot, a context without a selection calls that bot', async () => {
    const { app } = await rig({ accounts: [{ selfId: 10001 }] });
    await expect(app.getLoginInfo()).resolves.toMatchObject({ user_id: 10001 });
    await expect(app.group(3001).getGroupMemberInfo({ group_id: 3001, user_id: 2001 })).resolves.toMatchObject({ user_id: 2001, group_id: 3001 });
  });
});
