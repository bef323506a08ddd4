/**
 * Wraps the real adapter so that every call a bot hands to its transport is recorded (`bot.calls`:
 * what the bot asked for, when, and how it ended, failures that never reached the server included).
 * Nothing is changed on the way: same events, same params, same results. Whether the bot is busy is
 * core's business (`app.idle()`), not this wrapper's.
 */
import type { Adapter, AdapterHost, BotTransport } from '@cqkit/core';
import { isActionError } from '@cqkit/protocol';

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

export function recordingAdapter(inner: Adapter, calls: BotCall[]): Adapter {
  return {
    name: inner.name,
    start: (host) => inner.start(recordingHost(host, calls)),
    stop: () => inner.stop(),
  };
}

function recordingHost(host: AdapterHost, calls: BotCall[]): AdapterHost {
  return {
    get logger() {
      return host.logger;
    },
    addBot: (selfId, transport) => host.addBot(selfId, recordingTransport(transport, calls)),
    removeBot: (selfId) => host.removeBot(selfId),
    dispatch: (event, options) => host.dispatch(event, options),
  };
}

function recordingTransport(transport: BotTransport, calls: BotCall[]): BotTransport {
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
      return calling;
    },
  };
}
