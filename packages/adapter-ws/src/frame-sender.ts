/**
 * Writing text frames to a `ws` socket. Frames sent in the same tick (replies to a burst of events,
 * calls waiting for a connection) are gathered by corking the TCP socket until the next tick, so
 * they leave in one write instead of one system call each.
 *
 * No write callback per frame: it cost every frame a tick of its own in Node's stream, and told
 * nothing the socket does not. A frame for a socket that is no longer open throws here (the caller
 * fails its call at once); a write that fails later errors and closes the socket, and the calls on
 * it fail as the connection closes.
 */
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';

export function frameSender(socket: WebSocket): {
  send(text: string): void;
  /** The TCP socket under `socket`, once known (forward: at the upgrade; reverse: from the upgrade request). */
  useRaw(raw: Duplex): void;
} {
  let raw: Duplex | undefined;
  let corked = false;
  const uncork = (): void => {
    corked = false;
    raw?.uncork();
  };
  return {
    useRaw(value) {
      raw = value;
    },
    send(text) {
      // ws drops a frame for a closing or closed socket silently when given no callback.
      if (socket.readyState !== WebSocket.OPEN) throw new Error(`the connection is not open (WebSocket readyState ${socket.readyState})`);
      if (raw && !corked) {
        corked = true;
        raw.cork();
        process.nextTick(uncork);
      }
      socket.send(text);
    },
  };
}
