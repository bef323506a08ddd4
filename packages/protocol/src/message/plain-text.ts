import { unescapeCQ } from './escape.js';
import { isSegment } from './guards.js';
import { parseCQ } from './parse.js';
import { stringifyDataValue } from './segment-data.js';
import type { Message, SegmentInput } from './segment-types.js';

export interface PlainTextOptions {
  /**
   * How to render an `at` segment (given its `qq`, a number or 'all'). Without it mentions are
   * skipped like every other non-text segment.
   */
  at?: (qq: string) => string;
}

function textOf(segment: SegmentInput, options: PlainTextOptions | undefined): string {
  const data = segment.data;
  if (segment.type === 'text') {
    const text = data?.text;
    return text === undefined || text === null ? '' : stringifyDataValue(text);
  }
  if (segment.type === 'at' && options?.at) {
    const qq = data?.qq;
    return options.at(qq === undefined || qq === null ? '' : stringifyDataValue(qq));
  }
  return '';
}

/**
 * The text of a message, for matching: the `text` segments' contents joined with nothing in
 * between (unlike CQHTTP's helper, which inserts spaces, so `a[CQ:face,id=1]b` reads `ab`),
 * every other segment skipped, `at` rendered only through `options.at`. Nothing is trimmed.
 * A string is read as CQ codes; values that are not messages give ''.
 */
export function plainText(message: Message, options?: PlainTextOptions): string {
  if (typeof message === 'string') {
    // Without any code the whole string is one text run.
    if (!message.includes('[CQ:')) return unescapeCQ(message);
    return plainText(parseCQ(message), options);
  }
  if (Array.isArray(message)) {
    let out = '';
    for (const item of message as readonly unknown[]) if (isSegment(item)) out += textOf(item, options);
    return out;
  }
  return isSegment(message) ? textOf(message, options) : '';
}
