/** A started sandbox (manual clock) and an app with a ping plugin, wired by the adapter under test. */
import { type App, type Adapter, createApp } from '@cqkit/core';
import { createSandbox, ManualClock, type Sandbox, type SandboxOptions } from '@cqkit/sandbox';
import { createWsServer, type SandboxWsServer } from './sandbox-ws.js';

export const SELF = 10001;
export const ALICE = 2001;

/** Polls `condition` (real sockets need real turns of the event loop); bounded, fails with `what`. */
export async function until(condition: () => boolean, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for: ${what}`);
}

/** Lets pending socket I/O run (a few event-loop turns), with no assertion on time. */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 2));
}

export interface World {
  clock: ManualClock;
  sandbox: Sandbox;
  server: SandboxWsServer;
  url: string;
  app: App;
  /** Every heartbeat the app saw. */
  heartbeats: number;
  close(): Promise<void>;
}

export async function startSandboxWs(options: SandboxOptions = {}, clock = new ManualClock()): Promise<{ clock: ManualClock; sandbox: Sandbox; server: SandboxWsServer; url: string }> {
  const sandbox = createSandbox({ port: 0, clock, ...options });
  await sandbox.start();
  const server = createWsServer(sandbox, { port: 0 });
  const { url } = await server.listen();
  return { clock, sandbox, server, url };
}

/** An app that answers "ping" with "pong" in the same chat, counting heartbeats. */
export function pingApp(): { app: App; seen: { heartbeats: number; messages: number } } {
  const app = createApp({ logLevel: (process.env.CQKIT_TEST_LOG as 'debug' | undefined) ?? 'silent', scheduler: { global: false, perGroup: false, perUser: false, perDiscuss: false } });
  const seen = { heartbeats: 0, messages: 0 };
  app.plugin({
    name: 'ping',
    apply(ctx) {
      ctx.on('message', (session) => {
        seen.messages += 1;
        // A send cut short by app.stop() at the end of a test is reported by core; nothing to do here.
        if (session.plainText.trim() === 'ping') session.send('pong').catch(() => undefined);
      });
      ctx.on('meta_event/heartbeat', () => {
        seen.heartbeats += 1;
      });
    },
  });
  return { app, seen };
}

export async function startApp(app: App, adapter: Adapter): Promise<void> {
  app.adapter(adapter);
  await app.start();
}
