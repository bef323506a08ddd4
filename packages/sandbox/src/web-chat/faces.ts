/**
 * Pictures for QQ's classic faces (`[CQ:face,id=14]`), drawn here as small SVGs so the web chat
 * needs nothing from elsewhere: a yellow face whose eyes, mouth and one extra (tears, sweat, ...)
 * follow the face's meaning, plus a few that are not faces (heart, sun, moon). Ids without a
 * picture stay a `[face N]` tag.
 */

type Eyes = 'dot' | 'arc' | 'line' | 'wide' | 'heart' | 'shades' | 'x' | 'wink' | 'sad' | 'angry';
type Mouth = 'smile' | 'grin' | 'frown' | 'o' | 'flat' | 'tongue' | 'zip' | 'wavy' | 'kiss';
type Extra = 'tears' | 'sweat' | 'blush' | 'drool' | 'zzz' | 'question' | 'anger';

interface FaceLook {
  name: string;
  eyes: Eyes;
  mouth: Mouth;
  extra?: Extra;
}

/** The face's Chinese name (as QQ shows it, `/微笑`) and how it looks. */
const faces: Readonly<Record<number, FaceLook>> = {
  0: { name: '惊讶', eyes: 'wide', mouth: 'o' },
  1: { name: '撇嘴', eyes: 'dot', mouth: 'frown' },
  2: { name: '色', eyes: 'heart', mouth: 'smile', extra: 'drool' },
  3: { name: '发呆', eyes: 'wide', mouth: 'flat' },
  4: { name: '得意', eyes: 'arc', mouth: 'smile' },
  5: { name: '流泪', eyes: 'sad', mouth: 'frown', extra: 'tears' },
  6: { name: '害羞', eyes: 'arc', mouth: 'smile', extra: 'blush' },
  7: { name: '闭嘴', eyes: 'dot', mouth: 'zip' },
  8: { name: '睡', eyes: 'line', mouth: 'o', extra: 'zzz' },
  9: { name: '大哭', eyes: 'line', mouth: 'o', extra: 'tears' },
  10: { name: '尴尬', eyes: 'dot', mouth: 'wavy', extra: 'sweat' },
  11: { name: '发怒', eyes: 'angry', mouth: 'frown', extra: 'anger' },
  12: { name: '调皮', eyes: 'wink', mouth: 'tongue' },
  13: { name: '呲牙', eyes: 'arc', mouth: 'grin' },
  14: { name: '微笑', eyes: 'dot', mouth: 'smile' },
  15: { name: '难过', eyes: 'sad', mouth: 'frown' },
  16: { name: '酷', eyes: 'shades', mouth: 'smile' },
  21: { name: '可爱', eyes: 'arc', mouth: 'o', extra: 'blush' },
  23: { name: '傲慢', eyes: 'line', mouth: 'flat' },
  24: { name: '饥饿', eyes: 'dot', mouth: 'o', extra: 'drool' },
  25: { name: '困', eyes: 'line', mouth: 'wavy' },
  26: { name: '惊恐', eyes: 'wide', mouth: 'o', extra: 'sweat' },
  27: { name: '流汗', eyes: 'dot', mouth: 'flat', extra: 'sweat' },
  28: { name: '憨笑', eyes: 'arc', mouth: 'grin', extra: 'blush' },
  30: { name: '奋斗', eyes: 'angry', mouth: 'flat' },
  32: { name: '疑问', eyes: 'dot', mouth: 'flat', extra: 'question' },
  33: { name: '嘘', eyes: 'dot', mouth: 'kiss' },
  34: { name: '晕', eyes: 'x', mouth: 'wavy' },
  96: { name: '冷汗', eyes: 'wide', mouth: 'flat', extra: 'sweat' },
  97: { name: '擦汗', eyes: 'arc', mouth: 'smile', extra: 'sweat' },
  99: { name: '鼓掌', eyes: 'wink', mouth: 'grin' },
  101: { name: '坏笑', eyes: 'wink', mouth: 'smile' },
  104: { name: '哈欠', eyes: 'line', mouth: 'o' },
  106: { name: '委屈', eyes: 'sad', mouth: 'wavy' },
  107: { name: '快哭了', eyes: 'sad', mouth: 'flat', extra: 'tears' },
  109: { name: '亲亲', eyes: 'arc', mouth: 'kiss', extra: 'blush' },
  111: { name: '可怜', eyes: 'wide', mouth: 'frown', extra: 'tears' },
  178: { name: '斜眼笑', eyes: 'arc', mouth: 'grin', extra: 'sweat' },
};

