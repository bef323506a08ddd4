import { ActionError, describeRetcode, isResponseEnvelope, Retcode } from '@cqkit/protocol';
import { describeError } from '@cqkit/core';

/** What the API server answered, before interpretation. */
export interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * Turns an HTTP answer into the envelope's `data`, or throws an ActionError whose message says
 * what to fix. `url` is the address that was called, for the messages.
 */
export function dataFromAnswer(action: string, url: string, answer: HttpAnswer): unknown {
  const { status } = answer;
  if (status === 401 || status === 403) {
    const why =
      status === 401
        ? 'no usable token was sent: set accessToken for this bot to the server access_token'
        : 'the token differs from the server access_token: correct accessToken for this bot';
    throw new ActionError({
      action,
      kind: 'unauthorized',
      httpStatus: status,
      message: `${action}: the API server rejected the access token (HTTP ${status} from ${url}; ${why})`,
    });
  }
  if (status === 404) {
    throw new ActionError({
      action,
      kind: 'not-found',
      httpStatus: status,
      message: `${action}: the server does not implement ${action} (HTTP 404 from ${url}; check the action name, the endpoint path, and that _rate_limited actions are enabled on the server if you used that mode)`,
    });
  }
  if (status === 406) {
    throw new ActionError({
      action,
      kind: 'bad-request',
      httpStatus: status,
      message: `${action}: the server refused the request Content-Type (HTTP 406 from ${url}); it expects application/json`,
    });
  }
  if (status === 400) {
    throw new ActionError({
      action,
      kind: 'bad-request',
      httpStatus: status,
      message: `${action}: the server could not parse the request body (HTTP 400 from ${url})`,
    });
  }
  if (status < 200 || status > 299) {
    throw new ActionError({
      action,
      kind: 'http-status',
      httpStatus: status,
      message: `${action}: the API server at ${url} answered HTTP ${status}${status >= 500 ? ' (a server-side failure: check its log)' : ''}`,
    });
  }
  const parsed = parseJson(answer.body);
  if (!parsed.ok) {
    throw new ActionError({
      action,
      kind: 'bad-response',
      httpStatus: status,
      message: `${action}: the answer from ${url} is not JSON (Content-Type ${answer.contentType ?? 'none'}, body starts ${preview(answer.body)}); is the endpoint a CQHTTP / OneBot HTTP API?`,
    });
  }
  const envelope = parsed.value;
  if (!isResponseEnvelope(envelope)) {
    throw new ActionError({
      action,
      kind: 'bad-response',
      httpStatus: status,
      message: `${action}: the answer from ${url} is JSON but not a response envelope {status, retcode, data} (body starts ${preview(answer.body)})`,
    });
  }
  if (envelope.status === 'ok') return envelope.data ?? null;
  if (envelope.status === 'async') return null;
  throw errorFromRetcode(action, url, status, envelope.retcode, serverWords(envelope));
}

function errorFromRetcode(
  action: string,
  url: string,
  httpStatus: number,
  retcode: number,
  serverSays: string,
): ActionError {
  const base = { action, retcode, status: 'failed', httpStatus } as const;
  // go-cqhttp answers unknown actions with HTTP 200 and retcode 404; WebSocket-style codes may also
  // come through a proxy. They mean the same as the HTTP statuses.
  if (retcode === 404 || retcode === Retcode.WS_NOT_FOUND) {
    return new ActionError({
      ...base,
      kind: 'not-found',
      message: `${action}: the server does not implement ${action} (retcode ${retcode} from ${url})${serverSays}`,
    });
  }
  if (retcode === Retcode.WS_UNAUTHORIZED || retcode === Retcode.WS_FORBIDDEN) {
    return new ActionError({
      ...base,
      kind: 'unauthorized',
      message: `${action}: the API server rejected the access token (retcode ${retcode} from ${url})${serverSays}`,
    });
  }
  if (retcode === Retcode.WS_BAD_REQUEST) {
    return new ActionError({
      ...base,
      kind: 'bad-request',
      message: `${action}: the server could not understand the request (retcode ${retcode})${serverSays}`,
    });
  }
  return new ActionError({
    ...base,
    kind: 'retcode',
    message: `${action} failed with retcode ${retcode}: ${describeRetcode(retcode)}${serverSays}`,
  });
}

/** go-cqhttp's human text (`wording` / `message`) and machine code (`msg`), when present. */
function serverWords(envelope: { msg?: unknown; wording?: unknown; message?: unknown }): string {
  const text = [envelope.wording, envelope.message].find((v) => typeof v === 'string' && v !== '');
  const code = typeof envelope.msg === 'string' && envelope.msg !== '' ? envelope.msg : undefined;
  if (text === undefined && code === undefined) return '';
  return ` (server says: ${[text, code && `[${code}]`].filter(Boolean).join(' ')})`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function preview(body: string): string {
  if (body.length === 0) return '(empty)';
  const flat = body.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 60)}…` : flat);
}

/** Why a request got no HTTP answer at all. `reason` is known from the caller's own bookkeeping. */
export function errorFromFailure(
  action: string,
  url: string,
  cause: unknown,
  reason: { timedOut: number | undefined; cancelled: boolean; answerStatus?: number },
): ActionError {
  if (reason.timedOut !== undefined) {
    return new ActionError({
      action,
      kind: 'timeout',
      cause,
      message: `${action}: no answer from ${url} within ${reason.timedOut} ms (the server is slow or stuck; raise the timeout or check the server)`,
    });
  }
  if (reason.cancelled) {
    return new ActionError({ action, kind: 'cancelled', cause, message: `${action}: the call was cancelled` });
  }
  const code = errorCode(cause);
  const origin = safeOrigin(url);
  if (reason.answerStatus !== undefined && reason.answerStatus > 0) {
    // The server had begun to answer: it got the request, and most likely ran it.
    return new ActionError({
      action,
      kind: 'unreachable',
      httpStatus: reason.answerStatus,
      cause,
      message: `${action}: the connection to ${origin} broke while the answer was arriving (HTTP ${reason.answerStatus}, ${code ?? describeError(cause)}); the server received the call and may have delivered it, so it is not re-sent`,
    });
  }
  const message =
    code === 'ECONNREFUSED'
      ? `${action}: no API server at ${origin} (connection refused); is the OneBot implementation running with its HTTP API enabled on that port?`
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? `${action}: cannot resolve the host of ${origin} (${code}); check the endpoint`
        : `${action}: the connection to ${origin} failed before an answer arrived (${code ?? describeError(cause)})`;
  return new ActionError({ action, kind: 'unreachable', cause, message });
}

/** The first `code` along the cause chain (an error may wrap the socket's own). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
    // AggregateError from happy-eyeballs connects: look at the first attempt.
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
    if (current === undefined && typeof code === 'string') return code;
  }
  return undefined;
}


function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
