/**
 * A free loopback port for the bot's event receiver. The sandbox reads its post_url when it is
 * constructed, so the receiver's port must be known first: the port is bound with port 0, released,
 * then reused (the caller retries when another process took it meanwhile).
 */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True for the error of a listen() on a port that is taken. */
export function isPortTaken(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EADDRINUSE' || String(error).includes('already in use');
}
