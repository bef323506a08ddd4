/** `cqkit new plugin NAME`: writes a plugin package to ./cqkit-plugin-NAME (or --dir). */
import { resolve } from 'node:path';
import { pluginPackage, writeFileTree } from '@cqkit/templates';
import { cliVersion } from '../util/version.js';
import { pluginNames } from '../scaffold/naming.js';

export async function runNewPlugin(options: { name: string; dir?: string | undefined; cwd?: string }): Promise<number> {
  const names = pluginNames(options.name);
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.dir ?? names.directory);
  const written = writeFileTree(dir, pluginPackage(names, cliVersion()));
  const out = process.stdout;
  out.write(`Created ${names.packageName} in ${dir}\n`);
  for (const file of written) out.write(`  ${file}\n`);
  out.write(`\nNext:\n  cd ${options.dir ?? names.directory}\n  pnpm install\n  pnpm test\n`);
  return 0;
}
