/**
 * The one call recorder: every call a bot hands to its transport, as the bot saw it (what, when,
 * how it ended, failures that never reached the server included). The memory adapter records its
 * calls with it; @cqkit/testing wraps a real adapter with `recordingAdapter`.
 */
import { isActionError } from '@cqkit/protocol';
import type { Adapter, AdapterHost, BotTransport, TransportCallOptions } from './adapter.js';

export interface RecordedCall {
  selfId: number;
  /** As given to the transport, including a `_async` / `_rate_limited` suffix. */
  action: string;
  params: Record<string, unknown>;
  options: TransportCallOptions;
  /** Date.now() when the bot handed the call to the transport (rate limits count these starts). */
  startedAt: number;
  /** Set once answered: the data, or the error the call failed with. */
  outcome?: { ok: true; data: unknown } | { ok: false; error: Error };
}

/** Record one call in `calls`, run `send`, and note how it ended. Nothing is changed on the way. */
export function recordCall(
  calls: RecordedCall[],
  selfId: number,
  action: string,
  params: Record<string, unknown>,
  options: TransportCallOptions,
  send: (record: RecordedCall) => Promise<unknown>,
): Promise<unknown> {
  const record: RecordedCall = { selfId, action, params, options, startedAt: Date.now() };
  calls.push(record);
  let sending: Promise<unknown>;
  try {
    sending = send(record);
  } catch (error) {
    sending = Promise.reject(error);
  }
  sending.then(
    (data) => {
      record.outcome = { ok: true, data };
    },
    (error: unknown) => {
      record.outcome = { ok: false, error: isActionError(error) || error instanceof Error ? error : new Error(String(error)) };
    },
  );
  return sending;
}

/** `transport`, with every call recorded in `calls`. */
export function recordingTransport(selfId: number, transport: BotTransport, calls: RecordedCall[]): BotTransport {
  return {
    call: (action, params, options) => recordCall(calls, selfId, action, params, options, () => transport.call(action, params, options)),
  };
}

/** `inner`, with every call of every bot it registers recorded in `calls`; events pass unchanged. */
export function recordingAdapter(inner: Adapter, calls: RecordedCall[]): Adapter {
  return {
    name: inner.name,
    start: (host) => inner.start(recordingHost(host, calls)),
    stop: () => inner.stop(),
  };
}

function recordingHost(host: AdapterHost, calls: RecordedCall[]): AdapterHost {
  return {
    get logger() {
      return host.logger;
    },
    addBot: (selfId, transport) => host.addBot(selfId, recordingTransport(selfId, transport, calls)),
    removeBot: (selfId) => host.removeBot(selfId),
    dispatch: (event, options) => host.dispatch(event, options),
  };
}
