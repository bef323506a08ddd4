/** The requests plugin's config: one rule set per kind of request. */
import * as v from 'valibot';

const qq = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const verdict = v.picklist(['approve', 'reject', 'ignore']);

const rules = {
  /** Requesters (for invitations: inviters) always approved. */
  allow: v.optional(v.array(qq), []),
  /** Requesters always rejected (wins over everything else). */
  block: v.optional(v.array(qq), []),
  /** Approve when the request's comment contains one of these (case-insensitive). */
  keywords: v.optional(v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'an empty keyword would match every comment'))), []),
  /** Approve requests from the app's superusers. */
  superusers: v.optional(v.boolean(), true),
  /** What happens to the rest: ignore leaves them pending for a person. */
  otherwise: v.optional(verdict, 'ignore'),
};

/** Ids both allowed and blocked. */
function overlap(value: { allow: number[]; block: number[] }): number[] {
  return value.allow.filter((id) => value.block.includes(id));
}

/** A user in both lists is a mistake worth stopping for (reported on `block`, see below). */
function noOverlap<T extends { allow: number[]; block: number[] }>() {
  return v.check<T, (issue: v.CheckIssue<T>) => string>(
    (value) => overlap(value).length === 0,
    (issue) => `${overlap(issue.input).join(', ')} is both allowed and blocked`,
  );
}

const friendRules = v.pipe(
  v.strictObject({
    ...rules,
    /** Remark given to approved friends. */
    remark: v.optional(v.string(), ''),
  }),
  v.forward(noOverlap(), ['block']),
);

const joinRules = v.pipe(
  v.strictObject({
    ...rules,
    /** Only requests for these groups are handled (others stay pending); empty = every group. */
    groups: v.optional(v.array(qq), []),
    /** Shown to a rejected requester; default the catalogue's (in the app's language), '' for none. */
    reason: v.optional(v.string()),
  }),
  v.forward(noOverlap(), ['block']),
);

const inviteRules = v.pipe(
  v.strictObject({
    ...rules,
    /** Shown to the inviter when the invitation is rejected; default the catalogue's, '' for none. */
    reason: v.optional(v.string()),
  }),
  v.forward(noOverlap(), ['block']),
);

export const requestsConfigSchema = v.optional(
  v.strictObject({
    /** Friend requests. */
    friend: v.optional(friendRules, {}),
    /** Requests to join a group the bot administers. */
    join: v.optional(joinRules, {}),
    /** Invitations of the bot into a group. */
    invite: v.optional(inviteRules, {}),
  }),
  {},
);

export type RequestsConfig = v.InferOutput<typeof requestsConfigSchema>;
export type RequestsConfigInput = v.InferInput<typeof requestsConfigSchema>;
export type Verdict = v.InferOutput<typeof verdict>;
