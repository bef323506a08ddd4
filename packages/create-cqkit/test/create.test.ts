import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CreateError, createProject, cqkitVersion, main, packageNameFor } from '../src/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/create-cqkit.js', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'create-cqkit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

describe('createProject', () => {
  it('writes the config, a plugin, a test, README and tsconfig, depending on this version', () => {
    const { dir, files } = createProject({ target: 'first-bot', cwd: temp });
    expect(files.sort()).toEqual(['.gitignore', '.npmrc', 'README.md', 'cqkit.config.ts', 'package.json', 'src/hello.ts', 'test/hello.test.ts', 'tsconfig.json']);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      private: boolean;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(pkg.name).toBe('first-bot');
    expect(pkg.private).toBe(true);
    expect(pkg.scripts.start).toBe('cqkit start');
    expect(pkg.dependencies['@cqkit/cli']).toBe(`^${cqkitVersion()}`);
    expect(pkg.dependencies['@cqkit/core']).toBe(`^${cqkitVersion()}`);
    expect(pkg.dependencies.valibot).toBe('^1.5.0');
    expect(pkg.dependencies.zod).toBeUndefined();
    expect(readFileSync(join(dir, 'cqkit.config.ts'), 'utf8')).toContain("'./src/hello.ts'");
  });

  it('makes an npm name from the directory', () => {
    expect(packageNameFor('/x/My Bot!')).toBe('my-bot-');
    expect(packageNameFor('/x/.hidden')).toBe('hidden');
    expect(packageNameFor('/x/___')).toBe('cqkit-bot');
  });

  it('refuses a directory that has files', () => {
    mkdirSync(join(temp, 'taken'));
    writeFileSync(join(temp, 'taken', 'notes.txt'), 'mine');
    expect(() => createProject({ target: 'taken', cwd: temp })).toThrow(CreateError);
    expect(() => createProject({ target: 'taken', cwd: temp })).toThrow(expect.objectContaining({ code: 'CQKIT_CREATE' }));
    expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toContain(`| \`${CreateError.code}\` | \`CreateError\` |`);
    expect(readFileSync(join(temp, 'taken', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('create-cqkit command line', () => {
  it('prints usage for --help, refuses missing or extra arguments', async () => {
    const out = capture();
    expect(await main(['--help'], out.stream, out.stream)).toBe(0);
    expect(out.text()).toContain('pnpm create cqkit <directory>');
    const err = capture();
    expect(await main([], err.stream, err.stream)).toBe(2);
    expect(err.text()).toContain('give the directory to create');
    expect(await main(['a', '--force'], err.stream, err.stream)).toBe(2);
    expect(err.text()).toContain('unknown option --force');
  });

  it('the bin writes a project whose test passes and which typechecks', { timeout: 120_000 }, async () => {
    const made = await run(process.execPath, [bin, 'chat-bot'], { cwd: temp, timeout: 30_000 });
    expect(made.stdout).toContain('Created a cqkit bot in');
    expect(made.stdout).toContain('pnpm install\n  pnpm start');
    const dir = join(temp, 'chat-bot');
    // Its dependencies, from this workspace instead of the registry.
    const modules = join(dir, 'node_modules');
    mkdirSync(join(modules, '@cqkit'), { recursive: true });
    mkdirSync(join(modules, '@types'), { recursive: true });
    symlinkSync(join(root, 'packages/core'), join(modules, '@cqkit/core'));
    symlinkSync(join(root, 'packages/cli'), join(modules, '@cqkit/cli'));
    symlinkSync(join(root, 'packages/testing'), join(modules, '@cqkit/testing'));
    symlinkSync(join(root, 'packages/create-cqkit/node_modules/valibot'), join(modules, 'valibot'));
    symlinkSync(join(root, 'packages/cli/node_modules/tsx'), join(modules, 'tsx'));
    symlinkSync(join(root, 'node_modules/@types/node'), join(modules, '@types/node'));
    const test = await run(process.execPath, ['--import', 'tsx', '--test', 'test/hello.test.ts'], { cwd: dir, timeout: 60_000 });
    expect(test.stdout).toMatch(/# pass 2\n# fail 0/);
    await run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, timeout: 60_000 });
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
  });
});
