import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: the same value across requests means one reused connection. */
  remotePort: number | undefined;
}

export type Script = (request: SeenRequest, response: ServerResponse) => void;

/**
 * A real HTTP server on 127.0.0.1:0 that answers with whatever the test scripts: the stand-in for
 * misbehaving API servers (HTML pages, wrong shapes, slow answers) the sandbox does not play.
 */
export async function startScriptedServer(script: Script): Promise<{
  url: string;
  seen: SeenRequest[];
  /** Resolves with the next request as soon as its body has arrived. */
  nextRequest(): Promise<SeenRequest>;
  close(): Promise<void>;
}> {
  const seen: SeenRequest[] = [];
  const waiters: ((request: SeenRequest) => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), remotePort: req.socket.remotePort };
      seen.push(request);
      waiters.shift()?.(request);
      script(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** A port on 127.0.0.1 with nothing listening (bound then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