/** Not faces: drawn whole. */
const symbols: Readonly<Record<number, { name: string; svg: string }>> = {
  66: { name: '爱心', svg: '<path d="M32 54 C10 38 6 26 12 18 C18 10 28 12 32 20 C36 12 46 10 52 18 C58 26 54 38 32 54Z" fill="#e0245e"/>' },
  74: {
    name: '太阳',
    svg:
      '<circle cx="32" cy="32" r="13" fill="#f9a825"/>' +
      Array.from({ length: 8 }, (_, i) => {
        const a = (i * Math.PI) / 4;
        const p = (r: number) => `${(32 + r * Math.cos(a)).toFixed(1)} ${(32 + r * Math.sin(a)).toFixed(1)}`;
        return `<path d="M${p(18)} L${p(27)}" stroke="#f9a825" stroke-width="4" stroke-linecap="round"/>`;
      }).join(''),
  },
  75: { name: '月亮', svg: '<path d="M40 8 A24 24 0 1 0 56 44 A19 19 0 1 1 40 8Z" fill="#f5c518"/>' },
};

const ink = '#5d3a00';

function eyesSvg(eyes: Eyes): string {
  const both = (one: (x: number) => string) => one(22) + one(42);
  switch (eyes) {
    case 'dot':
      return both((x) => `<circle cx="${x}" cy="26" r="3.5" fill="${ink}"/>`);
    case 'arc':
      return both((x) => `<path d="M${x - 5} 28 Q${x} 20 ${x + 5} 28" stroke="${ink}" stroke-width="3" fill="none" stroke-linecap="round"/>`);
    case 'line':
      return both((x) => `<path d="M${x - 5} 27 H${x + 5}" stroke="${ink}" stroke-width="3" stroke-linecap="round"/>`);
    case 'wide':
      return both((x) => `<circle cx="${x}" cy="25" r="6" fill="#fff" stroke="${ink}" stroke-width="2"/><circle cx="${x}" cy="25" r="2.5" fill="${ink}"/>`);
    case 'heart':
      return both((x) => `<path d="M${x} 31 C${x - 9} 25 ${x - 6} 18 ${x} 22 C${x + 6} 18 ${x + 9} 25 ${x} 31Z" fill="#e0245e"/>`);
    case 'shades':
      return `<path d="M12 22 H52 V26 Q52 34 44 34 Q36 34 35 26 H29 Q28 34 20 34 Q12 34 12 26Z" fill="#222"/>`;
    case 'x':
      return both(
        (x) => `<path d="M${x - 4} 22 L${x + 4} 30 M${x + 4} 22 L${x - 4} 30" stroke="${ink}" stroke-width="3" stroke-linecap="round"/>`,
      );
    case 'wink':
      return `<circle cx="22" cy="26" r="3.5" fill="${ink}"/><path d="M37 27 Q42 21 47 27" stroke="${ink}" stroke-width="3" fill="none" stroke-linecap="round"/>`;
    case 'sad':
      return both((x) => `<circle cx="${x}" cy="28" r="3" fill="${ink}"/><path d="M${x - 6} ${x < 32 ? 22 : 19} L${x + 6} ${x < 32 ? 19 : 22}" stroke="${ink}" stroke-width="2.5" stroke-linecap="round"/>`);
    case 'angry':
      return both((x) => `<circle cx="${x}" cy="28" r="3" fill="${ink}"/><path d="M${x - 6} ${x < 32 ? 19 : 23} L${x + 6} ${x < 32 ? 23 : 19}" stroke="${ink}" stroke-width="3" stroke-linecap="round"/>`);
  }
}

