/**
 * requests: answers friend requests, join requests and group invitations by rules. For each kind:
 * `block` rejects, `allow` approves, superusers are approved, a keyword in the comment approves,
 * and `otherwise` decides the rest (ignore leaves the request pending for a person).
 */
import { definePlugin, type Session } from '@cqkit/core';
import type { RequestEvent } from '@cqkit/protocol';
import { requestsConfigSchema } from './config.js';
import { type Decision, decide } from './decide.js';
import { requestsLocales } from './locales.js';

export { type RequestsConfig, type RequestsConfigInput, requestsConfigSchema, type Verdict } from './config.js';
export { type Decision, decide, type Rules } from './decide.js';
export { type RequestsMessages, requestsLocales } from './locales.js';

export const requests = definePlugin({
  name: 'requests',
  schema: requestsConfigSchema,
  apply(ctx, config) {
    for (const [locale, messages] of Object.entries(requestsLocales)) ctx.i18n.define(locale, messages);
    const superuser = (id: number): boolean => ctx.app.superusers.has(id);

    ctx.on('request/friend', async (session) => {
      const { user_id, comment } = session.event;
      const decision = decide(config.friend, user_id, comment, superuser(user_id));
      await carryOut(session, decision, `friend request of ${user_id}`, config.friend.remark, '');
    });

    ctx.on('request/group', async (session) => {
      const event = session.event;
      if (event.sub_type === 'invite') {
        // The inviter is user_id (invitor_id on some implementations).
        const inviter = event.user_id;
        const decision = decide(config.invite, inviter, event.comment, superuser(inviter));
        const reason = config.invite.reason ?? session.text('requests.invite-rejected');
        await carryOut(session, decision, `invitation by ${inviter} into group ${event.group_id}`, undefined, reason);
        return;
      }
      if (config.join.groups.length > 0 && !config.join.groups.includes(event.group_id)) return;
      const decision = decide(config.join, event.user_id, event.comment, superuser(event.user_id));
      const reason = config.join.reason ?? session.text('requests.join-rejected');
      await carryOut(session, decision, `join request of ${event.user_id} to group ${event.group_id}`, undefined, reason);
    });

    async function carryOut(session: Session<RequestEvent>, decision: Decision, what: string, remark: string | undefined, reason: string): Promise<void> {
      if (decision.verdict === 'ignore') {
        ctx.logger.info(`left the ${what} pending: ${decision.because}`);
        return;
      }
      if (decision.verdict === 'approve') await session.approve(remark === '' ? undefined : remark);
      else await session.reject(reason === '' ? undefined : reason);
      ctx.logger.info(`${decision.verdict === 'approve' ? 'approved' : 'rejected'} the ${what}: ${decision.because}`);
    }
  },
});

export default requests;
