/**
 * One open WebSocket of the sandbox, forward or reverse, wired by role: an API role answers action
 * frames, an Event role gets every WebSocket event from the hub (and announces itself with a
 * lifecycle `connect`), Universal does both on one connection.
 */
import type WebSocket from 'ws';
import type { Sandbox } from '../sandbox.js';
import { answerActionFrame } from './action-frames.js';

export type WsRole = 'Universal' | 'API' | 'Event';

export interface Peer {
  readonly role: WsRole;
  /**
   * Tests: act like a hung peer. Nothing more is sent, frames are ignored, pings get no pong; only a
   * close is still noticed (so a reverse client reconnects once the bot drops it).
   */
  freeze(): void;
  readonly frozen: boolean;
}

export function wirePeer(sandbox: Sandbox, socket: WebSocket, role: WsRole): Peer {
  let frozen = false;
  const send = (text: string): void => {
    if (frozen || socket.readyState !== socket.OPEN) return;
    socket.send(text, () => undefined);
  };
  let unsubscribe: (() => void) | undefined;
  if (role !== 'API') {
    unsubscribe = sandbox.events.subscribe((_event, json) => send(json));
    void sandbox.lifecycle('connect');
  }
  socket.on('message', (data, isBinary) => {
    // An Event connection ignores what the client writes (transport.md 3.3: no quick operations).
    if (role === 'Event' || frozen) return;
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    void answerActionFrame((action, params, origin) => sandbox.executeAction(action, params, origin), text).then(send);
  });
  // Sockets are made with autoPong off so that a frozen peer can stay silent to pings too.
  socket.on('ping', (data) => {
    if (!frozen) socket.pong(data, undefined, () => undefined);
  });
  socket.on('close', () => unsubscribe?.());
  socket.on('error', () => undefined);
  return {
    role,
    get frozen() {
      return frozen;
    },
    freeze() {
      frozen = true;
    },
  };
}
