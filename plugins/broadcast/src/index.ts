/**
 * broadcast: `/broadcast <text>` (superusers only) sends the text to many groups. Every send goes
 * into the account's send queue at once, so the rate limits (global and per group) and the queue
 * bound decide the pace, not this plugin; the asker gets progress reports and, at the end, what
 * was sent and which groups failed and why.
 */
import { type Bot, definePlugin, type EnqueueHandle } from '@cqkit/core';
import { broadcastConfigSchema } from './config.js';
import { broadcastLocales } from './locales.js';
import { type Failure, finalReport, progressReport } from './report.js';

export { type BroadcastConfig, type BroadcastConfigInput, broadcastConfigSchema } from './config.js';
export { type BroadcastMessages, broadcastLocales } from './locales.js';
export { type Failure, finalReport, progressReport } from './report.js';

export const broadcast = definePlugin({
  name: 'broadcast',
  schema: broadcastConfigSchema,
  apply(ctx, config) {
    for (const [locale, messages] of Object.entries(broadcastLocales)) ctx.i18n.define(locale, messages);
    ctx
      .command('broadcast <text:text>', 'send a message to every group (superusers)')
      .permission('superuser')
      .action(async ({ session, args }) => {
        const bot = session.bot;
        const targets = await targetGroups(bot, config.groups, config.exclude);
        if (targets.length === 0) return session.text('broadcast.no-group');
        await session.send(session.text('broadcast.sending', { count: targets.length }));
        let done = 0;
        let sent = 0;
        const failures: Failure[] = [];
        const handles: EnqueueHandle<unknown>[] = targets.map((group) =>
          bot.enqueue('send_group_msg', { group_id: group, message: args.text }, { priority: config.priority }),
        );
        await Promise.all(
          handles.map((handle, i) =>
            handle.promise.then(
              () => {
                sent++;
              },
              (error: unknown) => {
                failures.push({ group: targets[i]!, reason: error instanceof Error ? error.message : String(error) });
              },
            ).then(async () => {
              done++;
              if (config.progressEvery > 0 && done % config.progressEvery === 0 && done < targets.length) {
                await session.send(progressReport(session.text, done, targets.length, failures.length));
              }
            }),
          ),
        );
        failures.sort((a, b) => a.group - b.group);
        return finalReport(session.text, targets.length, sent, failures);
      });
  },
});

async function targetGroups(bot: Bot, configured: readonly number[], exclude: readonly number[]): Promise<number[]> {
  const skip = new Set(exclude);
  const groups = configured.length > 0 ? configured : (await bot.getGroupList()).map((g) => g.group_id);
  return [...new Set(groups)].filter((g) => !skip.has(g));
}

export default broadcast;
