/**
 * The cli's logger: lines written for people, to stderr (stdout belongs to the terminal chat):
 * `12:00:01 INFO  [dice] loaded`. It is core's `Logger` (pino's calling convention, levels, child
 * bindings) formatting each record straight into that line. It used to be pino writing JSON that
 * this module parsed back; pino's import alone was ~30 ms of the bot's start-up, for lines nobody
 * reads as JSON. Apps embedding core without the cli still get pino (core's createLogger).
 */
import type { Logger, LogLevel } from '@cqkit/core';
import { redactText } from '@cqkit/protocol';

/**
 * node:util only for a line that needs it (printf arguments, a value JSON cannot show): importing it
 * at start-up loads three more of Node's own modules.
 */
const util = () => process.getBuiltinModule('node:util');

const levelValues: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Number.POSITIVE_INFINITY };
const levelLabels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Keys shown elsewhere in the line (source, message) or not worth a terminal's width. */
const hidden = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'plugin', 'adapter', 'v']);

function levelValue(level: string): number {
  const value = Object.hasOwn(levelValues, level) ? levelValues[level as LogLevel] : undefined;
  if (value === undefined) throw new RangeError(`unknown log level "${level}"; one of ${Object.keys(levelValues).join(', ')}`);
  return value;
}

/** What an `err` field says: an Error's message, or a serialised error's. */
function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return JSON.stringify(value.message);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // A cycle or a bigint: still one line, never a throw out of a log call.
    return util().inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 3 });
  }
}

/**
 * One record as a short human line. The whole line goes through redactText last: whatever a plugin
 * or an adapter put in it, a URL's credentials and token query values are not written.
 */
export function formatRecord(level: number, time: number, fields: Readonly<Record<string, unknown>>, message: string): string {
  const clock = new Date(time).toISOString().slice(11, 19);
  const source = fields.plugin ?? fields.adapter;
  let extras = '';
  for (const key of Object.keys(fields)) {
    if (hidden.has(key)) continue;
    extras += key === 'err' ? ` error=${JSON.stringify(errorMessage(fields.err))}` : ` ${key}=${showValue(fields[key])}`;
  }
  return redactText(`${clock} ${levelLabels[level] ?? String(level)} ${source !== undefined ? `[${String(source)}] ` : ''}${message}${extras}\n`);
}

class TerminalLogger implements Logger {
  #level = 'info';
  #threshold = 30;

  constructor(
    level: string,
    private readonly out: Pick<NodeJS.WritableStream, 'write'>,
    private readonly bindings: Readonly<Record<string, unknown>>,
  ) {
    this.level = level;
  }

  get level(): string {
    return this.#level;
  }

  set level(level: string) {
    this.#threshold = levelValue(level);
    this.#level = level;
  }

  isLevelEnabled(level: string): boolean {
    return levelValue(level) >= this.#threshold;
  }

  child(bindings: Record<string, unknown>): Logger {
    return new TerminalLogger(this.level, this.out, { ...this.bindings, ...bindings });
  }

  fatal(first: unknown, ...rest: unknown[]): void {
    this.#write(60, first, rest);
  }
  error(first: unknown, ...rest: unknown[]): void {
    this.#write(50, first, rest);
  }
  warn(first: unknown, ...rest: unknown[]): void {
    this.#write(40, first, rest);
  }
  info(first: unknown, ...rest: unknown[]): void {
    this.#write(30, first, rest);
  }
  debug(first: unknown, ...rest: unknown[]): void {
    this.#write(20, first, rest);
  }
  trace(first: unknown, ...rest: unknown[]): void {
    this.#write(10, first, rest);
  }

  /** pino's convention: (fields, message?, ...args) or (message, ...args); an Error goes under `err`. */
  #write(level: number, first: unknown, rest: unknown[]): void {
    if (level < this.#threshold) return;
    let fields: Record<string, unknown> = this.bindings;
    let template: unknown = first;
    let args = rest;
    if (first !== null && typeof first === 'object') {
      const own = first instanceof Error ? { err: first } : (first as Record<string, unknown>);
      fields = { ...this.bindings, ...own };
      [template, ...args] = rest;
      if (template === undefined) template = first instanceof Error ? first.message : own.msg;
    }
    const message = template === undefined ? '' : args.length > 0 ? util().format(template, ...args) : String(template);
    this.out.write(formatRecord(level, Date.now(), fields, message));
  }
}

export function createCliLogger(level: LogLevel, out: Pick<NodeJS.WritableStream, 'write'> = process.stderr): Logger {
  return new TerminalLogger(level, out, {});
}
