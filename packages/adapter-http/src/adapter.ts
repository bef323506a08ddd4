import { AdapterStateError, describeError, type WaitLine, WaitReport } from '@cqkit/core';
import { redactUrl } from '@cqkit/protocol';
import type { Adapter, AdapterHost, Bot, Logger } from './core-contract.js';
import { type AccountDirectory, createEventIntake, type IntakeAccount } from './event-intake.js';
import { EventReceiver } from './event-receiver.js';
import { HttpApiClient } from './http-client.js';
import { type HttpAdapterOptions, type NormalizedBot, type NormalizedOptions, normalizeOptions } from './options.js';
import { sleep } from './timers.js';

/** The HTTP adapter, with what a caller may want to know after start. */
export interface HttpAdapter extends Adapter {
  readonly name: 'http';
  /** The event receiver's URL once started (the implementation's post_url), else undefined. */
  readonly receiverUrl: string | undefined;
  /** QQ numbers of the accounts registered with the app so far. */
  readonly selfIds: readonly number[];
  /** The accounts whose QQ number is not known yet (`bots[0] (<url>)`); HTTP holds no connection to wait for otherwise. */
  waitingFor(): string[];
}

/** One configured account at run time. */
class Account implements IntakeAccount {
  selfId: number | undefined;
  bot: Bot | undefined;
  constructor(
    readonly config: NormalizedBot,
    readonly client: HttpApiClient,
  ) {
    this.selfId = config.selfId;
  }
  get secret(): string | undefined {
    return this.config.secret;
  }
  get label(): string {
    return this.selfId === undefined ? `bots[${this.config.index}] (${redactUrl(this.config.endpoint)})` : `bot ${this.selfId}`;
  }
}

/**
 * `httpAdapter({ bots, receiver })`: calls actions over each account's HTTP API and receives
 * events on one HTTP server. Throws HttpAdapterConfigError for bad options.
 */
