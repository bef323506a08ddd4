/**
 * The receiver's own limits against slow and greedy clients, with real sockets on 127.0.0.1. Each
 * slow client drips a bounded number of bytes; the assertions are about what the server did (408,
 * closed), never about how long it took.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpAdapter, httpAdapter } from '../src/adapter.js';
import { normalizeOptions, receiverLimitDefaults } from '../src/options.js';
import { recordingHost } from './helpers/recording-host.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function receiver(limits: { headersTimeout?: number; requestTimeout?: number; maxConnections?: number }) {
  const recording = recordingHost();
  const adapter: HttpAdapter = httpAdapter({ bots: [{ selfId: 10001, endpoint: 'http://127.0.0.1:9' }], receiver: { port: 0, ...limits } });
  await adapter.start(recording.host);
  stops.push(() => adapter.stop());
  const { port } = new URL(adapter.receiverUrl!);
  return { port: Number(port), ...recording };
}

interface SlowClient {
  socket: Socket;
  /** Everything the server wrote. */
  received(): string;
  /** Resolves with how many drips went out before the server closed the socket (or all of them). */
  drip(chunks: string[], every: number): Promise<number>;
  closed: Promise<void>;
}

function slowClient(port: number): Promise<SlowClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined);
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => text,
        closed,
        async drip(chunks, every) {
          let sent = 0;
          for (const chunk of chunks) {
            if (isClosed) break;
            socket.write(chunk);
            sent++;
            await new Promise((r) => setTimeout(r, every));
          }
          return sent;
        },
      }),
    );
    socket.once('error', reject);
  });
}

describe('event receiver limits', () => {
  it('has documented defaults and refuses nonsense', () => {
    const options = normalizeOptions({ bots: [{ endpoint: 'http://127.0.0.1:5700' }], receiver: { port: 0 } });
    expect(options.receiver).toMatchObject(receiverLimitDefaults);
    expect(receiverLimitDefaults).toEqual({ headersTimeout: 10_000, requestTimeout: 30_000, maxConnections: 256 });
    expect(() => normalizeOptions({ bots: [{ endpoint: 'http://x' }], receiver: { port: 0, headersTimeout: 0 } })).toThrow(/receiver\.headersTimeout must be above 0/);
    expect(() => normalizeOptions({ bots: [{ endpoint: 'http://x' }], receiver: { port: 0, headersTimeout: 5000, requestTimeout: 1000 } })).toThrow(
      /headersTimeout must not be above receiver\.requestTimeout/,
    );
  });

  it('cuts a client that drips its headers slower than headersTimeout (408)', async () => {
    const { port, dispatched } = await receiver({ headersTimeout: 200, requestTimeout: 5000 });
    const client = await slowClient(port);
    const drips = ['POST / HTTP/1.1\r\nHost: x\r\n', ...Array.from({ length: 200 }, (_, i) => `X-Drip-${i}: y\r\n`)];
    const sent = await client.drip(drips, 25);
    await client.closed;
    expect(sent).toBeLessThan(drips.length);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(dispatched).toHaveLength(0);
  });

  it('cuts a client that drips its body slower than requestTimeout (408)', async () => {
    const { port, dispatched } = await receiver({ headersTimeout: 100, requestTimeout: 300 });
    const client = await slowClient(port);
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n';
    const drips = [head, ...Array.from({ length: 200 }, () => ' ')];
    const sent = await client.drip(drips, 25);
    await client.closed;
    expect(sent).toBeLessThan(drips.length);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    expect(dispatched).toHaveLength(0);
  });

  it('closes connections above maxConnections on arrival and says so in the log', async () => {
    const { port, log } = await receiver({ maxConnections: 2 });
    const held = [await slowClient(port), await slowClient(port)];
    // The two held connections are open: send a byte so that the server has certainly accepted them.
    for (const client of held) client.socket.write('P');
    const extra = await slowClient(port);
    await extra.closed;
    expect(extra.received()).toBe('');
    expect(log.text('warn')).toContain('2 are open (receiver.maxConnections)');
    for (const client of held) expect(client.socket.destroyed).toBe(false);
    for (const client of held) client.socket.destroy();
  });
});
