/**
 * app.stop({ deadline }) with a send in flight to an API server that never answers: at the deadline
 * the send is given up and reported as "may have been sent" (never re-sent), what was still queued
 * as "not sent", and stop() returns without waiting for the call's own timeout. The app and the
 * adapter share one manual clock; the sockets are real.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '@cqkit/core';
import { ManualClock } from '@cqkit/sandbox';
import { afterEach, expect, it } from 'vitest';
import { httpAdapter } from '../src/adapter.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Within this much real time after the deadline, stop() must be done (socket teardown only). */
const smallConstant = 1500;

function withinRealTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms of real time`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

it('gives up an HTTP call in flight at the deadline and lists it as may-have-been-sent', async () => {
  const seen: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => seen.push(`${request.url} ${body}`));
    held.push(response); // never answered
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clock = new ManualClock();
  const app = createApp({ clock, logLevel: 'silent', scheduler: { concurrency: 1, global: false, perUser: false } });
  app.adapter(httpAdapter({ bots: [{ selfId: 10001, endpoint }], timers: clock }));
  await app.start();
  const bot = app.bots.get(10001)!;
  const first = bot.sendPrivateMsg({ user_id: 1, message: 'on the wire' }).catch((error: unknown) => error);
  const second = bot.sendPrivateMsg({ user_id: 1, message: 'still queued' }).catch((error: unknown) => error);
  await expect.poll(() => seen.length).toBe(1);

  const stopping = app.stop({ deadline: 500 });
  clock.advance(500);
  const report = await withinRealTime(stopping, smallConstant, 'stop()');

  expect(report.drained).toBe(false);
  expect(report.items.map((i) => i.params.message)).toEqual(['still queued']);
  expect(report.maybeSent.map((i) => [i.selfId, i.action, i.params.message])).toEqual([[10001, 'send_private_msg', 'on the wire']]);
  expect(report.inFlight).toBe(1);
  expect(await first).toMatchObject({ kind: 'cancelled', message: expect.stringContaining('may have been sent') });
  expect(await second).toMatchObject({ kind: 'cancelled' });
  // Never re-sent, and the one still queued never went out.
  expect(seen).toEqual(['/send_private_msg {"user_id":1,"message":"on the wire","auto_escape":false}']);
});
