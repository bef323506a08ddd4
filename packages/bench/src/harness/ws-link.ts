/**
 * The harness as an OneBot implementation over WebSocket (universal connection: events and actions on
 * one socket). Forward: the harness listens and the bot connects. Reverse: the bot listens and the
 * harness connects with X-Self-ID / X-Client-Role. Either way the link sends events, answers every
 * action frame with a valid envelope (echo carried back), and records each bench answer's arrival.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { AnswerSource, EventDelivery } from './load.js';

const marker = /bench-(\d+)/;

export interface WsLink extends AnswerSource, EventDelivery {
  /** Resolves when the bot's connection is open. */
  readonly connected: Promise<void>;
  shutdown(): Promise<void>;
}

interface ActionFrame {
  action?: unknown;
  echo?: unknown;
}

/** Frame handling shared by both directions. */
class Link implements WsLink {
  connected: Promise<void>;
  private socket: WebSocket | undefined;
  private opened!: () => void;
  private arrivals = new Float64Array(0);
  private onAnswer: (id: number, at: number) => void = () => {};
  private messageId = 0;

  constructor(
    private readonly selfId: number,
    private readonly closeExtra: () => Promise<void> = async () => {},
  ) {
    this.connected = new Promise((resolve) => {
      this.opened = resolve;
    });
  }

  attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.frame(data.toString('utf8')));
    this.opened();
  }

  private frame(text: string): void {
    const at = performance.now();
    let frame: ActionFrame | undefined;
    try {
      frame = JSON.parse(text) as ActionFrame;
    } catch {}
    if (frame && typeof frame.action === 'string') {
      let data: unknown = null;
      if (frame.action === 'get_login_info') data = { user_id: this.selfId, nickname: 'bench' };
      else if (frame.action.startsWith('send_')) data = { message_id: ++this.messageId };
      // Answered before the load generator hears of the call (and sends its next event): see
      // api-server.ts.
      this.socket?.send(JSON.stringify({ status: 'ok', retcode: 0, data, echo: frame.echo }));
    }
    const found = marker.exec(text);
    if (found) {
      const id = Number(found[1]);
      if (id < this.arrivals.length && this.arrivals[id] === 0) {
        this.arrivals[id] = at;
        this.onAnswer(id, at);
      }
    }
  }

  expect(size: number, onAnswer: (id: number, at: number) => void): void {
    this.arrivals = new Float64Array(size);
    this.onAnswer = onAnswer;
  }

  send(_id: number, body: string, settle: (reply: string | null, failed: boolean) => void): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      settle(null, true);
      return;
    }
    socket.send(body, (error) => settle(null, error !== undefined && error !== null));
  }

  close(): void {}

  async shutdown(): Promise<void> {
    this.socket?.terminate();
    await this.closeExtra();
  }
}

/** Forward WebSocket: the harness listens on 127.0.0.1 (any path); the bot connects to `url`. */
export async function listenForBot(selfId: number): Promise<{ url: string; link: WsLink }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const link = new Link(selfId, () => new Promise<void>((resolve) => server.close(() => resolve())));
  server.on('connection', (socket) => link.attach(socket));
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/`, link };
}

/** Reverse WebSocket: the harness connects to the bot's server at `url`, trying until `limitMs`. */
export function connectToBot(url: string, selfId: number, limitMs: number): WsLink {
  const link = new Link(selfId);
  const deadline = performance.now() + limitMs;
  const attempt = () => {
    const socket = new WebSocket(url, { headers: { 'X-Self-ID': String(selfId), 'X-Client-Role': 'Universal' } });
    let opened = false;
    socket.once('open', () => {
      opened = true;
      link.attach(socket);
    });
    socket.on('error', () => {
      socket.terminate();
      // Not listening yet (the bot is starting): try again; after it opened, errors end the run.
      if (!opened && performance.now() < deadline) setTimeout(attempt, 20);
    });
  };
  attempt();
  return link;
}
