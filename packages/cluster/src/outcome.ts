/** A call's outcome as stored in Redis and sent back to workers (JSON). */
import { ActionError, type ActionErrorKind, isActionError } from '@cqkit/protocol';
import { ClusterError } from './errors.js';

export type Outcome =
  | { ok: true; data: unknown }
  | {
      ok: false;
      kind: ActionErrorKind;
      message: string;
      retcode?: number;
      status?: string;
      /** The send was in flight when its gateway died: it may have been sent; it is never resent. */
      uncertain?: true;
    };

export function successOutcome(data: unknown): string {
  return JSON.stringify({ ok: true, data: data === undefined ? null : data });
}

export function failureOutcome(error: unknown, action: string, uncertain = false): string {
  const e = isActionError(error) ? error : new ActionError({ action, kind: 'unreachable', message: `${action}: ${String((error as Error)?.message ?? error)}` });
  const outcome: Outcome = { ok: false, kind: e.kind, message: e.message };
  if (e.retcode !== undefined) outcome.retcode = e.retcode;
  if (e.status !== undefined) outcome.status = e.status;
  if (uncertain) outcome.uncertain = true;
  return JSON.stringify(outcome);
}

export function parseOutcome(text: string): Outcome {
  try {
    const value = JSON.parse(text) as Outcome;
    if (typeof value === 'object' && value !== null && typeof value.ok === 'boolean') return value;
  } catch {
    // fall through
  }
  throw new ClusterError('CQKIT_CLUSTER_BAD_ENTRY', `a stored call outcome is not readable: ${JSON.stringify(text.slice(0, 80))}`);
}

/** An ActionError marking a send that may have gone out (its gateway died while it was in flight). */
export class UncertainSendError extends ActionError {
  readonly uncertain = true;
}

/** Resolve with the data, or throw the ActionError the outcome describes. */
export function settle(action: string, outcome: Outcome): unknown {
  if (outcome.ok) return outcome.data;
  const init = {
    action,
    kind: outcome.kind,
    message: outcome.message,
    ...(outcome.retcode !== undefined && { retcode: outcome.retcode }),
    ...(outcome.status !== undefined && { status: outcome.status }),
  };
  throw outcome.uncertain ? new UncertainSendError(init) : new ActionError(init);
}

export function uncertainMessage(action: string): string {
  return `${action}: may have been sent (it was in flight when its gateway stopped answering); not resent`;
}
