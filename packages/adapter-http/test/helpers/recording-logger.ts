import type { Logger } from '../../src/core-contract.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/**
 * A logger that keeps its lines for assertions. It takes both call forms core and the adapter use
 * (`log.warn('text')` and pino's `log.warn({ ...fields }, 'text')`), and `child()` shares the lines.
 */
export function recordingLogger(): { logger: Logger; lines: LogLine[]; text(level?: LogLine['level']): string } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (first: unknown, second?: unknown): void => {
      const message = typeof first === 'string' ? first : typeof second === 'string' ? second : JSON.stringify(first);
      lines.push({ level, message });
    };
  const logger: Record<string, unknown> = {
    level: 'debug',
    trace: at('debug'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('error'),
    silent: () => {},
    isLevelEnabled: () => true,
  };
  logger.child = () => logger;
  return {
    logger: logger as unknown as Logger,
    lines,
    text: (level) =>
      lines
        .filter((l) => level === undefined || l.level === level)
        .map((l) => l.message)
        .join('\n'),
  };
}
