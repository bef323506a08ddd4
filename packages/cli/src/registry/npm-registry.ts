/**
 * The npm registry a project installs from, as its npm config names it (.npmrc of the project and
 * the user, npm_config_registry in the environment), and the two questions cqkit asks it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npmjs = 'https://registry.npmjs.org/';

/** A registry that could not be reached or answered with something unusable. */
export class RegistryError extends Error {
  static readonly code = 'CQKIT_REGISTRY';
  readonly code = RegistryError.code;
  override readonly name = 'RegistryError';
}

/** `npm config get registry` in the project (what npm and pnpm both read), ending in one slash. */
export async function registryUrl(cwd: string): Promise<string> {
  let url = npmjs;
  try {
    const { stdout } = await run('npm', ['config', 'get', 'registry'], { cwd, timeout: 15_000 });
    if (/^https?:\/\//.test(stdout.trim())) url = stdout.trim();
  } catch {
    // No npm on PATH: the public registry, as npm itself would default to.
  }
  return url.endsWith('/') ? url : `${url}/`;
}

/** What a registry answers about a URL, without the credentials a URL may carry. */
function where(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return `${u.origin}${u.pathname}`;
}

async function getJson(url: string, timeoutMs: number): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    throw new RegistryError(`registry ${where(url)}: ${why}`);
  }
  if (response.status === 404) return { status: 404, body: undefined };
  if (!response.ok) throw new RegistryError(`registry ${where(url)} answered HTTP ${response.status}`);
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    throw new RegistryError(`registry ${where(url)} answered something that is not JSON`);
  }
}

export interface FoundPackage {
  name: string;
  version: string;
  description: string;
  keywords: string[];
}

/** The registry's search API (`/-/v1/search`), as npm search uses it. */
export async function searchRegistry(registry: string, text: string, { size = 100, timeoutMs = 15_000 } = {}): Promise<FoundPackage[]> {
  const url = `${registry}-/v1/search?text=${encodeURIComponent(text)}&size=${size}`;
  const { body } = await getJson(url, timeoutMs);
  const objects = (body as { objects?: unknown } | undefined)?.objects;
  if (!Array.isArray(objects)) throw new RegistryError(`registry ${where(url)}: the search answer has no "objects" list`);
  return objects.map((o) => {
    const p = (o as { package?: Record<string, unknown> }).package ?? {};
    // npmjs gives `version`; verdaccio gives only `dist-tags`.
    const latest = (p['dist-tags'] as { latest?: unknown } | undefined)?.latest;
    return {
      name: String(p.name ?? ''),
      version: String(p.version ?? latest ?? ''),
      description: typeof p.description === 'string' ? p.description : '',
      keywords: Array.isArray(p.keywords) ? p.keywords.map(String) : [],
    };
  });
}

/** Whether the registry knows a package of that name. */
export async function packageExists(registry: string, name: string, timeoutMs = 15_000): Promise<boolean> {
  const { status } = await getJson(`${registry}${name.replace('/', '%2f')}`, timeoutMs);
  return status !== 404;
}
