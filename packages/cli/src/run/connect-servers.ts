/**
 * Adapters for the servers listed under `bots`: one HTTP adapter for every `http` bot (events at the
 * receiver), one forward WebSocket adapter for every `ws` bot, one reverse WebSocket listener per
 * distinct address of the `ws-reverse` bots. An adapter package is imported only when a bot uses it
 * (a project on HTTP never loads the WebSocket stack).
 */
import type { HttpBotOptions, ReceiverOptions } from '@cqkit/adapter-http';
import type { WsBotOptions } from '@cqkit/adapter-ws';
import type { Adapter } from '@cqkit/core';
import { ConfigError } from '../config/config-error.js';
import type { BotConfig, CqkitConfig } from '../config/schema.js';

/** Default path of a reverse WebSocket (OneBot v11 implementations suggest it). */
export const defaultReversePath = '/onebot/v11/ws';

export async function connectServers(config: CqkitConfig, file = 'the config', options: { ackAfterDispatch?: boolean } = {}): Promise<Adapter[]> {
  const bots = config.bots ?? [];
  const receiver = config.receiver ?? {};
  const adapters: Adapter[] = [];

  const http = bots.filter((bot) => bot.protocol === 'http');
  const forward = bots.filter((bot) => bot.protocol === 'ws');
  const listeners = reverseListeners(bots, http.length > 0, receiver, file);
  if (http.length > 0) {
    const { httpAdapter, httpBotOptionKeys, receiverOptionKeys } = await import('@cqkit/adapter-http');
    adapters.push(
      httpAdapter({
        bots: http.map((bot) => defined<HttpBotOptions>(bot, httpBotOptionKeys) as HttpBotOptions),
        receiver: { host: '127.0.0.1', port: 8080, path: '/', ...defined<ReceiverOptions>(receiver, receiverOptionKeys), ...(options.ackAfterDispatch && { ackAfterDispatch: true }) },
        ...config.adapters?.http,
      }),
    );
  }

  const ws = forward.length > 0 || listeners.size > 0 ? await import('@cqkit/adapter-ws') : undefined;
  const wsOptions = config.adapters?.ws ?? {};
  if (ws && forward.length > 0) {
    adapters.push(
      ws.wsAdapter({
        bots: forward.map((bot) => defined<WsBotOptions>(bot, ws.wsBotOptionKeys)),
        ...wsOptions,
      }),
    );
  }

  for (const { host, port, path, bots: group } of listeners.values()) {
    const selfIds = group.map((bot) => bot.selfId).filter((id): id is number => id !== undefined);
    const accessToken = group[0]?.accessToken;
    // One listener, one cap: the strictest one any of its bots asks for.
    const timeouts = group.map((bot) => bot.timeout).filter((t): t is number => t !== undefined && t > 0);
    adapters.push(
      ws!.wsReverseAdapter({
        host,
        port,
        path,
        ...(accessToken !== undefined && { accessToken }),
        // A listener does not reconnect: only the liveness options apply to it.
        ...(wsOptions.heartbeatTimeout !== undefined && { heartbeatTimeout: wsOptions.heartbeatTimeout }),
        ...(wsOptions.maxWaiting !== undefined && { maxWaiting: wsOptions.maxWaiting }),
        ...(timeouts.length > 0 && { timeout: Math.min(...timeouts) }),
        // Listing some accounts but not all would refuse the unlisted ones: only restrict when all are named.
        ...(selfIds.length === group.length && { selfIds }),
      }),
    );
  }
  return adapters;
}

interface ReverseListener {
  host: string;
  port: number;
  path: string;
  bots: BotConfig[];
}

/** Reverse: bots that share an address share one listener (the server says who it is in X-Self-ID). */
function reverseListeners(bots: readonly BotConfig[], hasHttp: boolean, receiver: NonNullable<CqkitConfig['receiver']>, file: string): Map<string, ReverseListener> {
  const listeners = new Map<string, ReverseListener>();
  for (const [index, bot] of bots.entries()) {
    if (bot.protocol !== 'ws-reverse') continue;
    const host = bot.host ?? receiver.host ?? '127.0.0.1';
    const port = bot.port ?? receiver.port ?? 8080;
    if (hasHttp && port !== 0 && port === (receiver.port ?? 8080) && host === (receiver.host ?? '127.0.0.1')) {
      throw new ConfigError(file, [
        `bots[${index}].port: this ws-reverse bot would listen on port ${port}, which the HTTP event receiver already uses; give it a port of its own`,
      ]);
    }
    const path = bot.path ?? defaultReversePath;
    const key = `${host}:${port}${path}`;
    const entry = listeners.get(key) ?? { host, port, path, bots: [] };
    entry.bots.push(bot);
    listeners.set(key, entry);
  }
  for (const { host, port, path, bots: group } of listeners.values()) {
    if (new Set(group.map((bot) => bot.accessToken)).size > 1) {
      throw new ConfigError(file, [`bots: the ws-reverse bots listening on ${host}:${port}${path} must share one accessToken (or listen on different paths)`]);
    }
  }
  return listeners;
}

/** The options an adapter takes, copied by its own key list (every key the config accepts goes through). */
function defined<T>(source: object, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const key of keys) {
    const value = (source as Partial<T>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
