/** `create-cqkit <dir>`: the command line around createProject. Resolves with the exit code. */
import { relative } from 'node:path';
import { CreateError, createProject } from './create.js';
import { cqkitVersion } from './version.js';

const usage = `Usage: pnpm create cqkit <directory>
       npm create cqkit@latest <directory>

Writes a cqkit bot project: package.json, cqkit.config.ts, src/hello.ts (a plugin), its test, README.`;

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`${usage}\n`);
    return 0;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    out.write(`${cqkitVersion()}\n`);
    return 0;
  }
  const positional = argv.filter((arg) => !arg.startsWith('-'));
  const unknown = argv.filter((arg) => arg.startsWith('-'));
  if (unknown.length > 0 || positional.length !== 1) {
    err.write(`${unknown.length > 0 ? `create-cqkit: unknown option ${unknown[0]}` : 'create-cqkit: give the directory to create'}\n\n${usage}\n`);
    return 2;
  }
  try {
    const { dir, files } = createProject({ target: positional[0]! });
    const rel = relative(process.cwd(), dir);
    const shown = rel && !rel.startsWith('..') ? rel : dir;
    out.write(`Created a cqkit bot in ${dir}\n${files.map((f) => `  ${f}`).join('\n')}\n\nNext:\n  cd ${shown}\n  pnpm install\n  pnpm start\n`);
    return 0;
  } catch (error) {
    err.write(`${error instanceof CreateError ? error.message : `create-cqkit: ${(error as Error).message}`}\n`);
    return 1;
  }
}
