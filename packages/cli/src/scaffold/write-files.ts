/** Writes a scaffold; refuses to touch a directory that already has files in it. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ScaffoldError } from './naming.js';

export type FileTree = Record<string, string>;

export function writeFiles(dir: string, files: FileTree): string[] {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new ScaffoldError(`${dir} already exists and is not empty; choose another name or --dir`);
  }
  const written: string[] = [];
  for (const [relativePath, content] of Object.entries(files)) {
    const file = join(dir, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    written.push(relativePath);
  }
  return written;
}
