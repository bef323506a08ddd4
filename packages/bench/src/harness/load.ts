/**
 * The load generator: sends `count` group message events to a bot, at most `inFlight` at once. An
 * event is in flight from its sending until it is answered: by the API call reaching the API server
 * (or the WebSocket link), or (HTTP quick-operation mode) by the POST response carrying the reply.
 * Bounded in count and in time: at `timeLimitMs` it stops and reports what it got.
 */
import http from 'node:http';
import { type EventShape, groupMessageBody } from './events.js';

const marker = /bench-(\d+)/;

/** Where answers show up (the HTTP API server, or the WebSocket link): it reports each first arrival. */
export interface AnswerSource {
  expect(size: number, onAnswer: (id: number, at: number) => void): void;
}

/**
 * How events reach the bot. `send` delivers one event; `settle` is called once the transport is done
 * with it: with the text of a reply that came back on the same exchange (HTTP quick operation), or
 * null, or failed = true when the bot refused it or the transport broke.
 */
export interface EventDelivery {
  send(id: number, body: string, settle: (reply: string | null, failed: boolean) => void): void;
  close(): void;
}

export interface LoadOptions {
  delivery: EventDelivery;
  answers: AnswerSource;
  shape: EventShape;
  count: number;
  inFlight: number;
  timeLimitMs: number;
  /** Added to message_id so that phases of one run do not repeat ids. */
  messageIdBase: number;
  /** Called (not awaited) each time `every` more events have been answered. */
  checkpoint?: { every: number; onReach: (answered: number) => void };
}

export interface LoadResult {
  count: number;
  answered: number;
  /** Answers that came back on the event's own exchange (the POST response). */
  viaQuick: number;
  /** Answers that came as an API call. */
  viaApi: number;
  /** Events the bot refused or the transport lost. */
  errors: number;
  timedOut: boolean;
  /** From the first event sent to the last answer, ms. */
  elapsedMs: number;
  /** Latency per answered event, ms (unsorted). */
  latencies: Float64Array;
}

const POSTED = 1;
const ANSWERED = 2;

/** The HTTP way: one POST per event on a keep-alive agent; in 'quick' mode a 200 body may carry the reply. */
export function httpDelivery(receiverUrl: string, selfId: number, inFlight: number): EventDelivery {
  const url = new URL(receiverUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
  return {
    send(_id, body, settle) {
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-self-id': String(selfId) },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status === 200) settle(text, false);
            else settle(null, status !== 204);
          });
        },
      );
      request.on('error', () => settle(null, true));
      request.end(body);
    },
    close: () => agent.destroy(),
  };
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { count, delivery } = options;
  const sentAt = new Float64Array(count);
  const answerAt = new Float64Array(count);
  const state = new Uint8Array(count);
  let next = 0;
  let done = 0;
  let answered = 0;
  let viaQuick = 0;
  let viaApi = 0;
  let errors = 0;
  let firstSent = 0;
  let lastAnswer = 0;
  let nextCheckpoint = options.checkpoint?.every ?? Number.POSITIVE_INFINITY;

  return new Promise<LoadResult>((resolve) => {
    let finished = false;
    const finish = (timedOut: boolean) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      options.answers.expect(0, () => {});
      const latencies = new Float64Array(answered);
      let k = 0;
      for (let id = 0; id < count; id++) if (answerAt[id]! > 0) latencies[k++] = answerAt[id]! - sentAt[id]!;
      resolve({ count, answered, viaQuick, viaApi, errors, timedOut, elapsedMs: lastAnswer - firstSent, latencies });
    };
    const timer = setTimeout(() => finish(true), options.timeLimitMs);

    const settle = (id: number, flag: number) => {
      const before = state[id]!;
      if (before & flag) return;
      state[id] = before | flag;
      if (state[id] === (POSTED | ANSWERED)) {
        done++;
        if (done === count) finish(false);
        else send();
      }
    };
    const answer = (id: number, at: number, quick: boolean) => {
      if (finished || answerAt[id]! > 0) return;
      answerAt[id] = at;
      lastAnswer = at;
      answered++;
      if (quick) viaQuick++;
      else viaApi++;
      if (answered >= nextCheckpoint) {
        nextCheckpoint += options.checkpoint!.every;
        options.checkpoint!.onReach(answered);
      }
      settle(id, ANSWERED);
    };
    options.answers.expect(count, (id, at) => answer(id, at, false));

    function send(): void {
      if (finished || next >= count) return;
      const id = next++;
      const body = groupMessageBody(options.shape, id, options.messageIdBase + id);
      sentAt[id] = performance.now();
      if (id === 0) firstSent = sentAt[id]!;
      delivery.send(id, body, (reply, failed) => {
        if (failed) {
          errors++;
          settle(id, ANSWERED); // never answered: free the slot, the event counts as lost
        } else if (reply !== null) {
          const found = marker.exec(reply);
          if (found && Number(found[1]) === id) answer(id, performance.now(), true);
        }
        settle(id, POSTED);
      });
    }

    for (let i = 0; i < Math.min(options.inFlight, count); i++) send();
  });
}
