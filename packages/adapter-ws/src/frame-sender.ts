/**
 * Writing text frames to a `ws` socket. Frames sent in the same tick (replies to a burst of events,
 * calls waiting for a connection) are gathered by corking the TCP socket until the next tick, so
 * they leave in one write instead of one system call each.
 */
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';

export function frameSender(socket: WebSocket, onWriteError: (error: Error) => void): {
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
  // One callback for every frame of this socket, not a closure per frame.
  const written = (error?: Error): void => {
    if (error) onWriteError(error);
  };
  return {
    useRaw(value) {
      raw = value;
    },
    send(text) {
      if (raw && !corked) {
        corked = true;
        raw.cork();
        process.nextTick(uncork);
      }
      socket.send(text, written);
    },
  };
}
