/**
 * A throwaway npm registry: verdaccio 6.8.0 (runs on Node 20) on a free 127.0.0.1 port with its own
 * storage and config in a temporary folder. cqkit's own names are served only from it (never proxied,
 * so nothing of the same name on npmjs can stand in for what was just published); every other package
 * is proxied from registry.npmjs.org, as a user's install would get it.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { type Running, start } from './processes.js';

export interface Registry {
  url: string;
  /** An npm auth token of a user created on it (publish needs one). */
  token: string;
  process: Running;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string): string {
  const local = { access: '$all', publish: '$authenticated', unpublish: '$authenticated' };
  const block = (pattern: string, proxy?: string) =>
    `  '${pattern}':\n    access: ${local.access}\n    publish: ${local.publish}\n    unpublish: ${local.unpublish}\n${proxy ? `    proxy: ${proxy}\n` : ''}`;
  return `storage: ${join(dir, 'storage')}
auth:
  htpasswd:
    file: ${join(dir, 'htpasswd')}
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
    max_fails: 5
packages:
${block('@cqkit/*')}${block('create-cqkit')}${block('cqkit-plugin-*')}${block('@*/cqkit-plugin-*')}${block('**', 'npmjs')}max_body_size: 200mb
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
`;
}

async function waitUntilUp(url: string, process: Running, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    if (process.child.exitCode !== null) throw new Error(`verdaccio exited:\n${process.output()}`);
    if (Date.now() > deadline) throw new Error(`verdaccio did not answer within ${timeoutMs / 1000} s:\n${process.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Creates a user the way `npm adduser` does and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'cqkit-release-test';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'throwaway-password', email: 'release-test@cqkit.invalid', type: 'user', roles: [] }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) throw new Error(`verdaccio refused to create a user: HTTP ${response.status}`);
  return body.token;
}

export async function startRegistry(dir: string, env: NodeJS.ProcessEnv): Promise<Registry> {
  writeFileSync(join(dir, 'config.yaml'), config(dir));
  const port = await freePort();
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('verdaccio/package.json')), 'bin', 'verdaccio');
  const url = `http://127.0.0.1:${port}/`;
  const proc = start(process.execPath, [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { cwd: dir, env });
  await waitUntilUp(url, proc, 60_000);
  return { url, token: await addUser(url), process: proc };
}
