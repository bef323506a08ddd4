/** WebSocket test helpers: a client that queues the frames it receives, and a bare WS server. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';

export interface FrameClient {
  socket: WebSocket;
  /** The next frame parsed as JSON (waits up to `ms` of wall time, then fails the test). */
  next(ms?: number): Promise<Record<string, unknown>>;
  /** The next frame that satisfies `match` (others are skipped and dropped). */
  nextWhere(match: (frame: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  send(value: unknown): void;
  close(): Promise<void>;
}

export function frameQueue(socket: WebSocket): FrameClient {
  const frames: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else frames.push(text);
  });
  const nextText = (ms: number): Promise<string> => {
    const ready = frames.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no frame within ${ms} ms`));
      }, ms);
      const waiter = (text: string) => {
        clearTimeout(timer);
        resolve(text);
      };
      waiters.push(waiter);
    });
  };
  const client: FrameClient = {
    socket,
    next: async (ms = 3000) => JSON.parse(await nextText(ms)) as Record<string, unknown>,
    async nextWhere(match, ms = 3000) {
      for (let i = 0; i < 50; i++) {
        const frame = await client.next(ms);
        if (match(frame)) return frame;
      }
      throw new Error('no matching frame among the next 50');
    },
    send: (value) => socket.send(typeof value === 'string' ? value : JSON.stringify(value)),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.terminate();
      }),
  };
  return client;
}

/** Opens a client; resolves when open, rejects with the HTTP status of a refused handshake. */
export function openClient(url: string, headers: Record<string, string> = {}): Promise<FrameClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const client = frameQueue(socket);
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode }));
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

export interface AcceptedConnection {
  headers: IncomingHttpHeaders;
  path: string;
  client: FrameClient;
}

/** A bare WebSocket server standing in for a bot's reverse-WS endpoint. */
export async function bareServer(): Promise<{ url: string; server: Server; accepted: AcceptedConnection[]; next(): Promise<AcceptedConnection>; close(): Promise<void> }> {
  const wss = new WebSocketServer({ noServer: true });
  const accepted: AcceptedConnection[] = [];
  const waiters: ((c: AcceptedConnection) => void)[] = [];
  const server = createServer();
  server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = { headers: request.headers, path: request.url ?? '/', client: frameQueue(ws) };
      const waiter = waiters.shift();
      if (waiter) waiter(connection);
      else accepted.push(connection);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    server,
    accepted,
    next: () => {
      const ready = accepted.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no connection within 3000 ms')), 3000);
        waiters.push((c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
    },
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
