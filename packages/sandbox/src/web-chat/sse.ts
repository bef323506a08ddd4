/**
 * A Server-Sent Events response: `text/event-stream`, one `event:`/`id:`/`data:` block per message,
 * and a comment every `keepAlive` ms so proxies and browsers keep an idle stream open.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface EventStream {
  /** Write one event; `data` is sent as JSON. Ignored once closed. */
  send(event: string, data: unknown, id?: string): void;
  /** True once the client went away or `close()` was called. */
  readonly closed: boolean;
  /** Called once when the stream ends, whoever ended it. */
  onClose(listener: () => void): void;
  close(): void;
}

export interface EventStreamOptions {
  /** ms between keep-alive comments; default 15000, 0 = none. */
  keepAlive?: number;
  /** How long a browser waits before reconnecting, in ms (the `retry:` field); default 2000. */
  retry?: number;
}

export function openEventStream(req: IncomingMessage, res: ServerResponse, options: EventStreamOptions = {}): EventStream {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  req.socket.setNoDelay(true);
  res.write(`retry: ${options.retry ?? 2000}\n\n`);

  let closed = false;
  const closeListeners: (() => void)[] = [];
  const keepAlive = options.keepAlive ?? 15_000;
  // A real timer on purpose: keep-alives are about real sockets, not the simulated clock.
  const timer = keepAlive > 0 ? setInterval(() => res.write(': keep-alive\n\n'), keepAlive) : undefined;
  timer?.unref();

  const finish = () => {
    if (closed) return;
    closed = true;
    if (timer) clearInterval(timer);
    for (const listener of closeListeners.splice(0)) {
      try {
        listener();
      } catch {
        // cleanup of one listener must not skip the others
      }
    }
  };
  res.on('close', finish);
  res.on('error', finish);

  return {
    send(event, data, id) {
      if (closed) return;
      // JSON never contains a raw newline, so one data: line carries the whole payload; an id must not either.
      if (id !== undefined && /[\r\n]/.test(id)) throw new TypeError('an SSE id cannot contain a line break');
      res.write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else closeListeners.push(listener);
    },
    close() {
      finish();
      res.end();
    },
  };
}
