/**
 * Wraps the real adapter: the app sees the same adapter, but every event the adapter dispatches and
 * every call a bot hands to the transport are recorded, so the test bot knows when the bot is idle
 * and which calls it made. Nothing is changed on the way: same events, same params, same results.
 */
import type { Adapter, AdapterHost, BotTransport } from '@cqkit/core';
import { isActionError } from '@cqkit/protocol';
import type { Activity } from './activity.js';

/** One call the bot handed to its transport, as the bot saw it. */
export interface BotCall {
  /** The action name on the wire (may carry `_async` / `_rate_limited`). */
  action: string;
  params: Record<string, unknown>;
  /** Date.now() when the bot handed the call to the transport (rate limits count these starts). */
  startedAt: number;
  /** Set once answered: the data, or the error the call failed with. */
  outcome?: { ok: true; data: unknown } | { ok: false; error: Error };
}

export function trackingAdapter(inner: Adapter, activity: Activity, calls: BotCall[]): Adapter {
  return {
    name: inner.name,
    start: (host) => inner.start(trackingHost(host, activity, calls)),
    stop: () => inner.stop(),
  };
}

function trackingHost(host: AdapterHost, activity: Activity, calls: BotCall[]): AdapterHost {
  return {
    get logger() {
      return host.logger;
    },
    addBot: (selfId, transport) => host.addBot(selfId, trackingTransport(transport, activity, calls)),
    removeBot: (selfId) => host.removeBot(selfId),
    dispatch: (event, options) => {
      const dispatching = host.dispatch(event, options);
      activity.trackDispatch(dispatching);
      return dispatching;
    },
  };
}

function trackingTransport(transport: BotTransport, activity: Activity, calls: BotCall[]): BotTransport {
  return {
    call(action, params, options) {
      const record: BotCall = { action, params, startedAt: Date.now() };
      calls.push(record);
      let calling: Promise<unknown>;
      try {
        calling = transport.call(action, params, options);
      } catch (error) {
        calling = Promise.reject(error);
      }
      calling.then(
        (data) => {
          record.outcome = { ok: true, data };
        },
        (error: unknown) => {
          record.outcome = { ok: false, error: isActionError(error) || error instanceof Error ? error : new Error(String(error)) };
        },
      );
      activity.trackCall(calling);
      return calling;
    },
  };
}
