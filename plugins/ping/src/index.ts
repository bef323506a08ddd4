/**
 * ping: `/ping` answers pong (is the bot alive?); `/status` reports uptime and, per account, the send
 * queue: calls queued, in flight, sent and failed, plus events handled and plugin errors.
 */
import { definePlugin } from '@cqkit/core';
import * as v from 'valibot';
import { pingLocales } from './locales.js';
import { statusReport } from './status.js';

export const pingConfigSchema = v.optional(
  v.strictObject({
    /** What /ping answers; default the catalogue's `ping.pong` (在！ / pong). */
    reply: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty'))),
  }),
  {},
);

export { type PingMessages, pingLocales } from './locales.js';

export type PingConfig = v.InferOutput<typeof pingConfigSchema>;

export const ping = definePlugin({
  name: 'ping',
  schema: pingConfigSchema,
  apply(ctx, config) {
    // Counted from when the plugin was loaded, i.e. when the bot started.
    const since = Date.now();
    for (const [locale, messages] of Object.entries(pingLocales)) ctx.i18n.define(locale, messages);
    ctx.command('ping', 'check that the bot answers').action(({ session }) => config.reply ?? session.text('ping.pong'));
    ctx.command('status', 'uptime and send-queue metrics').action(({ session }) => statusReport(ctx.app, session, Date.now() - since));
  },
});

export default ping;
