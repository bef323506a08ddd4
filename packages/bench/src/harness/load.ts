/**
 * The load generator: posts `count` group message events to a bot's receiver, at most `inFlight` at
 * once on a keep-alive agent. An event is in flight from its POST until it is answered: by the API
 * call reaching the API server, or (quick-operation mode) by the POST response carrying the reply.
 * Bounded in count and in time: at `timeLimitMs` it stops and reports what it got.
 */
import http from 'node:http';
import type { ApiServer } from './api-server.js';
import { type EventShape, groupMessageBody } from './events.js';

const marker = /bench-(\d+)/;

export interface LoadOptions {
  receiverUrl: string;
  api: ApiServer;
  shape: EventShape;
  count: number;
  inFlight: number;
  /** 'api': the answer is the API call. 'quick': the answer is the reply in the POST response. */
  mode: 'api' | 'quick';
  timeLimitMs: number;
  /** Added to message_id so that phases of one run do not repeat ids. */
  messageIdBase: number;
  /** Called (not awaited) each time `every` more events have been answered. */
  checkpoint?: { every: number; onReach: (answered: number) => void };
}

export interface LoadResult {
  count: number;
  answered: number;
  /** Answers that came in the POST response. */
  viaQuick: number;
  /** Answers that came as an API call. */
  viaApi: number;
  /** POSTs answered with a status other than 200/204, or failed on the socket. */
  errors: number;
  timedOut: boolean;
  /** From the first POST to the last answer, ms. */
  elapsedMs: number;
  /** Latency per answered event, ms (unsorted). */
  latencies: Float64Array;
}

const POSTED = 1;
const ANSWERED = 2;

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { count, api, mode } = options;
  const url = new URL(options.receiverUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.inFlight });
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
      agent.destroy();
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
      if (answerAt[id]! > 0) return;
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
    api.expect(count, (id, at) => answer(id, at, false));

    function send(): void {
      if (finished || next >= count) return;
      const id = next++;
      const body = groupMessageBody(options.shape, id, options.messageIdBase + id);
      const request = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-self-id': String(options.shape.selfId),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => {
            const at = performance.now();
            const status = response.statusCode ?? 0;
            if (status !== 200 && status !== 204) {
              errors++;
              settle(id, ANSWERED); // never answered: free the slot, the event counts as lost
            } else if (mode === 'quick' && status === 200) {
              const found = marker.exec(text);
              if (found && Number(found[1]) === id) answer(id, at, true);
            }
            settle(id, POSTED);
          });
        },
      );
      request.on('error', () => {
        errors++;
        settle(id, POSTED);
        settle(id, ANSWERED);
      });
      sentAt[id] = performance.now();
      if (id === 0) firstSent = sentAt[id]!;
      request.end(body);
    }

    for (let i = 0; i < Math.min(options.inFlight, count); i++) send();
  });
}
