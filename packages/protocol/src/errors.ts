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

/** The one error type an action call rejects with. */
export class ActionError extends Error {
  override readonly name = 'ActionError';
  readonly action: string;
  readonly kind: ActionErrorKind;
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

export function isActionError(value: unknown): value is ActionError {
  return value instanceof ActionError;
}
