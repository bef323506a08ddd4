import { unescapeCQ } from './escape.js';
import { setDataKey } from './segment-data.js';
import type { Segment } from './segment-types.js';

const CODE_START = '[CQ:';
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

function isTypeChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) // a-z
  );
}

/** Whitespace as C's isspace sees it: CQHTTP trims keys with boost::trim, never values. */
const EDGE_WHITESPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g;

/** Appends an unescaped text run, merging it into a preceding text segment; empty runs vanish. */
function appendText(out: Segment[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last !== undefined && last.type === 'text') {
    last.data.text = (last.data.text ?? '') + text;
  } else {
    out.push({ type: 'text', data: { text } });
  }
}

/** Splits `key=value,key=value` (the part between the type's `,` and the closing `]`). */
function parseParams(params: string): Record<string, string> {
  const data: Record<string, string> = {};
  for (const piece of params.split(',')) {
    const eq = piece.indexOf('=');
    if (eq === -1) continue; // a piece without `=` is dropped, as CQHTTP does
    setDataKey(data, piece.slice(0, eq).replace(EDGE_WHITESPACE, ''), unescapeCQ(piece.slice(eq + 1)));
  }
  return data;
}

/**
 * Parses a CQ-code string into segments with CQHTTP 4.x's algorithm (message.md section 3):
 *
 * - a candidate starts at `[CQ:` followed by a character other than `]`, with at least five
 *   characters after the `[`;
 * - the type is made of `A-Z a-z 0-9` and ends at `,` or `]`; any other character (or an empty
 *   type, which the grammar forbids) aborts the candidate: its characters stay text and scanning
 *   resumes at the offending character;
 * - parameters run to the first `]`, are split on `,`, the key is what precedes the first `=`
 *   (trimmed), the value the rest (unescaped); pieces without `=` are dropped; a repeated key
 *   keeps its last value;
 * - a candidate without a closing `]` is text;
 * - text runs are unescaped only after the split into codes, so escaped brackets never form a code.
 *
 * The result is normalised: no empty text segments and no two text segments in a row. A code
 * spelled `[CQ:text,text=...]` is read as text and merged with its neighbours.
 */
export function parseCQ(input: string): Segment[] {
  const out: Segment[] = [];
  const length = input.length;
  let textStart = 0; // start of the raw text run not yet emitted
  let start = input.indexOf(CODE_START);
  while (start !== -1) {
    // CQHTTP's lookahead: at least five characters after `[`, and no `]` right after `[CQ:`.
    if (length - 1 - start < 5 || input.charCodeAt(start + 4) === CLOSE) {
      start = input.indexOf(CODE_START, start + 1);
      continue;
    }
    const typeStart = start + 4;
    let cursor = typeStart;
    while (cursor < length && isTypeChar(input.charCodeAt(cursor))) cursor++;
    if (cursor === length) break; // no closing `]` anywhere: the rest is text
    const stop = input.charCodeAt(cursor);
    if ((stop !== COMMA && stop !== CLOSE) || cursor === typeStart) {
      // Not a code: keep it as text and resume at the offending character.
      start = input.indexOf(CODE_START, cursor);
      continue;
    }
    let close = cursor;
    if (stop === COMMA) {
      close = input.indexOf(']', cursor + 1);
      if (close === -1) break; // unclosed: the rest is text
    }
    appendText(out, unescapeCQ(input.slice(textStart, start)));
    const type = input.slice(typeStart, cursor);
    const data = stop === COMMA ? parseParams(input.slice(cursor + 1, close)) : {};
    if (type === 'text') appendText(out, data.text ?? '');
    else out.push({ type, data });
    textStart = close + 1;
    start = input.indexOf(CODE_START, textStart);
  }
  appendText(out, unescapeCQ(textStart === 0 ? input : input.slice(textStart)));
  return out;
}
