import { type App, type AppOptions, createApp } from '@cqkit/core';
import { createSandbox, defaultWorld, type Sandbox, type SandboxOptions, type WorldData } from '@cqkit/sandbox';
import { type HttpAdapter, httpAdapter } from '../../src/adapter.js';
import type { HttpAdapterOptions, HttpBotOptions, ReceiverOptions } from '../../src/options.js';
import { recordingLogger } from './recording-logger.js';

/** The default world, with the account renumbered (a second account for multi-bot tests). */
export function worldOf(selfId: number): WorldData {
  return JSON.parse(JSON.stringify(defaultWorld()).replace(/\b10001\b/g, String(selfId))) as WorldData;
}

export interface Rig {
  app: App;
  adapter: HttpAdapter;
  sandboxes: Sandbox[];
  log: ReturnType<typeof recordingLogger>;
  receiverPort: number;
  stop(): Promise<void>;
}

export interface RigAccount {
  selfId: number;
  sandbox?: Omit<SandboxOptions, 'postUrl' | 'port'>;
  bot?: Omit<HttpBotOptions, 'endpoint' | 'selfId'>;
}

/**
 * The sandbox(es) as the OneBot server, createApp() + httpAdapter as the bot, on 127.0.0.1. Every
 * server binds port 0; each sandbox is told the receiver's URL once the app has started.
 */
export async function startRig(options: {
  accounts: RigAccount[];
  receiver?: Omit<ReceiverOptions, 'port'>;
  adapter?: Omit<HttpAdapterOptions, 'bots' | 'receiver'>;
  /** createApp() options beside the recording logger, e.g. `clock` (with `adapter.timers`, the same manual clock). */
  app?: Omit<AppOptions, 'logger'>;
  setup?: (app: App) => void;
}): Promise<Rig> {
  const sandboxes: Sandbox[] = [];
  for (const account of options.accounts) {
    const sandbox = createSandbox({ world: worldOf(account.selfId), ...account.sandbox, port: 0 });
    await sandbox.start();
    sandboxes.push(sandbox);
  }
  const log = recordingLogger();
  const app = createApp({ ...options.app, logger: log.logger });
  options.setup?.(app);
  const adapter = httpAdapter({
    ...options.adapter,
    bots: options.accounts.map((account, i) => ({ selfId: account.selfId, endpoint: sandboxes[i]!.url, ...account.bot })),
    receiver: { ...options.receiver, port: 0 },
  });
  app.adapter(adapter);
  const stop = async (): Promise<void> => {
    await app.stop({ deadline: 1000 });
    for (const sandbox of sandboxes) await sandbox.stop();
  };
  try {
    await app.start();
  } catch (error) {
    await stop();
    throw error;
  }
  const receiverUrl = adapter.receiverUrl!;
  for (const sandbox of sandboxes) sandbox.setPostUrl(receiverUrl);
  return { app, adapter, sandboxes, log, receiverPort: Number(new URL(receiverUrl).port), stop };
}
