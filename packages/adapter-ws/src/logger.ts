/** The part of a logger the adapter uses: plain messages, which pino and console-style loggers accept. */
export interface LoggerLike {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Core's describer, re-exported where this package's modules already import it from. */
export { describeError } from '@cqkit/core';
