/** Writes a scaffold; refuses a directory that already has files, so nothing of the user's is overwritten. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileTree } from './file-tree.js';

export class TargetNotEmptyError extends Error {
  static readonly code = 'CQKIT_TARGET_NOT_EMPTY';
  readonly code = TargetNotEmptyError.code;
  override readonly name = 'TargetNotEmptyError';
  constructor(readonly dir: string) {
    super(`${dir} already exists and is not empty; choose another name or directory`);
  }
}

/** Resolves with the relative paths written, in template order. */
export function writeFileTree(dir: string, files: FileTree): string[] {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new TargetNotEmptyError(dir);
  for (const [relativePath, content] of Object.entries(files)) {
    const file = join(dir, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return Object.keys(files);
}
