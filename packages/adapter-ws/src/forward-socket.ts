/**
 * A forward WebSocket client that stays connected: reconnects after every drop with exponential
 * back-off and jitter, forever, until stopped, so the state never stays "offline" once the server is
 * back; the back-off restarts after a connection that held for at least `initialDelay`. A silent
 * connection (nothing received for the watchdog's limit) is terminated and reopened.
 */
import { nominalDelay, WaitReport } from '@cqkit/core';
import WebSocket from 'ws';
import { backoffDelay, type ReconnectPolicy } from './backoff.js';
import type { FrameSink } from './action-channel.js';
import { frameSender } from './frame-sender.js';
import { type LoggerLike, describeError } from './logger.js';
import { cancelTimer, type Timers } from './timers.js';
import { SilenceWatchdog } from './watchdog.js';

export type ForwardSocketState = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped';

export interface ForwardSocketOptions {
  url: string;
  /** The URL as logs show it (without a query token). Default `url`. */
  displayUrl?: string;
  headers: Record<string, string>;
  /** For log lines, e.g. "bots[0] event". */
  label: string;
  timers: Timers;
  random: () => number;
  reconnect: ReconnectPolicy;
  /** ms of silence before the connection is reopened; undefined: not watched (until a heartbeat says its interval). */
  silenceTimeout: number | undefined;
  /** Send WebSocket pings (every third of the silence limit) so that an idle connection answers with pongs. */
  ping: boolean;
  logger: LoggerLike;
  onOpen(sink: FrameSink): void;
  onText(text: string, sink: FrameSink): void;
  onClose(sink: FrameSink, why: string): void;
  /** The server refused the token: HTTP status at the handshake, or CQHTTP's "authorization failed" frame. */
  onRejected(status: number): void;
}

export class ForwardSocket {
  private socket: WebSocket | undefined;
  private watchdog: SilenceWatchdog | undefined;
  private pingTimer: unknown;
  private retryTimer: unknown;
  private attempt = 0;
  private current: ForwardSocketState = 'idle';
  private silenceLimit: number | undefined;
  private firstAttempt: Promise<void> | undefined;
  private firstAttemptDone: (() => void) | undefined;
  private readonly report: WaitReport;
  /** Successful opens so far (the first connection counts). */
  opens = 0;

  constructor(private readonly options: ForwardSocketOptions) {
    this.silenceLimit = options.silenceTimeout;
    this.report = new WaitReport(`ws adapter: ${options.label}`);
  }

  get state(): ForwardSocketState {
    return this.current;
  }

  /** The URL as logs show it. */
  get url(): string {
    return this.options.displayUrl ?? this.options.url;
  }

  /** Connects; resolves once the first attempt opened or failed (the retries go on in the background). */
  start(): Promise<void> {
    if (this.firstAttempt) return this.firstAttempt;
    this.firstAttempt = new Promise<void>((resolve) => {
      this.firstAttemptDone = resolve;
    });
    this.connect();
    return this.firstAttempt;
  }

