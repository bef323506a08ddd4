/**
 * The lean API server the bots call: it answers every action with a valid envelope and records when
 * each bench answer (a send carrying `bench-<id>`) arrived, on the harness's clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const marker = /bench-(\d+)/;

export interface ApiServer {
  readonly url: string;
  /** Arrival time (performance.now) per event id; 0 = not yet. Replaced by `expect`. */
  readonly arrivals: Float64Array;
  /** Answers recorded since the last `expect`. */
  readonly answered: number;
  /** Calls of any action since start, by action name. */
  readonly calls: ReadonlyMap<string, number>;
  /** Prepare for ids 0..size-1 and call `onAnswer(id, at)` on each first arrival. */
  expect(size: number, onAnswer: (id: number, at: number) => void): void;
  close(): Promise<void>;
}

function envelope(data: unknown): string {
  return JSON.stringify({ status: 'ok', retcode: 0, data });
}

export async function startApiServer(selfId: number): Promise<ApiServer> {
  let arrivals = new Float64Array(0);
  let answered = 0;
  let onAnswer: (id: number, at: number) => void = () => {};
  let messageId = 0;
  const calls = new Map<string, number>();

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      const url = request.url ?? '/';
      const query = url.indexOf('?');
      const action = (query === -1 ? url : url.slice(0, query)).replace(/^\/+|\/+$/g, '');
      calls.set(action, (calls.get(action) ?? 0) + 1);
      const body = Buffer.concat(chunks).toString('utf8');
      let data: unknown = null;
      if (action === 'get_login_info') data = { user_id: selfId, nickname: 'bench' };
      else if (action.startsWith('send_') || action === 'send_msg') data = { message_id: ++messageId };
      const text = envelope(data);
      // Answered before the load generator hears of the call (and sends its next event), as a real
      // server answers an action at once: the other order held every call of a bot at its
      // concurrency limit in its send queue until the answer to an older call came back.
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
      const found = marker.exec(body);
      if (found) {
        const id = Number(found[1]);
        if (id < arrivals.length && arrivals[id] === 0) {
          arrivals[id] = at;
          answered++;
          onAnswer(id, at);
        }
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get arrivals() {
      return arrivals;
    },
    get answered() {
      return answered;
    },
    calls,
    expect(size, callback) {
      arrivals = new Float64Array(size);
      answered = 0;
      onAnswer = callback;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
