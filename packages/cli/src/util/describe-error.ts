/**
 * What the user sees for a failure: the message of errors we raise on purpose (config, plugin, usage),
 * `error: message` for anything else. No stack trace unless CQKIT_DEBUG is set. Credentials in URLs are never shown.
 */
// The subpath, not the package root: --version and --help must not load the whole protocol.
import { redactText } from '@cqkit/protocol/redact';

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
  'PluginAddError',
]);

export function describeError(error: unknown): string {
  return redactText(describe(error));
}

function describe(error: unknown): string {
  if (process.env.CQKIT_DEBUG && error instanceof Error && error.stack) return error.stack;
  if (error instanceof Error) {
    if (expected.has(error.name)) return error.message;
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      const { address, port } = error as { address?: string; port?: number };
      const where = port !== undefined ? `${address ?? '127.0.0.1'}:${port}` : 'a port';
      const why = code === 'EADDRINUSE' ? 'is already in use (another bot or server?)' : 'may not be used by this user';
      return `error: ${where} ${why}; choose another receiver.port (or sandbox.port) in the config`;
    }
    return `error: ${error.message}${code ? ` (${code})` : ''}`;
  }
  return `error: ${String(error)}`;
}
