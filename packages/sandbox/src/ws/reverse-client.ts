/**
 * The sandbox as a reverse WebSocket client (transport.md 4): it connects to the bot's server with
 * `X-Self-ID`, `X-Client-Role` and the token, either one Universal connection or separate API and
 * Event connections, and reconnects after `reconnectInterval` ms, indefinitely.
 */
import WebSocket from 'ws';
import type { TimerHandle } from '../clock.js';
import { USER_AGENT } from '../events/http-poster.js';
import { SandboxOptionsError } from '../options-check.js';
import type { Sandbox } from '../sandbox.js';
import { type Peer, type WsRole, wirePeer } from './peer.js';

export interface ReverseClientOptions {
  /** ws_reverse_url: the universal address, and the fallback of the two below. */
  url?: string;
  /** ws_reverse_api_url / ws_reverse_event_url. */
  apiUrl?: string;
  eventUrl?: string;
  /**
   * ws_reverse_use_universal_client. Default: true when only `url` is given, false when apiUrl or
   * eventUrl is (CQHTTP's own default is false).
   */
  universal?: boolean;
  /** access_token; default the sandbox's own. */
  accessToken?: string;
  /** CQHTTP and go-cqhttp send `Token`; OneBot v11 specifies `Bearer`. Default 'Token'. */
  tokenScheme?: 'Token' | 'Bearer';
  /** ws_reverse_reconnect_interval, ms of the sandbox clock. Default 3000. */
  reconnectInterval?: number;
  /** ws_reverse_reconnect_on_code_1000. Default true. */
  reconnectOnCode1000?: boolean;
}

interface Link {
  readonly role: WsRole;
  readonly url: string;
  socket: WebSocket | undefined;
  peer: Peer | undefined;
  timer: TimerHandle | undefined;
  opens: number;
  /** Connection attempts so far (the first one included). */
  tries: number;
  /** Why the last try failed (HTTP status of a refused handshake, or the error). */
  lastError: string | undefined;
}

export class ReverseWsClient {
  private readonly links: Link[];
  private stopped = false;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: ReverseClientOptions,
  ) {
    const usable = (u: string | undefined): string | undefined => (u !== undefined && /^wss?:\/\//i.test(u) ? u : undefined);
    const url = usable(options.url);
    const apiUrl = usable(options.apiUrl) ?? url;
    const eventUrl = usable(options.eventUrl) ?? url;
    const universal = options.universal ?? (options.apiUrl === undefined && options.eventUrl === undefined);
    const make = (role: WsRole, target: string): Link => ({ role, url: target, socket: undefined, peer: undefined, timer: undefined, opens: 0, tries: 0, lastError: undefined });
    if (universal) {
      if (!url) throw new SandboxOptionsError('reverse WebSocket: `url` (ws:// or wss://) is required for a universal client');
      this.links = [make('Universal', url)];
    } else {
      if (!apiUrl || !eventUrl) throw new SandboxOptionsError('reverse WebSocket: give `url`, or both `apiUrl` and `eventUrl` (ws:// or wss://)');
      this.links = [make('API', apiUrl), make('Event', eventUrl)];
    }
  }

  /**
   * Per connection: role, whether it is open, whether a reconnect is scheduled, how often it was tried
   * and opened, the last failure.
   */
  get status(): { role: WsRole; url: string; open: boolean; retrying: boolean; tries: number; opens: number; lastError: string | undefined }[] {
    return this.links.map((l) => ({
      role: l.role,
      url: l.url,
      open: l.socket?.readyState === WebSocket.OPEN,
      retrying: l.timer !== undefined,
      tries: l.tries,
      opens: l.opens,
      lastError: l.lastError,
    }));
  }

  start(): void {
    this.stopped = false;
    for (const link of this.links) if (!link.socket && !link.timer) this.connect(link);
  }

  /** Tests: the open connections hang (nothing sent, nothing read) until the bot drops them. */
  freeze(): void {
    for (const link of this.links) link.peer?.freeze();
  }

  /** Closes the connections and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopped = true;
    const closing: Promise<void>[] = [];
    for (const link of this.links) {
      if (link.timer) this.sandbox.clock.clearTimeout(link.timer);
      link.timer = undefined;
      const socket = link.socket;
      if (socket && socket.readyState !== WebSocket.CLOSED) {
        closing.push(new Promise<void>((resolve) => socket.once('close', () => resolve())));
        socket.terminate();
      }
    }
    await Promise.all(closing);
  }

  private connect(link: Link): void {
    if (this.stopped) return;
    const token = this.options.accessToken ?? this.sandbox.options.accessToken;
    const headers: Record<string, string> = {
      'X-Self-ID': String(this.sandbox.world.selfId),
      'X-Client-Role': link.role,
      'User-Agent': USER_AGENT,
    };
    if (token) headers.Authorization = `${this.options.tokenScheme ?? 'Token'} ${token}`;
    link.tries += 1;
    const socket = new WebSocket(link.url, { headers, perMessageDeflate: false, autoPong: false });
    link.socket = socket;
    socket.on('open', () => {
      link.opens += 1;
      link.lastError = undefined;
      link.peer = wirePeer(this.sandbox, socket, link.role);
    });
    socket.on('error', (error) => {
      link.lastError = error.message;
    });
    socket.on('close', (code) => {
      if (link.socket === socket) link.socket = undefined;
      link.peer = undefined;
      if (this.stopped) return;
      if (code === 1000 && this.options.reconnectOnCode1000 === false) return;
      link.timer = this.sandbox.clock.setTimeout(() => {
        link.timer = undefined;
        this.connect(link);
      }, this.options.reconnectInterval ?? 3000);
    });
  }
}

/** Starts a reverse WebSocket client of the sandbox (`client.stop()` ends it). */
export function connectReverse(sandbox: Sandbox, options: ReverseClientOptions): ReverseWsClient {
  const client = new ReverseWsClient(sandbox, options);
  client.start();
  return client;
}
