/**
 * The bench's own echo plugin: a group `echo <text>` is answered with `<text>`. It stands in for an
 * official echo plugin while there is none; the work it asks of the framework (event bus, session,
 * send through the action layer and scheduler) is what a real echo does.
 */
import type { Context, Plugin } from '@cqkit/core';
import { echoPayload } from './bot-env.js';

export const benchEcho: Plugin = {
  name: 'bench-echo',
  apply(ctx: Context) {
    ctx.on('message/group', async (session) => {
      const payload = echoPayload(session.content);
      if (payload !== null) await session.send(payload);
    });
  },
};

export default benchEcho;
