import { MessageFormatError } from '../errors.js';
import { isSegment } from './guards.js';
import { parseCQ } from './parse.js';
import { setDataKey, stringifyDataValue } from './segment-data.js';
import type { AnySegment, Message, Segment, SegmentInput } from './segment-types.js';
import { stringifyCQ, stringifySegment } from './stringify.js';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object without a string type' : `a ${typeof value}`;
}

function appendText(out: AnySegment[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last !== undefined && last.type === 'text') {
    // Only text segments created here are ever the last element, so mutating it is safe.
    const data = last.data as Record<string, string>;
    data.text = (data.text ?? '') + text;
  } else {
    out.push({ type: 'text', data: { text } });
  }
}

function appendSegment(out: AnySegment[], segment: SegmentInput): void {
  const source = segment.data;
  if (segment.type === 'text') {
    const text = source?.text;
    appendText(out, text === undefined || text === null ? '' : stringifyDataValue(text));
    return;
  }
  const data: Record<string, unknown> = {};
  if (source) {
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (value === undefined || value === null) continue;
      // The content of a custom node is the one nested message: keep it a string or an array.
      const keepMessage = segment.type === 'node' && key === 'content' && typeof value === 'object';
      setDataKey(data, key, keepMessage ? toSegments(value as Message) : stringifyDataValue(value));
    }
  }
  out.push({ type: segment.type, data } as AnySegment);
}

function segmentsOf(items: readonly unknown[]): AnySegment[] {
  const out: AnySegment[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (!isSegment(item)) {
      throw new MessageFormatError(`message element ${index} is not a segment ({ type, data }): got ${describe(item)}`);
    }
    appendSegment(out, item);
  }
  return out;
}

/**
 * Normalises any message shape to a fresh segment array (message.md sections 1 and 7):
 * a string is parsed as CQ codes, or taken as one text segment when `autoEscape` is true
 * (`autoEscape` is ignored for segments and arrays, as on the server); a single segment is
 * wrapped; an array is copied. Data values become strings (`null`/`undefined` entries dropped),
 * except the content of a custom `node`, which stays a string or becomes a normalised array.
 * Adjacent text segments are merged and empty ones dropped, so an empty message gives `[]`.
 * Throws a TypeError naming the element when the input is not a message.
 */
export function toSegments(message: string | Segment | readonly Segment[], autoEscape?: boolean): Segment[];
export function toSegments(message: Message, autoEscape?: boolean): AnySegment[];
export function toSegments(message: Message, autoEscape = false): AnySegment[] {
  if (typeof message === 'string') {
    if (!autoEscape) return parseCQ(message);
    return message === '' ? [] : [{ type: 'text', data: { text: message } }];
  }
  if (Array.isArray(message)) return segmentsOf(message);
  if (isSegment(message)) return segmentsOf([message]);
  throw new MessageFormatError(`a message must be a string, a segment or a segment array: got ${describe(message)}`);
}

/**
 * Renders any message shape as a CQ-code string. A string is returned as it is (it already is
 * CQ-code form), or escaped when `autoEscape` is true. Throws a TypeError for what a string cannot
 * carry (see {@link stringifySegment}).
 */
export function toCQString(message: Message, autoEscape = false): string {
  if (typeof message === 'string') return autoEscape ? stringifySegment({ type: 'text', data: { text: message } }) : message;
  if (Array.isArray(message)) return stringifyCQ(message);
  if (isSegment(message)) return stringifySegment(message);
  throw new MessageFormatError(`a message must be a string, a segment or a segment array: got ${describe(message)}`);
}

