import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginKeyword, pluginPackage, pluginSource, pluginTest, shortNameOf, TargetNotEmptyError, writeFileTree } from '../src/index.js';

const temp = mkdtempSync(join(tmpdir(), 'cqkit-templates-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the plugin template', () => {
  it('names the plugin and its command after the given name, and its test imports it from the given path', () => {
    expect(pluginSource('dice')).toContain("name: 'dice'");
    expect(pluginSource('dice')).toContain("ctx.command('dice [who:text]'");
    expect(pluginTest('dice', '../src/index.ts')).toContain("import plugin from '../src/index.ts';");
    expect(pluginTest('dice', '../src/index.ts')).toContain("bot.receive('/dice everyone'");
  });

  it('a plugin package carries the keyword, builds before pack, and allows esbuild for pnpm', () => {
    const files = pluginPackage({ packageName: 'cqkit-plugin-dice', pluginName: 'dice' }, '1.2.3');
    const pkg = JSON.parse(files['package.json']!) as Record<string, unknown> & { scripts: Record<string, string>; keywords: string[] };
    expect(pkg.keywords).toContain(pluginKeyword);
    expect(pkg.scripts.prepack).toBe('tsc -p tsconfig.build.json');
    expect(pkg.peerDependencies).toEqual({ '@cqkit/core': '^1.2.3' });
    expect(pkg.pnpm).toEqual({ onlyBuiltDependencies: ['better-sqlite3', 'esbuild'] });
    expect(files['src/index.ts']).toBe(pluginSource('dice'));
    // The config schema is valibot's: the package depends on it, and on nothing else at run time.
    expect(pkg.dependencies).toEqual({ valibot: '^1.5.0' });
    expect(pluginSource('dice')).toContain("import * as v from 'valibot';");
    expect(files['README.md']).toContain('plugins: { dice: {');
  });

  it.each([
    ['cqkit-plugin-dice', 'dice'],
    ['@me/cqkit-plugin-dice', '@me/dice'],
    ['@cqkit/plugin-echo', 'echo'],
    ['other', 'other'],
  ])('short name of %s is %s', (name, short) => {
    expect(shortNameOf(name)).toBe(short);
  });
});

describe('writeFileTree', () => {
  it('writes nested files and returns their paths', () => {
    const dir = join(temp, 'fresh');
    expect(writeFileTree(dir, { 'a.txt': 'A', 'src/b.ts': 'B' })).toEqual(['a.txt', 'src/b.ts']);
    expect(readFileSync(join(dir, 'src/b.ts'), 'utf8')).toBe('B');
  });

  it('refuses a directory with files in it and changes nothing', () => {
    const dir = join(temp, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mine.txt'), 'keep');
    expect(() => writeFileTree(dir, { 'mine.txt': 'overwritten' })).toThrow(TargetNotEmptyError);
    expect(() => writeFileTree(dir, {})).toThrow(expect.objectContaining({ code: 'CQKIT_TARGET_NOT_EMPTY' }));
    expect(readFileSync(join(dir, 'mine.txt'), 'utf8')).toBe('keep');
  });
});

describe('error codes', () => {
  it('each error class has a CQKIT_ code listed in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(TargetNotEmptyError.code).toBe('CQKIT_TARGET_NOT_EMPTY');
    expect(readme).toContain(`| \`${TargetNotEmptyError.code}\` | \`TargetNotEmptyError\` |`);
  });
});
