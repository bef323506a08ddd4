import { describeRetcode } from './envelope.js';

/**
 * Why an action failed. `retcode`: the server answered with a failure envelope.
 * The others are transport-level: the server was never reached, or its answer was unusable.
 */
export type ActionErrorKind =
  | 'retcode' // envelope with status failed
  | 'unauthorized' // HTTP 401 / 403, WS 1401 / 1403: the access token was rejected
  | 'not-found' // HTTP 404 / WS 1404: the server does not implement the action
  | 'bad-request' // HTTP 400 / 406 / WS 1400: the request was not understood
  | 'http-status' // any other unexpected HTTP status
  | 'unreachable' // connection refused, DNS failure, socket closed
  | 'timeout' // no answer within the call's timeout
  | 'bad-response' // the answer was not a response envelope
  | 'queue-full' // the send queue was full
  | 'cancelled' // the call was dropped (app stopped, queue cleared)
  | 'invalid-params'; // rejected locally before sending

export interface ActionErrorInit {
  action: string;
  kind: ActionErrorKind;
  message?: string;
  retcode?: number;
  status?: string;
  httpStatus?: number;
  cause?: unknown;
}

/** The stable code of each kind (README "Error codes" says what to do about each). */
const actionErrorCodes = {
  retcode: 'CQKIT_ACTION_FAILED',
  unauthorized: 'CQKIT_ACTION_UNAUTHORIZED',
  'not-found': 'CQKIT_ACTION_UNSUPPORTED',
  'bad-request': 'CQKIT_ACTION_BAD_REQUEST',
  'http-status': 'CQKIT_ACTION_HTTP_STATUS',
  unreachable: 'CQKIT_ACTION_UNREACHABLE',
  timeout: 'CQKIT_ACTION_TIMEOUT',
  'bad-response': 'CQKIT_ACTION_BAD_RESPONSE',
  'queue-full': 'CQKIT_ACTION_QUEUE_FULL',
  cancelled: 'CQKIT_ACTION_CANCELLED',
  'invalid-params': 'CQKIT_ACTION_INVALID_PARAMS',
} as const satisfies Record<ActionErrorKind, `CQKIT_${string}`>;

export type ActionErrorCode = (typeof actionErrorCodes)[ActionErrorKind];

/** The one error type an action call rejects with. */
export class ActionError extends Error {
  /** The code of each kind. */
  static readonly codes: Readonly<Record<ActionErrorKind, ActionErrorCode>> = actionErrorCodes;
  override readonly name = 'ActionError';
  readonly action: string;
  readonly kind: ActionErrorKind;
  /** Stable code, one per kind (`CQKIT_ACTION_TIMEOUT` for `timeout`…). */
  readonly code: ActionErrorCode;
  /** The envelope's retcode, when the server answered with one. */
  readonly retcode: number | undefined;
  /** The envelope's status, when the server answered with one. */
  readonly status: string | undefined;
  /** The HTTP status, for HTTP transports. */
  readonly httpStatus: number | undefined;

  constructor(init: ActionErrorInit) {
    super(init.message ?? defaultMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.action = init.action;
    this.kind = init.kind;
    this.code = actionErrorCodes[init.kind];
    this.retcode = init.retcode;
    this.status = init.status;
    this.httpStatus = init.httpStatus;
  }
}

function defaultMessage(init: ActionErrorInit): string {
  switch (init.kind) {
    case 'retcode':
      return init.retcode === undefined
        ? `${init.action} failed (the server gave no retcode)`
        : `${init.action} failed with retcode ${init.retcode}: ${describeRetcode(init.retcode)}`;
    case 'unauthorized':
      return `${init.action}: the API server rejected the access token (check accessToken in your config)`;
    case 'not-found':
      return `${init.action}: the server does not implement ${init.action}`;
    case 'bad-request':
      return `${init.action}: the server could not understand the request`;
    case 'http-status':
      return `${init.action}: unexpected HTTP status ${init.httpStatus}`;
    case 'unreachable':
      return `${init.action}: the API server could not be reached`;
    case 'timeout':
      return `${init.action}: no answer from the API server in time`;
    case 'bad-response':
      return `${init.action}: the server's answer is not a CQHTTP response envelope`;
    case 'queue-full':
      return `${init.action}: the send queue is full`;
    case 'cancelled':
      return `${init.action}: the call was cancelled before it was sent`;
    case 'invalid-params':
      return `${init.action}: invalid parameters`;
  }
}

/**
 * A value is not a message, or a message cannot be written as CQ code (a segment type or key a CQ
 * string cannot carry). A TypeError, as it was before it had a code.
 */
export class MessageFormatError extends TypeError {
  static readonly code = 'CQKIT_MESSAGE_FORMAT';
  readonly code = MessageFormatError.code;
  override readonly name = 'MessageFormatError';
}

export function isActionError(value: unknown): value is ActionError {
  return value instanceof ActionError;
}
