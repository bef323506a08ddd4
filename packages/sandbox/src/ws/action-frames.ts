/**
 * Action calls over WebSocket (transport.md 3.2): one JSON text frame per call, answered with the
 * HTTP envelope plus `echo`. Unreadable frames get retcode 1400 without echo (none could be read),
 * unknown actions retcode 1404 with echo.
 */
import { failed, Retcode, type ResponseEnvelope } from '@cqkit/protocol';
import type { ActionOutcome } from '../core/action-server.js';
import type { RawParams } from '../core/params.js';
import type { CallOrigin } from '../outbox.js';

export type ExecuteAction = (action: string, params: RawParams, origin: CallOrigin) => Promise<ActionOutcome>;

/** The JSON text of the answer to one incoming frame. Never rejects. */
export async function answerActionFrame(execute: ExecuteAction, text: string): Promise<string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return JSON.stringify(failed(Retcode.WS_BAD_REQUEST));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(failed(Retcode.WS_BAD_REQUEST));
  const frame = value as Record<string, unknown>;
  if (typeof frame.action !== 'string') return JSON.stringify(failed(Retcode.WS_BAD_REQUEST));
  // Omitted or non-object params mean no parameters; the HTTP parameter readers still coerce "1" to 1.
  const params = typeof frame.params === 'object' && frame.params !== null && !Array.isArray(frame.params) ? (frame.params as RawParams) : {};
  let envelope: ResponseEnvelope;
  try {
    const outcome = await execute(frame.action, params, 'ws');
    envelope = outcome.found ? outcome.envelope : failed(Retcode.WS_NOT_FOUND);
  } catch {
    envelope = failed(100);
  }
  const answer: ResponseEnvelope = { ...envelope };
  if (frame.echo !== undefined && frame.echo !== null) answer.echo = frame.echo;
  return JSON.stringify(answer);
}
