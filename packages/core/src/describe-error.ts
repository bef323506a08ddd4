/**
 * The one way cqkit turns a caught value into text for a log line or another error's message.
 * Tokens and passwords in it (URLs with credentials, access_token values) are redacted.
 */
import { redactText } from '@cqkit/protocol';

export function describeError(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
