import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@cqkit/store';
import { postgresSkipNote, probePostgres, testPostgresUrl } from '@cqkit/store/testing';
import { createTestBot, type TestBot, type TestStore } from '@cqkit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hour, minute } from '../src/duration.js';
import remind, { type RemindConfigInput } from '../src/index.js';
import { manualClock } from './manual-clock.js';

// Decided before the tests are collected: without a server the PostgreSQL half is skipped, and says so.
const pgUrl = testPostgresUrl();
const pgAnswers = await probePostgres(pgUrl);
if (!pgAnswers) console.log(postgresSkipNote(pgUrl));

const start = Date.UTC(2026, 11, 5, 10, 0, 0);
const group = 3001;
const user = 2001;
const other = 2002;

const backends = [
  { name: 'sqlite', skip: false, fresh: (): TestStore => 'memory' },
  { name: 'postgres', skip: !pgAnswers, fresh: (): TestStore => ({ url: pgUrl }) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`remind [${backend.name}]`, () => {
    let bot: TestBot | undefined;
    let clock: ReturnType<typeof manualClock>;
    beforeEach(() => {
      clock = manualClock(start);
    });
    afterEach(async () => {
      await bot?.stop();
      bot = undefined;
    });

    const launch = async (config: RemindConfigInput = {}) => {
      bot = await createTestBot({ plugins: [[remind, config]], clock, store: backend.fresh() });
      return bot;
    };

    it('reminds in the group, with an @, when the time comes and not before', async () => {
      const b = await launch();
      expect((await b.receive('/remind 10m 喝水', { group, user })).text).toBe('好的，10分钟后提醒你：喝水（编号 1）');
      clock.advance(10 * minute - 1);
      expect((await b.settle()).messages).toEqual([]);
      clock.advance(1);
      const fired = await b.settle();
      expect(fired.messages).toHaveLength(1);
      expect(fired.messages[0]).toMatchObject({ message_type: 'group', group_id: group, raw_message: `[CQ:at,qq=${user}] 提醒：喝水` });
      expect((await b.receive('/remind list', { group, user })).text).toBe('你还没有待办的提醒。例如：/remind 10m 喝水');
    });

    it('reminds privately, and keeps what was typed as text', async () => {
      const b = await launch();
      expect((await b.receive('/remind 1h30m 看 &#91;CQ:at,qq=all&#93;', { user })).text).toBe('好的，1小时30分钟后提醒你：看 [CQ:at,qq=all]（编号 1）');
      clock.advance(90 * minute);
      const fired = await b.settle();
      expect(fired.messages[0]).toMatchObject({ message_type: 'private', user_id: user });
      expect(fired.messages[0]!.segments.map((s) => s.type)).toEqual(['text']);
      expect(fired.text).toBe('提醒：看 [CQ:at,qq=all]');
    });

    it('lists the user’s own reminders, soonest first, saying where the others are', async () => {
      const b = await launch();
      await b.receive('/remind 2h 开会', { group, user });
      await b.receive('/remind 10分钟 喝水', { group, user });
      await b.receive('/remind 1天 交报告', { user });
      await b.receive('/remind 5m 别人的', { group, user: other });
      clock.advance(minute);
      expect((await b.receive('/remind list', { group, user })).text).toBe(
        ['你的提醒：', '#2 9分钟后：喝水', '#1 1小时59分钟后：开会', '#3 23小时59分钟后（私聊）：交报告'].join('\n'),
      );
      expect((await b.receive('/remind list', { user })).text).toBe(
        ['你的提醒：', `#2 9分钟后（群 ${group}）：喝水`, `#1 1小时59分钟后（群 ${group}）：开会`, '#3 23小时59分钟后：交报告'].join('\n'),
      );
    });

    it('cancels only the user’s own reminders', async () => {
      const b = await launch();
      await b.receive('/remind 10m 喝水', { group, user });
      await b.receive('/remind 20m 别人的', { group, user: other });
      expect((await b.receive('/remind cancel 2', { group, user })).text).toBe('没有编号为 2 的提醒（用 /remind list 查看你的提醒）。');
      expect((await b.receive('/remind cancel #1', { group, user })).text).toBe('已取消提醒 #1：喝水');
      expect((await b.receive('/remind cancel 1', { group, user })).text).toBe('没有编号为 1 的提醒（用 /remind list 查看你的提醒）。');
      expect((await b.receive('/remind cancel x', { group, user })).text).toBe('编号「x」不对，应是数字。例如：/remind cancel 3');
      clock.advance(20 * minute);
      const fired = await b.settle();
      expect(fired.messages.map((m) => m.raw_message)).toEqual([`[CQ:at,qq=${other}] 提醒：别人的`]);
    });

    it('answers bad input in Chinese and stores nothing', async () => {
      const b = await launch({ maxPerUser: 2, maxDelay: 2 * hour });
      expect((await b.receive('/remind', { user })).text).toMatch(/^用法：\/remind 10m 喝水/);
      expect((await b.receive('/remind 10x 喝水', { user })).text).toMatch(/^看不懂时间「10x」。例如：\/remind 10m 喝水\n用法：/);
      expect((await b.receive('/remind 10m', { user })).text).toBe('要提醒什么呢？例如：/remind 10m 喝水');
      expect((await b.receive('/remind 10m [CQ:face,id=1]', { user })).text).toBe('要提醒什么呢？例如：/remind 10m 喝水');
      expect((await b.receive('/remind 3h 太远', { user })).text).toBe('最多只能设定 2小时 以内的提醒。');
      await b.receive('/remind 1m a', { user });
      await b.receive('/remind 2m b', { user });
      expect((await b.receive('/remind 3m c', { user })).text).toBe('你已有 2 条待办提醒，先用 /remind cancel <编号> 取消一些吧。');
      expect((await b.receive('/remind list', { user })).text).toBe(['你的提醒：', '#1 1分钟后：a', '#2 2分钟后：b'].join('\n'));
    });

    it('a reminder further ahead than one timer can wait still fires on time', async () => {
      const b = await launch();
      await b.receive('/remind 30天 续费', { user });
      clock.advance(30 * 24 * hour - 1);
      expect((await b.settle()).messages).toEqual([]);
      clock.advance(1);
      expect((await b.settle()).text).toBe('提醒：续费');
    });
  });
}

