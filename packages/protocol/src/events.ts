/** Recognising events: the runtime guard, and the names an event is emitted under. */
import type { EventFieldSpec, EventSpec } from './event-spec.js';
import { type CQEvent, eventTable } from './events.generated.js';

/** The key that holds the detail type, per post_type. */
export const detailKeys = {
  message: 'message_type',
  notice: 'notice_type',
  request: 'request_type',
  meta_event: 'meta_event_type',
} as const;

type Obj = Record<string, unknown>;

// Prepared once: post_type -> detail -> the specs sharing it (several only for notice/notify).
// Two lookups rather than one on a built `post/detail` key: this runs for every event.
const index = new Map<string, Map<unknown, EventSpec[]>>();
for (const spec of eventTable) {
  let byDetail = index.get(spec.postType);
  if (!byDetail) {
    byDetail = new Map();
    index.set(spec.postType, byDetail);
  }
  byDetail.set(spec.detail, [...(byDetail.get(spec.detail) ?? []), spec]);
}

/** The catalogue entry describing `event`, or undefined for an event the catalogue does not know. */
export function eventSpecOf(event: Obj): EventSpec | undefined {
  const post = event.post_type;
  if (typeof post !== 'string') return undefined;
  const byDetail = index.get(post);
  if (!byDetail) return undefined;
  const specs = byDetail.get(event[detailKeys[post as keyof typeof detailKeys]]);
  if (!specs) return undefined;
  if (specs.length === 1) return specs[0];
  const candidates = specs.filter((s) => s.notifySubType === event.sub_type);
  // Group and friend pokes share notify/poke; the friend one has no group_id.
  if (candidates.length > 1) return candidates.find((s) => s.fields.some((f) => f.name === 'group_id') === ('group_id' in event));
  return candidates[0];
}

const unknownNames = new Map<string, readonly string[]>();

/**
 * The names an event is emitted under, most general first:
 * `['message', 'message/group']`, `['notice', 'notice/notify', 'notice/notify/poke']`.
 * Events outside the catalogue get `[post_type, post_type/detail]`. The arrays are shared; do not mutate.
 */
export function eventNames(event: CQEvent | Obj): readonly string[] {
  const e = event as Obj;
  const spec = eventSpecOf(e);
  if (spec) return spec.names;
  const post = String(e.post_type);
  const detailKey = detailKeys[post as keyof typeof detailKeys] ?? 'detail_type';
  const key = `${post}/${String(e[detailKey])}`;
  let names = unknownNames.get(key);
  if (!names) {
    names = [post, key];
    if (unknownNames.size < 1000) unknownNames.set(key, names);
  }
  return names;
}

export type EventValidation =
  | { ok: true; event: CQEvent; spec: EventSpec | undefined }
  | { ok: false; reason: string };

export interface ValidateOptions {
  /**
   * Require every field of the catalogue. Off by default: servers omit best-effort fields (font,
   * sender keys...), so only identifying fields are required, and every field present must have its type.
   */
  strict?: boolean;
}

/** Fields a handler cannot do without, required even when not strict. */
function isEssential(field: EventFieldSpec): boolean {
  return field.name.endsWith('_id') || field.name === 'message' || field.name === 'flag' || field.name === 'sub_type';
}

function typeMatches(field: EventFieldSpec, value: unknown): boolean {
  if (value === null) return field.nullable === true;
  switch (field.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'message':
      return (
        typeof value === 'string' ||
        (Array.isArray(value) && value.every((s) => typeof s === 'object' && s !== null && typeof (s as Obj).type === 'string'))
      );
    default:
      return true;
  }
}

/** Tells a well-formed event from garbage. Never throws. */
export function validateEvent(value: unknown, options: ValidateOptions = {}): EventValidation {
  try {
    return checkEvent(value, options);
  } catch (error) {
    // Only a hostile object (a throwing getter or Proxy) gets here; JSON never does.
    return { ok: false, reason: `the event could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function checkEvent(value: unknown, options: ValidateOptions): EventValidation {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'an event must be a JSON object' };
  const e = value as Obj;
  if (typeof e.post_type !== 'string') return { ok: false, reason: 'post_type is missing or not a string' };
  if (typeof e.self_id !== 'number' || !Number.isFinite(e.self_id)) return { ok: false, reason: 'self_id is missing or not a number' };
  if (typeof e.time !== 'number' || !Number.isFinite(e.time)) return { ok: false, reason: 'time is missing or not a number' };
  const spec = eventSpecOf(e);
  if (!spec) {
    const detailKey = detailKeys[e.post_type as keyof typeof detailKeys];
    if (detailKey && typeof e[detailKey] !== 'string') return { ok: false, reason: `${detailKey} is missing or not a string` };
    if (e.sub_type !== undefined && typeof e.sub_type !== 'string') return { ok: false, reason: 'sub_type should be string' };
    return { ok: true, event: e as unknown as CQEvent, spec: undefined };
  }
  for (const field of spec.fields) {
    const v = e[field.name];
    if (v === undefined) {
      if (!field.optional && (options.strict || isEssential(field))) return { ok: false, reason: `${spec.id}: field ${field.name} is missing` };
      continue;
    }
    if (!typeMatches(field, v)) return { ok: false, reason: `${spec.id}: field ${field.name} should be ${field.type}${field.nullable ? ' or null' : ''}` };
  }
  return { ok: true, event: e as unknown as CQEvent, spec };
}

/** True for a well-formed event (see validateEvent). Never throws. */
export function isEvent(value: unknown): value is CQEvent {
  return validateEvent(value).ok;
}

export { eventTable };
