import type { Message, SegmentInput } from './segment-types.js';

function isSegmentUnsafe(value: unknown): value is SegmentInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (typeof type !== 'string' || type === '') return false;
  return data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
}

/**
 * Tells whether a value has the segment shape: an object with a non-empty string `type` and a
 * `data` that is an object, `null` or absent. Data values are not inspected (any value is
 * stringified on output). Never throws, even on hostile proxies or getters.
 */
export function isSegment(value: unknown): value is SegmentInput {
  try {
    return isSegmentUnsafe(value);
  } catch {
    return false;
  }
}

/** Tells whether a value is a message: a string, a segment, or an array of segments. Never throws. */
export function isMessage(value: unknown): value is Message {
  if (typeof value === 'string') return true;
  try {
    if (Array.isArray(value)) {
      for (const item of value) if (!isSegmentUnsafe(item)) return false;
      return true;
    }
    return isSegmentUnsafe(value);
  } catch {
    return false;
  }
}
