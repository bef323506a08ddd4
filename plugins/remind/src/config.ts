/** The remind plugin's config. */
import * as v from 'valibot';
import { day } from './duration.js';

export const remindConfigSchema = v.optional(
  v.strictObject({
    /** Pending reminders one user may have. Default 20. */
    maxPerUser: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1)), 20),
    /** The furthest ahead a reminder may be set, ms. Default 365 days. */
    maxDelay: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1)), 365 * day),
  }),
  {},
);

export type RemindConfig = v.InferOutput<typeof remindConfigSchema>;
export type RemindConfigInput = v.InferInput<typeof remindConfigSchema>;
