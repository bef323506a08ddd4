/**
 * tools/bundle-dist.mjs, which the packages' builds and the bench's build run: entries bundled in
 * place, declared dependencies kept as imports, `--inline` packages bundled in with their licences,
 * and an import of an undeclared package refused rather than bundled silently.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleArguments, bundleDist } from '../../../tools/bundle-dist.mjs';

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** A package `pkg` whose dist imports `kept` (declared), `small` (to inline) and `./util.js`. */
function makePackage(index: string, dependencies: Record<string, string> = { kept: '^1.0.0', small: '^1.0.0' }): string {
  root = mkdtempSync(join(tmpdir(), 'bundle-dist-'));
  write(root, {
    'pkg/package.json': JSON.stringify({ name: 'pkg', type: 'module', exports: { '.': './dist/index.js' }, dependencies }),
    'pkg/dist/index.js': index,
    'pkg/dist/util.js': 'export const twice = (n) => n * 2;\n',
    // `small` imports `tiny`, which pkg does not declare: it comes along with `small`.
    'pkg/node_modules/small/package.json': JSON.stringify({ name: 'small', version: '1.2.3', license: 'MIT', type: 'module', exports: './index.js' }),
    'pkg/node_modules/small/index.js': "import { one } from 'tiny';\nexport const small = () => one + 1;\n",
    'pkg/node_modules/small/LICENSE': 'MIT License, Copyright (c) Small Author\n',
    'pkg/node_modules/tiny/package.json': JSON.stringify({ name: 'tiny', version: '0.1.0', license: 'ISC', type: 'module', exports: './index.js' }),
    'pkg/node_modules/tiny/index.js': 'export const one = 1;\n',
    'pkg/node_modules/tiny/license.md': 'ISC License, Copyright (c) Tiny Author\n',
    'pkg/node_modules/kept/package.json': JSON.stringify({ name: 'kept', version: '1.0.0', type: 'module', exports: './index.js' }),
    'pkg/node_modules/kept/index.js': 'export const kept = 40;\n',
  });
  return join(root, 'pkg');
}

const index = "import { kept } from 'kept';\nimport { small } from 'small';\nimport { twice } from './util.js';\nexport const answer = kept + twice(small());\n";

describe('bundle-dist', () => {
  it('reads `--inline a,b` and entries from its command line', () => {
    expect(bundleArguments(['--inline', 'p-queue,eventemitter3', 'dist/main.js'])).toEqual([['dist/main.js'], { inline: ['p-queue', 'eventemitter3'] }]);
    expect(bundleArguments([])).toEqual([[], { inline: [] }]);
  });

  it('bundles inlined packages with what they import, keeps declared ones as imports, and carries the licences', async () => {
    const dir = makePackage(index);
    expect(bundleDist(dir, [], { inline: ['small'] })).toEqual(['dist/index.js']);
    const bundled = readFileSync(join(dir, 'dist', 'index.js'), 'utf8');
    expect(bundled).toMatch(/from ["']kept["']/);
    expect(bundled).not.toMatch(/from ["'](small|tiny|\.\/util\.js)["']/);
    const licences = readFileSync(join(dir, 'dist', 'THIRD-PARTY-LICENSES.md'), 'utf8');
    expect(licences).toContain('## small 1.2.3 (MIT)');
    expect(licences).toContain('Copyright (c) Small Author');
    expect(licences).toContain('## tiny 0.1.0 (ISC)');
    expect(licences).not.toContain('kept');
    const loaded = (await import(pathToFileURL(join(dir, 'dist', 'index.js')).href)) as { answer: number };
    expect(loaded.answer).toBe(44);
  });

  it('without --inline keeps every dependency an import and writes no licence file', () => {
    const dir = makePackage(index);
    bundleDist(dir);
    expect(readFileSync(join(dir, 'dist', 'index.js'), 'utf8')).toMatch(/from ["']small["']/);
    expect(() => readFileSync(join(dir, 'dist', 'THIRD-PARTY-LICENSES.md'))).toThrow(/ENOENT/);
  });

  it('refuses an import of a package that is neither declared nor inlined, and leaves dist as it was', () => {
    const dir = makePackage(index, { kept: '^1.0.0' });
    expect(() => bundleDist(dir)).toThrow('bundle-dist: pkg: index.js imports small, which is neither a dependency nor inlined');
    expect(readFileSync(join(dir, 'dist', 'index.js'), 'utf8')).toBe(index);
  });
});
