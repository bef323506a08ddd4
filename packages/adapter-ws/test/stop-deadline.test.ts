/**
 * app.stop({ deadline }) with a call in flight to a WebSocket peer that never answers and never
 * completes the close handshake (it stops reading its socket): forward and reverse alike, the call
 * is given up at the deadline and listed as "may have been sent" (never re-sent), and stop() returns
 * at once instead of waiting out the close handshake's own grace (2 s forward, 1 s reverse). The
 * app and the adapter share one manual clock; the sockets are real.
 */
import type { AddressInfo } from 'node:net';
import { type App, createApp } from '@cqkit/core';
import { ManualClock } from '@cqkit/sandbox';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { wsAdapter } from '../src/forward-adapter.js';
import { wsReverseAdapter } from '../src/reverse-adapter.js';
import { until } from './helpers/setup.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function withinRealTime<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms of real time`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Frames received; after the first one the peer stops reading, so a close frame is never seen. */
function deafPeer(socket: WebSocket, frames: string[]): void {
  socket.on('message', (data) => {
    frames.push(data.toString());
    (socket as unknown as { _socket: import('node:net').Socket })._socket.pause();
  });
}

function newApp(clock: ManualClock): App {
  return createApp({ clock, logLevel: 'silent', scheduler: { global: false, perUser: false } });
}

async function stopAtDeadline(app: App, clock: ManualClock, realBound: number) {
  const send = app.bots.get(10001)!.sendPrivateMsg({ user_id: 1, message: 'on the wire' }).catch((error: unknown) => error);
  return { send, stop: async (frames: string[]) => {
    await until(() => frames.length === 1, 'the call reached the peer');
    const stopping = app.stop({ deadline: 500 });
    clock.advance(500);
    return withinRealTime(stopping, realBound, 'stop()');
  } };
}

describe('stop deadline over WebSocket', () => {
  it('forward: the call in flight is given up and listed; the unanswered close handshake does not hold stop()', async () => {
    const frames: string[] = [];
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => deafPeer(socket, frames));
    cleanups.push(() => {
      for (const client of server.clients) client.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const clock = new ManualClock();
    const app = newApp(clock);
    app.adapter(wsAdapter({ bots: [{ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, selfId: 10001 }], timers: clock }));
    await app.start();
    const { send, stop } = await stopAtDeadline(app, clock, 1500);
    const report = await stop(frames);
    expect(report.maybeSent.map((i) => [i.selfId, i.action, i.params.message])).toEqual([[10001, 'send_private_msg', 'on the wire']]);
    expect(report).toMatchObject({ drained: false, left: 0, inFlight: 1 });
    expect(await send).toMatchObject({ kind: 'cancelled', message: expect.stringContaining('may have been sent') });
    expect(frames).toHaveLength(1);
  });

  it('reverse: the same for a connection the implementation made', async () => {
    const frames: string[] = [];
    const clock = new ManualClock();
    const app = newApp(clock);
    const adapter = wsReverseAdapter({ port: 0, selfIds: [10001], timers: clock });
    app.adapter(adapter);
    await app.start();
    const client = new WebSocket(`${adapter.origin}/onebot/v11/ws`, { headers: { 'X-Self-ID': '10001', 'X-Client-Role': 'Universal' } });
    cleanups.push(() => client.terminate());
    deafPeer(client, frames);
    await until(() => adapter.status()[0]?.api === true, 'the implementation connected');
    const { send, stop } = await stopAtDeadline(app, clock, 900);
    const report = await stop(frames);
    expect(report.maybeSent.map((i) => [i.selfId, i.action, i.params.message])).toEqual([[10001, 'send_private_msg', 'on the wire']]);
    expect(await send).toMatchObject({ kind: 'cancelled', message: expect.stringContaining('may have been sent') });
    expect(frames).toHaveLength(1);
  });
});
