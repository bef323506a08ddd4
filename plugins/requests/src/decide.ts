/** The decision for one request, from its rule set: block, allow, superuser, keyword, otherwise. */
import type { Verdict } from './config.js';

export interface Rules {
  allow: readonly number[];
  block: readonly number[];
  keywords: readonly string[];
  superusers: boolean;
  otherwise: Verdict;
}

export interface Decision {
  verdict: Verdict;
  /** Which rule decided, for the log. */
  because: string;
}

export function decide(rules: Rules, requester: number, comment: string | undefined, isSuperuser: boolean): Decision {
  if (rules.block.includes(requester)) return { verdict: 'reject', because: `${requester} is blocked` };
  if (rules.allow.includes(requester)) return { verdict: 'approve', because: `${requester} is allowed` };
  if (rules.superusers && isSuperuser) return { verdict: 'approve', because: `${requester} is a superuser` };
  // Some implementations leave the comment out; CQ-code escapes are matched as sent.
  const lower = (comment ?? '').toLowerCase();
  const keyword = rules.keywords.find((k) => lower.includes(k.toLowerCase()));
  if (keyword !== undefined) return { verdict: 'approve', because: `the comment contains "${keyword}"` };
  return { verdict: rules.otherwise, because: 'no rule matched' };
}
