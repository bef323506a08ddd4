/**
 * The sandbox's forward WebSocket server (transport.md 3): `/api` answers action frames, `/event`
 * pushes events, `/` does both. Tokens follow the HTTP rules (Authorization header, or
 * `access_token` in the query when no header is present).
 *
 * It listens on its own port like CQHTTP's `ws_port` (`listen()`), or shares an existing HTTP
 * server such as `sandbox.httpServer` (`attach(server)`).
 */
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { SandboxUsageError } from '../events/inject/common.js';
import { authStatus, checkToken } from '../http/auth.js';
import { createHostCheck } from '../http/host-guard.js';
import type { Sandbox } from '../sandbox.js';
import { type Peer, type WsRole, wirePeer } from './peer.js';

export interface WsServerOptions {
  /** Listen address for `listen()`; default 127.0.0.1. */
  host?: string;
  /** Listen port for `listen()`; default 6700 (CQHTTP ws_port), 0 = any free port. */
  port?: number;
  /** access_token; default the sandbox's own. */
  accessToken?: string;
  /**
   * How a bad token is refused: 'handshake' (default) = HTTP 401/403 before the upgrade, as
   * go-cqhttp does; 'frame' = CQHTTP's way: accept, send `authorization failed`, close with 1000.
   */
  authFailure?: 'handshake' | 'frame';
}

const routes: Readonly<Record<string, WsRole>> = { '/': 'Universal', '/api': 'API', '/api/': 'API', '/event': 'Event', '/event/': 'Event' };

export class SandboxWsServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, autoPong: false });
  private readonly peers = new Map<WebSocket, Peer>();
  private own: Server | undefined;
  private lastPort: number | undefined;
  private readonly detachers = new Set<() => void>();
  /** Tests: accept each new connection and close it at once (code 1000), as a server that cannot serve yet. */
  hangUpOnConnect = false;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: WsServerOptions = {},
  ) {}

  /** Open connections, by role. */
  get connections(): { role: WsRole; frozen: boolean }[] {
    return [...this.peers.values()].map((p) => ({ role: p.role, frozen: p.frozen }));
  }

  /** `ws://host:port` of the own listener while listening. */
  get url(): string {
    if (!this.own || this.lastPort === undefined) throw new SandboxUsageError('the sandbox WebSocket server is not listening');
    const host = this.options.host ?? '127.0.0.1';
    return `ws://${host.includes(':') ? `[${host}]` : host}:${this.lastPort}`;
  }

  /** Listens on its own port. After `close()`, listening again reuses the port it had (a restart). */
  async listen(): Promise<{ url: string }> {
    if (this.own) return { url: this.url };
    const server = createServer((_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('WebSocket endpoints: /, /api, /event\n');
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    const host = this.options.host ?? '127.0.0.1';
    const port = this.lastPort ?? this.options.port ?? 6700;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.own = server;
    this.lastPort = (server.address() as AddressInfo).port;
    this.detachers.add(this.attach(server));
    return { url: this.url };
  }

  /** Serve upgrades of an existing HTTP server (e.g. `sandbox.httpServer`); returns a detach function. */
  attach(server: Server): () => void {
    const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => this.handleUpgrade(request, socket, head);
    server.on('upgrade', onUpgrade);
    return () => server.off('upgrade', onUpgrade);
  }

  /** One upgrade request: route, token, then the WebSocket. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const role = routes[url.pathname];
    if (!role) {
      refuse(socket, 404);
      return;
    }
    const expected = this.options.accessToken ?? this.sandbox.options.accessToken;
    // Browsers open WebSockets to any address without asking: the same DNS-rebinding guard as HTTP.
    const hostCheck = createHostCheck({
      listenHost: (this.own ? this.options.host : this.sandbox.options.host) ?? '127.0.0.1',
      accessToken: expected,
      allowedHosts: this.sandbox.options.allowedHosts,
    });
    if (hostCheck(request.headers) !== undefined) {
      refuse(socket, 403);
      return;
    }
    const auth = checkToken(expected, request.headers, url.searchParams);
    if (auth !== 'ok' && this.options.authFailure !== 'frame') {
      refuse(socket, authStatus(auth));
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      if (auth !== 'ok') {
        ws.send('authorization failed', () => ws.close(1000));
        return;
      }
      if (this.hangUpOnConnect) {
        ws.close(1000, 'not ready');
        return;
      }
      this.peers.set(ws, wirePeer(this.sandbox, ws, role));
      ws.on('close', () => this.peers.delete(ws));
    });
  }

  /** Tests: every connection open now hangs (sends and reads nothing); new connections are normal. */
  freeze(): void {
    for (const peer of this.peers.values()) peer.freeze();
  }

  /** Cuts every open connection (no close handshake, like a network drop); keeps listening. */
  dropAll(): void {
    for (const ws of this.peers.keys()) ws.terminate();
    this.peers.clear();
  }

  /** Cuts every connection (no close handshake, like a crash) and stops listening. */
  async close(): Promise<void> {
    for (const detach of this.detachers) detach();
    this.detachers.clear();
    for (const ws of this.peers.keys()) ws.terminate();
    this.peers.clear();
    const server = this.own;
    this.own = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }
}

/** `new SandboxWsServer(sandbox, options)`. */
export function createWsServer(sandbox: Sandbox, options: WsServerOptions = {}): SandboxWsServer {
  return new SandboxWsServer(sandbox, options);
}

function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
