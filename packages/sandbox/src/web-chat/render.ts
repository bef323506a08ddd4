/**
 * Rendering transcript items as HTML fragments for the page. Every piece of text that comes from a
 * message, a name or an action passes through `escapeHtml`: nothing a user or the bot sends can
 * become markup. The page inserts these fragments as they are.
 */
import type { Segment } from '@cqkit/protocol';
import { type ChatItem, placeKey } from './items.js';
import type { Picture } from './pictures.js';

/** Names and quoted messages, looked up in the world when an item is rendered. */
export interface RenderLookup {
  /** Display name of a user (the group card when `groupId` is given and the member has one). */
  name(userId: number, groupId?: number): string;
  /** A message quoted by a reply segment; undefined when unknown. */
  message(messageId: number): { sender: string; segments: readonly Segment[] } | undefined;
  /** A face or image the sandbox can show as a picture (pictures.ts); without it, or for undefined, a tag. */
  picture?(segment: Segment): Picture | undefined;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

const QUOTE_LENGTH = 80;

/** A short tag for segments that are not text: `[image]`, `[face 14]`, `[voice]`, ... */
function tagOf(segment: Segment): string {
  const d = segment.data;
  switch (segment.type) {
    case 'image':
      return d.type === 'flash' ? '[flash image]' : '[image]';
    case 'face':
      return `[face ${d.id ?? ''}]`;
    case 'record':
      return '[voice]';
    case 'video':
      return '[video]';
    case 'share':
      return `[link: ${d.title ?? d.url ?? ''}]`;
    case 'music':
      return '[music]';
    case 'location':
      return `[location: ${d.title ?? `${d.lat ?? ''},${d.lon ?? ''}`}]`;
    case 'contact':
      return `[contact ${d.type ?? ''} ${d.id ?? ''}]`;
    case 'forward':
    case 'node':
      return '[forwarded messages]';
    case 'json':
    case 'xml':
      return '[card]';
    case 'poke':
      return '[poke]';
    case 'rps':
      return '[rock-paper-scissors]';
    case 'dice':
      return '[dice]';
    case 'shake':
      return '[shake]';
    case 'anonymous':
      return '';
    default:
      return `[${segment.type}]`;
  }
}

function atName(segment: Segment, lookup: RenderLookup, groupId: number | undefined): string {
  const qq = segment.data.qq ?? '';
  if (qq === 'all') return '@all';
  const id = Number(qq);
  return Number.isSafeInteger(id) && id > 0 ? `@${lookup.name(id, groupId)}` : `@${qq}`;
}

/** One-line plain text (replies as `[reply]`), e.g. for quotes. Not escaped. */
export function segmentsToText(segments: readonly Segment[], lookup: RenderLookup, groupId?: number): string {
  return segments
    .map((s) => (s.type === 'text' ? (s.data.text ?? '') : s.type === 'at' ? atName(s, lookup, groupId) : s.type === 'reply' ? '' : tagOf(s)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function quoteHtml(segment: Segment, lookup: RenderLookup, groupId: number | undefined): string {
  const id = Number(segment.data.id);
  const quoted = Number.isSafeInteger(id) ? lookup.message(id) : undefined;
  if (!quoted) return `<blockquote class="quote">reply to #${escapeHtml(segment.data.id ?? '?')}</blockquote>`;
  let text = segmentsToText(quoted.segments, lookup, groupId);
  if (text.length > QUOTE_LENGTH) text = `${text.slice(0, QUOTE_LENGTH - 1)}…`;
  return `<blockquote class="quote"><b>${escapeHtml(quoted.sender)}</b>: ${escapeHtml(text)}</blockquote>`;
}

/** The body of a message: text escaped, @ as names, faces and images as pictures where there is one, other media as tags, a reply as a quote. */
export function segmentsToHtml(segments: readonly Segment[], lookup: RenderLookup, groupId?: number): string {
  return segments
    .map((s) => {
      if (s.type === 'text') return escapeHtml(s.data.text ?? '');
      if (s.type === 'at') return `<span class="at">${escapeHtml(atName(s, lookup, groupId))}</span>`;
      if (s.type === 'reply') return quoteHtml(s, lookup, groupId);
      const picture = lookup.picture?.(s);
      if (picture) {
        const alt = escapeHtml(picture.alt);
        return `<img class="${picture.kind}" src="${escapeHtml(picture.src)}" alt="${alt}" title="${alt}">`;
      }
      const tag = tagOf(s);
      return tag === '' ? '' : `<span class="tag">${escapeHtml(tag)}</span>`;
    })
    .join('');
}

/** Who (none for actions and notices: their text names who), where, when and which message. */
function metaHtml(item: ChatItem, who: string | undefined): string {
  const id = item.kind === 'action' || item.kind === 'notice' ? '' : ` <span class="id">#${item.message_id}</span>`;
  const whoHtml = who === undefined ? '' : `<span class="who">${escapeHtml(who)}</span> `;
  return `<div class="meta">${whoHtml}<span class="where">${escapeHtml(item.where)}</span> <time data-ms="${item.time}"></time>${id}</div>`;
}

/** One transcript entry as an HTML fragment (a single `<div class="item ...">`). */
export function renderItemHtml(item: ChatItem, lookup: RenderLookup): string {
  const attrs = `data-seq="${item.seq}" data-place="${escapeHtml(placeKey(item.place))}"`;
  if (item.kind === 'action' || item.kind === 'notice') {
    const recalls = item.recalls === undefined ? '' : ` data-recalls="${item.recalls}"`;
    const cls = item.kind === 'notice' ? 'item notice' : item.ok ? 'item action' : 'item action failed';
    return `<div class="${cls}" ${attrs}${recalls}>${metaHtml(item, undefined)}<div class="body">${escapeHtml(item.text)}</div></div>`;
  }
  const groupId = item.place.type === 'group' ? item.place.id : undefined;
  const who = item.kind === 'user' ? `${item.sender}${item.anonymous ? ' (anonymous)' : ` (${item.user_id})`}` : item.sender;
  return (
    `<div class="item ${item.kind}" ${attrs} data-msg="${item.message_id}">${metaHtml(item, who)}` +
    `<div class="body">${segmentsToHtml(item.segments, lookup, groupId)}</div></div>`
  );
}
