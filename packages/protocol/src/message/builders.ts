import { toSegments } from './normalize.js';
import type {
  CardImageData,
  ContactData,
  CustomMusicData,
  ImageData,
  LocationData,
  NodeCustomData,
  PlatformMusicData,
  RecordData,
  SegmentMap,
  ShareData,
  VideoData,
} from './segment-map.js';
import type { Message, Segment } from './segment-types.js';

/** A QQ number, message id, etc.: numbers are written as decimal strings. */
export type NumericId = number | string;

/** Download controls for image, record and video (sending). */
export interface MediaOptions {
  /** false = download again even if cached (`cache=0`). */
  cache?: boolean;
  /** false = do not download through the proxy (`proxy=0`). */
  proxy?: boolean;
  /** Download timeout in seconds. */
  timeout?: number;
}
export interface ImageOptions extends MediaOptions {
  type?: 'flash' | 'show';
  /** (go) show-image effect 40000-40005. */
  id?: number;
  /** (go) image sub type. */
  subType?: number;
  /** (go) download threads. */
  c?: number;
}
export interface RecordOptions extends MediaOptions {
  /** Voice changer. */
  magic?: boolean;
}
export interface VideoOptions extends MediaOptions {
  /** (go) cover image: http(s) URL, file URI or base64. */
  cover?: string;
  /** (go) download threads. */
  c?: number;
}
export interface ShareOptions {
  url: string;
  title: string;
  content?: string;
  image?: string;
}
export interface LocationOptions {
  lat: number | string;
  lon: number | string;
  title?: string;
  content?: string;
}
export interface CustomMusicOptions {
  url: string;
  audio: string;
  title: string;
  content?: string;
  image?: string;
  /** (go) card style: qq, 163, migu, kugou, kuwo. */
  subtype?: string;
}
export interface CustomReplyOptions {
  text: string;
  qq: NumericId;
  time?: number;
  seq?: number;
}
export interface CustomNodeOptions {
  user_id: NumericId;
  nickname: string;
  /** The node's message: a string stays a CQ-code string, a segment or array is normalised. */
  content: Message;
  seq?: number;
  time?: number;
}
export interface CardImageOptions {
  minwidth?: number;
  minheight?: number;
  maxwidth?: number;
  maxheight?: number;
  source?: string;
  icon?: string;
}

type Scalar = string | number | boolean | undefined;

