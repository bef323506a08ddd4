// Every public package, packed as a release packs it, holds its built entry points and type
// declarations; a package packed without its build is caught.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportTargets, tarballProblems } from '../src/check-tarball.js';
import { pack, readTarball } from '../src/tarball.js';
import { publicPackages } from '../src/workspace.js';

const temp = mkdtempSync(join(tmpdir(), 'cqkit-pack-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const packages = publicPackages();

describe('exportTargets', () => {
  it('walks subpaths and nested conditions', () => {
    const exports = { '.': { types: './dist/index.d.ts', import: { default: './dist/index.js' } }, './config': './dist/config.js' };
    expect(exportTargets(exports)).toEqual([
      { condition: 'types', path: './dist/index.d.ts' },
      { condition: 'default', path: './dist/index.js' },
      { condition: 'default', path: './dist/config.js' },
    ]);
  });
});

describe('every public package of the workspace', () => {
  it('is found from pnpm-workspace.yaml, and each builds before it is packed', () => {
    expect(packages.map((p) => p.manifest.name)).toEqual(expect.arrayContaining(['@cqkit/core', '@cqkit/protocol', 'create-cqkit']));
    for (const { manifest } of packages) {
      expect(manifest.scripts?.prepack, manifest.name).toBe('pnpm run build');
      expect(manifest.publishConfig?.exports, manifest.name).toBeDefined();
    }
  });

  it.each(packages.map((p) => [p.manifest.name, p] as const))(
    '%s packs with its built entry points and type declarations',
    { timeout: 600_000 },
    async (name, { dir, manifest }) => {
      const destination = join(temp, name.replace('/', '+'));
      mkdirSync(destination);
      const contents = await readTarball(await pack(dir, destination));
      expect(tarballProblems(contents)).toEqual([]);
      // The published exports are publishConfig's (dist), and each of those files is there.
      expect(contents.manifest.exports).toEqual(manifest.publishConfig?.exports);
      expect(contents.manifest.version).toBe(manifest.version);
    },
  );
});

describe('a tarball without built code', () => {
  it('fails the check, naming each missing entry point', { timeout: 120_000 }, async () => {
    const dir = join(temp, 'unbuilt');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src', 'index.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'README.md'), '# unbuilt\n');
    writeFileSync(join(dir, 'LICENSE'), 'MIT\n');
    const exports = { '.': { types: './dist/index.d.ts', default: './dist/index.js' } };
    const manifest = { name: 'unbuilt', version: '1.0.0', type: 'module', files: ['dist', 'README.md'], exports};
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    const destination = join(temp, 'unbuilt-out');
    mkdirSync(destination);
    const contents = await readTarball(await pack(dir, destination));
    expect([...contents.files].sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(tarballProblems(contents)).toEqual(['types export ./dist/index.d.ts is not in the tarball', 'default export ./dist/index.js is not in the tarball']);
  });

  it('fails when exports point at sources or a workspace range is left', () => {
    const files = new Set(['package.json', 'src/index.ts', 'README.md']);
    const manifest = { name: 'x', version: '1.0.0', exports: { '.': { types: './src/index.ts', default: './src/index.ts' } }, dependencies: { y: 'workspace:*' } };
    expect(tarballProblems({ files, manifest })).toEqual(
      expect.arrayContaining(['exports point at TypeScript sources, not built code', 'dependencies.y is still workspace:*', 'types export ./src/index.ts is not a .d.ts', 'LICENSE is not in the tarball', 'the tarball ships src/ (sources belong in the repository)']),
    );
  });
});
