/**
 * The sandbox's own CQ-code reader and writer, written apart from @cqkit/protocol's on purpose:
 * the sandbox is the other side of the wire, and two independent implementations of message.md
 * catch each other's mistakes where a shared one would agree with itself.
 */
export interface WireSegment {
  type: string;
  data: Record<string, string>;
}

const ENTITIES: ReadonlyArray<readonly [string, string]> = [
  ['&#44;', ','],
  ['&#91;', '['],
  ['&#93;', ']'],
];

/** Decode the three bracket/comma entities first and `&amp;` last (message.md section 4). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  let out = s;
  for (const [entity, char] of ENTITIES) out = out.split(entity).join(char);
  return out.split('&amp;').join('&');
}

/** Text escaping: `&` first, then the brackets. */
export function encodeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/\[/g, '&#91;').replace(/]/g, '&#93;');
}

/** Parameter-value escaping: like text, plus the comma. */
export function encodeValue(s: string): string {
  return encodeText(s).replace(/,/g, '&#44;');
}

const isTypeChar = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

/**
 * Split a CQ-code string into segments as CQHTTP 4.x does: codes are cut out before anything is
 * decoded, a type is ASCII letters and digits, only the first `=` splits a parameter.
 */
export function readCQString(input: string): WireSegment[] {
  const out: WireSegment[] = [];
  let text = ''; // raw (still escaped) text since the last code
  const pushText = (decoded: string) => {
    if (decoded === '') return;
    const last = out[out.length - 1];
    if (last && last.type === 'text') last.data.text += decoded;
    else out.push({ type: 'text', data: { text: decoded } });
  };
  const flushText = () => {
    pushText(decodeEntities(text));
    text = '';
  };
  let i = 0;
  while (i < input.length) {
    if (!input.startsWith('[CQ:', i)) {
      text += input[i];
      i++;
      continue;
    }
    // Read the type name.
    let j = i + 4;
    while (j < input.length && isTypeChar(input[j]!)) j++;
    const type = input.slice(i + 4, j);
    const stop = input[j];
    if (type === '' || (stop !== ',' && stop !== ']')) {
      // Not a code: keep what was read as text and go on from the character that broke it.
      text += input.slice(i, j);
      i = j;
      continue;
    }
    const close = input.indexOf(']', j);
    if (close < 0) {
      text += input.slice(i);
      break;
    }
    const data: Record<string, string> = {};
    if (stop === ',') {
      for (const piece of input.slice(j + 1, close).split(',')) {
        const eq = piece.indexOf('=');
        if (eq < 0) continue;
        data[piece.slice(0, eq).trim()] = decodeEntities(piece.slice(eq + 1));
      }
    }
    flushText();
    if (type === 'text') {
      pushText(data.text ?? ''); // an explicit text code is plain text, merged with its neighbours
    } else {
      out.push({ type, data });
    }
    i = close + 1;
  }
  flushText();
  return out;
}

/** Write segments as a CQ-code string (keys in ascending order, as CQHTTP's sorted map emits them). */
export function writeCQString(segments: readonly WireSegment[]): string {
  let out = '';
  for (const seg of segments) {
    if (seg.type === 'text') {
      out += encodeText(seg.data.text ?? '');
      continue;
    }
    out += `[CQ:${seg.type}`;
    for (const key of Object.keys(seg.data).sort()) out += `,${key}=${encodeValue(seg.data[key] ?? '')}`;
    out += ']';
  }
  return out;
}

/** Text content for display and matching: the text segments joined. */
export function textOf(segments: readonly WireSegment[]): string {
  let out = '';
  for (const seg of segments) if (seg.type === 'text') out += seg.data.text ?? '';
  return out;
}
