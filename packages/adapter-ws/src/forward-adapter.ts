/**
 * `wsAdapter({ bots })`: forward WebSocket. The OneBot implementation is the server; each account
 * connects to its universal endpoint (`/`) or to the split `/api` and `/event` endpoints.
 */
import { type Adapter, type AdapterHost, AdapterStateError, type Bot, type BotTransport } from '@cqkit/core';
import { ActionError, type CQEvent, redactUrl } from '@cqkit/protocol';
import { ActionChannel, type FrameSink } from './action-channel.js';
import { ForwardSocket } from './forward-socket.js';
import { readFrame } from './frames.js';
import { describeError, type LoggerLike, redactingLogger } from './logger.js';
import { type NormalizedWsBot, type NormalizedWsOptions, normalizeWsOptions, silenceLimitFor, type WsAdapterOptions } from './options.js';

/** The forward adapter, with what a caller may want to know after start. */
export interface WsAdapter extends Adapter {
  readonly name: 'ws';
  /** QQ numbers of the accounts registered with the app so far. */
  readonly selfIds: readonly number[];
  /** Per configured account: is its API connection open, and how often it (re)opened. */
  status(): WsBotStatus[];
  /** The accounts whose API connection is not open (`account 10001`, or `bots[1] (<url>)` before its number is known). */
  waitingFor(): string[];
}

export interface WsBotStatus {
  index: number;
  selfId: number | undefined;
  connected: boolean;
  /** Successful opens of the API connection (1 = never dropped). */
  opens: number;
  inFlight: number;
  waiting: number;
}

class ForwardAccount {
  selfId: number | undefined;
  bot: Bot | undefined;
  api!: ForwardSocket;
  event: ForwardSocket | undefined;
  discovery: Promise<void> | undefined;
  /** Its QQ number belongs to another configured bot: it is left out (said once in the log). */
  duplicate = false;
  /** Where a rejected dispatch goes: one function per account, not a closure per event. */
  readonly dispatchFailed: (error: unknown) => void;
  constructor(
    readonly config: NormalizedWsBot,
    readonly channel: ActionChannel,
    logger: LoggerLike,
  ) {
    this.selfId = config.selfId;
    this.dispatchFailed = (error) => logger.error(`ws adapter: ${this.label}: handling an event failed: ${describeError(error)}`);
  }
  get label(): string {
    return this.selfId === undefined ? `bots[${this.config.index}]` : `bot ${this.selfId}`;
  }
  get sockets(): ForwardSocket[] {
    return this.event ? [this.api, this.event] : [this.api];
  }
}

