// A forward connection whose server is down logs one line per change of state, not per attempt:
// the first failure, each longer retry interval up to the cap, then "connected" once it is up.
import { createServer } from 'node:net';
import type { AdapterHost, Bot } from '@cqkit/core';
import { createSandbox, createWsServer, ManualClock } from '@cqkit/sandbox';
import { afterEach, expect, it } from 'vitest';
import { wsAdapter } from '../src/index.js';
import { SELF, settle, until } from './helpers/setup.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Enough of the app for the adapter: it keeps the log lines and hands out bots that call through. */
function recordingHost() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => lines.push({ level, message });
  const host = {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    addBot: (selfId: number) => ({ selfId }) as unknown as Bot,
    removeBot: () => undefined,
    dispatch: async () => null,
  } as unknown as AdapterHost;
  const shown = () => lines.filter((l) => l.level !== 'debug');
  const tries = () => lines.filter((l) => /reconnecting to .* \(try \d+\)/.test(l.message)).length;
  return { host, shown, tries };
}

it('a server that is down: one line, one more per longer interval, then "connected" once', async () => {
  const clock = new ManualClock();
  const port = await freePort();
  const url = `ws://127.0.0.1:${port}/`;
  const adapter = wsAdapter({ bots: [{ url, selfId: SELF }], timers: clock, random: () => 0.5, reconnect: { initialDelay: 1000, maxDelay: 4000, factor: 2, jitter: 0.5 } });
  const { host, shown, tries } = recordingHost();
  await adapter.start(host);
  cleanups.push(() => adapter.stop());
  expect(adapter.waitingFor()).toEqual([`account ${SELF}`]);
  // Eight failed tries: delays 1, 2, 4, 4, 4, 4, 4, 4 s.
  for (const delay of [1000, 2000, 4000, 4000, 4000, 4000, 4000]) {
    const before = tries();
    clock.advance(delay);
    await until(() => tries() === before + 1, `the try after ${delay} ms failed`);
  }
  expect(tries()).toBe(8);
  // The account with a known QQ number is registered at once (its calls wait); then the wait itself.
  expect(shown().map((l) => `${l.level} ${l.message}`)).toEqual([
    `info ws adapter: account ${SELF} ready (${url})`,
    expect.stringMatching(/^warn ws adapter: bots\[0\]: waiting for the API server at ws:\/\/127\.0\.0\.1:\d+\/ \(.+\); retrying every 1 s$/),
    expect.stringMatching(/^warn ws adapter: bots\[0\]: still waiting for .*, now retrying every 2 s$/),
    expect.stringMatching(/^warn ws adapter: bots\[0\]: still waiting for .*, now retrying every 4 s$/),
  ]);
  expect(shown()[1]!.message).toContain('ECONNREFUSED');

  // The server comes up: one line, saying how long it waited (1+2+4*5 s since the first failure, plus 4 s).
  const sandbox = createSandbox({ port: 0, clock });
  await sandbox.start();
  const server = createWsServer(sandbox, { port });
  await server.listen();
  cleanups.push(() => sandbox.stop(), () => server.close());
  await settle();
  clock.advance(4000);
  await until(() => adapter.status()[0]!.connected, 'connected');
  expect(shown().slice(4).map((l) => l.message)).toEqual([`ws adapter: bots[0]: connected to ${url} after waiting 27 s`]);
  expect(adapter.waitingFor()).toEqual([]);
});