function mouthSvg(mouth: Mouth): string {
  const stroke = `stroke="${ink}" stroke-width="3" fill="none" stroke-linecap="round"`;
  switch (mouth) {
    case 'smile':
      return `<path d="M21 40 Q32 50 43 40" ${stroke}/>`;
    case 'grin':
      return `<path d="M18 38 H46 Q44 52 32 52 Q20 52 18 38Z" fill="#fff" stroke="${ink}" stroke-width="2.5"/><path d="M19 42 H45" stroke="${ink}" stroke-width="1.5"/>`;
    case 'frown':
      return `<path d="M22 47 Q32 38 42 47" ${stroke}/>`;
    case 'o':
      return `<ellipse cx="32" cy="45" rx="5" ry="6" fill="${ink}"/>`;
    case 'flat':
      return `<path d="M24 44 H40" ${stroke}/>`;
    case 'tongue':
      return `<path d="M21 40 Q32 48 43 40" ${stroke}/><path d="M28 44 Q28 52 33 52 Q38 52 37 44Z" fill="#e57373"/>`;
    case 'zip':
      return `<path d="M21 44 H43" ${stroke}/><path d="M25 41 V47 M29 41 V47 M33 41 V47 M37 41 V47" stroke="${ink}" stroke-width="1.5"/>`;
    case 'wavy':
      return `<path d="M21 45 Q24 41 27 45 T33 45 T39 45 T43 44" ${stroke}/>`;
    case 'kiss':
      return `<path d="M30 39 Q36 42 31 45 Q36 48 30 51" ${stroke}/>`;
  }
}

function extraSvg(extra: Extra | undefined): string {
  switch (extra) {
    case 'tears':
      return '<path d="M17 32 Q13 42 17 46 Q21 42 17 32Z M47 32 Q43 42 47 46 Q51 42 47 32Z" fill="#4fc3f7"/>';
    case 'sweat':
      return '<path d="M52 8 Q46 18 52 22 Q58 18 52 8Z" fill="#4fc3f7"/>';
    case 'blush':
      return '<ellipse cx="15" cy="37" rx="5" ry="3" fill="#f48fb1"/><ellipse cx="49" cy="37" rx="5" ry="3" fill="#f48fb1"/>';
    case 'drool':
      return '<path d="M40 46 Q38 56 41 57 Q44 56 42 46Z" fill="#4fc3f7"/>';
    case 'zzz':
      return `<text x="44" y="14" font-size="13" font-family="sans-serif" font-weight="bold" fill="#5c6bc0">z</text><text x="52" y="8" font-size="9" font-family="sans-serif" font-weight="bold" fill="#5c6bc0">z</text>`;
    case 'question':
      return '<text x="46" y="16" font-size="18" font-family="sans-serif" font-weight="bold" fill="#e65100">?</text>';
    case 'anger':
      return '<path d="M46 8 L50 14 M54 8 L50 14 M46 20 L50 14 M54 20 L50 14" stroke="#d32f2f" stroke-width="3" stroke-linecap="round"/>';
    default:
      return '';
  }
}

const wrap = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">${body}</svg>`;

/** The face's picture as an SVG document and its name, or undefined when the sandbox has none. */
export function facePicture(id: number): { name: string; svg: string } | undefined {
  const symbol = symbols[id];
  if (symbol) return { name: symbol.name, svg: wrap(symbol.svg) };
  const face = faces[id];
  if (!face) return undefined;
  const skin = face.extra === 'anger' ? '#ff8a65' : '#ffd54f';
  const head = `<circle cx="32" cy="32" r="28" fill="${skin}" stroke="#e0a800" stroke-width="2"/>`;
  return { name: face.name, svg: wrap(head + eyesSvg(face.eyes) + mouthSvg(face.mouth) + extraSvg(face.extra)) };
}

/** Every face id with a picture (for tests and the page's help). */
export const faceIds: readonly number[] = [...Object.keys(faces), ...Object.keys(symbols)].map(Number).sort((a, b) => a - b);
