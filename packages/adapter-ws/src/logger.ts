/** The part of a logger the adapter uses: plain messages, which pino and console-style loggers accept. */
export interface LoggerLike {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
