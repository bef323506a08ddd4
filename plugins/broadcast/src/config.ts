/** The broadcast plugin's config. */
import * as v from 'valibot';

const qq = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

export const broadcastConfigSchema = v.optional(
  v.strictObject({
    /** Groups to send to; empty = every group the account is in (asked with get_group_list). */
    groups: v.optional(v.array(qq), []),
    /** Groups never sent to. */
    exclude: v.optional(v.array(qq), []),
    /** Report progress after every this many groups (0 = only at the end). */
    progressEvery: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0)), 0),
    /** Queue priority of the broadcast sends: below 0 lets the bot's replies go first. */
    priority: v.optional(v.pipe(v.number(), v.safeInteger()), -1),
  }),
  {},
);

export type BroadcastConfig = v.InferOutput<typeof broadcastConfigSchema>;
export type BroadcastConfigInput = v.InferInput<typeof broadcastConfigSchema>;