  /**
   * Closes for good; no more reconnects. Resolves once the socket is closed: after the close
   * handshake, or at once when `signal` aborts (the app's stop deadline), or after 2 s.
   */
  async stop(signal?: AbortSignal): Promise<void> {
    this.current = 'stopped';
    cancelTimer(this.options.timers, this.retryTimer);
    this.stopWatching();
    this.firstAttemptDone?.();
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const cut = () => socket.terminate();
      socket.once('close', () => {
        signal?.removeEventListener('abort', cut);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING || signal?.aborted) socket.terminate();
      else socket.close(1000, 'cqkit stopping');
      // A peer that never answers the close handshake must not hold stop() up.
      const force = setTimeout(cut, 2000);
      force.unref();
      signal?.addEventListener('abort', cut, { once: true });
    });
  }

  /** Watch for silence with this limit from now on (e.g. three heartbeat intervals). */
  setSilenceTimeout(limit: number | undefined): void {
    if (limit === this.silenceLimit) return;
    this.silenceLimit = limit;
    this.watchdog?.setTimeout(limit);
    if (this.current === 'open') this.schedulePing();
  }

  private connect(): void {
    if (this.current === 'stopped') return;
    this.current = 'connecting';
    const { headers, logger, label } = this.options;
    const url = this.url;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url, { headers, handshakeTimeout: 15_000, perMessageDeflate: false });
    } catch (error) {
      this.afterDrop(describeError(error), `cannot connect to ${url}: ${describeError(error)}; check the URL`);
      return;
    }
    this.socket = socket;
    const sender = frameSender(socket);
    socket.once('upgrade', (response) => sender.useRaw(response.socket));
    const sink: FrameSink = { where: url, send: sender.send };
    let opened = false;
    let openedAt = 0;
    let failure: string | undefined;
    let rejection: string | undefined;
    socket.on('open', () => {
      opened = true;
      openedAt = this.options.timers.now();
      this.current = 'open';
      this.opens += 1;
      logger.info(this.report.connected(openedAt, url));
      this.watchdog = new SilenceWatchdog(this.options.timers, this.silenceLimit, (silentFor) => {
        logger.warn(`ws adapter: ${label}: nothing received from ${url} for ${silentFor} ms (no heartbeat); reopening the connection`);
        failure = `silent for ${silentFor} ms`;
        socket.terminate();
      });
      this.schedulePing();
      this.options.onOpen(sink);
      this.firstAttemptDone?.();
    });
    socket.on('message', (data, isBinary) => {
      this.watchdog?.touch();
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      this.options.onText(text, sink);
    });
    socket.on('pong', () => this.watchdog?.touch());
    socket.on('ping', () => this.watchdog?.touch());
    socket.on('error', (error) => {
      const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
      if (status === '401' || status === '403') {
        failure = `the server refused the access token (HTTP ${status})`;
        rejection = `${url} refused the access token with HTTP ${status} (${status === '401' ? 'none was usable: set accessToken' : 'it differs from the server access_token: correct accessToken'})`;
        this.options.onRejected(Number(status));
      } else failure = describeError(error);
    });
    socket.on('close', (code, reason) => {
      if (this.socket === socket) this.socket = undefined;
      this.stopWatching();
      const why = failure ?? `closed with code ${code}${reason.length > 0 ? ` (${reason.toString()})` : ''}`;
      if (opened) {
        // The back-off restarts after a connection that held for a while; a server that accepts and
        // hangs up at once (CQHTTP's bad-token frame, an account still logging in) keeps backing off.
        if (this.options.timers.now() - openedAt >= this.options.reconnect.initialDelay) this.attempt = 0;
        if (this.current !== 'stopped') logger.warn(`ws adapter: ${label}: connection to ${url} lost: ${why}`);
        this.report.reset(this.options.timers.now());
        this.options.onClose(sink, why);
      }
      // A drop of an open connection was said above; a try that never opened is reported by state.
      this.afterDrop(opened ? undefined : why, rejection);
    });
  }

  /**
   * Schedules the next try. `failure`: why this try did not connect, for the wait report (which
   * writes a line only when the state changed); `rejection`: an error line of its own (a refused token
   * or a URL that cannot work), still once per state.
   */
  private afterDrop(failure?: string, rejection?: string): void {
    this.firstAttemptDone?.();
    if (this.current === 'stopped') return;
    const { reconnect, timers, logger, label } = this.options;
    const delay = backoffDelay(this.attempt, reconnect, this.options.random);
    if (failure !== undefined) {
      const line = this.report.failed(timers.now(), this.url, failure, nominalDelay(this.attempt, reconnect), rejection);
      if (line) logger[line.level](line.message);
    }
    this.attempt += 1;
    this.current = 'waiting';
    logger.debug(`ws adapter: ${label}: reconnecting to ${this.url} in ${delay} ms (try ${this.attempt})`);
    this.retryTimer = timers.setTimeout(() => this.connect(), delay);
  }

  private schedulePing(): void {
    cancelTimer(this.options.timers, this.pingTimer);
    this.pingTimer = undefined;
    const limit = this.silenceLimit;
    if (!this.options.ping || limit === undefined || limit <= 0) return;
    this.pingTimer = this.options.timers.setTimeout(() => {
      const socket = this.socket;
      if (socket?.readyState === WebSocket.OPEN) socket.ping();
      this.schedulePing();
    }, Math.max(1, Math.floor(limit / 3)));
  }

  private stopWatching(): void {
    this.watchdog?.stop();
    this.watchdog = undefined;
    cancelTimer(this.options.timers, this.pingTimer);
    this.pingTimer = undefined;
  }
}
