import { MessageFormatError } from '../errors.js';
import { escapeParam, escapeText } from './escape.js';
import { stringifyDataValue } from './segment-data.js';
import type { SegmentInput } from './segment-types.js';

const TYPE_NAME = /^[A-Za-z0-9]+$/;
const KEY_RESERVED = /[,\]=]/;

/**
 * Writes one segment in CQ-code form: a `text` segment as its escaped text (commas not escaped),
 * any other as `[CQ:type,key=value,...]` with values escaped including commas, keys in the
 * data's own order. `null`/`undefined` values are left out (absent). Throws a TypeError for what
 * no CQ-code string can carry: a type that is not ASCII letters and digits, a key containing
 * `,` `]` or `=`, or a custom `node` whose content is a segment array (send forwards as arrays).
 */
export function stringifySegment(segment: SegmentInput): string {
  const { type, data } = segment;
  if (type === 'text') {
    const text = data?.text;
    return text === undefined || text === null ? '' : escapeText(stringifyDataValue(text));
  }
  if (!TYPE_NAME.test(type)) {
    throw new MessageFormatError(
      `segment type ${JSON.stringify(type)} cannot be written as a CQ code: type names are ASCII letters and digits only`,
    );
  }
  let code = `[CQ:${type}`;
  if (data) {
    for (const key of Object.keys(data)) {
      const value = data[key];
      if (value === undefined || value === null) continue;
      if (KEY_RESERVED.test(key)) {
        throw new MessageFormatError(
          `data key ${JSON.stringify(key)} of a ${type} segment cannot be written as a CQ code: keys cannot contain , ] or =`,
        );
      }
      if (type === 'node' && key === 'content' && typeof value !== 'string') {
        throw new MessageFormatError(
          'a custom node segment whose content is a message array cannot be written as a CQ-code string; send forward messages in array form',
        );
      }
      code += `,${key}=${escapeParam(stringifyDataValue(value))}`;
    }
  }
  return `${code}]`;
}

/** Writes segments as one CQ-code string (message.md section 7, array -> string). */
export function stringifyCQ(segments: readonly SegmentInput[]): string {
  let out = '';
  for (const segment of segments) out += stringifySegment(segment);
  return out;
}
