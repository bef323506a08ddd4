/**
 * `wsReverseAdapter({ port, path })`: reverse WebSocket. The bot runs the WebSocket server and the
 * OneBot implementation connects to it, as Universal, or as separate API and Event clients
 * (`X-Client-Role`), one account per `X-Self-ID`; several accounts at once.
 */
import { createServer, type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Adapter, type AdapterHost, AdapterListenError, AdapterStateError, type Bot, type BotTransport } from '@cqkit/core';
import type { CQEvent } from '@cqkit/protocol';
import WebSocket, { WebSocketServer } from 'ws';
import { ActionChannel, type FrameSink } from './action-channel.js';
import { frameSender } from './frame-sender.js';
import { readFrame } from './frames.js';
import { type ClientRole, checkHandshake } from './handshake.js';
import { describeError, type LoggerLike, redactingLogger } from './logger.js';
import { type HeartbeatTimeout, normalizeHeartbeat, positiveInt, selfIdOf, silenceLimitFor, WsAdapterConfigError } from './options.js';
import { cancelTimer, realTimers, type Timers } from './timers.js';
import { SilenceWatchdog } from './watchdog.js';

export interface WsReverseAdapterOptions {
  /** Listen address. Default 127.0.0.1. */
  host?: string;
  /** Listen port; 0 = any free port (see `adapter.port` after start). */
  port: number;
  /** Universal path (any role may use it). Default `/onebot/v11/ws` when no path is given. */
  path?: string;
  /** Split paths: connections here are API / Event clients unless X-Client-Role says otherwise. */
  apiPath?: string;
  eventPath?: string;
  /** The access_token the implementation must present (`Token` or `Bearer`, or ?access_token=). */
  accessToken?: string;
  /** Accept only these accounts; default any X-Self-ID. */
  selfIds?: number[];
  /** Upper bound of any call's timeout, ms. */
  timeout?: number;
  heartbeatTimeout?: HeartbeatTimeout;
  /** Calls allowed to wait for a connection per account. Default 1000. */
  maxWaiting?: number;
  timers?: Timers;
}

export interface WsReverseAdapter extends Adapter {
  readonly name: 'ws-reverse';
  /** The listening port once started. */
  readonly port: number | undefined;
  /** `ws://host:port` once started (append the path). */
  readonly origin: string | undefined;
  readonly selfIds: readonly number[];
  /** Per account seen: which roles are connected and how often its API connection opened. */
  status(): WsReverseBotStatus[];
  /** The accounts listed in `selfIds` whose API connection is not open (`account 10001`); any other account is not expected. */
  waitingFor(): string[];
}

export interface WsReverseBotStatus {
  selfId: number;
  api: boolean;
  events: number;
  /** API-carrying connections accepted so far. */
  opens: number;
  inFlight: number;
  waiting: number;
}

interface Connection {
  readonly socket: WebSocket;
  readonly role: ClientRole;
  readonly sink: FrameSink;
  readonly watchdog: SilenceWatchdog;
  pingTimer: unknown;
}

class ReverseAccount {
  bot: Bot | undefined;
  api: Connection | undefined;
  readonly connections = new Set<Connection>();
  opens = 0;
  silenceLimit: number | undefined;
  /** Where a rejected dispatch goes: one function per account, not a closure per event. */
  readonly dispatchFailed: (error: unknown) => void;
  constructor(
    readonly selfId: number,
    readonly channel: ActionChannel,
    logger: () => LoggerLike | undefined,
  ) {
    this.dispatchFailed = (error) => logger()?.error(`ws-reverse adapter: handling an event of account ${selfId} failed: ${describeError(error)}`);
  }
}

