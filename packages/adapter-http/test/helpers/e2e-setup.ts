import { type App, createApp } from '@cqkit/core';
import { createSandbox, defaultWorld, type Sandbox, type SandboxOptions, type WorldData } from '@cqkit/sandbox';
import { type HttpAdapter, httpAdapter } from '../../src/adapter.js';
import type { HttpAdapterOptions, HttpBotOptions, ReceiverOptions } from '../../src/options.js';
import { recordingLogger } from './recording-logger.js';
import { freePort } from './scripted-server.js';

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
 * The sandbox(es) as the OneBot server, createApp() + httpAdapter as the bot, on 127.0.0.1.
 * The sandbox reads its post_url once at construction, so the receiver port is picked first
 * (bound and released, then reused; retried when another process takes it meanwhile).
 */
export async function startRig(options: {
  accounts: RigAccount[];
  receiver?: Omit<ReceiverOptions, 'port'>;
  adapter?: Omit<HttpAdapterOptions, 'bots' | 'receiver'>;
  setup?: (app: App) => void;
}): Promise<Rig> {
  for (let attempt = 1; ; attempt++) {
    const receiverPort = await freePort();
    const path = options.receiver?.path ?? '/';
    const sandboxes: Sandbox[] = [];
    for (const account of options.accounts) {
      const sandbox = createSandbox({
        world: worldOf(account.selfId),
        ...account.sandbox,
        port: 0,
        postUrl: `http://127.0.0.1:${receiverPort}${path}`,
      });
      await sandbox.start();
      sandboxes.push(sandbox);
    }
    const log = recordingLogger();
    const app = createApp({ logger: log.logger });
    options.setup?.(app);
    const adapter = httpAdapter({
      ...options.adapter,
      bots: options.accounts.map((account, i) => ({ selfId: account.selfId, endpoint: sandboxes[i]!.url, ...account.bot })),
      receiver: { ...options.receiver, port: receiverPort },
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
      if (attempt < 3 && String(error).includes('already in use')) continue;
      throw error;
    }
    return { app, adapter, sandboxes, log, receiverPort, stop };
  }
}
