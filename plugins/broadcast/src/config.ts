/** The broadcast plugin's config. */
import { z } from 'zod';

const qq = z.number().int().positive();

export const broadcastConfigSchema = z
  .object({
    /** Groups to send to; empty = every group the account is in (asked with get_group_list). */
    groups: z.array(qq).default([]),
    /** Groups never sent to. */
    exclude: z.array(qq).default([]),
    /** Report progress after every this many groups (0 = only at the end). */
    progressEvery: z.number().int().min(0).default(0),
    /** Queue priority of the broadcast sends: below 0 lets the bot's replies go first. */
    priority: z.number().int().default(-1),
  })
  .strict()
  .prefault({});

export type BroadcastConfig = z.output<typeof broadcastConfigSchema>;
export type BroadcastConfigInput = z.input<typeof broadcastConfigSchema>;
