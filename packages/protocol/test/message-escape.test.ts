import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as messages from '../src/message/index.js';
import { escapeParam, escapeText, unescapeCQ, unescapeParam, unescapeText } from '../src/message/index.js';
import { trickyText } from './message-arbitraries.js';

// The spec's procedure, written as literally as possible, to check the one-pass implementation against.
const specEscapeText = (s: string) => s.replaceAll('&', '&amp;').replaceAll('[', '&#91;').replaceAll(']', '&#93;');
const specEscapeParam = (s: string) => specEscapeText(s).replaceAll(',', '&#44;');
const specUnescape = (s: string) =>
  s.replaceAll('&#44;', ',').replaceAll('&#91;', '[').replaceAll('&#93;', ']').replaceAll('&amp;', '&');

describe('escaping (message.md section 4)', () => {
  it('escapes & [ ] in text and leaves commas', () => {
    expect(escapeText('a[1] & b,c')).toBe('a&#91;1&#93; &amp; b,c');
  });

  it('escapes & [ ] and , in parameter values', () => {
    expect(escapeParam('x,y [z] &')).toBe('x&#44;y &#91;z&#93; &amp;');
  });

  it('escapes & first: an existing entity in the input is not left decodable', () => {
    expect(escapeText('&#91;')).toBe('&amp;#91;');
    expect(escapeParam('&#44;')).toBe('&amp;#44;');
  });

  it('unescapes &amp; last: &amp;#91; decodes to the literal text &#91;', () => {
    expect(unescapeCQ('&amp;#91;')).toBe('&#91;');
    expect(unescapeCQ('&amp;amp;')).toBe('&amp;');
    expect(unescapeCQ('&amp;#44;&#44;')).toBe('&#44;,');
  });

  it('decodes no other entity: &lt; &gt; &nbsp; &#12345; stay as they are', () => {
    expect(unescapeCQ('&lt;&gt;&nbsp;&#12345;&#x5b;&AMP;')).toBe('&lt;&gt;&nbsp;&#12345;&#x5b;&AMP;');
    expect(unescapeCQ('&#91&#93 &amp')).toBe('&#91&#93 &amp');
  });

  it('decodes &#44; in text runs too (same routine as values)', () => {
    expect(unescapeText('a&#44;b')).toBe('a,b');
  });

  it('exports the spec name and its aliases for the same routine', () => {
    expect(messages.unescape).toBe(unescapeCQ);
    expect(unescapeText).toBe(unescapeCQ);
    expect(unescapeParam).toBe(unescapeCQ);
  });

  it('round-trips text and values exactly (property)', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        expect(unescapeCQ(escapeText(s))).toBe(s);
        expect(unescapeCQ(escapeParam(s))).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no reserved character unescaped (property)', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        expect(escapeText(s)).not.toMatch(/[[\]]|&(?!amp;|#91;|#93;)/);
        expect(escapeParam(s)).not.toMatch(/[[\],]|&(?!amp;|#91;|#93;|#44;)/);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the ordered procedure of the spec on any input (property)', () => {
    fc.assert(
      fc.property(trickyText, (s) => {
        expect(escapeText(s)).toBe(specEscapeText(s));
        expect(escapeParam(s)).toBe(specEscapeParam(s));
        expect(unescapeCQ(s)).toBe(specUnescape(s));
      }),
      { numRuns: 500 },
    );
  });
});