export function wsReverseAdapter(options: WsReverseAdapterOptions): WsReverseAdapter {
  const routes = normalizeRoutes(options);
  const port = options.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new WsAdapterConfigError('ws-reverse adapter: port must be an integer 0..65535 (0 = any free port)');
  }
  const selfIds = options.selfIds?.map((id, i) => selfIdOf(id, `selfIds[${i}]`)!);
  const rules = { accessToken: options.accessToken === '' ? undefined : options.accessToken, selfIds: selfIds ? new Set(selfIds) : undefined };
  const heartbeatTimeout = normalizeHeartbeat(options.heartbeatTimeout, 'heartbeatTimeout');
  const maxTimeout = positiveInt(options.timeout, 'timeout');
  const maxWaiting = positiveInt(options.maxWaiting, 'maxWaiting') ?? 1000;
  const timers = options.timers ?? realTimers;
  const listenHost = options.host ?? '127.0.0.1';

  let host: AdapterHost | undefined;
  let logger: LoggerLike | undefined;
  let server: Server | undefined;
  let wss: WebSocketServer | undefined;
  let boundPort: number | undefined;
  const accounts = new Map<number, ReverseAccount>();

  function accountFor(selfId: number): ReverseAccount {
    let account = accounts.get(selfId);
    if (!account) {
      const created = new ReverseAccount(
        selfId,
        new ActionChannel({
          timers,
          echoPrefix: `cqkit:${selfId}:`,
          maxTimeout,
          maxWaiting,
          label: () => `account ${selfId} (reverse WebSocket)`,
        }),
        () => logger,
      );
      created.silenceLimit = typeof heartbeatTimeout === 'number' ? heartbeatTimeout : undefined;
      accounts.set(selfId, created);
      account = created;
    }
    if (!account.bot && host) {
      const channel = account.channel;
      const transport: BotTransport = {
      call: (action, params, callOptions) => channel.call(action, params, callOptions),
      deliver: (action, params, callOptions, receiver) => channel.deliver(action, params, callOptions, receiver),
    };
      try {
        account.bot = host.addBot(selfId, transport);
        logger!.info(`ws-reverse adapter: account ${selfId} ready`);
      } catch (error) {
        logger!.error(`ws-reverse adapter: the app refused account ${selfId}: ${describeError(error)}`);
      }
    }
    return account;
  }

  function refuse(socket: Duplex, status: number, reason: string, request: IncomingMessage): void {
    logger?.warn(`ws-reverse adapter: refused a connection from ${request.socket.remoteAddress ?? '?'} to ${request.url ?? '/'}: HTTP ${status}, ${reason}`);
    const body = `${reason}\n`;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(request.url ?? '/', 'http://localhost');
    } catch {
      refuse(socket, 400, 'unreadable request path', request);
      return;
    }
    const pathRole = routes.get(trimSlash(url.pathname));
    if (!pathRole) {
      refuse(socket, 404, `no WebSocket endpoint at ${url.pathname} (configured: ${[...routes.keys()].join(', ')})`, request);
      return;
    }
    const verdict = checkHandshake(request.headers, url.searchParams, pathRole, rules);
    if (!verdict.ok) {
      refuse(socket, verdict.status, verdict.reason, request);
      return;
    }
    if (!host) {
      refuse(socket, 503, 'the bot is stopping', request);
      return;
    }
    wss!.handleUpgrade(request, socket, head, (ws) => accept(ws, socket, verdict.selfId, verdict.role));
  }

  function accept(socket: WebSocket, raw: Duplex, selfId: number, role: ClientRole): void {
    const account = accountFor(selfId);
    const where = `account ${selfId} (${role} connection)`;
    const sender = frameSender(socket);
    sender.useRaw(raw);
    const sink: FrameSink = { where, send: sender.send };
    const connection: Connection = {
      socket,
      role,
      sink,
      pingTimer: undefined,
      watchdog: new SilenceWatchdog(timers, account.silenceLimit, (silentFor) => {
        logger?.warn(`ws-reverse adapter: nothing received from ${where} for ${silentFor} ms (no heartbeat); closing it so the implementation reconnects`);
        socket.terminate();
      }),
    };
    account.connections.add(connection);
    logger?.info(`ws-reverse adapter: ${where} connected`);
    if (role !== 'Event') {
      const previous = account.api;
      account.api = connection;
      account.opens += 1;
      if (previous) {
        // The newest connection wins: the old one may be a half-open leftover of a network drop.
        account.channel.detach(previous.sink, 'replaced by a newer connection of the same account');
        previous.socket.close(1000, 'replaced by a newer connection');
      }
      account.channel.attach(sink);
    }
    schedulePing(connection, account);
    socket.on('message', (data, isBinary) => {
      connection.watchdog.touch();
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      onText(account, connection, text);
    });
    socket.on('pong', () => connection.watchdog.touch());
    socket.on('ping', () => connection.watchdog.touch());
    socket.on('error', (error) => logger?.warn(`ws-reverse adapter: ${where}: ${error.message}`));
    socket.on('close', (code) => {
      connection.watchdog.stop();
      cancelTimer(timers, connection.pingTimer);
      account.connections.delete(connection);
      if (account.api === connection) {
        account.api = undefined;
        account.channel.detach(sink, `closed with code ${code}`);
      }
      if (host) logger?.warn(`ws-reverse adapter: ${where} closed (code ${code}); waiting for the implementation to reconnect`);
    });
  }

  // Watched connections are pinged too: API-only ones carry no heartbeats, and an idle one must not
  // be condemned when the implementation sends none.
  function schedulePing(connection: Connection, account: ReverseAccount): void {
    cancelTimer(timers, connection.pingTimer);
    connection.pingTimer = undefined;
    const limit = account.silenceLimit;
    if (limit === undefined || limit <= 0) return;
    connection.pingTimer = timers.setTimeout(() => {
      if (connection.socket.readyState === WebSocket.OPEN) connection.socket.ping();
      schedulePing(connection, account);
    }, Math.max(1, Math.floor(limit / 3)));
  }

  function onText(account: ReverseAccount, connection: Connection, text: string): void {
    const frame = readFrame(text);
    switch (frame.kind) {
      case 'answer':
        if (!account.channel.answer(frame.echo, frame.envelope)) {
          logger?.debug(`ws-reverse adapter: an answer from ${connection.sink.where} matches no pending call (echo ${JSON.stringify(frame.echo)}); ignored`);
        }
        return;
      case 'event':
        onEvent(account, connection, frame.event);
        return;
      default:
        logger?.warn(`ws-reverse adapter: dropped a frame from ${connection.sink.where}: ${frame.kind === 'invalid' ? frame.reason : 'unexpected text'}`);
    }
  }

  function onEvent(account: ReverseAccount, connection: Connection, event: CQEvent): void {
    if (event.post_type === 'meta_event' && event.meta_event_type === 'heartbeat') {
      const limit = silenceLimitFor(heartbeatTimeout, typeof event.interval === 'number' ? event.interval : undefined);
      if (limit !== account.silenceLimit) {
        account.silenceLimit = limit;
        for (const c of account.connections) {
          c.watchdog.setTimeout(limit);
          schedulePing(c, account);
        }
      }
    }
    if (event.self_id !== account.selfId) {
      logger?.warn(`ws-reverse adapter: ${connection.sink.where} sent an event for self_id ${event.self_id}; dispatched as is`);
    }
    if (!host) return;
    host.dispatch(event).catch(account.dispatchFailed);
  }

  const adapter: WsReverseAdapter = {
    name: 'ws-reverse',
    get port() {
      return boundPort;
    },
    get origin() {
      return boundPort === undefined ? undefined : `ws://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${boundPort}`;
    },
    get selfIds() {
      return [...accounts.values()].flatMap((a) => (a.bot ? [a.selfId] : []));
    },
    waitingFor() {
      return (selfIds ?? []).filter((id) => accounts.get(id)?.api === undefined).map((id) => `account ${id}`);
    },

    status() {
      return [...accounts.values()].map((a) => ({
        selfId: a.selfId,
        api: a.api !== undefined,
        events: [...a.connections].filter((c) => c.role !== 'API').length,
        opens: a.opens,
        inFlight: a.channel.inFlight,
        waiting: a.channel.waiting,
      }));
    },

    async start(appHost) {
      if (host) throw new AdapterStateError('ws-reverse adapter: already started');
      host = appHost;
      logger = redactingLogger(appHost.logger);
      // Configured accounts are usable at once: their calls wait until the implementation connects.
      for (const id of selfIds ?? []) accountFor(id);
      wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
      const created = createServer((_request, response) => {
        response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket', Connection: 'Upgrade' });
        response.end('this is a reverse WebSocket endpoint of a cqkit bot: connect with a WebSocket client\n');
      });
      created.on('upgrade', onUpgrade);
      created.on('clientError', (_error, socket) => socket.destroy());
      try {
        await new Promise<void>((resolve, reject) => {
          created.once('error', reject);
          created.listen(port, listenHost, () => {
            created.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        host = undefined;
        throw new AdapterListenError(`ws-reverse adapter: cannot listen on ${listenHost}:${port}: ${describeError(error)}`, { cause: error });
      }
      server = created;
      boundPort = (created.address() as AddressInfo).port;
      logger.info(`ws-reverse adapter: listening on ${adapter.origin}${[...routes.keys()].join(', ')}`);
    },

    async stop(options) {
      const signal = options?.signal;
      const appHost = host;
      host = undefined;
      for (const account of accounts.values()) {
        account.channel.close('the ws-reverse adapter stopped');
        for (const connection of account.connections) connection.socket.close(1001, 'bot stopping');
      }
      const closing = server
        ? new Promise<void>((resolve) => {
            server!.close(() => resolve());
            server!.closeAllConnections();
          })
        : Promise.resolve();
      // Sockets that ignore the close handshake are cut after a short grace, or at the app's stop deadline.
      const cut = () => {
        for (const account of accounts.values()) for (const c of account.connections) c.socket.terminate();
      };
      const grace = setTimeout(cut, 1000);
      grace.unref();
      if (signal?.aborted) cut();
      else signal?.addEventListener('abort', cut, { once: true });
      for (const account of accounts.values()) {
        for (const c of account.connections) {
          c.watchdog.stop();
          cancelTimer(timers, c.pingTimer);
        }
        if (account.bot) {
          try {
            appHost?.removeBot(account.selfId);
          } catch (error) {
            logger?.warn(`ws-reverse adapter: removing account ${account.selfId}: ${describeError(error)}`);
          }
          account.bot = undefined;
        }
      }
      await closing;
      wss?.close();
      clearTimeout(grace);
      signal?.removeEventListener('abort', cut);
      accounts.clear();
      server = undefined;
      wss = undefined;
      boundPort = undefined;
    },
  };
  return adapter;
}

function normalizeRoutes(options: WsReverseAdapterOptions): Map<string, ClientRole> {
  const routes = new Map<string, ClientRole>();
  const add = (value: string | undefined, key: string, role: ClientRole): void => {
    if (value === undefined) return;
    if (typeof value !== 'string' || !value.startsWith('/')) throw new WsAdapterConfigError(`ws-reverse adapter: ${key} must be a path starting with /`);
    const path = trimSlash(value);
    if (routes.has(path)) throw new WsAdapterConfigError(`ws-reverse adapter: ${key} ${value} is already used by another role`);
    routes.set(path, role);
  };
  add(options.path ?? (options.apiPath === undefined && options.eventPath === undefined ? '/onebot/v11/ws' : undefined), 'path', 'Universal');
  add(options.apiPath, 'apiPath', 'API');
  add(options.eventPath, 'eventPath', 'Event');
  return routes;
}

/** `/ws/` and `/ws` are one endpoint. */
function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
