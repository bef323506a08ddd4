// The sandbox's own CQ-code reader/writer, checked against message.md and against @cqkit/protocol's
// independent implementation: two implementations of one spec must agree on every input.
import { parseCQ, stringifyCQ } from '@cqkit/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, encodeText, encodeValue, readCQString, writeCQString } from '../src/wire/cq-code.js';

describe('sandbox CQ codes', () => {
  it('reads the worked example of message.md section 4', () => {
    const s = 'a&#91;1&#93; &amp; b,c[CQ:face,id=14][CQ:share,title=x&#44;y,url=http://e.com/?a=1&amp;b=2]';
    expect(readCQString(s)).toEqual([
      { type: 'text', data: { text: 'a[1] & b,c' } },
      { type: 'face', data: { id: '14' } },
      { type: 'share', data: { title: 'x,y', url: 'http://e.com/?a=1&b=2' } },
    ]);
  });

  it('keeps escaped codes as text and splits a parameter at its first =', () => {
    expect(readCQString('&#91;CQ:at,qq=all&#93;')).toEqual([{ type: 'text', data: { text: '[CQ:at,qq=all]' } }]);
    expect(readCQString('[CQ:share,title=a=b,url=http://x]')).toEqual([{ type: 'share', data: { title: 'a=b', url: 'http://x' } }]);
    expect(readCQString('[CQ:bad-type,x=1]')).toEqual([{ type: 'text', data: { text: '[CQ:bad-type,x=1]' } }]);
    expect(readCQString('[CQ:at,qq=1')).toEqual([{ type: 'text', data: { text: '[CQ:at,qq=1' } }]);
    expect(decodeEntities('&amp;#91;')).toBe('&#91;');
    expect(decodeEntities('&lt;&#12345;')).toBe('&lt;&#12345;');
  });

  it('escapes & first, and commas only in values', () => {
    expect(encodeText('[&]')).toBe('&#91;&amp;&#93;');
    expect(encodeValue('a,&b')).toBe('a&#44;&amp;b');
    expect(writeCQString([{ type: 'text', data: { text: 'x,y' } }, { type: 'share', data: { url: 'u', title: 'a,b' } }])).toBe(
      'x,y[CQ:share,title=a&#44;b,url=u]',
    );
  });

  it('agrees with @cqkit/protocol on arbitrary strings', () => {
    const alphabet = fc.constantFrom('[', ']', '&', ',', '=', 'C', 'Q', ':', 'a', '#', '9', '1', ';', 'amp', '你', ' ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const s = chars.join('');
        expect(readCQString(s)).toEqual(parseCQ(s));
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips what it writes, and protocol reads it the same', () => {
    const value = fc.string({ unit: fc.constantFrom('[', ']', '&', ',', '=', 'x', '#', ';', '你', ' ') });
    const seg = fc.oneof(
      value.filter((t) => t !== '').map((text) => ({ type: 'text', data: { text } })),
      fc.record({ type: fc.constantFrom('at', 'face', 'share'), data: fc.dictionary(fc.constantFrom('a', 'id', 'qq'), value) }),
    );
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 6 }), (segs) => {
        const s = writeCQString(segs);
        expect(readCQString(s)).toEqual(parseCQ(s));
        expect(writeCQString(readCQString(s))).toBe(s.length === 0 ? '' : writeCQString(parseCQ(s)));
      }),
      { numRuns: 300 },
    );
    expect(stringifyCQ(readCQString('x[CQ:face,id=1]'))).toBe('x[CQ:face,id=1]');
  });
});
