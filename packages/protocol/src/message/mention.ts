import type { NumericId } from './builders.js';
import type { AnySegment, Segment } from './segment-types.js';

// Helpers for the hot path of command matching: they read segments in place and allocate only
// when they have to return something new.

function textData(segment: AnySegment | undefined): string | undefined {
  if (segment === undefined || segment.type !== 'text') return undefined;
  const text = (segment.data as Record<string, unknown>).text;
  return typeof text === 'string' ? text : undefined;
}

/** The text of the first segment when it is a text segment, else ''. */
export function leadingText(segments: readonly AnySegment[]): string {
  return textData(segments[0]) ?? '';
}

/**
 * Whether the message opens with text: the first segment is a non-empty text segment, and, when
 * `prefix` is given, its text starts with `prefix`.
 */
export function startsWithText(segments: readonly AnySegment[], prefix?: string): boolean {
  const text = textData(segments[0]);
  if (text === undefined || text === '') return false;
  return prefix === undefined || text.startsWith(prefix);
}

export interface ExtractAtOptions {
  /** Count `at all` as a mention of the bot (and remove it). Default false. */
  all?: boolean;
}

export interface AtExtraction<S extends AnySegment> {
  /** Whether the message @-mentions the bot. */
  mentioned: boolean;
  /**
   * The message without those mentions. When a mention is removed, the whitespace that clients
   * put after it is trimmed from the following text, text pieces brought together are merged and
   * empty ones dropped: `[CQ:at,qq=10001] /help` gives `/help`. When nothing is removed this is
   * the input array itself (not a copy).
   */
  segments: readonly (S | Segment<'text'>)[];
}

const LEADING_WHITESPACE = /^\s+/;

/** Finds the `at` segments that mention `selfId` and returns the message without them. */
export function extractAt<S extends AnySegment>(
  segments: readonly S[],
  selfId: NumericId,
  options: ExtractAtOptions = {},
): AtExtraction<S> {
  const self = String(selfId);
  const matches = (segment: S): boolean => {
    if (segment.type !== 'at') return false;
    const qq = (segment.data as Record<string, unknown>).qq;
    const target = typeof qq === 'number' ? String(qq) : qq;
    return target === self || (options.all === true && target === 'all');
  };
  let first = -1;
  for (let index = 0; index < segments.length; index++) {
    if (matches(segments[index]!)) {
      first = index;
      break;
    }
  }
  if (first === -1) return { mentioned: false, segments };

  const out: (S | Segment<'text'>)[] = segments.slice(0, first);
  let afterMention = false;
  for (let index = first; index < segments.length; index++) {
    const segment = segments[index]!;
    if (matches(segment)) {
      afterMention = true;
      continue;
    }
    let text = textData(segment);
    if (text === undefined) {
      out.push(segment);
      afterMention = false;
      continue;
    }
    if (afterMention) text = text.replace(LEADING_WHITESPACE, '');
    afterMention = false;
    if (text === '') continue;
    const previous = textData(out[out.length - 1]);
    if (previous !== undefined) out[out.length - 1] = { type: 'text', data: { text: previous + text } };
    else out.push(text === textData(segment) ? segment : { type: 'text', data: { text } });
  }
  return { mentioned: true, segments: out };
}
