/** The files of `cqkit new plugin NAME`: a publishable plugin package around the plugin template. */
import type { FileTree } from './file-tree.js';
import { pluginKeyword } from './keyword.js';
import { pluginSource, pluginTest } from './plugin.js';
import { pnpmSettings, tsconfig } from './tsconfig.js';

export interface PluginPackageNames {
  /** npm package name: cqkit-plugin-NAME, @scope/cqkit-plugin-NAME or @cqkit/plugin-NAME. */
  packageName: string;
  /** The plugin's own `name` (its command, and what the config and logs show). */
  pluginName: string;
}

/**
 * The short name `cqkit start` resolves back to the package (see @cqkit/cli plugins/resolve.ts):
 * cqkit-plugin-dice -> dice, @me/cqkit-plugin-dice -> @me/dice, @cqkit/plugin-echo -> echo.
 */
export function shortNameOf(packageName: string): string {
  return packageName
    .replace(/^@cqkit\/plugin-/, '')
    .replace(/^(@[^/]+\/)cqkit-plugin-/, '$1')
    .replace(/^cqkit-plugin-/, '');
}

export function pluginPackage({ packageName, pluginName }: PluginPackageNames, cqkitVersion: string): FileTree {
  const range = `^${cqkitVersion}`;
  const pkg = {
    name: packageName,
    version: '0.1.0',
    description: `A cqkit plugin: ${pluginName}`,
    license: 'MIT',
    type: 'module',
    keywords: [pluginKeyword, 'cqkit', 'onebot', 'cqhttp', 'qq-bot'],
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
    files: ['dist', 'README.md'],
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      test: 'node --import tsx --test test/*.test.ts',
      // pack and publish always ship freshly built code, never an empty package.
      prepack: 'tsc -p tsconfig.build.json',
    },
    engines: { node: '>=20.19' },
    peerDependencies: { '@cqkit/core': range },
    dependencies: { valibot: '^1.5.0' },
    devDependencies: {
      '@cqkit/core': range,
      '@cqkit/testing': range,
      '@types/node': '^20.19.0',
      tsx: '^4.20.0',
      typescript: '~5.9.3',
    },
    pnpm: pnpmSettings,
  };
  const short = shortNameOf(packageName);
  const configKey = /^[a-z_$][\w$]*$/i.test(short) ? short : `'${short}'`;
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'src/index.ts': pluginSource(pluginName),
    'test/index.test.ts': pluginTest(pluginName, '../src/index.ts'),
    'tsconfig.json': tsconfig(['src', 'test'], { declaration: true }),
    'tsconfig.build.json': `${JSON.stringify(
      { extends: './tsconfig.json', compilerOptions: { noEmit: false, outDir: 'dist', rootDir: 'src' }, include: ['src'] },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
    'README.md': `# ${packageName}

A [cqkit](https://github.com/cqkit/cqkit) plugin. \`/${pluginName}\` greets the sender, \`/${pluginName} <who>\` greets someone else.

## Use it in a bot

\`\`\`sh
cqkit plugin add ${packageName}   # installs it and adds it to cqkit.config.ts
\`\`\`

or by hand: \`pnpm add ${packageName}\`, then in \`cqkit.config.ts\`:

\`\`\`ts
plugins: { ${configKey}: {} }, // or { greeting: '早上好' }
\`\`\`

## Config

| key      | default                              | meaning                      |
| -------- | ------------------------------------ | ---------------------------- |
| greeting | 你好 / Hello, by the bot's \`locale\` | the word the bot greets with |

Its texts are in zh-CN and en-US (\`ctx.i18n.define\` in \`src/index.ts\`); the bot's \`locale\` picks one.

## Develop

\`\`\`sh
pnpm install
pnpm test        # node:test + @cqkit/testing: a real bot against an in-process sandbox
pnpm build       # dist/ with types (pack and publish run it first)
pnpm publish     # keeps the "${pluginKeyword}" keyword so \`cqkit plugin search\` finds it
\`\`\`
`,
  };
}
