/** Writes a new bot project; refuses a directory that already has files. */
import { basename, resolve } from 'node:path';
import { TargetNotEmptyError, writeFileTree } from '@cqkit/templates';
import { projectTemplate } from './template.js';
import { cqkitVersion } from './version.js';

export class CreateError extends Error {
  static readonly code = 'CQKIT_CREATE';
  readonly code = CreateError.code;
  override readonly name = 'CreateError';
}

export interface CreateOptions {
  /** Directory to create, relative to cwd. */
  target: string;
  cwd?: string;
  /** Version range for the @cqkit packages; default ^<this version>. */
  cqkitRange?: string;
}

/** npm names are lower-case, url-safe, at most 214 characters. */
export function packageNameFor(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '');
  return name.slice(0, 214) || 'cqkit-bot';
}

export function createProject(options: CreateOptions): { dir: string; files: string[] } {
  const dir = resolve(options.cwd ?? process.cwd(), options.target);
  const files = projectTemplate({ name: packageNameFor(dir), cqkitRange: options.cqkitRange ?? `^${cqkitVersion()}` });
  try {
    return { dir, files: writeFileTree(dir, files) };
  } catch (error) {
    if (error instanceof TargetNotEmptyError) throw new CreateError(`create-cqkit: ${dir} is not empty; pick a new directory name`);
    throw error;
  }
}
