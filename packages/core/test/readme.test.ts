import { describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { createApp, definePlugin, memoryAdapter } from '../src/index.js';

// The plugin of the README, verbatim (it must compile and work).
export const dice = definePlugin({
  name: 'dice',
  schema: v.optional(v.object({ maxSides: v.optional(v.pipe(v.number(), v.integer()), 100) }), {}),
  apply(ctx, config) {
    ctx
      .command('roll <sides:integer> [label:text]', 'roll a die')
      .alias('r')
      .option('-n, --times <n:integer>', 'how many dice', { default: 1 })
      .action(({ args, options }) => {
        if (args.sides > config.maxSides) return `at most ${config.maxSides} sides`;
        const rolls = Array.from({ length: options.times ?? 1 }, () => 1 + Math.floor(Math.random() * args.sides));
        return `${args.label ?? 'rolled'}: ${rolls.join(', ')}`;
      });
    // Actions are context methods too: they call the only bot, or the one ctx.self(id) picked.
    ctx.command('card', 'show your group card').action(async ({ session }) => {
      if (session.groupId === undefined || session.userId === undefined) return 'only in groups';
      const member = await ctx.getGroupMemberInfo({ group_id: session.groupId, user_id: session.userId });
      return `${member.card || member.nickname} (${member.role})`;
    });
    ctx.group(123456).on('notice/group_increase', (session) => session.send(`welcome, [CQ:at,qq=${session.userId}]`));
    ctx.on('request/friend', (session) => session.approve());
    ctx.on('dispose', () => ctx.logger.info('dice unloaded'));
  },
});

describe('README plugin', () => {
  it('runs as documented', async () => {
    const app = createApp({ prefix: ['/', '!'], superusers: [10000], logLevel: 'silent', locale: 'en-US' });
    const memory = memoryAdapter();
    app.adapter(memory);
    app.plugin(dice, { maxSides: 20 });
    await app.start();
    await memory.receive(memory.groupMessage(1, 2, '/roll 1'));
    await memory.receive(memory.groupMessage(1, 2, '!r 1 -n 3 fireball'));
    await memory.receive(memory.groupMessage(1, 2, '[CQ:at,qq=10001] roll 50'));
    await memory.receive(memory.groupMessage(1, 2, '/roll six'));
    await memory.receive({ time: 1, self_id: 10001, post_type: 'notice', notice_type: 'group_increase', sub_type: 'approve', group_id: 123456, operator_id: 1, user_id: 77 });
    const sent = memory.calls.map((c) => c.params.message);
    expect(sent).toEqual([
      'rolled: 1',
      'fireball: 1, 1, 1',
      'at most 20 sides',
      'argument <sides:integer> must be a whole number, got "six"\nusage: /roll <sides:integer> [label:text]\noptions: -n, --times <n:integer>',
      'welcome, [CQ:at,qq=77]',
    ]);
    // Fake timers: the 100 ms window cannot close before the handler answers, however loaded the machine.
    vi.useFakeTimers();
    const op = await memory
      .receive({ time: 1, self_id: 10001, post_type: 'request', request_type: 'friend', user_id: 5, comment: '', flag: 'f' }, { quickWindow: 100 })
      .finally(() => vi.useRealTimers());
    expect(op).toEqual({ approve: true });
    memory.respond('get_group_member_info', (p) => ({ group_id: p.group_id, user_id: p.user_id, nickname: 'Bob', card: '', role: 'admin' }));
    await memory.receive(memory.groupMessage(1, 2, '/card'));
    expect(memory.callsOf('get_group_member_info').map((c) => c.params)).toEqual([{ group_id: 1, user_id: 2, no_cache: false }]);
    expect(memory.calls.at(-1)?.params.message).toBe('Bob (admin)');
    await app.stop({ deadline: 100 });
  });
});
