import { describe, expect, it } from 'vitest';
import { parseCQ, stringifyCQ } from '../src/message/index.js';

const text = (t: string) => ({ type: 'text', data: { text: t } });

describe('parseCQ: the algorithm of message.md section 3', () => {
  it('parses text and codes in order, with and without parameters', () => {
    expect(parseCQ('hi [CQ:face,id=14] there[CQ:shake]')).toEqual([
      text('hi '),
      { type: 'face', data: { id: '14' } },
      text(' there'),
      { type: 'shake', data: {} },
    ]);
  });

  it('gives [] for the empty string and one text segment for plain text', () => {
    expect(parseCQ('')).toEqual([]);
    expect(parseCQ('hello, world')).toEqual([text('hello, world')]);
  });

  it('trap: escaped &#91;CQ:at,qq=all&#93; stays text and never becomes an at', () => {
    const segments = parseCQ('&#91;CQ:at,qq=all&#93;');
    expect(segments).toEqual([text('[CQ:at,qq=all]')]);
    expect(segments.some((s) => s.type === 'at')).toBe(false);
    // Mixed with a real code, the escaped one still stays text.
    expect(parseCQ('x&#91;CQ:at,qq=all&#93;[CQ:at,qq=1]')).toEqual([text('x[CQ:at,qq=all]'), { type: 'at', data: { qq: '1' } }]);
  });

  it('trap: &amp;#91; in text is the literal &#91; (unescaped last)', () => {
    expect(parseCQ('&amp;#91;CQ:face,id=1&amp;#93;')).toEqual([text('&#91;CQ:face,id=1&#93;')]);
  });

  it('trap: only the first = splits key and value', () => {
    expect(parseCQ('[CQ:share,title=a=b,url=http://x]')).toEqual([
      { type: 'share', data: { title: 'a=b', url: 'http://x' } },
    ]);
    expect(parseCQ('[CQ:json,data==]')).toEqual([{ type: 'json', data: { data: '=' } }]);
  });

  it('trap: a bad type character aborts the candidate, keeps the text, resumes at that character', () => {
    expect(parseCQ('[CQ:a_b,qq=1]')).toEqual([text('[CQ:a_b,qq=1]')]);
    expect(parseCQ('[CQ:at qq=1]')).toEqual([text('[CQ:at qq=1]')]);
    // The offending character is itself the start of a real code.
    expect(parseCQ('[CQ:ab[CQ:face,id=2]!')).toEqual([text('[CQ:ab'), { type: 'face', data: { id: '2' } }, text('!')]);
    // Aborted text and the following run form one text segment, unescaped as a whole.
    expect(parseCQ('&amp;[CQ:x-y]&#44;')).toEqual([text('&[CQ:x-y],')]);
  });

  it('trap: an empty type is not a code', () => {
    expect(parseCQ('[CQ:,qq=1]')).toEqual([text('[CQ:,qq=1]')]);
    expect(parseCQ('[CQ:]')).toEqual([text('[CQ:]')]);
  });

  it('trap: an unclosed code is text', () => {
    expect(parseCQ('a[CQ:face,id=1')).toEqual([text('a[CQ:face,id=1')]);
    expect(parseCQ('a[CQ:face')).toEqual([text('a[CQ:face')]);
    expect(parseCQ('[CQ:a')).toEqual([text('[CQ:a')]);
    expect(parseCQ('[CQ:face,id=1][CQ:at,qq=2')).toEqual([{ type: 'face', data: { id: '1' } }, text('[CQ:at,qq=2')]);
  });

  it('requires the exact, case-sensitive prefix [CQ:', () => {
    expect(parseCQ('[cq:face,id=1][CQ face][ CQ:face]')).toEqual([text('[cq:face,id=1][CQ face][ CQ:face]')]);
  });

  it('takes parameters up to the first ], so [ inside parameters is part of a value', () => {
    expect(parseCQ('[CQ:at,qq=[CQ:face,id=1]]')).toEqual([{ type: 'at', data: { qq: '[CQ:face', id: '1' } }, text(']')]);
  });

  it('trap: keys are trimmed, values are not', () => {
    expect(parseCQ('[CQ:share, url = http://x ,\ttitle\n= t ]')).toEqual([
      { type: 'share', data: { url: ' http://x ', title: ' t ' } },
    ]);
  });

  it('drops pieces without =, keeps empty values, later duplicates win', () => {
    expect(parseCQ('[CQ:image,file=a.png,,flag,url=,file=b.png]')).toEqual([
      { type: 'image', data: { file: 'b.png', url: '' } },
    ]);
    expect(parseCQ('[CQ:face,]')).toEqual([{ type: 'face', data: {} }]);
  });

  it('unescapes values but never keys', () => {
    expect(parseCQ('[CQ:x,k&amp;=v&amp;&#44;&#91;&#93;]')).toEqual([{ type: 'x', data: { 'k&amp;': 'v&,[]' } }]);
  });

  it('keeps a key named __proto__ as an own data entry, without touching the prototype', () => {
    const [segment] = parseCQ('[CQ:x,__proto__=evil,a=1]');
    expect(Object.getPrototypeOf(segment!.data)).toBe(Object.prototype);
    expect(Object.keys(segment!.data)).toEqual(['__proto__', 'a']);
    expect(Object.getOwnPropertyDescriptor(segment!.data, '__proto__')?.value).toBe('evil');
  });

  it('keeps unknown codes with their string data', () => {
    expect(parseCQ('[CQ:show,id=40000,x=1]')).toEqual([{ type: 'show', data: { id: '40000', x: '1' } }]);
  });

  it('merges adjacent text and drops empty runs (a [CQ:text] code counts as text)', () => {
    expect(parseCQ('a[CQ:text,text=b&#44;]c[CQ:text]')).toEqual([text('ab,c')]);
    expect(parseCQ('[CQ:face,id=1][CQ:face,id=2]')).toEqual([
      { type: 'face', data: { id: '1' } },
      { type: 'face', data: { id: '2' } },
    ]);
  });

  it('keeps non-ASCII text and values intact', () => {
    expect(parseCQ('你好[CQ:share,title=标题😀,url=u]👋')).toEqual([
      text('你好'),
      { type: 'share', data: { title: '标题😀', url: 'u' } },
      text('👋'),
    ]);
  });
});

describe('the worked example of message.md section 4', () => {
  const wire = 'a&#91;1&#93; &amp; b,c[CQ:face,id=14][CQ:share,title=x&#44;y,url=http://e.com/?a=1&amp;b=2]';
  const array = [
    { type: 'text', data: { text: 'a[1] & b,c' } },
    { type: 'face', data: { id: '14' } },
    { type: 'share', data: { title: 'x,y', url: 'http://e.com/?a=1&b=2' } },
  ];

  it('string -> array', () => {
    expect(parseCQ(wire)).toEqual(array);
  });

  it('array -> string', () => {
    expect(stringifyCQ(array)).toBe(wire);
  });
});
