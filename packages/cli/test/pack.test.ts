/**
 * What we would publish works: build every package that a bot needs, `pnpm pack` them, scaffold a
 * project with the packed create-cqkit, install the tarballs with npm into a directory outside the
 * workspace (third-party dependencies come from the registry), run the project's test, then start
 * the bot against the sandbox and chat with it. Bounded: every step has its own time limit (about a
 * minute on an idle machine: build ~30 s, pack ~5 s, npm install ~15 s, test and chat ~10 s).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, pnpmCommand, spawnChild } from './helpers/child.js';

const exec = promisify(execFile);
const [pnpm, ...pnpmArgs] = pnpmCommand();

/** execFile that, on failure, says what the command printed (a build error names the file and line). */
async function run(command: string, args: string[], options: { cwd?: string; timeout?: number } = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await exec(command, args, options);
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const output = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd ?? process.cwd()}:\n${output}`);
  }
}
const root = fileURLToPath(new URL('../../../', import.meta.url));
/** The packages a bot project installs (the cli and its dependencies, testing, create-cqkit). */
const packages = ['protocol', 'core', 'sandbox', 'adapter-http', 'adapter-ws', 'testing', 'cli', 'create-cqkit'].map((p) => `packages/${p}`);
/** An official plugin, installed from its tarball and named by its short name in the config. */
packages.push('plugins/ping');
const work = mkdtempSync(join(tmpdir(), 'cqkit-pack-'));
const packs = join(work, 'packs');
const tarballs = new Map<string, string>();

interface Manifest {
  name: string;
  version: string;
  exports?: Record<string, { types?: string; default?: string }>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  overrides?: Record<string, string>;
}

beforeAll(async () => {
  // Types first: every package compiles to dist/ with its tsconfig.build.json.
  await run(pnpm, [...pnpmArgs, '-r', ...packages.flatMap((p) => ['--filter', `./${p}`]), 'run', 'build'], { cwd: root, timeout: 240_000 });
  for (const pkg of packages) {
    const dir = join(root, pkg);
    const { stdout } = await run(pnpm, [...pnpmArgs, 'pack', '--pack-destination', packs], { cwd: dir, timeout: 30_000 });
    const tgz = stdout.trim().split('\n').pop()!.trim();
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    tarballs.set(manifest.name, tgz);
  }
}, 300_000);

afterAll(() => {
  killAll();
  rmSync(work, { recursive: true, force: true });
});

async function listTarball(tgz: string): Promise<string[]> {
  const { stdout } = await run('tar', ['tzf', tgz]);
  return stdout.split('\n').filter(Boolean);
}

async function packedManifest(tgz: string): Promise<Manifest> {
  const { stdout } = await run('tar', ['xzOf', tgz, 'package/package.json']);
  return JSON.parse(stdout) as Manifest;
}

describe('pnpm pack', () => {
  it('every tarball has dist with types, the license, the README, and exports pointing at dist', async () => {
    for (const pkg of packages) {
      const manifest = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8')) as Manifest;
      const tgz = tarballs.get(manifest.name)!;
      const files = await listTarball(tgz);
      expect(files, pkg).toContain('package/dist/index.js');
      expect(files, pkg).toContain('package/dist/index.d.ts');
      expect(files, pkg).toContain('package/LICENSE');
      if (existsSync(join(root, pkg, 'README.md'))) expect(files, pkg).toContain('package/README.md');
      expect(files.some((f) => f.startsWith('package/src/')), `${pkg} ships no sources`).toBe(false);
      const packed = await packedManifest(tgz);
      expect(packed.exports?.['.'], pkg).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
      for (const [dep, range] of Object.entries(packed.dependencies ?? {})) expect(range, `${pkg} -> ${dep}`).not.toMatch(/^workspace:/);
    }
    expect((await packedManifest(tarballs.get('@cqkit/cli')!)).exports?.['./config']).toEqual({
      types: './dist/define-config.d.ts',
      default: './dist/define-config.js',
    });
    expect(await listTarball(tarballs.get('@cqkit/cli')!)).toEqual(expect.arrayContaining(['package/README.md', 'package/bin/cqkit.js', 'package/hooks/reload.mjs']));
    expect((await packedManifest(tarballs.get('create-cqkit')!)).bin).toEqual({ 'create-cqkit': './bin/create-cqkit.js' });
  });
});

describe('a project made by the packed create-cqkit, installed from the tarballs', () => {
  const project = join(work, 'my-bot');

  beforeAll(async () => {
    // The published create-cqkit: extracted from its tarball and run from dist (no tsx, no sources).
    const tool = join(work, 'tool');
    await run('mkdir', ['-p', tool]);
    await run('tar', ['xzf', tarballs.get('create-cqkit')!, '-C', tool]);
    await run(process.execPath, [join(tool, 'package/bin/create-cqkit.js'), 'my-bot'], { cwd: work, timeout: 20_000 });
    // The registry has no cqkit yet: every @cqkit dependency, direct or not, comes from its tarball.
    const manifest = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Manifest;
    const local: Record<string, string> = {};
    for (const [name, tgz] of tarballs) if (name.startsWith('@cqkit/')) local[name] = `file:${tgz}`;
    for (const deps of [manifest.dependencies, manifest.devDependencies]) {
      for (const name of Object.keys(deps ?? {})) if (local[name]) deps![name] = local[name]!;
    }
    manifest.dependencies!['@cqkit/plugin-ping'] = local['@cqkit/plugin-ping']!;
    manifest.overrides = local;
    writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
    const configFile = join(project, 'cqkit.config.ts');
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('plugins: {', "plugins: {\n    ping: { reply: 'pong from the tarball' },"));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: project, timeout: 180_000 });
  }, 240_000);

  it('its test passes', async () => {
    const { stdout } = await run('npm', ['test', '--silent'], { cwd: project, timeout: 60_000 });
    expect(stdout).toMatch(/# pass 2\n# fail 0/);
  }, 70_000);

  it('npm start runs the bot against the sandbox and it answers in the chat', async () => {
    const bot = spawnChild('npm', ['start', '--silent'], { cwd: project, group: true });
    await bot.waitFor(/running against the embedded sandbox/, { stream: 'stderr', timeout: 40_000 });
    await bot.waitFor(/cqkit sandbox chat/);
    bot.write('hi');
    await bot.waitFor(/cqkit-bot: Hello! Try \/hello or \/echo\./);
    bot.write('/echo packed');
    await bot.waitFor(/cqkit-bot: packed {2}\(#/);
    bot.write('/ping');
    await bot.waitFor(/cqkit-bot: pong from the tarball/);
    bot.signal('SIGINT');
    await bot.waitFor(/stopped: the send queue is empty, nothing was left unsent/, { stream: 'stderr', timeout: 15_000 });
    await bot.closed;
    // It ran the published dist, not sources.
    expect(existsSync(join(project, 'node_modules/@cqkit/cli/src'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/@cqkit/cli/dist/main.js'))).toBe(true);
  }, 70_000);
});
