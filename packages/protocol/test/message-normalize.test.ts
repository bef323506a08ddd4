import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AnySegment,
  isMessage,
  isSegment,
  type Segment,
  segment,
  stringifyCQ,
  toCQString,
  toSegments,
} from '../src/message/index.js';

const text = (t: string) => ({ type: 'text', data: { text: t } });

describe('toSegments', () => {
  it('parses a string as CQ codes', () => {
    expect(toSegments('hi[CQ:at,qq=10001]')).toEqual([text('hi'), { type: 'at', data: { qq: '10001' } }]);
  });

  it('takes a string as one text segment with autoEscape', () => {
    expect(toSegments('hi[CQ:at,qq=10001]&amp;', true)).toEqual([text('hi[CQ:at,qq=10001]&amp;')]);
    expect(toSegments('', true)).toEqual([]);
  });

  it('wraps a single segment (autoEscape ignored)', () => {
    expect(toSegments({ type: 'face', data: { id: 14 } }, true)).toEqual([{ type: 'face', data: { id: '14' } }]);
    expect(toSegments({ type: 'shake', data: null })).toEqual([{ type: 'shake', data: {} }]);
    expect(toSegments({ type: 'shake' })).toEqual([{ type: 'shake', data: {} }]);
  });

  it('copies an array: fresh array and fresh data objects, input untouched', () => {
    const input = [text('a'), { type: 'at', data: { qq: '1' } }];
    const output = toSegments(input);
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
    expect(output[1]!.data).not.toBe(input[1]!.data);
    expect(toSegments('[CQ:face,id=1]', true)).toEqual([text('[CQ:face,id=1]')]);
  });

  it('coerces data values to strings and leaves out null and undefined', () => {
    expect(
      toSegments([{ type: 'x', data: { n: 123, b: true, f: false, z: null, u: undefined, o: ['a'] as unknown as string } }]),
    ).toEqual([{ type: 'x', data: { n: '123', b: 'true', f: 'false', o: '["a"]' } }]);
  });

  it('merges adjacent text (also from a mutable input, without mutating it) and drops empty text', () => {
    const input = [text('a'), text(''), text('b'), { type: 'face', data: { id: '1' } }, text(''), text('c'), text('d')];
    expect(toSegments(input)).toEqual([text('ab'), { type: 'face', data: { id: '1' } }, text('cd')]);
    expect(input[0]).toEqual(text('a'));
    expect(toSegments([text('')])).toEqual([]);
    expect(toSegments([{ type: 'text', data: { text: 5 } }])).toEqual([text('5')]);
  });

  it('keeps node content a string, or normalises it as a nested message', () => {
    expect(toSegments({ type: 'node', data: { user_id: 1, nickname: 'n', content: 'hi[CQ:face,id=1]' } })).toEqual([
      { type: 'node', data: { user_id: '1', nickname: 'n', content: 'hi[CQ:face,id=1]' } },
    ]);
    expect(
      toSegments({ type: 'node', data: { user_id: '1', nickname: 'n', content: [text('a'), text('b'), { type: 'face', data: { id: 2 } }] } }),
    ).toEqual([{ type: 'node', data: { user_id: '1', nickname: 'n', content: [text('ab'), { type: 'face', data: { id: '2' } }] } }]);
    expect(toSegments({ type: 'node', data: { user_id: '1', nickname: 'n', content: { type: 'face', data: { id: 3 } } } })).toEqual([
      { type: 'node', data: { user_id: '1', nickname: 'n', content: [{ type: 'face', data: { id: '3' } }] } },
    ]);
  });

  it('throws a TypeError naming the bad element', () => {
    expect(() => toSegments([text('a'), 42 as unknown as Segment])).toThrow(/element 1 is not a segment/);
    expect(() => toSegments(null as unknown as string)).toThrow(TypeError);
    expect(() => toSegments({ type: '' } as Segment)).toThrow(TypeError);
  });

  it('types: event-shaped input gives Segment[], loose input gives AnySegment[]', () => {
    expectTypeOf(toSegments('x')).toEqualTypeOf<Segment[]>();
    expectTypeOf(toSegments([segment.node(1)])).toEqualTypeOf<AnySegment[]>();
  });
});

