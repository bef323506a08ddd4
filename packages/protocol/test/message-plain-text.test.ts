import { describe, expect, it } from 'vitest';
import { extractAt, leadingText, plainText, type Segment, segment, startsWithText, toSegments } from '../src/message/index.js';

describe('plainText', () => {
  it('joins text segments with nothing in between and skips the others', () => {
    expect(plainText([segment.text('a'), segment.face(1), segment.text('b'), segment.at(1)])).toBe('ab');
    expect(plainText('a[CQ:face,id=1]b')).toBe('ab');
  });

  it('unescapes a string without codes and never interprets escaped codes', () => {
    expect(plainText('&#91;CQ:at,qq=all&#93; &amp; x')).toBe('[CQ:at,qq=all] & x');
  });

  it('reads a single segment and keeps whitespace', () => {
    expect(plainText(segment.text('  hi  '))).toBe('  hi  ');
    expect(plainText(segment.face(1))).toBe('');
  });

  it('renders at only through the option', () => {
    const message = [segment.at(10001), segment.text(' hi'), segment.at('all')];
    expect(plainText(message)).toBe(' hi');
    expect(plainText(message, { at: (qq) => `@${qq}` })).toBe('@10001 hi@all');
  });

  it('gives "" for non-messages instead of throwing', () => {
    expect(plainText(42 as unknown as string)).toBe('');
    expect(plainText([null, segment.text('x')] as unknown as Segment[])).toBe('x');
  });
});

describe('leadingText and startsWithText', () => {
  const segments = toSegments('/help me[CQ:face,id=1]');
  it('read the first text segment', () => {
    expect(leadingText(segments)).toBe('/help me');
    expect(startsWithText(segments)).toBe(true);
    expect(startsWithText(segments, '/help')).toBe(true);
    expect(startsWithText(segments, '!')).toBe(false);
  });
  it('are false / empty when the message does not open with text', () => {
    const opensWithFace = toSegments('[CQ:face,id=1]/help');
    expect(leadingText(opensWithFace)).toBe('');
    expect(startsWithText(opensWithFace)).toBe(false);
    expect(startsWithText([])).toBe(false);
  });
});

describe('extractAt', () => {
  it('detects a mention of the bot and removes it with the space after it', () => {
    const segments = toSegments('[CQ:at,qq=10001] /help');
    const { mentioned, segments: rest } = extractAt(segments, 10001);
    expect(mentioned).toBe(true);
    expect(rest).toEqual([{ type: 'text', data: { text: '/help' } }]);
    expect(segments).toEqual(toSegments('[CQ:at,qq=10001] /help'));
  });

  it('returns the same array, not a copy, when the bot is not mentioned', () => {
    const segments = toSegments('[CQ:at,qq=20002] hi');
    const result = extractAt(segments, 10001);
    expect(result.mentioned).toBe(false);
    expect(result.segments).toBe(segments);
  });

  it('merges the text around a mention in the middle', () => {
    const { segments } = extractAt(toSegments('hi [CQ:at,qq=10001] there[CQ:at,qq=2]'), '10001');
    expect(segments).toEqual([{ type: 'text', data: { text: 'hi there' } }, { type: 'at', data: { qq: '2' } }]);
  });

  it('keeps a leading reply and removes repeated mentions', () => {
    const { segments } = extractAt(toSegments('[CQ:reply,id=5][CQ:at,qq=1] [CQ:at,qq=1] ok'), 1);
    expect(segments).toEqual([{ type: 'reply', data: { id: '5' } }, { type: 'text', data: { text: 'ok' } }]);
  });

  it('counts at all only when asked', () => {
    const message = toSegments('[CQ:at,qq=all] news');
    expect(extractAt(message, 1).mentioned).toBe(false);
    expect(extractAt(message, 1, { all: true })).toEqual({ mentioned: true, segments: [{ type: 'text', data: { text: 'news' } }] });
  });

  it('drops text left empty by the removal', () => {
    expect(extractAt(toSegments('[CQ:at,qq=1]  '), 1).segments).toEqual([]);
  });
});
