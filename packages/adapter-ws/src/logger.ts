import { redactText } from '@cqkit/protocol';

/** The part of a logger the adapter uses: plain messages, which pino and console-style loggers accept. */
export interface LoggerLike {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function describeError(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}

/**
 * The app's logger with every line passed through redactText: URLs reach these lines from the config
 * and from socket errors, and a token in one must never be written.
 */
export function redactingLogger(logger: LoggerLike): LoggerLike {
  return {
    debug: (message) => logger.debug(redactText(message)),
    info: (message) => logger.info(redactText(message)),
    warn: (message) => logger.warn(redactText(message)),
    error: (message) => logger.error(redactText(message)),
  };
}
