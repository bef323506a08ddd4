// Small helpers for building segment data objects safely and converting loose input values.

/**
 * Sets `key` on a data object. A key named `__proto__` (possible in a CQ code) would change the
 * object's prototype through plain assignment, so it is defined as an own property instead.
 */
import { MessageFormatError } from '../errors.js';
export function setDataKey(data: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    data[key] = value;
  }
}

/**
 * Converts one segment data value to its wire string: strings as they are, numbers, bigints and
 * booleans through String (CQHTTP's `123` -> "123", `true` -> "true"), anything else through JSON.
 */
export function stringifyDataValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    default: {
      let json: string | undefined;
      try {
        json = JSON.stringify(value);
      } catch (error) {
        throw new MessageFormatError(`segment data value cannot be converted to a string: ${(error as Error).message}`);
      }
      // JSON.stringify gives undefined for functions and symbols.
      return json === undefined ? String(value) : json;
    }
  }
}
