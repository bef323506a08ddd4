/** A free TCP port on 127.0.0.1 for a bot's receiver (bound and released at once; loopback only). */
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on the port, trying every `everyMs`; rejects after `limitMs`. */
export async function waitForPort(port: number, limitMs: number, everyMs = 5): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${limitMs} ms`);
}
