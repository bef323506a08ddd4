/**
 * Logging: levels, child loggers per plugin, adapter and bot, pino's calling convention
 * (`logger.info({ key }, 'message')`). A pino logger is a `Logger` as it is, and is what core builds
 * when given none: JSON lines, cheap children (bindings serialised once), a disabled level a no-op.
 * pino is loaded only then: an app given its own logger (the cli's terminal logger, say) never
 * pays pino's ~30 ms import.
 */
import { createRequire } from 'node:module';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** One level's method: an object of fields first (an Error goes under `err`), or the message alone. */
export interface LogFn {
  (fields: unknown, message?: string, ...args: unknown[]): void;
  (message: string, ...args: unknown[]): void;
}

/** What core, adapters and plugins log through. pino's `Logger` satisfies it. */
export interface Logger {
  /** The lowest level written; settable. */
  level: string;
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  /** A logger that adds `bindings` to every line (and keeps the parent's level). */
  child(bindings: Record<string, unknown>): Logger;
  isLevelEnabled(level: string): boolean;
}

export interface LoggerOptions {
  /** A ready logger (it wins over `level`). */
  logger?: Logger;
  /** Level of the logger the app creates. Default `info`; `silent` for tests. */
  logLevel?: LogLevel;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  if (options.logger) return options.logger;
  // pino is CommonJS, so it can be required synchronously here, on first need.
  const { pino } = createRequire(import.meta.url)('pino') as typeof import('pino');
  return pino({ name: 'cqkit', level: options.logLevel ?? 'info' });
}
