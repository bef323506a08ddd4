/**
 * Logging on pino: structured JSON lines, levels, child loggers per plugin and adapter.
 * pino over consola because its child loggers are cheap (bindings are serialised once) and a
 * disabled level costs a no-op call, which matters on the event path.
 */
import { type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** A ready logger (it wins over `level`). */
  logger?: Logger;
  /** Level of the logger the app creates. Default `info`; `silent` for tests. */
  logLevel?: LogLevel;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  if (options.logger) return options.logger;
  return pino({ name: 'cqkit', level: options.logLevel ?? 'info' });
}
