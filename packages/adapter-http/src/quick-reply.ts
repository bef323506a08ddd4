/**
 * Writing a quick reply into the POST response. The core owns the window and resolves dispatch by
 * its end with `{ operation, late }`; this module only turns the operation into a response body.
 */
import type { QuickOperation } from '@cqkit/protocol';

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
