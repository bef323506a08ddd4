/**
 * ping: `/ping` answers pong (is the bot alive?); `/status` reports uptime and, per account, the send
 * queue: calls queued, in flight, sent and failed, plus events handled and plugin errors.
 */
import { definePlugin } from '@cqkit/core';
import { z } from 'zod';
import { formatDuration } from './duration.js';
import { statusReport } from './status.js';

export const pingConfigSchema = z
  .object({
    /** What /ping answers. */
    reply: z.string().min(1, 'must not be empty').default('pong'),
  })
  .strict()
  .prefault({});

export type PingConfig = z.output<typeof pingConfigSchema>;

export const ping = definePlugin({
  name: 'ping',
  schema: pingConfigSchema,
  apply(ctx, config) {
    // Counted from when the plugin was loaded, i.e. when the bot started.
    const since = Date.now();
    ctx.command('ping', 'check that the bot answers').action(() => config.reply);
    ctx.command('status', 'uptime and send-queue metrics').action(() => statusReport(ctx.app, formatDuration(Date.now() - since)));
  },
});

export default ping;
