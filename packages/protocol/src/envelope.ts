/** The response envelope of every action, over HTTP and WebSocket (transport.md 1.4). */
export type ResponseStatus = 'ok' | 'async' | 'failed';

export interface ResponseEnvelope<T = unknown> {
  status: ResponseStatus;
  retcode: number;
  data: T | null;
  /** Only on WebSocket responses: copied from the request. */
  echo?: unknown;
  /** go-cqhttp adds a machine code (e.g. MSG_NOT_FOUND) and human text on failures. */
  msg?: string;
  wording?: string;
  message?: string;
}

/** retcode values (transport.md 1.6). Negative values are CoolQ's own error codes. */
export const Retcode = {
  OK: 0,
  ASYNC: 1,
  /** Missing or obviously invalid parameters. */
  BAD_PARAMS: 100,
  /** Pre-3.0 "no such API" (now HTTP 404). */
  NO_SUCH_API: 101,
  /** Unusable data from the platform: typically no permission / not a member. */
  INVALID_DATA: 102,
  /** Operation failed: insufficient privilege or a file-system error. */
  OPERATION_FAILED: 103,
  /** Cookies / CSRF token invalid. */
  CREDENTIALS_INVALID: 104,
  /** `_async` call while the worker pool is unavailable. */
  POOL_UNAVAILABLE: 201,
  /** WebSocket-only equivalents of HTTP 400 / 401 / 403 / 404. */
  WS_BAD_REQUEST: 1400,
  WS_UNAUTHORIZED: 1401,
  WS_FORBIDDEN: 1403,
  WS_NOT_FOUND: 1404,
} as const;

const retcodeMeanings: Record<number, string> = {
  0: 'success',
  1: 'accepted for asynchronous execution',
  100: 'missing or invalid parameters',
  101: 'no such API (pre-3.0)',
  102: 'the platform returned unusable data (no permission, or not a member)',
  103: 'the operation failed (insufficient privilege or a file-system error)',
  104: 'cookies / CSRF token are invalid',
  201: 'the worker pool is unavailable for an _async call',
  1400: 'bad request frame',
  1401: 'access token missing',
  1403: 'access token wrong',
  1404: 'unknown action',
};

/** A human sentence for a retcode. */
export function describeRetcode(retcode: number): string {
  const known = retcodeMeanings[retcode];
  if (known) return known;
  if (retcode < 0) return `the platform's own error code ${retcode}`;
  return `failure code ${retcode}`;
}

export function statusForRetcode(retcode: number): ResponseStatus {
  return retcode === 0 ? 'ok' : retcode === 1 ? 'async' : 'failed';
}

/** Build an envelope: `ok(data)`, `failed(retcode)`, `asyncAccepted()`. */
export function ok<T>(data: T): ResponseEnvelope<T> {
  return { status: 'ok', retcode: 0, data };
}
export function failed(retcode: number): ResponseEnvelope<null> {
  return { status: 'failed', retcode, data: null };
}
export function asyncAccepted(): ResponseEnvelope<null> {
  return { status: 'async', retcode: 1, data: null };
}

/** True when `value` has the shape of a response envelope. Never throws. */
export function isResponseEnvelope(value: unknown): value is ResponseEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.status === 'ok' || v.status === 'async' || v.status === 'failed') &&
    typeof v.retcode === 'number' &&
    Number.isInteger(v.retcode) &&
    'data' in v
  );
}
