// Faces and images as pictures in the web chat: which segments get one, that the picture is an
// image the page may load (a data: URI of a sniffed type), and that nothing in it becomes markup.
import type { Segment } from '@cqkit/protocol';
import { describe, expect, it } from 'vitest';
import { defaultWorld, realClock } from '../src/index.js';
import { chatDirectory } from '../src/web-chat/directory.js';
import { faceIds, facePicture } from '../src/web-chat/faces.js';
import { segmentPicture, sniffImageType, standInSvg } from '../src/web-chat/pictures.js';
import { type RenderLookup, segmentsToHtml } from '../src/web-chat/render.js';
import { World } from '../src/world/world.js';

const images = defaultWorld().images;
const face = (id: string): Segment => ({ type: 'face', data: { id } });
const image = (file: string): Segment => ({ type: 'image', data: { file } });
// 1x1 transparent PNG
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('face pictures', () => {
  it('draws the classic faces (smile, grin, tears, ...) and a few symbols, with their Chinese names', () => {
    expect(facePicture(14)?.name).toBe('微笑');
    expect(facePicture(5)?.name).toBe('流泪');
    expect(facePicture(66)?.name).toBe('爱心');
    for (const id of faceIds) {
      const svg = facePicture(id)!.svg;
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg).not.toMatch(/<script|on\w+=/i);
    }
    expect(faceIds.length).toBeGreaterThanOrEqual(30);
    // Different faces look different.
    expect(new Set(faceIds.map((id) => facePicture(id)!.svg)).size).toBe(faceIds.length);
    expect(facePicture(999)).toBeUndefined();
  });
});

describe('image pictures', () => {
  it('sniffs PNG, JPEG, GIF and WebP, and nothing else', () => {
    expect(sniffImageType(Buffer.from(png, 'base64'))).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('<svg onload="alert(1)">'))).toBeUndefined();
    expect(sniffImageType(Buffer.from(''))).toBeUndefined();
  });

  it('shows base64 images of a known type inline; other bytes, URLs and unknown files stay tags', () => {
    expect(segmentPicture(image(`base64://${png}`), images)).toEqual({ kind: 'image', src: `data:image/png;base64,${png}`, alt: 'image' });
    expect(segmentPicture(image(`base64://${Buffer.from('<html>').toString('base64')}`), images)).toBeUndefined();
    expect(segmentPicture(image('base64://not base64 at all!'), images)).toBeUndefined();
    expect(segmentPicture(image('https://example.com/a.png'), images)).toBeUndefined();
    expect(segmentPicture(image('nope.jpg'), images)).toBeUndefined();
    expect(segmentPicture({ type: 'record', data: { file: 'x' } }, images)).toBeUndefined();
  });

  it("draws a stand-in for the world's images, with the text OCR finds in them, escaped", () => {
    const known = segmentPicture(image('6B4DE3DFD1BD271E3297859D41C530F5.jpg'), images)!;
    expect(known.kind).toBe('image');
    expect(decodeURIComponent(known.src.replace('data:image/svg+xml,', ''))).toContain('>cqkit</text>');
    const svg = standInSvg({ ...images[0]!, file: 'a"<b>.png', ocr: [{ text: '<script>&', confidence: 90 }] });
    expect(svg).toContain('&lt;script&gt;&amp;');
    expect(svg).toContain('a&quot;&lt;b&gt;.png');
    expect(svg).not.toContain('<script>');
  });

  it('renders pictures as <img> with escaped attributes, and keeps tags without a lookup', () => {
    const lookup: RenderLookup = { name: () => 'x', message: () => undefined, picture: (s) => segmentPicture(s, images) };
    const html = segmentsToHtml([face('14'), face('999'), image(`base64://${png}`)], lookup);
    expect(html).toMatch(/^<img class="face" src="data:image\/svg\+xml,[^"]+" alt="\/微笑" title="\/微笑">/);
    expect(html).toContain('<span class="tag">[face 999]</span>');
    expect(html).toContain(`<img class="image" src="data:image/png;base64,${png}" alt="image" title="image">`);
    expect(segmentsToHtml([face('14')], { name: () => 'x', message: () => undefined })).toBe('<span class="tag">[face 14]</span>');
  });
});

describe('speak-as labels', () => {
  it('names each person once: nickname, number, role or state in Chinese, a card only when it says more', () => {
    const world = defaultWorld();
    world.groups[0]!.members.find((m) => m.user_id === 2003)!.card = '小卡';
    const dir = chatDirectory(new World(world, realClock()));
    const g3001 = dir.groups.find((g) => g.group_id === 3001)!.members.map((m) => m.label);
    expect(g3001).toEqual(['Alice (2001) · 管理员', 'Bob (2002)', 'Carol (2003) · 群名片 小卡', 'Dave (2004)', 'Eve (2005) · 禁言中']);
    expect(dir.groups.find((g) => g.group_id === 3002)!.members[0]!.label).toBe('Grace (2007) · 群主');
    expect(dir.people.find((p) => p.user_id === 2009)!.label).toBe('Ivan (2009) · 非好友');
    expect(dir.people.find((p) => p.user_id === 2001)!.label).toBe('Alice (2001)');
    expect(dir.discusses[0]!.members.map((m) => m.label)).toEqual(['Alice (2001)', 'Bob (2002)']);
  });
});