export function wsAdapter(options: WsAdapterOptions): WsAdapter {
  const config: NormalizedWsOptions = normalizeWsOptions(options);
  let accounts: ForwardAccount[] = [];
  let host: AdapterHost | undefined;
  let logger: LoggerLike | undefined;
  let instance = 0;
  /**
   * Holds the process while the adapter runs. Its own timers are unref()ed (a stray watchdog must not
   * keep a stopped bot alive), so without this a bot waiting for its server between two attempts
   * would let Node exit; a started adapter keeps the process up like a listening server does.
   */
  let hold: ReturnType<typeof setInterval> | undefined;

  function register(account: ForwardAccount, selfId: number): void {
    if (account.bot || account.duplicate || !host) return;
    const taken = accounts.find((other) => other !== account && other.selfId === selfId && other.bot);
    if (taken) {
      account.duplicate = true;
      logger!.error(`ws adapter: bots[${account.config.index}] is account ${selfId}, which bots[${taken.config.index}] already is; ignoring bots[${account.config.index}]`);
      return;
    }
    const transport: BotTransport = {
      call: (action, params, callOptions) => account.channel.call(action, params, callOptions),
      deliver: (action, params, callOptions, receiver) => account.channel.deliver(action, params, callOptions, receiver),
    };
    try {
      account.bot = host.addBot(selfId, transport);
      account.selfId = selfId;
      logger!.info(`ws adapter: account ${selfId} ready (${account.sockets.map((s) => s.url).join(' + ')})`);
    } catch (error) {
      logger!.error(`ws adapter: the app refused account ${selfId}: ${describeError(error)}`);
    }
  }

  /** get_login_info over the API connection, for accounts configured without selfId. */
  function discover(account: ForwardAccount): Promise<void> {
    if (account.selfId !== undefined || account.discovery) return account.discovery ?? Promise.resolve();
    account.discovery = account.channel
      .call('get_login_info', {}, { timeout: account.config.timeout ?? 10_000, idempotent: true })
      .then((info) => {
        const id = (info as { user_id?: unknown } | null)?.user_id;
        if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) register(account, id);
        else logger!.error(`ws adapter: get_login_info at ${account.api.url} answered no usable user_id; set bots[${account.config.index}].selfId`);
      })
      .catch((error: unknown) => {
        if (host) logger!.error(`ws adapter: cannot learn the QQ number of bots[${account.config.index}]: ${describeError(error)} (or set its selfId)`);
      })
      .finally(() => {
        account.discovery = undefined;
      });
    return account.discovery;
  }

  function onEvent(account: ForwardAccount, event: CQEvent): void {
    if (event.post_type === 'meta_event' && event.meta_event_type === 'heartbeat') {
      const limit = silenceLimitFor(config.heartbeatTimeout, typeof event.interval === 'number' ? event.interval : undefined);
      for (const socket of account.sockets) socket.setSilenceTimeout(limit);
    }
    if (account.selfId === undefined && Number.isSafeInteger(event.self_id) && event.self_id > 0) register(account, event.self_id);
    if (!host) return;
    host.dispatch(event).catch(account.dispatchFailed);
  }

  function onText(account: ForwardAccount, text: string, sink: FrameSink): void {
    const frame = readFrame(text);
    switch (frame.kind) {
      case 'answer':
        if (!account.channel.answer(frame.echo, frame.envelope)) {
          logger!.debug(`ws adapter: ${account.label}: an answer from ${sink.where} matches no pending call (echo ${JSON.stringify(frame.echo)}); late or foreign, ignored`);
        }
        return;
      case 'event':
        onEvent(account, frame.event);
        return;
      case 'auth-failed':
        logger!.error(`ws adapter: ${account.label}: ${sink.where} says "authorization failed": set accessToken to the server's access_token`);
        rejectWaiting(account, undefined);
        return;
      case 'invalid':
        logger!.warn(`ws adapter: ${account.label}: dropped a frame from ${sink.where}: ${frame.reason}`);
    }
  }

  /** `status`: the HTTP status of a refused handshake; undefined for CQHTTP's refusal frame. */
  function rejectWaiting(account: ForwardAccount, status: number | undefined): void {
    const how = status === undefined ? 'with an "authorization failed" frame' : `with HTTP ${status}`;
    account.channel.refuse(
      (action) =>
        new ActionError({
          action,
          kind: 'unauthorized',
          httpStatus: status,
          message: `${action}: ${account.api.url} refused the access token (${how}); set accessToken of bots[${account.config.index}] to the server's access_token`,
        }),
    );
  }

  function socketFor(account: ForwardAccount, url: string, role: 'universal' | 'api' | 'event'): ForwardSocket {
    const { accessToken, tokenScheme } = account.config;
    const headers: Record<string, string> = { 'User-Agent': 'cqkit' };
    let target = url;
    if (accessToken !== undefined) {
      if (tokenScheme === 'query') {
        const u = new URL(url);
        u.searchParams.set('access_token', accessToken);
        target = u.toString();
      } else headers.Authorization = `${tokenScheme} ${accessToken}`;
    }
    const carriesApi = role !== 'event';
    const socket = new ForwardSocket({
      url: target,
      displayUrl: redactUrl(url),
      headers,
      label: `bots[${account.config.index}]${role === 'universal' ? '' : ` ${role}`}`,
      timers: config.timers,
      random: config.random,
      reconnect: config.reconnect,
      silenceTimeout: typeof config.heartbeatTimeout === 'number' ? config.heartbeatTimeout : undefined,
      // Pinged whenever watched: an API-only connection has no heartbeats at all, and an idle
      // universal one must not be condemned when the implementation sends none.
      ping: true,
      logger: logger!,
      onOpen: (sink) => {
        if (!carriesApi) return;
        account.channel.attach(sink);
        if (account.selfId === undefined) void discover(account);
      },
      onText: (text, sink) => onText(account, text, sink),
      onClose: (sink, why) => {
        if (carriesApi) account.channel.detach(sink, why);
      },
      onRejected: (status) => rejectWaiting(account, status),
    });
    return socket;
  }

  const adapter: WsAdapter = {
    name: 'ws',
    get selfIds() {
      return accounts.flatMap((a) => (a.bot && a.selfId !== undefined ? [a.selfId] : []));
    },
    status() {
      return accounts.map((a) => ({
        index: a.config.index,
        selfId: a.selfId,
        connected: a.channel.connected,
        opens: a.api.opens,
        inFlight: a.channel.inFlight,
        waiting: a.channel.waiting,
      }));
    },

    async start(appHost) {
      if (host) throw new AdapterStateError('ws adapter: already started');
      host = appHost;
      const log = redactingLogger(appHost.logger);
      logger = log;
      hold = setInterval(() => undefined, 2 ** 30);
      instance += 1;
      accounts = config.bots.map((bot) => {
        const account: ForwardAccount = new ForwardAccount(
          bot,
          new ActionChannel({
            timers: config.timers,
            echoPrefix: `cqkit:${instance}:${bot.index}:`,
            maxTimeout: bot.timeout,
            maxWaiting: config.maxWaiting,
            label: () => `${account.label} (${account.api.url})`,
          }),
          log,
        );
        if (bot.mode === 'universal') account.api = socketFor(account, bot.url!, 'universal');
        else {
          account.api = socketFor(account, bot.apiUrl!, 'api');
          account.event = socketFor(account, bot.eventUrl!, 'event');
        }
        return account;
      });
      // Accounts with a known QQ number are usable at once: their calls wait for the connection.
      for (const account of accounts) if (account.selfId !== undefined) register(account, account.selfId);
      await Promise.all(accounts.flatMap((a) => a.sockets.map((s) => s.start())));
      await Promise.all(accounts.map((a) => a.discovery ?? Promise.resolve()));
      // An account not connected yet was said by its socket ("waiting for the API server"); the app
      // names it in its start line (waitingFor).
    },

    waitingFor() {
      return accounts.filter((a) => !a.duplicate && !a.channel.connected).map((a) => (a.selfId === undefined ? `bots[${a.config.index}] (${a.api.url})` : `account ${a.selfId}`));
    },

    async stop(options) {
      const stopping = accounts;
      const appHost = host;
      host = undefined;
      clearInterval(hold);
      hold = undefined;
      for (const account of stopping) account.channel.close('the ws adapter stopped');
      await Promise.all(stopping.flatMap((a) => a.sockets.map((s) => s.stop(options?.signal))));
      for (const account of stopping) {
        if (account.bot && account.selfId !== undefined) {
          try {
            appHost?.removeBot(account.selfId);
          } catch (error) {
            logger?.warn(`ws adapter: removing account ${account.selfId}: ${describeError(error)}`);
          }
          account.bot = undefined;
        }
      }
      accounts = [];
    },
  };
  return adapter;
}
