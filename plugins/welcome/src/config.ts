/** The welcome plugin's config schema. */
import { z } from 'zod';
import { placeholders, unknownPlaceholders } from './template.js';

const template = z
  .string()
  .min(1, 'must not be empty (use false to greet nobody in a group)')
  .superRefine((value, ctx) => {
    const unknown = unknownPlaceholders(value);
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder ${unknown.join(', ')}; use ${placeholders.map((p) => `{${p}}`).join(', ')}`,
      });
    }
  });

export const welcomeConfigSchema = z
  .object({
    /**
     * The greeting in every group without its own; false greets only the groups listed. Default: the
     * catalogue's, in the group's language (欢迎 {at} 加入本群！ / Welcome {at}!).
     */
    text: z.union([template, z.literal(false)]).optional(),
    /** Per group (by group id): its own greeting, or false for none. */
    groups: z.record(z.string().regex(/^[1-9]\d*$/, 'keys are group ids (numbers)'), z.union([template, z.literal(false)])).default({}),
    /** Greet the bot itself when it joins a group. Default false. */
    greetSelf: z.boolean().default(false),
  })
  .strict()
  .prefault({});

export type WelcomeConfig = z.output<typeof welcomeConfigSchema>;
export type WelcomeConfigInput = z.input<typeof welcomeConfigSchema>;
