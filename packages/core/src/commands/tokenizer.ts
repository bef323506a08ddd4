/**
 * Splits the argument part of a command message (a CQ-code string) into tokens, keeping each
 * token's position so a text argument can take the raw rest. Double quotes group words; a CQ code
 * is one token.
 */
export interface Token {
  /** The token with quotes removed. */
  value: string;
  /** Offset of the token's first character in the input. */
  start: number;
  quoted: boolean;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12288; /* ideographic space */
}

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const n = input.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(input.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    const c = input[i];
    if (c === '"' || c === '“') {
      const close = c === '"' ? '"' : '”';
      const end = input.indexOf(close, i + 1);
      if (end !== -1) {
        tokens.push({ value: input.slice(i + 1, end), start, quoted: true });
        i = end + 1;
        continue;
      }
    }
    if (input.startsWith('[CQ:', i)) {
      const end = input.indexOf(']', i);
      if (end !== -1) {
        tokens.push({ value: input.slice(i, end + 1), start, quoted: false });
        i = end + 1;
        continue;
      }
    }
    while (i < n && !isSpace(input.charCodeAt(i)) && !(i > start && input.startsWith('[CQ:', i))) i++;
    tokens.push({ value: input.slice(start, i), start, quoted: false });
  }
  return tokens;
}

/** Index of the first whitespace at or after `from`, or the length. */
export function wordEnd(input: string, from: number): number {
  let i = from;
  while (i < input.length && !isSpace(input.charCodeAt(i))) i++;
  return i;
}

export function skipSpace(input: string, from: number): number {
  let i = from;
  while (i < input.length && isSpace(input.charCodeAt(i))) i++;
  return i;
}
