/** `cqkit sandbox`, `cqkit new plugin`, --help/--version, and the second Ctrl+C. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginNames, ScaffoldError } from '../src/index.js';
import { killAll, runCqkit } from './helpers/child.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cliVersion = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

afterAll(() => {
  killAll();
  removeTempProjects();
});

describe('cqkit --help / --version', () => {
  it('prints the commands and the version', async () => {
    const dir = tempProject({});
    const help = runCqkit(['--help'], dir);
    expect(await help.exited).toBe(0);
    await help.closed;
    for (const command of ['start', 'sandbox', 'new <kind> <name>']) expect(help.stdout()).toContain(command);
    const version = runCqkit(['--version'], dir);
    expect(await version.exited).toBe(0);
    await version.closed;
    expect(version.stdout()).toContain(`cqkit/${cliVersion}`);
  });
});

describe('cqkit sandbox', () => {
  it('serves the CQHTTP API alone and chats on stdin/stdout', { timeout: 40_000 }, async () => {
    const dir = tempProject({});
    const sandbox = runCqkit(['sandbox', '--port', '0', '--ws-port', '0', '--access-token', 'tok'], dir);
    const [, url] = await sandbox.waitFor(/CQHTTP API on (http:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr', timeout: 30_000 });
    const [, wsUrl] = await sandbox.waitFor(/WebSocket API and events on (ws:\/\/127\.0\.0\.1:\d+)/, { stream: 'stderr' });
    // A WebSocket handshake with the token is accepted (101 Switching Protocols).
    const upgraded = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${wsUrl!.replace('ws:', 'http:')}/api`, {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', authorization: 'Bearer tok' },
      });
      request.on('upgrade', (response, socket) => {
        socket.destroy();
        resolve(response.statusCode ?? 0);
      });
      request.on('response', (response) => resolve(response.statusCode ?? 0));
      request.on('error', reject);
      request.end();
    });
    expect(upgraded).toBe(101);
    const denied = await fetch(`${url}/get_login_info`);
    expect(denied.status).toBe(401);
    const response = await fetch(`${url}/get_login_info`, { headers: { authorization: 'Bearer tok' } });
    const body = (await response.json()) as { retcode: number; data: { user_id: number } };
    expect(body.retcode).toBe(0);
    expect(body.data.user_id).toBeGreaterThan(0);
    sandbox.write('/who');
    await sandbox.waitFor(/you are .+ \(\d+\)/);
    sandbox.signal('SIGINT');
    expect(await sandbox.exited).toBe(0);
  });
});

describe('cqkit new plugin', () => {
  it.each([
    ['dice', 'cqkit-plugin-dice', 'dice', 'cqkit-plugin-dice'],
    ['cqkit-plugin-dice', 'cqkit-plugin-dice', 'dice', 'cqkit-plugin-dice'],
    ['@me/dice', '@me/cqkit-plugin-dice', 'dice', 'cqkit-plugin-dice'],
    ['@cqkit/weather', '@cqkit/plugin-weather', 'weather', 'plugin-weather'],
  ])('names %s as %s', (input, packageName, pluginName, directory) => {
    expect(pluginNames(input)).toEqual({ packageName, pluginName, directory });
  });

  it.each(['Dice!', '@me', '', '@/x'])('refuses the name %j', (input) => {
    expect(() => pluginNames(input)).toThrow(ScaffoldError);
  });

  it('writes a publishable package whose test passes and which typechecks', { timeout: 120_000 }, async () => {
    const dir = tempProject({});
    const child = runCqkit(['new', 'plugin', '@acme/dice'], dir);
    expect(await child.exited).toBe(0);
    const pkgDir = join(dir, 'cqkit-plugin-dice');
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
      name: string;
      keywords: string[];
      exports: unknown;
      peerDependencies: Record<string, string>;
    };
    expect(manifest.name).toBe('@acme/cqkit-plugin-dice');
    expect(manifest.keywords).toContain('cqkit-plugin');
    expect(manifest.exports).toEqual({ '.': { types: './dist/index.d.ts', default: './dist/index.js' } });
    expect(manifest.peerDependencies['@cqkit/core']).toBe(`^${cliVersion}`);
    for (const file of ['src/index.ts', 'test/index.test.ts', 'README.md', 'tsconfig.json', 'tsconfig.build.json']) {
      expect(existsSync(join(pkgDir, file)), file).toBe(true);
    }
    expect(readFileSync(join(pkgDir, 'src/index.ts'), 'utf8')).toContain('definePlugin');

    // Its dependencies, taken from this workspace instead of the registry.
    const modules = join(pkgDir, 'node_modules');
    mkdirSync(join(modules, '@cqkit'), { recursive: true });
    mkdirSync(join(modules, '@types'), { recursive: true });
    symlinkSync(join(root, 'packages/core'), join(modules, '@cqkit/core'));
    symlinkSync(join(root, 'packages/testing'), join(modules, '@cqkit/testing'));
    symlinkSync(join(root, 'packages/core/node_modules/valibot'), join(modules, 'valibot'));
    symlinkSync(join(root, 'packages/cli/node_modules/tsx'), join(modules, 'tsx'));
    symlinkSync(join(root, 'node_modules/@types/node'), join(modules, '@types/node'));
    const test = await run(process.execPath, ['--import', 'tsx', '--test', 'test/index.test.ts'], { cwd: pkgDir, timeout: 40_000 });
    expect(test.stdout).toMatch(/# pass 2\n# fail 0/);
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: pkgDir, timeout: 40_000 });
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: pkgDir, timeout: 40_000 });
    expect(existsSync(join(pkgDir, 'dist/index.js'))).toBe(true);
    expect(existsSync(join(pkgDir, 'dist/index.d.ts'))).toBe(true);

    // A second run does not overwrite it.
    const again = runCqkit(['new', 'plugin', '@acme/dice'], dir);
    expect(await again.exited).toBe(1);
    await again.closed;
    expect(again.stderr()).toMatch(/already exists and is not empty/);
  });

  it('refuses an unknown kind', async () => {
    const dir = tempProject({});
    const child = runCqkit(['new', 'theme', 'x'], dir);
    expect(await child.exited).toBe(2);
    await child.closed;
    expect(child.stderr()).toContain('expected "plugin"');
  });
});

it('a second Ctrl+C exits at once without waiting for the queue', { timeout: 40_000 }, async () => {
  const dir = tempProject({
    'cqkit.config.json': JSON.stringify({ prefix: '.', plugins: { './flood.js': {} }, rateLimit: { perTarget: { count: 1, interval: 60000 } }, stopDeadline: 60000 }),
    'flood.js': `export default { name: 'flood', apply(ctx) {
  ctx.command('flood').action(({ session }) => { for (let i = 1; i <= 3; i++) void session.send('flood ' + i).catch(() => undefined); });
} };
`,
  });
  const bot = runCqkit(['start'], dir);
  await bot.waitFor(/cqkit sandbox chat/, { timeout: 30_000 });
  bot.write('.flood');
  await bot.waitFor(/cqkit-bot: flood 2/);
  bot.signal('SIGINT');
  await bot.waitFor(/SIGINT, stopping \(the send queue gets up to 60000 ms/, { stream: 'stderr' });
  bot.signal('SIGINT');
  expect(await bot.exited).toBe(130);
  await bot.closed;
  expect(bot.stderr()).toContain('second SIGINT, exiting without waiting');
});
