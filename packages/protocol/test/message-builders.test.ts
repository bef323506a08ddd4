import { describe, expect, expectTypeOf, it } from 'vitest';
import { type Message, type Segment, type SegmentMap, type SegmentType, segment, segmentTypes, toCQString } from '../src/message/index.js';

describe('segment builders: one per type of message.md section 5', () => {
  it('text, face, at', () => {
    expect(segment.text('hi')).toEqual({ type: 'text', data: { text: 'hi' } });
    expect(segment.face(14)).toEqual({ type: 'face', data: { id: '14' } });
    expect(segment.at(10001)).toEqual({ type: 'at', data: { qq: '10001' } });
    expect(segment.at('all')).toEqual({ type: 'at', data: { qq: 'all' } });
  });

  it('image, with options in wire form and undefined options left out', () => {
    expect(segment.image('file.png')).toEqual({ type: 'image', data: { file: 'file.png' } });
    expect(segment.image('file.png', { type: 'flash' })).toEqual({ type: 'image', data: { file: 'file.png', type: 'flash' } });
    expect(segment.image('http://x/a.png', { cache: false, proxy: true, timeout: 5, type: undefined })).toEqual({
      type: 'image',
      data: { file: 'http://x/a.png', cache: '0', proxy: '1', timeout: '5' },
    });
    expect(segment.image('a.png', { type: 'show', id: 40001, subType: 0, c: 2 })).toEqual({
      type: 'image',
      data: { file: 'a.png', type: 'show', id: '40001', subType: '0', c: '2' },
    });
    expect(segment.flash('a.png')).toEqual({ type: 'image', data: { file: 'a.png', type: 'flash' } });
  });

  it('record and video', () => {
    expect(segment.record('a.silk', { magic: true })).toEqual({ type: 'record', data: { file: 'a.silk', magic: '1' } });
    expect(segment.record('a.silk')).toEqual({ type: 'record', data: { file: 'a.silk' } });
    expect(segment.video('v.mp4', { cover: 'c.jpg', c: 3, timeout: 10 })).toEqual({
      type: 'video',
      data: { file: 'v.mp4', cover: 'c.jpg', c: '3', timeout: '10' },
    });
  });

  it('rps, dice, shake have no data', () => {
    expect(segment.rps()).toEqual({ type: 'rps', data: {} });
    expect(segment.dice()).toEqual({ type: 'dice', data: {} });
    expect(segment.shake()).toEqual({ type: 'shake', data: {} });
  });

  it('poke: OneBot type/id, or go-cqhttp qq', () => {
    expect(segment.poke(1, -1)).toEqual({ type: 'poke', data: { type: '1', id: '-1' } });
    expect(segment.poke({ qq: 10001 })).toEqual({ type: 'poke', data: { qq: '10001' } });
  });

  it('anonymous', () => {
    expect(segment.anonymous()).toEqual({ type: 'anonymous', data: {} });
    expect(segment.anonymous(true)).toEqual({ type: 'anonymous', data: { ignore: '1' } });
    expect(segment.anonymous(false)).toEqual({ type: 'anonymous', data: { ignore: '0' } });
  });

  it('share, contact, location', () => {
    expect(segment.share({ url: 'http://e.com', title: 't' })).toEqual({ type: 'share', data: { url: 'http://e.com', title: 't' } });
    expect(segment.share({ url: 'u', title: 't', content: 'c', image: 'i' })).toEqual({
      type: 'share',
      data: { url: 'u', title: 't', content: 'c', image: 'i' },
    });
    expect(segment.contact('qq', 10001)).toEqual({ type: 'contact', data: { type: 'qq', id: '10001' } });
    expect(segment.contact('group', '123')).toEqual({ type: 'contact', data: { type: 'group', id: '123' } });
    expect(segment.location({ lat: 39.9, lon: 116.4, title: 'here' })).toEqual({
      type: 'location',
      data: { lat: '39.9', lon: '116.4', title: 'here' },
    });
  });

  it('music: platform and custom', () => {
    expect(segment.music('163', 28949129)).toEqual({ type: 'music', data: { type: '163', id: '28949129' } });
    expect(segment.customMusic({ url: 'u', audio: 'a.mp3', title: 't', image: 'i' })).toEqual({
      type: 'music',
      data: { type: 'custom', url: 'u', audio: 'a.mp3', title: 't', image: 'i' },
    });
  });

  it('reply: by id, or a go-cqhttp custom quote', () => {
    expect(segment.reply(-123)).toEqual({ type: 'reply', data: { id: '-123' } });
    expect(segment.customReply({ text: 'hi', qq: 1, time: 1700000000 })).toEqual({
      type: 'reply',
      data: { text: 'hi', qq: '1', time: '1700000000' },
    });
  });

  it('forward and node (reference and custom)', () => {
    expect(segment.forward('abc')).toEqual({ type: 'forward', data: { id: 'abc' } });
    expect(segment.node(123)).toEqual({ type: 'node', data: { id: '123' } });
    expect(segment.node({ user_id: 10001, nickname: 'bot', content: 'hi[CQ:face,id=1]' })).toEqual({
      type: 'node',
      data: { user_id: '10001', nickname: 'bot', content: 'hi[CQ:face,id=1]' },
    });
    expect(segment.node({ user_id: 1, nickname: 'n', content: segment.face(1), time: 5 })).toEqual({
      type: 'node',
      data: { user_id: '1', nickname: 'n', content: [{ type: 'face', data: { id: '1' } }], time: '5' },
    });
  });

  it('xml and json', () => {
    expect(segment.xml('<x/>')).toEqual({ type: 'xml', data: { data: '<x/>' } });
    expect(segment.xml('<x/>', 35)).toEqual({ type: 'xml', data: { data: '<x/>', resid: '35' } });
    expect(segment.json('{"a":1}')).toEqual({ type: 'json', data: { data: '{"a":1}' } });
    expect(segment.json({ a: 1 }, 0)).toEqual({ type: 'json', data: { data: '{"a":1}', resid: '0' } });
  });

  it('CoolQ codes: emoji, bface, sface, sign, rich, hb', () => {
    expect(segment.emoji(128512)).toEqual({ type: 'emoji', data: { id: '128512' } });
    expect(segment.bface(1, 'p')).toEqual({ type: 'bface', data: { id: '1', p: 'p' } });
    expect(segment.bface(1)).toEqual({ type: 'bface', data: { id: '1' } });
    expect(segment.sface(7)).toEqual({ type: 'sface', data: { id: '7' } });
    expect(segment.sign({ location: 'l', title: 't' })).toEqual({ type: 'sign', data: { location: 'l', title: 't' } });
    expect(segment.rich({ url: 'u', text: 't' })).toEqual({ type: 'rich', data: { url: 'u', text: 't' } });
    expect(segment.hb('red')).toEqual({ type: 'hb', data: { title: 'red' } });
  });

  it('go-cqhttp codes: redbag, tts, cardimage', () => {
    expect(segment.redbag('red')).toEqual({ type: 'redbag', data: { title: 'red' } });
    expect(segment.tts('hello')).toEqual({ type: 'tts', data: { text: 'hello' } });
    expect(segment.cardimage('a.png', { minwidth: 400, source: 's' })).toEqual({
      type: 'cardimage',
      data: { file: 'a.png', minwidth: '400', source: 's' },
    });
  });

  it('has a builder for every listed type, named after it', () => {
    expect(segmentTypes).toHaveLength(29);
    for (const type of segmentTypes) expect(typeof (segment as unknown as Record<string, unknown>)[type], type).toBe('function');
    expectTypeOf<SegmentType>().toExtend<keyof typeof segment>();
  });

  it('segment(type, data) builds any other type with string data', () => {
    expect(segment('show', { id: 40000, flag: true })).toEqual({ type: 'show', data: { id: '40000', flag: '1' } });
    expect(segment('x')).toEqual({ type: 'x', data: {} });
  });

  it('builder output is a Message and writes a CQ code with escaped values', () => {
    const message: Message = [segment.reply(1), segment.at(10001), segment.text(' hi'), segment.image('a,b.png')];
    expect(toCQString(message)).toBe('[CQ:reply,id=1][CQ:at,qq=10001] hi[CQ:image,file=a&#44;b.png]');
  });

  it('types are precise per segment type', () => {
    expectTypeOf(segment.at(1)).toEqualTypeOf<Segment<'at'>>();
    expectTypeOf<Segment<'at'>['data']>().toEqualTypeOf<{ qq: string }>();
    expectTypeOf<Segment<'image'>['data']['type']>().toEqualTypeOf<'flash' | 'show' | undefined>();
    expectTypeOf<Segment<'unknowncode'>['data']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<SegmentMap['share']>().toEqualTypeOf<{ url: string; title: string; content?: string; image?: string }>();
    // @ts-expect-error: at takes a number, a numeric string or 'all', not an object
    segment.at({});
  });
});