export function httpAdapter(options: HttpAdapterOptions): HttpAdapter {
  const config: NormalizedOptions = normalizeOptions(options);
  const { timers } = config;
  let accounts: Account[] = [];
  const byId = new Map<number, Account>();
  let receiver: EventReceiver | undefined;
  let host: AdapterHost | undefined;
  let logger: Logger | undefined;
  let stopping: AbortController | undefined;
  const discoveries: Promise<void>[] = [];

  function register(account: Account, selfId: number): boolean {
    const log = logger!;
    const other = byId.get(selfId);
    if (other && other !== account) {
      log.error(`http adapter: ${account.label} is account ${selfId}, which ${other.label} already is; ignoring bots[${account.config.index}]`);
      return false;
    }
    try {
      account.bot = host!.addBot(selfId, account.client);
    } catch (error) {
      log.error(`http adapter: the app refused account ${selfId}: ${describeError(error)}`);
      return false;
    }
    account.selfId = selfId;
    byId.set(selfId, account);
    log.info(`http adapter: account ${selfId} ready, API at ${account.client.endpoint}`);
    return true;
  }

  /** get_login_info until it answers; the app keeps running meanwhile, and the log says why not. */
  async function discover(account: Account, signal: AbortSignal, firstAttemptDone: () => void): Promise<void> {
    let delay = config.discovery.minDelay;
    // One line per change of state (first failure, another reason, a longer interval), not per try.
    const where = `bots[${account.config.index}]`;
    const report = new WaitReport(`http adapter: ${where}`, ` (or set ${where}.selfId)`);
    try {
      while (!signal.aborted && account.selfId === undefined) {
        const learned = await askLoginInfo(account, signal, delay, report);
        firstAttemptDone();
        if (learned !== undefined) {
          if (account.selfId === undefined && !signal.aborted) {
            logger!.info(report.connected(timers.now(), account.client.endpoint));
            register(account, learned);
          }
          return;
        }
        await sleep(timers, delay, signal);
        delay = Math.min(config.discovery.maxDelay, delay * 2);
      }
    } catch {
      // Only the stop signal ends the wait early.
    } finally {
      firstAttemptDone();
    }
  }

  /** The account's QQ number from get_login_info, or undefined after logging why not. */
  async function askLoginInfo(account: Account, signal: AbortSignal, nextDelay: number, report: WaitReport): Promise<number | undefined> {
    const where = `bots[${account.config.index}]`;
    const endpoint = account.client.endpoint;
    let line: WaitLine;
    try {
      const info = (await account.client.call('get_login_info', {}, { timeout: account.config.timeout ?? 10_000, idempotent: true, signal })) as {
        user_id?: unknown;
      } | null;
      const id = info?.user_id;
      if (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return id;
      const reason = 'get_login_info answered no usable user_id';
      line = report.failed(timers.now(), endpoint, reason, nextDelay, `${reason} at ${endpoint}; set ${where}.selfId`);
    } catch (error) {
      if (signal.aborted) return undefined;
      const reason = describeError(error);
      // A refused token is a mistake to fix, not a server to wait for: an error line (still once).
      const rejected = (error as { kind?: unknown }).kind === 'unauthorized' ? `cannot learn the QQ number of ${where}: ${reason}` : undefined;
      line = report.failed(timers.now(), endpoint, reason, nextDelay, rejected);
    }
    if (line) logger![line.level](line.message);
    return undefined;
  }

  const directory: AccountDirectory = {
    all: () => accounts,
    byId: (selfId) => byId.get(selfId),
    adopt: (account, selfId) => {
      const ok = register(account as Account, selfId);
      if (ok) logger!.info(`http adapter: bots[${(account as Account).config.index}] is account ${selfId} (learned from its first event)`);
      return ok;
    },
  };

  const adapter: HttpAdapter = {
    name: 'http',
    get receiverUrl() {
      return receiver?.url;
    },
    get selfIds() {
      return [...byId.keys()];
    },

    waitingFor() {
      return accounts.filter((a) => a.selfId === undefined).map((a) => a.label);
    },

    async start(appHost) {
      if (host) throw new AdapterStateError('http adapter: already started');
      host = appHost;
      logger = appHost.logger;
      stopping = new AbortController();
      accounts = config.bots.map(
        (bot) =>
          new Account(
            bot,
            new HttpApiClient({
              endpoint: bot.endpoint,
              accessToken: bot.accessToken,
              tokenScheme: bot.tokenScheme,
              maxTimeout: bot.timeout,
              retry: config.retry,
              timers,
              onRetry: (error, attempt, delay) =>
                logger?.warn(`http adapter: ${error.message}; retry ${attempt} of this read in ${delay} ms`),
            }),
          ),
      );
      for (const account of accounts) {
        if (account.selfId !== undefined) {
          const id = account.selfId;
          account.selfId = undefined;
          register(account, id);
        }
      }
      if (config.receiver) {
        const r = config.receiver;
        receiver = new EventReceiver({
          host: r.host,
          port: r.port,
          path: r.path,
          accessToken: r.accessToken,
          bodyLimit: r.bodyLimit,
          headersTimeout: r.headersTimeout,
          requestTimeout: r.requestTimeout,
          maxConnections: r.maxConnections,
          logger,
          handle: createEventIntake({ accounts: directory, host: appHost, logger, quickWindow: r.quickWindow, ackAfterDispatch: r.ackAfterDispatch }),
        });
        try {
          await receiver.listen();
        } catch (error) {
          receiver = undefined;
          await adapter.stop();
          throw error;
        }
        logger.info(`http adapter: receiving events at ${receiver.url}`);
      }
      // Accounts without selfId: one try now so that they are usable when start() resolves when the
      // server is up; if not, keep trying in the background and report every failure.
      const signal = stopping.signal;
      const firstAttempts: Promise<void>[] = [];
      for (const account of accounts) {
        if (account.selfId !== undefined) continue;
        firstAttempts.push(
          new Promise<void>((resolve) => {
            discoveries.push(discover(account, signal, resolve));
          }),
        );
      }
      await Promise.all(firstAttempts);
    },

    async stop(options) {
      const signal = options?.signal;
      stopping?.abort(new Error('http adapter stopped'));
      const closing = receiver?.close(signal);
      receiver = undefined;
      for (const account of accounts) {
        if (account.bot !== undefined && account.selfId !== undefined) {
          try {
            host?.removeBot(account.selfId);
          } catch (error) {
            logger?.warn(`http adapter: removing account ${account.selfId}: ${describeError(error)}`);
          }
          account.bot = undefined;
        }
      }
      await Promise.allSettled(discoveries.splice(0));
      await closing;
      await Promise.all(accounts.map((a) => a.client.close(signal)));
      byId.clear();
      accounts = [];
      host = undefined;
    },
  };
  return adapter;
}

