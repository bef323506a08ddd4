/** The welcome plugin's config schema. */
import * as v from 'valibot';
import { placeholders, unknownPlaceholders } from './template.js';

const template = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty (use false to greet nobody in a group)'),
  v.check(
    (value) => unknownPlaceholders(value).length === 0,
    (issue) => `unknown placeholder ${unknownPlaceholders(String(issue.input)).join(', ')}; use ${placeholders.map((p) => `{${p}}`).join(', ')}`,
  ),
);

export const welcomeConfigSchema = v.optional(
  v.strictObject({
    /**
     * The greeting in every group without its own; false greets only the groups listed. Default: the
     * catalogue's, in the group's language (欢迎 {at} 加入本群！ / Welcome {at}!).
     */
    text: v.optional(v.union([template, v.literal(false)])),
    /** Per group (by group id): its own greeting, or false for none. */
    groups: v.optional(v.record(v.pipe(v.string(), v.regex(/^[1-9]\d*$/, 'keys are group ids (numbers)')), v.union([template, v.literal(false)])), {}),
    /** Greet the bot itself when it joins a group. Default false. */
    greetSelf: v.optional(v.boolean(), false),
  }),
  {},
);

export type WelcomeConfig = v.InferOutput<typeof welcomeConfigSchema>;
export type WelcomeConfigInput = v.InferInput<typeof welcomeConfigSchema>;
