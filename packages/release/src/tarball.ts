/** Packing a package with pnpm (as a release does, lifecycle scripts included) and reading the tarball back. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PackageJson } from './workspace.js';

const run = promisify(execFile);

/** `pnpm pack` into `destination`; resolves with the tarball's path. prepack runs, so the package builds first. */
export async function pack(dir: string, destination: string, timeoutMs = 300_000): Promise<string> {
  const before = new Set(readdirSync(destination));
  await run('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  const made = readdirSync(destination).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (made.length !== 1) throw new Error(`pnpm pack in ${dir} made ${made.length} tarballs`);
  return join(destination, made[0]!);
}

export interface TarballContents {
  /** Paths inside the package, without the leading `package/`. */
  files: Set<string>;
  /** The package.json as published (publishConfig applied, workspace: ranges replaced). */
  manifest: PackageJson;
}

export async function readTarball(tarball: string): Promise<TarballContents> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  const files = new Set(
    stdout
      .split('\n')
      .filter((line) => line !== '' && !line.endsWith('/'))
      .map((line) => line.replace(/^package\//, '')),
  );
  const out = mkdtempSync(join(tmpdir(), 'cqkit-tarball-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', out, 'package/package.json']);
    return { files, manifest: JSON.parse(readFileSync(join(out, 'package', 'package.json'), 'utf8')) as PackageJson };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
