/** Where the store lives, as it may be shown in logs and errors: URLs lose their password. */

const secretParams = /pass|secret|token|key/i;

/** `postgres://bob:hunter2@db/x?password=y` -> `postgres://bob:***@db/x?password=***`. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: show only the scheme-like prefix, never the rest (it may be all secret).
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0];
    return scheme ? `${scheme}//(unparsable URL)` : '(unparsable URL)';
  }
  if (parsed.password) parsed.password = '***';
  for (const name of [...parsed.searchParams.keys()]) {
    if (secretParams.test(name)) parsed.searchParams.set(name, '***');
  }
  // URLSearchParams percent-encodes the stars; show them plainly.
  return parsed.toString().replaceAll('%2A%2A%2A', '***');
}