/** Where a restarted bot finds its data: the same SQLite file, or the same PostgreSQL schema. */
const restartBackends = [
  {
    name: 'sqlite',
    skip: false,
    setup: () => {
      const dir = mkdtempSync(join(tmpdir(), 'cqkit-remind-'));
      return { store: { file: join(dir, 'data', 'cqkit.db') } as TestStore, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    skip: !pgAnswers,
    setup: () => {
      const schema = `cqkit_test_remind_${process.pid}_${Date.now().toString(36)}`;
      // Opening it once more with dropSchemaOnClose removes it.
      const cleanup = async () => (await createStore({ url: pgUrl, schema, dropSchemaOnClose: true })).close();
      return { store: { url: pgUrl, schema } as TestStore, cleanup };
    },
  },
];

for (const backend of restartBackends) {
  describe.skipIf(backend.skip)(`remind across a restart [${backend.name}]`, () => {
    let bot: TestBot | undefined;
    let cleanup: () => Promise<void> = async () => undefined;
    afterEach(async () => {
      await bot?.stop();
      bot = undefined;
      await cleanup();
    });

    it('re-arms what is pending; what fell due while the bot was down is sent once, late, saying so', async () => {
      const place = backend.setup();
      cleanup = place.cleanup;
      const clock = manualClock(start);
      bot = await createTestBot({ plugins: [remind], clock, store: place.store });
      await bot.receive('/remind 10m 喝水', { group, user });
      await bot.receive('/remind 1h 开会', { group, user });
      await bot.stop();

      // Down for 30 minutes: 喝水 was due 20 minutes ago, 开会 is due in 30.
      clock.advance(30 * minute);
      bot = await createTestBot({ plugins: [remind], clock, store: place.store });
      expect(bot.messages.map((m) => m.raw_message)).toEqual([`[CQ:at,qq=${user}] 提醒（机器人离线期间到期，晚了20分钟）：喝水`]);
      expect((await bot.receive('/remind list', { group, user })).text).toBe(['你的提醒：', '#2 30分钟后：开会'].join('\n'));
      clock.advance(30 * minute);
      expect((await bot.settle()).messages.map((m) => m.raw_message)).toEqual([`[CQ:at,qq=${user}] 提醒：开会`]);
      await bot.stop();

      // Started again: nothing is sent twice, nothing is left.
      bot = await createTestBot({ plugins: [remind], clock, store: place.store });
      expect(bot.messages).toEqual([]);
      expect((await bot.receive('/remind list', { group, user })).text).toBe('你还没有待办的提醒。例如：/remind 10m 喝水');
      // Ids go on from where they were.
      expect((await bot.receive('/remind 1m 新的', { group, user })).text).toBe('好的，1分钟后提醒你：新的（编号 3）');
    });
  });
}
