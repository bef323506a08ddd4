import type { AnySegment } from './segment-types.js';

// Data shapes of every segment type of message.md section 5, as they travel on the wire:
// every value a string (numbers as decimal strings, flags as '0'/'1'). Keys marked (R) arrive
// only on received segments; go-cqhttp extensions are marked (go). Type aliases, not interfaces,
// so that each shape is assignable to the index-signature data of SegmentInput.

/** Optional download controls shared by image, record and video when sending. */
export type MediaSendData = {
  /** '1' (default) reuses a cached download, '0' downloads again. */
  cache?: string;
  /** '1' (default) downloads through the configured proxy (OneBot; not in CQHTTP). */
  proxy?: string;
  /** Download timeout in seconds; absent = none. */
  timeout?: string;
};

export type TextData = { text: string };
export type FaceData = { id: string };
export type ImageData = MediaSendData & {
  /** Received file name, `file:///` URI, `http(s)://` URL or `base64://` data. */
  file: string;
  /** 'flash' = flash image; 'show' = go-cqhttp show image (with `id`). */
  type?: 'flash' | 'show';
  /** (R) download URL added by the server. */
  url?: string;
  /** (go) show-image effect 40000-40005. */
  id?: string;
  /** (go) image sub type, groups only. */
  subType?: string;
  /** (go) download threads, 2 or 3. */
  c?: string;
};
export type RecordData = MediaSendData & {
  file: string;
  /** '1' = voice changer. */
  magic?: string;
  /** (R) download URL. */
  url?: string;
};
export type VideoData = MediaSendData & {
  file: string;
  /** (R) download URL. */
  url?: string;
  /** (go) cover image. */
  cover?: string;
  /** (go) download threads. */
  c?: string;
};
/** `qq` is a QQ number or 'all'. */
export type AtData = { qq: string };
/** Sent without data; CoolQ's received form carries `type` (1-3), go documents `value`. */
export type RpsData = { type?: string; value?: string };
/** Sent without data; CoolQ's received form carries `type` (1-6). */
export type DiceData = { type?: string; value?: string };
export type ShakeData = Record<string, never>;
/** OneBot: `type` + `id` (+ received `name`); go-cqhttp: `qq` (poke that group member). */
export type PokeData = { type?: string; id?: string; name?: string; qq?: string };
/** `ignore` = '1': send normally if anonymity fails. */
export type AnonymousData = { ignore?: string };
export type ShareData = { url: string; title: string; content?: string; image?: string };
export type ContactData = { type: 'qq' | 'group'; id: string };
export type LocationData = { lat: string; lon: string; title?: string; content?: string };
export type PlatformMusicData = { type: 'qq' | '163' | 'xm'; id: string; style?: string };
export type CustomMusicData = {
  type: 'custom';
  /** Where a click leads. */
  url: string;
  /** The audio stream. */
  audio: string;
  title: string;
  content?: string;
  image?: string;
  /** (go) card style: qq, 163, migu, kugou, kuwo. */
  subtype?: string;
};
export type MusicData = PlatformMusicData | CustomMusicData;
/** Quote by message id, or (go) a custom quote used when `id` is absent. */
export type ReplyData = { id: string } | { text: string; qq: string; time?: string; seq?: string };
export type ForwardData = { id: string };
/** Forward node re-sending an existing message by id. */
export type NodeReferenceData = { id: string };
/** Custom forward node; `content` is a message (string or array). go-cqhttp also accepts `uin`/`name`. */
export type NodeCustomData = {
  user_id: string;
  nickname: string;
  content: string | AnySegment[];
  seq?: string;
  time?: string;
};
export type NodeData = NodeReferenceData | NodeCustomData;
export type XmlData = { data: string; resid?: string };
export type JsonData = { data: string; resid?: string };
/** `id`: Unicode code point in decimal. */
export type EmojiData = { id: string };
export type BfaceData = { id: string; p?: string };
export type SfaceData = { id: string };
export type SignData = { location?: string; title?: string; image?: string };
/** Keys vary (url, text, title, content, ...). */
export type RichData = Record<string, string>;
export type HbData = { title: string };
export type RedbagData = { title: string };
export type TtsData = { text: string };
export type CardImageData = {
  file: string;
  minwidth?: string;
  minheight?: string;
  maxwidth?: string;
  maxheight?: string;
  source?: string;
  icon?: string;
};

/** Every segment type the sources mention, mapped to its data shape. */
export type SegmentMap = {
  text: TextData;
  face: FaceData;
  image: ImageData;
  record: RecordData;
  video: VideoData;
  at: AtData;
  rps: RpsData;
  dice: DiceData;
  shake: ShakeData;
  poke: PokeData;
  anonymous: AnonymousData;
  share: ShareData;
  contact: ContactData;
  location: LocationData;
  music: MusicData;
  reply: ReplyData;
  forward: ForwardData;
  node: NodeData;
  xml: XmlData;
  json: JsonData;
  emoji: EmojiData;
  bface: BfaceData;
  sface: SfaceData;
  sign: SignData;
  rich: RichData;
  hb: HbData;
  redbag: RedbagData;
  tts: TtsData;
  cardimage: CardImageData;
};

/** Name of a segment type listed in message.md section 5. */
export type SegmentType = keyof SegmentMap;

/** Runtime list of the known segment types. */
export const segmentTypes: readonly SegmentType[] = [
  'text',
  'face',
  'image',
  'record',
  'video',
  'at',
  'rps',
  'dice',
  'shake',
  'poke',
  'anonymous',
  'share',
  'contact',
  'location',
  'music',
  'reply',
  'forward',
  'node',
  'xml',
  'json',
  'emoji',
  'bface',
  'sface',
  'sign',
  'rich',
  'hb',
  'redbag',
  'tts',
  'cardimage',
];