describe('toCQString and stringifyCQ', () => {
  it('returns a string message as it is, or escaped with autoEscape', () => {
    expect(toCQString('[CQ:face,id=1]&amp;')).toBe('[CQ:face,id=1]&amp;');
    expect(toCQString('[CQ:face,id=1]&', true)).toBe('&#91;CQ:face,id=1&#93;&amp;');
  });

  it('writes a single segment and an array', () => {
    expect(toCQString(segment.at(10001))).toBe('[CQ:at,qq=10001]');
    expect(toCQString([segment.text('hi, [you]'), segment.face(1)])).toBe('hi, &#91;you&#93;[CQ:face,id=1]');
  });

  it('trap: parameter values are escaped when building, commas included', () => {
    expect(stringifyCQ([segment.share({ url: 'http://e.com/?a=1&b=2', title: 'x,y [z]' })])).toBe(
      '[CQ:share,url=http://e.com/?a=1&amp;b=2,title=x&#44;y &#91;z&#93;]',
    );
    expect(stringifyCQ([segment.json({ a: [1, 2] })])).toBe('[CQ:json,data={"a":&#91;1&#44;2&#93;}]');
  });

  it('stringifies non-string values: numbers and booleans via String, objects via JSON', () => {
    expect(stringifyCQ([{ type: 'x', data: { n: 1.5, b: false, o: { k: 'v' } as unknown as string, u: undefined } }])).toBe(
      '[CQ:x,n=1.5,b=false,o={"k":"v"}]',
    );
  });

  it('writes a text segment as its escaped text only, an empty one as nothing', () => {
    expect(stringifyCQ([text('a,b&c'), text('')])).toBe('a,b&amp;c');
  });

  it('refuses a node whose content is an array, with a clear TypeError', () => {
    const node = segment.node({ user_id: 1, nickname: 'n', content: [segment.text('hi')] });
    expect(() => stringifyCQ([node])).toThrow(TypeError);
    expect(() => stringifyCQ([node])).toThrow(/array form/);
    expect(stringifyCQ([segment.node({ user_id: 1, nickname: 'n', content: 'a,b' })])).toBe(
      '[CQ:node,user_id=1,nickname=n,content=a&#44;b]',
    );
  });

  it('refuses type names and keys that a CQ code cannot carry', () => {
    expect(() => stringifyCQ([{ type: 'my_type', data: {} }])).toThrow(/ASCII letters and digits/);
    expect(() => stringifyCQ([{ type: 'x', data: { 'a=b': '1' } }])).toThrow(/keys cannot contain/);
  });
});

describe('isSegment and isMessage', () => {
  it('accept every message shape', () => {
    expect(isSegment({ type: 'at', data: { qq: '1' } })).toBe(true);
    expect(isSegment({ type: 'shake', data: null })).toBe(true);
    expect(isSegment({ type: 'shake' })).toBe(true);
    expect(isMessage('')).toBe(true);
    expect(isMessage([])).toBe(true);
    expect(isMessage([segment.text('a'), segment.at('all')])).toBe(true);
    expect(isMessage(segment.face(1))).toBe(true);
  });

  it('reject garbage', () => {
    for (const bad of [null, undefined, 1, {}, { type: 1 }, { type: '' }, { type: 'x', data: 'y' }, { type: 'x', data: [] }, [[]]]) {
      expect(isSegment(bad)).toBe(false);
    }
    expect(isMessage([segment.text('a'), 'b'])).toBe(false);
    expect(isMessage(42)).toBe(false);
  });

  it('never throw, even on hostile objects', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(isSegment(hostile)).toBe(false);
    expect(isMessage(hostile)).toBe(false);
    expect(isMessage([hostile])).toBe(false);
  });
});
