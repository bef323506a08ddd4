/**
 * What the user sees for a failure: the message of errors we raise on purpose (config, plugin, usage),
 * `error: message` for anything else. No stack trace unless CQKIT_DEBUG is set.
 */
const expected = new Set([
  'ConfigError',
  'UsageError',
  'CACError',
  'PluginNotFoundError',
  'PluginShapeError',
  'PluginConfigError',
  'PluginLoadError',
  'HttpAdapterConfigError',
  'ScaffoldError',
]);

export function describeError(error: unknown): string {
  if (process.env.CQKIT_DEBUG && error instanceof Error && error.stack) return error.stack;
  if (error instanceof Error) {
    if (expected.has(error.name)) return error.message;
    const code = (error as { code?: string }).code;
    return `error: ${error.message}${code ? ` (${code})` : ''}`;
  }
  return `error: ${String(error)}`;
}
