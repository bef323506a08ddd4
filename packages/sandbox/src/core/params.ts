/**
 * Reading action parameters the way CQHTTP does (transport.md 1.1): values may come as JSON values
 * or as strings (query, form), and each reader converts on read.
 * - integers: JSON integers as-is; strings parsed as a leading decimal integer ("123abc" -> 123);
 *   floats and unparsable strings count as absent (so the default applies);
 * - booleans: JSON booleans; strings yes/true/1 and no/false/0 (any case); anything else absent;
 * - strings: only JSON strings (a number where a string is expected is absent);
 * - message: a string, a segment array or one segment object.
 * Defaults come from the catalogue (actionTable), so a reader never invents its own.
 */
import type { ActionSpec } from '@cqkit/protocol';
import { Fail } from './failure.js';

export type RawParams = Readonly<Record<string, unknown>>;

const leadingInt = /^\s*([+-]?\d+)/;

export function coerceInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string') {
    const match = leadingInt.exec(value);
    if (!match?.[1]) return undefined;
    const n = Number.parseInt(match[1], 10);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

export function coerceBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'yes' || v === 'true' || v === '1') return true;
    if (v === 'no' || v === 'false' || v === '0') return false;
  }
  return undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Typed access to one call's parameters, with the action's catalogue defaults and aliases. */
export class Params {
  private readonly values: Record<string, unknown>;

  constructor(
    raw: RawParams,
    private readonly spec: ActionSpec | undefined,
  ) {
    const values: Record<string, unknown> = { ...raw };
    // Older names (is_raw, flag, type, bus_id, id...) stand in for the current ones when those are absent.
    for (const [alias, current] of Object.entries(spec?.paramAliases ?? {})) {
      if (values[current] === undefined && values[alias] !== undefined) values[current] = values[alias];
    }
    this.values = values;
  }

  /** The value as given (after alias mapping), unconverted. */
  raw(name: string): unknown {
    return this.values[name];
  }

  /** True when the key was given at all (CQHTTP's send_msg inference looks only at presence). */
  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  private fallback(name: string): unknown {
    return this.spec?.params.find((p) => p.name === name)?.default ?? undefined;
  }

  int(name: string): number | undefined {
    const v = coerceInt(this.values[name]);
    if (v !== undefined) return v;
    const d = this.fallback(name);
    return typeof d === 'number' ? d : undefined;
  }

  /** An id that must be a positive integer; otherwise retcode 100. */
  id(name: string): number {
    const v = this.int(name);
    if (v === undefined || v <= 0) throw Fail.badParams(`${name} must be a positive integer`);
    return v;
  }

  bool(name: string): boolean {
    const v = coerceBool(this.values[name]);
    if (v !== undefined) return v;
    return this.fallback(name) === true;
  }

  str(name: string): string | undefined {
    const v = this.values[name];
    if (typeof v === 'string') return v;
    const d = this.fallback(name);
    return typeof d === 'string' ? d : undefined;
  }

  /** A string that must be present and non-empty; otherwise retcode 100. */
  requiredStr(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw Fail.badParams(`${name} must be a non-empty string`);
    return v;
  }

  /** A string or an integer given as either (e.g. forward ids), as a string. */
  strOrInt(name: string): string | undefined {
    const v = this.values[name];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
    return undefined;
  }

  object(name: string): Record<string, unknown> | undefined {
    const v = this.values[name];
    return isPlainObject(v) ? v : undefined;
  }

  array(name: string): unknown[] | undefined {
    const v = this.values[name];
    return Array.isArray(v) ? v : undefined;
  }
}
