import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCQ, stringifyCQ, toCQString, toSegments } from '../src/message/index.js';
import { codeSegment, segmentArray, trickyText } from './message-arbitraries.js';

describe('CQ-code round trips (property)', () => {
  it('parse(stringify(x)) deep-equals normalised x for arbitrary segment arrays', () => {
    fc.assert(
      fc.property(segmentArray, (segments) => {
        expect(parseCQ(stringifyCQ(segments))).toEqual(toSegments(segments));
      }),
      { numRuns: 1000 },
    );
  });

  it('a single text segment survives any text, including code-like and entity-like sequences', () => {
    fc.assert(
      fc.property(trickyText, (text) => {
        const expected = text === '' ? [] : [{ type: 'text', data: { text } }];
        expect(parseCQ(stringifyCQ([{ type: 'text', data: { text } }]))).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('a single code keeps every value, with all reserved characters and = inside', () => {
    fc.assert(
      fc.property(codeSegment, (segment) => {
        const [parsed, ...rest] = parseCQ(stringifyCQ([segment]));
        expect(rest).toEqual([]);
        expect(parsed).toEqual(toSegments(segment)[0]);
      }),
      { numRuns: 1000 },
    );
  });

  it('stringify(parse(s)) is a fixed point after one pass, for arbitrary strings', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        const once = stringifyCQ(parseCQ(s));
        expect(parseCQ(once)).toEqual(parseCQ(s));
        expect(stringifyCQ(parseCQ(once))).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('stringify(parse(s)) === s for strings that are already canonical', () => {
    fc.assert(
      fc.property(segmentArray, (segments) => {
        const canonical = toCQString(segments);
        expect(stringifyCQ(parseCQ(canonical))).toBe(canonical);
      }),
      { numRuns: 500 },
    );
  });

  it('autoEscape keeps any string as exactly one text segment', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        expect(toSegments(s, true)).toEqual(s === '' ? [] : [{ type: 'text', data: { text: s } }]);
        expect(parseCQ(toCQString(s, true))).toEqual(toSegments(s, true));
      }),
      { numRuns: 500 },
    );
  });
});
