/** The requests plugin's config: one rule set per kind of request. */
import { z } from 'zod';

const qq = z.number().int().positive();
const verdict = z.enum(['approve', 'reject', 'ignore']);

const rules = z.object({
  /** Requesters (for invitations: inviters) always approved. */
  allow: z.array(qq).default([]),
  /** Requesters always rejected (wins over everything else). */
  block: z.array(qq).default([]),
  /** Approve when the request's comment contains one of these (case-insensitive). */
  keywords: z.array(z.string().trim().min(1, 'an empty keyword would match every comment')).default([]),
  /** Approve requests from the app's superusers. */
  superusers: z.boolean().default(true),
  /** What happens to the rest: ignore leaves them pending for a person. */
  otherwise: verdict.default('ignore'),
});

/** A user in both lists is a mistake worth stopping for. */
function noOverlap(value: { allow: number[]; block: number[] }, ctx: z.RefinementCtx): void {
  const both = value.allow.filter((id) => value.block.includes(id));
  if (both.length > 0) ctx.addIssue({ code: 'custom', path: ['block'], message: `${both.join(', ')} is both allowed and blocked` });
}

const friendRules = rules
  .extend({
    /** Remark given to approved friends. */
    remark: z.string().default(''),
  })
  .strict()
  .superRefine(noOverlap);

const joinRules = rules
  .extend({
    /** Only requests for these groups are handled (others stay pending); empty = every group. */
    groups: z.array(qq).default([]),
    /** Shown to a rejected requester; default the catalogue's (in the app's language), '' for none. */
    reason: z.string().optional(),
  })
  .strict()
  .superRefine(noOverlap);

const inviteRules = rules
  .extend({
    /** Shown to the inviter when the invitation is rejected; default the catalogue's, '' for none. */
    reason: z.string().optional(),
  })
  .strict()
  .superRefine(noOverlap);

export const requestsConfigSchema = z
  .object({
    /** Friend requests. */
    friend: friendRules.prefault({}),
    /** Requests to join a group the bot administers. */
    join: joinRules.prefault({}),
    /** Invitations of the bot into a group. */
    invite: inviteRules.prefault({}),
  })
  .strict()
  .prefault({});

export type RequestsConfig = z.output<typeof requestsConfigSchema>;
export type RequestsConfigInput = z.input<typeof requestsConfigSchema>;
export type Verdict = z.infer<typeof verdict>;
