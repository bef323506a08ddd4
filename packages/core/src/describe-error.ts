/** The one way cqkit turns a caught value into text for a log line or another error's message. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
