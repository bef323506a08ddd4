/**
 * Turning a `message` parameter (string, segment array, one segment) into the segment array the
 * world stores. Strict where CQHTTP is strict (an empty message is retcode 100), tolerant where it
 * is tolerant (numbers and booleans in segment data become strings).
 */
import type { Segment } from '@cqkit/protocol';
import { readCQString } from '../wire/cq-code.js';
import { Fail } from './failure.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function dataValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** One segment object from untrusted input, or a 100 failure. */
export function readSegment(value: unknown): Segment {
  if (!isPlainObject(value) || typeof value.type !== 'string' || value.type === '') {
    throw Fail.badParams('a message segment must be an object with a non-empty string "type"');
  }
  const data: Record<string, string> = {};
  if (value.data !== undefined && value.data !== null) {
    if (!isPlainObject(value.data)) throw Fail.badParams(`segment "${value.type}": data must be an object`);
    for (const [k, v] of Object.entries(value.data)) {
      const s = dataValue(v);
      if (s !== undefined) data[k] = s;
    }
  }
  return { type: value.type, data };
}

/** Merge adjacent text segments and drop empty ones, as CQHTTP does with arrays. */
export function compactSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const seg of segments) {
    if (seg.type === 'text') {
      const text = seg.data.text ?? '';
      if (text === '') continue;
      const last = out[out.length - 1];
      if (last?.type === 'text') {
        last.data = { text: (last.data.text ?? '') + text };
        continue;
      }
      out.push({ type: 'text', data: { text } });
    } else {
      out.push({ type: seg.type, data: { ...seg.data } });
    }
  }
  return out;
}

/** The segments of a message parameter; retcode 100 when it is missing, malformed or empty. */
export function readMessage(value: unknown, autoEscape: boolean): Segment[] {
  let segments: Segment[];
  if (typeof value === 'string') {
    segments = autoEscape ? [{ type: 'text', data: { text: value } }] : readCQString(value).map((s) => readSegment(s));
  } else if (Array.isArray(value)) {
    segments = value.map((s) => readSegment(s));
  } else if (isPlainObject(value)) {
    segments = [readSegment(value)];
  } else {
    throw Fail.badParams('message must be a string, a segment array or a segment object');
  }
  const compact = compactSegments(segments);
  if (compact.length === 0) throw Fail.badParams('message is empty');
  return compact;
}

/** Only the text of a message, for the outbox and the terminal. */
export function plainTextOf(segments: readonly Segment[]): string {
  return segments
    .filter((s) => s.type === 'text')
    .map((s) => s.data.text ?? '')
    .join('');
}
