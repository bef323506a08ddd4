import type { QuickOperation } from '@cqkit/protocol';
import type { Timers } from './timers.js';

export type QuickOutcome =
  | { kind: 'operation'; operation: QuickOperation }
  | { kind: 'none' }
  /** The window closed first; `later` settles with what dispatch eventually gave. */
  | { kind: 'window-closed'; later: Promise<QuickOperation | null> }
  | { kind: 'failed'; error: unknown };

/**
 * Waits for dispatch's quick operation at most `windowMs`. Core promises to resolve within the
 * window; this timer is the backstop so that a slow handler can never hold the POST response.
 */
export function awaitQuickOperation(
  dispatching: Promise<QuickOperation | null>,
  windowMs: number,
  timers: Timers,
): Promise<QuickOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const handle = timers.setTimeout(() => {
      if (settled) return;
      settled = true;
      resolve({ kind: 'window-closed', later: dispatching });
    }, windowMs);
    dispatching.then(
      (operation) => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(handle);
        resolve(isUsefulOperation(operation) ? { kind: 'operation', operation } : { kind: 'none' });
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        timers.clearTimeout(handle);
        resolve({ kind: 'failed', error });
      },
    );
  });
}

/** A quick operation worth sending: a non-empty object (null, {} and arrays mean "nothing"). */
export function isUsefulOperation(operation: unknown): operation is QuickOperation {
  return (
    typeof operation === 'object' &&
    operation !== null &&
    !Array.isArray(operation) &&
    Object.values(operation).some((value) => value !== undefined)
  );
}

/** The POST response body for a quick operation: compact JSON without undefined keys. */
export function quickOperationBody(operation: QuickOperation): string {
  return JSON.stringify(operation);
}
