/**
 * The bot's terminal, built only as far as it is used. Node makes process.stdin, stdout and stderr
 * on first access, each a stream over a socket, TTY or file; a bot serving a real account never
 * reads stdin nor writes stdout (only the embedded sandbox's chat does), so those stay untouched
 * until then.
 *
 * Log lines go to fd 2 with a synchronous write, which is what process.stderr does for a file, a
 * pipe or a terminal on POSIX anyway. A write that fails hands the rest, and every later line, to
 * process.stderr: a non-blocking fd 2 (a terminal another program set so) says EAGAIN, and
 * process.stderr queues the line, so nothing is lost and the order holds; any other failure (a
 * closed pipe) is then the stream's to report, as before, and never a throw out of a log call.
 */
import { writeSync } from 'node:fs';
import type { RunnerIO } from './runner.js';

export function stderrWriter(fd = 2, fallback: () => Pick<NodeJS.WritableStream, 'write'> = () => process.stderr): Pick<NodeJS.WritableStream, 'write'> {
  let stream: Pick<NodeJS.WritableStream, 'write'> | undefined;
  return {
    write(text: string | Uint8Array): boolean {
      if (stream) return stream.write(text);
      let bytes = typeof text === 'string' ? Buffer.from(text) : text;
      try {
        while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
        return true;
      } catch {
        stream = fallback();
        return stream.write(bytes);
      }
    },
  };
}

/** stdin and stdout as Node's own streams, made when first read; stderr as stderrWriter(). */
export function processIO(): RunnerIO {
  const stderr = stderrWriter();
  return {
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      return process.stdout;
    },
    stderr,
  };
}
