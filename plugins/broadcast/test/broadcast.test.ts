import { I18n, PluginConfigError, type Translator } from '@cqkit/core';
import echo from '@cqkit/plugin-echo';
import { createTestBot, makeGroup, type TestBot, worldWithGroups } from '@cqkit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import broadcast, { broadcastLocales, finalReport } from '../src/index.js';

const admin = 2001;
let bot: TestBot;
afterEach(() => bot?.stop());

/** Fast limits so a test of forty groups takes a fraction of a second, yet the limits still bind. */
const scheduler = { global: { count: 10, interval: 100 }, perGroup: { count: 1, interval: 1000 } };

describe('/broadcast', () => {
  it('sends to every group through the queue, within the global limit, and reports at the end', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [broadcast], superusers: [admin], world: worldWithGroups(40), scheduler, quickWindow: 0 });
    const answer = await bot.receive('/broadcast maintenance at 22:00', { user: admin });
    const groups = bot.world.data.groups.map((g) => g.group_id);
    expect(groups).toHaveLength(43);
    const sent = answer.messages.filter((m) => m.message_type === 'group');
    expect(sent.map((m) => m.group_id).sort()).toEqual([...groups].sort());
    expect(sent.every((m) => m.text === 'maintenance at 22:00')).toBe(true);
    const replies = answer.messages.filter((m) => m.message_type === 'private').map((m) => m.text);
    expect(replies).toEqual(['broadcast: sending to 43 groups', 'broadcast done: 43/43 sent, 0 failed']);
    // The limiter counts starts: 45 sends (43 groups, 2 replies) at 10 per 100 ms need four full
    // windows between the first and the 41st start. Lower bounds only: a slow machine spreads
    // starts further apart; the tolerance covers event-loop lag between a start and its record.
    const starts = bot.calls.filter((c) => c.action.startsWith('send_')).map((c) => c.startedAt);
    expect(starts).toHaveLength(45);
    expect(starts[40]! - starts[0]!).toBeGreaterThanOrEqual(380);
    for (let i = 0; i + 10 < starts.length; i++) expect(starts[i + 10]! - starts[i]!).toBeGreaterThanOrEqual(70);
    expect(bot.app.bot.metrics).toMatchObject({ queued: 0, inFlight: 0, failed: 0 });
  });

  it('lists the groups that failed and why', async () => {
    const world = worldWithGroups(3);
    // The account is a plain member of two groups where everyone is muted: the server refuses (retcode 103).
    world.groups.push(makeGroup(world, 6001, { wholeBan: true }), makeGroup(world, 6002, { wholeBan: true }));
    bot = await createTestBot({ locale: 'en-US', plugins: [[broadcast, { exclude: [3001, 3002, 3003] }]], superusers: [admin], world, scheduler });
    const answer = await bot.receive('/broadcast hello', { user: admin });
    const report = answer.messages.at(-1)!.text.split('\n');
    expect(report[0]).toBe('broadcast done: 3/5 sent, 2 failed');
    expect(report[1]).toMatch(/^- group 6001: send_group_msg failed with retcode 103/);
    expect(report[2]).toMatch(/^- group 6002: send_group_msg failed with retcode 103/);
    expect(answer.problems.filter((p) => p.kind === 'send-failed')).toHaveLength(2);
  });

  it('a broadcast larger than the queue bound lists the refused sends', async () => {
    bot = await createTestBot({
      locale: 'en-US',
      plugins: [broadcast],
      superusers: [admin],
      world: worldWithGroups(9),
      scheduler: { ...scheduler, maxQueue: 5 },
    });
    const answer = await bot.receive('/broadcast big', { user: admin });
    const report = answer.messages.at(-1)!.text.split('\n');
    const [, sent, failed] = /^broadcast done: (\d+)\/12 sent, (\d+) failed$/.exec(report[0]!)!;
    expect(Number(sent) + Number(failed)).toBe(12);
    expect(Number(failed)).toBeGreaterThan(0);
    expect(report[1]).toMatch(/the send queue is full \(5 waiting\)/);
    expect(answer.messages.filter((m) => m.message_type === 'group')).toHaveLength(Number(sent));
  });

  it('reports progress every N groups', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[broadcast, { progressEvery: 2, groups: [3001, 3002, 3003, 5001, 5002] }]], superusers: [admin], world: worldWithGroups(2), scheduler });
    const answer = await bot.receive('/broadcast hi', { user: admin });
    const replies = answer.messages.filter((m) => m.message_type === 'private').map((m) => m.text);
    expect(replies).toEqual([
      'broadcast: sending to 5 groups',
      'broadcast: 2/5 done',
      'broadcast: 4/5 done',
      'broadcast done: 5/5 sent, 0 failed',
    ]);
  });

  it('sends each group once even when listed twice, and only to configured groups', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[broadcast, { groups: [3002, 3001, 3002] }]], superusers: [admin], scheduler });
    const answer = await bot.receive('/broadcast once', { user: admin });
    expect(answer.messages.filter((m) => m.message_type === 'group').map((m) => m.group_id).sort()).toEqual([3001, 3002]);
  });

  it('says so when every group is excluded', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [[broadcast, { exclude: [3001, 3002, 3003] }]], superusers: [admin] });
    expect((await bot.receive('/broadcast x', { user: admin })).text).toBe('broadcast: no group to send to');
  });

  it('lets the bot answer others while a broadcast waits in the queue (lower priority)', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [broadcast, echo], superusers: [admin], world: worldWithGroups(30), scheduler, quickWindow: 0 });
    // Once the first broadcast message is out, the rest is queued; someone asks the bot meanwhile.
    const first = new Promise<void>((resolve) => {
      const off = bot.sandbox.onBotMessage((m) => {
        if (m.message_type !== 'group') return;
        off();
        bot.sandbox.say({ user: 2002, text: '/echo still there?' });
        resolve();
      });
    });
    const answer = await bot.receive('/broadcast news', { user: admin });
    await first;
    const order = answer.messages.map((m) => (m.message_type === 'group' ? 'group' : m.text));
    const echoAt = order.indexOf('still there?');
    const groupSendsAfter = order.slice(echoAt).filter((x) => x === 'group').length;
    // Without priorities the echo would wait behind the whole broadcast (33 sends).
    expect(echoAt).toBeGreaterThan(0);
    expect(groupSendsAfter).toBeGreaterThan(20);
  });

  it('is for superusers only', async () => {
    bot = await createTestBot({ locale: 'en-US', plugins: [broadcast], superusers: [admin] });
    const answer = await bot.receive('/broadcast spam', { user: 2002 });
    expect(answer.text).toBe('permission denied: broadcast needs superuser');
    expect(answer.actionNames).not.toContain('send_group_msg');
  });
});

describe('config', () => {
  it('names the bad key', async () => {
    await expect(createTestBot({ locale: 'en-US', plugins: [[broadcast, { groups: [3001, -1] }]] })).rejects.toThrow(/groups\.1/);
    await expect(createTestBot({ locale: 'en-US', plugins: [[broadcast, { progressEvery: 1.5 }]] })).rejects.toThrow(/progressEvery/);
    await expect(createTestBot({ locale: 'en-US', plugins: [[broadcast, { group: [1] }]] })).rejects.toBeInstanceOf(PluginConfigError);
  });
});

/** The plugin's English catalogue as a translator (what session.text does in an en-US app). */
const englishPlugin: Translator = (key, ...params) => {
  const i18n = new I18n('en-US');
  i18n.define('en-US', broadcastLocales['en-US']);
  return i18n.text(key, params[0]);
};

describe('finalReport', () => {
  it('lists ten failures and counts the rest', () => {
    const failures = Array.from({ length: 12 }, (_, i) => ({ group: 100 + i, reason: 'muted' }));
    const lines = finalReport(englishPlugin, 20, 8, failures).split('\n');
    expect(lines[0]).toBe('broadcast done: 8/20 sent, 12 failed');
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('- and 2 more');
  });
});
