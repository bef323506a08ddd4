/**
 * Which segments the web chat can show as pictures, and the `data:` URI of each (the page's CSP
 * allows images from `data:` and nowhere else; the sandbox never fetches anything):
 *
 * - a face with a drawing in faces.ts;
 * - an image sent as `base64://...` whose bytes are a PNG, JPEG, GIF or WebP;
 * - an image the world knows (`world.images`): the sandbox has no real bytes for it, so it shows a
 *   drawn stand-in with the text OCR would find in it, so what the page shows and what `ocr_image`
 *   answers agree.
 *
 * Anything else (a URL, a local path, an unknown file) stays a tag.
 */
import { createHash } from 'node:crypto';
import type { Segment } from '@cqkit/protocol';
import type { ImageFileData } from '../world/types.js';
import { facePicture } from './faces.js';

export interface Picture {
  kind: 'face' | 'image';
  src: string;
  /** Short text for alt and title: `/微笑`, the image's file name. */
  alt: string;
}

/** Largest base64 image shown inline (characters); bigger ones stay a tag. */
const INLINE_LIMIT = 4 * 1024 * 1024;

const svgUri = (svg: string) => `data:image/svg+xml,${encodeURIComponent(svg)}`;

/** The image type of some bytes, from their first bytes; undefined for anything else. */
export function sniffImageType(bytes: Buffer): string | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

const xmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => xmlEscapes[c] ?? c);

/** The drawn stand-in for a world image: a landscape in colours taken from its name, its OCR text, its name. */
export function standInSvg(image: ImageFileData): string {
  const hash = createHash('sha1').update(image.file).digest();
  const hue = hash[0]! % 360;
  const ocr = image.ocr.map((t) => t.text).join(' ');
  const name = image.file.length > 28 ? `${image.file.slice(0, 12)}…${image.file.slice(-12)}` : image.file;
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 160" width="240" height="160">' +
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,78%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},70%,92%)"/></linearGradient></defs>` +
    '<rect width="240" height="160" fill="url(#sky)"/>' +
    `<circle cx="${180 + (hash[1]! % 30)}" cy="${36 + (hash[2]! % 16)}" r="18" fill="hsl(45,95%,62%)"/>` +
    `<path d="M0 130 L60 70 L100 110 L150 60 L240 130 V160 H0Z" fill="hsl(${(hue + 120) % 360},35%,45%)"/>` +
    `<path d="M0 160 L0 140 Q120 110 240 140 V160Z" fill="hsl(${(hue + 120) % 360},40%,32%)"/>` +
    (ocr ? `<text x="16" y="42" font-family="sans-serif" font-size="26" font-weight="bold" fill="#1d232a">${xml(ocr)}</text>` : '') +
    `<text x="8" y="154" font-family="monospace" font-size="10" fill="#fff">${xml(name)}</text>` +
    '</svg>'
  );
}

/** The picture of a face or image segment, or undefined when it stays a tag. */
export function segmentPicture(segment: Segment, images: readonly ImageFileData[]): Picture | undefined {
  if (segment.type === 'face') {
    const face = facePicture(Number(segment.data.id));
    return face ? { kind: 'face', src: svgUri(face.svg), alt: `/${face.name}` } : undefined;
  }
  if (segment.type !== 'image') return undefined;
  const file = segment.data.file ?? segment.data.url ?? '';
  if (file.startsWith('base64://')) {
    const encoded = file.slice('base64://'.length);
    if (encoded.length > INLINE_LIMIT || !/^[A-Za-z0-9+/=\s]*$/.test(encoded)) return undefined;
    const bytes = Buffer.from(encoded, 'base64');
    const type = sniffImageType(bytes);
    return type ? { kind: 'image', src: `data:${type};base64,${bytes.toString('base64')}`, alt: 'image' } : undefined;
  }
  const known = images.find((i) => i.file === file || i.path === file || (file !== '' && i.url === file));
  return known ? { kind: 'image', src: svgUri(standInSvg(known)), alt: known.file } : undefined;
}
