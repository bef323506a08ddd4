/**
 * The cli's logger: core's pino logger, but written for people, to stderr (stdout belongs to the
 * terminal chat): `12:00:01 INFO  [dice] loaded`.
 */
import { redactText } from '@cqkit/protocol';
import { type Logger, type LoggerOptions, pino } from 'pino';

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const hidden = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'plugin', 'adapter', 'v']);

/**
 * One JSON log line as a short human line. The whole line goes through redactText last: whatever a
 * plugin or an adapter put in it, a URL's credentials and token query values are not written.
 */
export function formatLogLine(line: string): string {
  return redactText(humanLine(line));
}

function humanLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString().slice(11, 19);
  const level = levelNames[record.level as number] ?? String(record.level);
  const source = record.plugin ?? record.adapter;
  const extras: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (hidden.has(key)) continue;
    if (key === 'err' && value && typeof value === 'object') {
      const err = value as { message?: unknown; stack?: unknown };
      extras.push(`error=${JSON.stringify(err.message)}`);
      continue;
    }
    extras.push(`${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return `${time} ${level} ${source ? `[${String(source)}] ` : ''}${String(record.msg ?? '')}${extras.length ? ` ${extras.join(' ')}` : ''}\n`;
}

export function createCliLogger(level: LogLevelName, out: NodeJS.WritableStream = process.stderr): Logger {
  const options: LoggerOptions = { level, base: undefined };
  return pino(options, {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line) out.write(formatLogLine(line));
    },
  });
}
