/** Adapters for the servers listed under `bots`: one HTTP adapter, one per WebSocket kind. */
import { httpAdapter } from '@cqkit/adapter-http';
import type { Adapter } from '@cqkit/core';
import type { CqkitConfig } from '../config/schema.js';

export async function connectServers(config: CqkitConfig): Promise<Adapter[]> {
  const bots = config.bots ?? [];
  const receiver = config.receiver ?? {};
  const adapters: Adapter[] = [];
  const http = bots.filter((bot) => bot.protocol === 'http');
  if (http.length > 0) {
    adapters.push(
      httpAdapter({
        bots: http.map((bot) => ({
          endpoint: bot.endpoint!,
          ...(bot.selfId !== undefined && { selfId: bot.selfId }),
          ...(bot.accessToken !== undefined && { accessToken: bot.accessToken }),
          ...(bot.secret !== undefined && { secret: bot.secret }),
          ...(bot.timeout !== undefined && { timeout: bot.timeout }),
        })),
        receiver: {
          host: receiver.host ?? '127.0.0.1',
          port: receiver.port ?? 8080,
          path: receiver.path ?? '/',
          ...(receiver.accessToken !== undefined && { accessToken: receiver.accessToken }),
          ...(receiver.quickWindow !== undefined && { quickWindow: receiver.quickWindow }),
        },
      }),
    );
  }
  const ws = bots.filter((bot) => bot.protocol !== 'http');
  if (ws.length > 0) adapters.push(...(await connectWebSockets(ws, config)));
  return adapters;
}

/** Loaded on demand: a project on HTTP never pays for the WebSocket adapter. */
async function connectWebSockets(bots: NonNullable<CqkitConfig['bots']>, config: CqkitConfig): Promise<Adapter[]> {
  const module = (await import('@cqkit/adapter-ws')) as Record<string, unknown>;
  const factory = module.wsAdapter;
  if (typeof factory !== 'function') {
    throw new Error('this version of @cqkit/adapter-ws has no wsAdapter(); protocol "ws" / "ws-reverse" is not available');
  }
  const receiver = config.receiver ?? {};
  return [
    (factory as (options: unknown) => Adapter)({
      bots: bots.map((bot) => ({ ...bot, mode: bot.protocol })),
      server: { host: receiver.host ?? '127.0.0.1', port: receiver.port ?? 8080, path: receiver.path ?? '/' },
    }),
  ];
}
