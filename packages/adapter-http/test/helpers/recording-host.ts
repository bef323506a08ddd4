import type { CQEvent, QuickOperation } from '@cqkit/protocol';
import type { AdapterHost, Bot, BotTransport, DispatchOptions } from '../../src/core-contract.js';
import { recordingLogger } from './recording-logger.js';

export interface Dispatched {
  event: CQEvent;
  options: DispatchOptions | undefined;
}

/**
 * An AdapterHost standing in for the app in receiver tests: it records bots and dispatched events
 * and answers dispatch as the test says. The end-to-end tests use the real createApp().
 */
export function recordingHost(answer: (event: CQEvent) => Promise<QuickOperation | null> = async () => null) {
  const log = recordingLogger();
  const bots = new Map<number, BotTransport>();
  const dispatched: Dispatched[] = [];
  const host: AdapterHost = {
    logger: log.logger,
    addBot(selfId, transport) {
      if (bots.has(selfId)) throw new Error(`bot ${selfId} exists`);
      bots.set(selfId, transport);
      // Enough of a Bot for the adapter: its number, and calls straight to the transport.
      const bot = {
        selfId,
        call: (action: string, params: Record<string, unknown> = {}) => transport.call(action, params, { timeout: 30_000, idempotent: false }),
      };
      return bot as unknown as Bot;
    },
    removeBot(selfId) {
      bots.delete(selfId);
    },
    dispatch(event, options) {
      dispatched.push({ event, options });
      // Like the core: a QuickReply when a window was asked for, null otherwise.
      return answer(event).then((operation) => (options?.quickWindow === undefined ? null : { operation, late: false }));
    },
  };
  return { host, bots, dispatched, log };
}
