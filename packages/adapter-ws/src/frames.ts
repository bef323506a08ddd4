/**
 * Reading incoming WebSocket frames (transport.md 3.2, 3.3): on a universal connection, event frames
 * are told apart from action answers by `post_type`; answers carry `status` / `retcode` and our echo.
 */
import { ActionError, type CQEvent, describeRetcode, isResponseEnvelope, type ResponseEnvelope, Retcode } from '@cqkit/protocol';

export type IncomingFrame =
  | { kind: 'answer'; echo: unknown; envelope: ResponseEnvelope }
  | { kind: 'event'; event: CQEvent }
  /** CQHTTP accepts the upgrade, then sends this text and closes when the token is bad. */
  | { kind: 'auth-failed' }
  | { kind: 'invalid'; reason: string };

export function readFrame(text: string): IncomingFrame {
  // Checked by length first: every other frame is JSON, usually far longer than this text.
  if (text.length < 64 && text.trim() === 'authorization failed') return { kind: 'auth-failed' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: `not JSON (starts ${preview(text)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: `not a JSON object (starts ${preview(text)})` };
  }
  const record = value as Record<string, unknown>;
  if (typeof record.post_type === 'string') {
    if (typeof record.self_id !== 'number' || typeof record.time !== 'number') {
      return { kind: 'invalid', reason: `an event without a numeric self_id / time (starts ${preview(text)})` };
    }
    // Unknown keys and newer event kinds pass through: the app decides what it handles.
    return { kind: 'event', event: value as CQEvent };
  }
  if (isResponseEnvelope(value)) return { kind: 'answer', echo: record.echo, envelope: value };
  return { kind: 'invalid', reason: `neither an event nor a response envelope (starts ${preview(text)})` };
}

/** The envelope's data, or the ActionError that says what went wrong. */
export function dataFromEnvelope(action: string, where: string, envelope: ResponseEnvelope): unknown {
  if (envelope.status === 'ok') return envelope.data ?? null;
  if (envelope.status === 'async') return null;
  const retcode = envelope.retcode;
  const base = { action, retcode, status: envelope.status } as const;
  const says = serverWords(envelope);
  // go-cqhttp uses retcode 404 for an unknown action; CQHTTP's WebSocket uses 1404.
  if (retcode === Retcode.WS_NOT_FOUND || retcode === 404) {
    return fail({ ...base, kind: 'not-found', message: `${action}: the server at ${where} does not implement ${action} (retcode ${retcode})${says}` });
  }
  if (retcode === Retcode.WS_UNAUTHORIZED || retcode === Retcode.WS_FORBIDDEN) {
    return fail({ ...base, kind: 'unauthorized', message: `${action}: the server at ${where} rejected the access token (retcode ${retcode})${says}` });
  }
  if (retcode === Retcode.WS_BAD_REQUEST) {
    return fail({ ...base, kind: 'bad-request', message: `${action}: the server at ${where} could not read the request frame (retcode 1400)${says}` });
  }
  return fail({ ...base, kind: 'retcode', message: `${action} failed with retcode ${retcode}: ${describeRetcode(retcode)}${says}` });
}

function fail(init: ConstructorParameters<typeof ActionError>[0]): never {
  throw new ActionError(init);
}

/** go-cqhttp's human text (`wording` / `message`) and machine code (`msg`), when present. */
function serverWords(envelope: ResponseEnvelope): string {
  const text = [envelope.wording, envelope.message].find((v) => typeof v === 'string' && v !== '');
  const code = typeof envelope.msg === 'string' && envelope.msg !== '' ? envelope.msg : undefined;
  if (text === undefined && code === undefined) return '';
  return ` (server says: ${[text, code && `[${code}]`].filter(Boolean).join(' ')})`;
}

export function preview(text: string): string {
  if (text.length === 0) return '(empty)';
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 60)}…` : flat);
}
