/** The remind plugin's config. */
import { z } from 'zod';
import { day } from './duration.js';

export const remindConfigSchema = z
  .object({
    /** Pending reminders one user may have. Default 20. */
    maxPerUser: z.number().int().positive().default(20),
    /** The furthest ahead a reminder may be set, ms. Default 365 days. */
    maxDelay: z.number().int().positive().default(365 * day),
  })
  .strict()
  .prefault({});

export type RemindConfig = z.output<typeof remindConfigSchema>;
export type RemindConfigInput = z.input<typeof remindConfigSchema>;
