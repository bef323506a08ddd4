import type { Logger } from '../../src/core-contract.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A logger that keeps its lines for assertions. Only the plain-message form is used by the adapter. */
export function recordingLogger(): { logger: Logger; lines: LogLine[]; text(level?: LogLine['level']): string } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (message: unknown): void => {
      lines.push({ level, message: String(message) });
    };
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), trace: at('debug'), fatal: at('error') };
  return {
    logger: logger as unknown as Logger,
    lines,
    text: (level) => lines.filter((l) => level === undefined || l.level === level).map((l) => l.message).join('\n'),
  };
}
