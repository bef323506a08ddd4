import { redactText } from '@cqkit/protocol';

/** The part of a logger the adapter uses: plain messages, which pino and console-style loggers accept. */
export interface LoggerLike {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Core's describer, re-exported where this package's modules already import it from. */
export { describeError } from '@cqkit/core';

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