/** Copies the defined options into wire data: numbers as decimal strings, booleans as '1'/'0'. */
function wireData(options: Readonly<Record<string, Scalar>>): Record<string, string> {
  const data: Record<string, string> = {};
  for (const key of Object.keys(options)) {
    const value = options[key];
    if (value === undefined) continue;
    data[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
  }
  return data;
}

function make<T extends keyof SegmentMap>(type: T, data: SegmentMap[T]): Segment<T> {
  return { type, data } as Segment<T>;
}

function image(file: string, options: ImageOptions = {}): Segment<'image'> {
  return make('image', { file, ...wireData({ ...options }) } as ImageData);
}
function record(file: string, options: RecordOptions = {}): Segment<'record'> {
  return make('record', { file, ...wireData({ ...options }) } as RecordData);
}
function video(file: string, options: VideoOptions = {}): Segment<'video'> {
  return make('video', { file, ...wireData({ ...options }) } as VideoData);
}

function poke(type: NumericId, id: NumericId): Segment<'poke'>;
function poke(target: { qq: NumericId }): Segment<'poke'>;
function poke(typeOrTarget: NumericId | { qq: NumericId }, id?: NumericId): Segment<'poke'> {
  if (typeof typeOrTarget === 'object') return make('poke', { qq: String(typeOrTarget.qq) });
  return make('poke', { type: String(typeOrTarget), id: String(id) });
}

function node(id: NumericId): Segment<'node'>;
function node(custom: CustomNodeOptions): Segment<'node'>;
function node(idOrCustom: NumericId | CustomNodeOptions): Segment<'node'> {
  if (typeof idOrCustom !== 'object') return make('node', { id: String(idOrCustom) });
  const { user_id, nickname, content, seq, time } = idOrCustom;
  const data: NodeCustomData = {
    user_id: String(user_id),
    nickname,
    content: typeof content === 'string' ? content : toSegments(content),
    ...wireData({ seq, time }),
  };
  return make('node', data);
}

/**
 * Typed builders for every segment type of message.md section 5. Each returns a fresh segment
 * whose data is already in wire form (strings; flags '1'/'0'); options left undefined are left out.
 * Call `segment(type, data)` for any other type (servers pass unknown codes through).
 */
const builders = {
  text: (text: string): Segment<'text'> => make('text', { text }),
  face: (id: NumericId): Segment<'face'> => make('face', { id: String(id) }),
  image,
  /** Shorthand for `image(file, { type: 'flash' })`. */
  flash: (file: string, options: MediaOptions = {}): Segment<'image'> => image(file, { ...options, type: 'flash' }),
  record,
  video,
  /** Mentions a QQ number, or everyone with 'all'. */
  at: (qq: NumericId | 'all'): Segment<'at'> => make('at', { qq: String(qq) }),
  rps: (): Segment<'rps'> => make('rps', {}),
  dice: (): Segment<'dice'> => make('dice', {}),
  shake: (): Segment<'shake'> => make('shake', {}),
  /** OneBot: `poke(type, id)` (mirai poke style); go-cqhttp: `poke({ qq })` pokes a group member. */
  poke,
  /** Sends anonymously; `ignoreFailure` sends normally when anonymity fails (`ignore=1`). */
  anonymous: (ignoreFailure?: boolean): Segment<'anonymous'> =>
    make('anonymous', ignoreFailure === undefined ? {} : { ignore: ignoreFailure ? '1' : '0' }),
  share: (options: ShareOptions): Segment<'share'> => make('share', wireData({ ...options }) as ShareData),
  /** Recommends a friend (`'qq'`) or a group. */
  contact: (type: 'qq' | 'group', id: NumericId): Segment<'contact'> =>
    make('contact', { type, id: String(id) } satisfies ContactData),
  location: (options: LocationOptions): Segment<'location'> =>
    make('location', wireData({ ...options }) as LocationData),
  /** Platform music card. */
  music: (type: 'qq' | '163' | 'xm', id: NumericId): Segment<'music'> =>
    make('music', { type, id: String(id) } satisfies PlatformMusicData),
  /** Custom music card: `url` is the click target, `audio` the stream. */
  customMusic: (options: CustomMusicOptions): Segment<'music'> =>
    make('music', { type: 'custom', ...wireData({ ...options }) } as CustomMusicData),
  /** Quotes the message with this id. */
  reply: (id: NumericId): Segment<'reply'> => make('reply', { id: String(id) }),
  /** (go) Custom quote shown as if `qq` had said `text`. */
  customReply: (options: CustomReplyOptions): Segment<'reply'> =>
    make('reply', wireData({ ...options }) as { text: string; qq: string }),
  forward: (id: NumericId): Segment<'forward'> => make('forward', { id: String(id) }),
  /** Forward node: `node(messageId)` re-sends a message, `node({ user_id, nickname, content })` is custom. */
  node,
  xml: (data: string, resid?: NumericId): Segment<'xml'> => make('xml', { data, ...wireData({ resid }) }),
  /** Raw JSON card; an object is serialised with JSON.stringify. */
  json: (data: string | object, resid?: NumericId): Segment<'json'> =>
    make('json', { data: typeof data === 'string' ? data : JSON.stringify(data), ...wireData({ resid }) }),
  /** CoolQ emoji by Unicode code point (decimal). */
  emoji: (id: NumericId): Segment<'emoji'> => make('emoji', { id: String(id) }),
  bface: (id: NumericId, p?: NumericId): Segment<'bface'> => make('bface', { id: String(id), ...wireData({ p }) }),
  sface: (id: NumericId): Segment<'sface'> => make('sface', { id: String(id) }),
  sign: (options: { location?: string; title?: string; image?: string }): Segment<'sign'> =>
    make('sign', wireData({ ...options })),
  rich: (data: Readonly<Record<string, Scalar>>): Segment<'rich'> => make('rich', wireData(data)),
  hb: (title: string): Segment<'hb'> => make('hb', { title }),
  redbag: (title: string): Segment<'redbag'> => make('redbag', { title }),
  /** (go) Text-to-speech, groups only. */
  tts: (text: string): Segment<'tts'> => make('tts', { text }),
  /** (go) Large image sent as an XML card. */
  cardimage: (file: string, options: CardImageOptions = {}): Segment<'cardimage'> =>
    make('cardimage', { file, ...wireData({ ...options }) } as CardImageData),
};

/** Builds a segment of any type, e.g. one the protocol tables do not know. */
function custom<T extends string>(type: T, data: Readonly<Record<string, Scalar>> = {}): Segment<T, Record<string, string>> {
  return { type, data: wireData(data) };
}

/**
 * `segment.at(10001)`, `segment.image('a.png', { type: 'flash' })`, `segment.reply(id)`,
 * `segment.node({ user_id, nickname, content })`, ...; `segment('mytype', { key: 'v' })` for others.
 */
export const segment: typeof custom & typeof builders = Object.assign(custom, builders);
