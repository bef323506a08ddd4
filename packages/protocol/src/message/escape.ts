// CQ-code escaping (message.md section 4). Four reserved characters: `&` `[` `]` everywhere,
// `,` additionally inside parameter values. A single regex pass is equivalent to replacing `&`
// first and the others after: each input character is replaced exactly once, so no entity
// produced here is ever escaped again.

const TEXT_RESERVED = /[&[\]]/g;
const PARAM_RESERVED = /[&[\],]/g;
const ENTITY = /&(?:#44|#91|#93|amp);/g;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '[': '&#91;', ']': '&#93;', ',': '&#44;' };
const UNESCAPES: Readonly<Record<string, string>> = { '&#44;': ',', '&#91;': '[', '&#93;': ']', '&amp;': '&' };

const escapeChar = (ch: string): string => ESCAPES[ch]!;
const unescapeEntity = (entity: string): string => UNESCAPES[entity]!;

/** Escapes plain text for a CQ-code string: `&` `[` `]` (commas stay as they are). */
export function escapeText(text: string): string {
  TEXT_RESERVED.lastIndex = 0;
  return TEXT_RESERVED.test(text) ? text.replace(TEXT_RESERVED, escapeChar) : text;
}

/** Escapes a CQ-code parameter value: `&` `[` `]` and `,`. */
export function escapeParam(value: string): string {
  PARAM_RESERVED.lastIndex = 0;
  return PARAM_RESERVED.test(value) ? value.replace(PARAM_RESERVED, escapeChar) : value;
}

/**
 * Decodes `&#44;` `&#91;` `&#93;` and `&amp;`, nothing else (`&lt;` stays `&lt;`). Same result as
 * decoding the three numeric entities first and `&amp;` last: `&amp;#91;` gives the text `&#91;`.
 * The four entities cannot overlap, so one left-to-right pass never decodes a produced `&`.
 * Used for text runs and parameter values alike, as CQHTTP does.
 */
export function unescapeCQ(escaped: string): string {
  return escaped.includes('&') ? escaped.replace(ENTITY, unescapeEntity) : escaped;
}

/** Alias of {@link unescapeCQ}: text runs and parameter values use the same decoding. */
export const unescapeText = unescapeCQ;

/** Alias of {@link unescapeCQ}, for symmetry with {@link escapeParam}. */
export const unescapeParam = unescapeCQ;

// Also exported as `unescape` (the spec's name); importers may prefer `unescapeCQ`, which does
// not shadow the global of the same name.
export { unescapeCQ as unescape };
