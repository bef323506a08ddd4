import type { SegmentMap } from './segment-map.js';

/**
 * Data shape of a segment type: the precise shape from {@link SegmentMap} for a known type,
 * string-valued data for any other (servers pass unknown CoolQ codes through unchanged).
 */
export type SegmentDataOf<T extends string> = T extends keyof SegmentMap ? SegmentMap[T] : Record<string, string>;

/**
 * One message segment: `{ type, data }` (message.md section 2). On the wire every data value is a
 * string; the one exception is the `content` of a custom `node`, which may be a segment array.
 * `Segment<'at'>` is precise (`data: { qq: string }`); plain `Segment` is any segment with
 * string data, which is what parsing and events produce.
 */
export interface Segment<T extends string = string, D extends object = SegmentDataOf<T>> {
  type: T;
  data: D;
}

/** A segment as produced by normalisation: string data, or a custom `node` whose content is an array. */
export type AnySegment = Segment | Segment<'node'>;

/**
 * A value accepted in segment data on input. Strings are the wire form; numbers and booleans are
 * tolerated and stringified; `null`/`undefined` mean "absent"; a message is the content of a custom node.
 */
export type SegmentInputValue = string | number | boolean | null | undefined | Message;

/**
 * A segment as accepted on input (API parameters, quick-operation replies). Looser than
 * {@link Segment}: `data` may be missing or `null`, values may be numbers or booleans.
 * Data shapes must be type aliases or object literals (interfaces carry no index signature).
 */
export interface SegmentInput {
  readonly type: string;
  readonly data?: { readonly [key: string]: SegmentInputValue } | null;
}

/** Anything a message parameter accepts: a CQ-code string, a segment array, or one segment. */
export type Message = string | SegmentInput | readonly SegmentInput[];

/** Message as carried in events: a CQ-code string or a segment array, per the server's format. */
export type EventMessage = string | Segment[];
