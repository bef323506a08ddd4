// fast-check generators shared by the message property tests.
import fc from 'fast-check';

/** Fragments that trip CQ-code handling: reserved characters, entities, code syntax, non-ASCII. */
const trickyFragment = fc.constantFrom(
  '[',
  ']',
  '&',
  ',',
  '=',
  '&#91;',
  '&#93;',
  '&#44;',
  '&amp;',
  '&amp;#91;',
  '&lt;',
  '&#12345;',
  '[CQ:',
  '[CQ:at,qq=all]',
  '&#91;CQ:at,qq=all&#93;',
  '[CQ:face,id=1',
  '[CQ:]',
  '[CQ:a_b]',
  ' ',
  '\n',
  '中文',
  '😀',
  '👨‍👩‍👧',
  'é',
);

/** Arbitrary text mixing tricky fragments with arbitrary Unicode. */
export const trickyText = fc
  .array(fc.oneof(trickyFragment, fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

/** A CQ type name the parser accepts (text is covered separately). */
export const typeName = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/).filter((type) => type !== 'text');

/** A data key that survives a CQ code: no `,` `]` `=`, no surrounding whitespace (keys are trimmed). */
export const dataKey = fc.oneof(
  fc.constantFrom('qq', 'id', 'file', 'url', 'title', 'content', 'type', 'user_id', '__proto__', 'constructor', '[k', 'k&amp;'),
  fc
    .string({ unit: 'grapheme', maxLength: 6 })
    .filter((key) => !/[,\]=]/.test(key) && !/^[ \t\n\v\f\r]|[ \t\n\v\f\r]$/.test(key)),
);

/** A data value as accepted on input: strings with every reserved character, numbers, booleans. */
export const dataValue = fc.oneof(
  { weight: 4, arbitrary: trickyText },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
);

export const textSegment = trickyText.map((text) => ({ type: 'text', data: { text } }));

export const codeSegment = fc
  .record({
    type: typeName,
    entries: fc.uniqueArray(fc.tuple(dataKey, dataValue), { maxLength: 4, selector: ([key]) => key }),
  })
  .map(({ type, entries }) => {
    const data: Record<string, string | number | boolean> = {};
    for (const [key, value] of entries) Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    return { type, data };
  });

/** Arbitrary segment arrays: text and codes interleaved, including adjacent and empty text. */
export const segmentArray = fc.array(fc.oneof(textSegment, codeSegment), { maxLength: 8 });
