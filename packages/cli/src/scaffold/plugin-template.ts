/** The files of `cqkit new plugin NAME`: a publishable plugin package with a test. */
import { type PluginNames, pluginKeyword } from './naming.js';
import type { FileTree } from './write-files.js';

export function pluginTemplate(names: PluginNames, cqkitVersion: string): FileTree {
  const range = `^${cqkitVersion}`;
  const { packageName, pluginName } = names;
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
      prepublishOnly: 'npm run build',
    },
    engines: { node: '>=20.19' },
    peerDependencies: { '@cqkit/core': range },
    dependencies: { zod: '^4.1.0' },
    devDependencies: {
      '@cqkit/core': range,
      '@cqkit/testing': range,
      '@types/node': '^20.19.0',
      tsx: '^4.20.0',
      typescript: '~5.9.3',
    },
  };
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'src/index.ts': `import { definePlugin } from '@cqkit/core';
import { z } from 'zod';

/** ${pluginName}: \`/${pluginName} [sides]\` rolls a die. */
export default definePlugin({
  name: '${pluginName}',
  schema: z.object({ sides: z.number().int().min(2).default(6) }),
  apply(ctx, config) {
    ctx.command('${pluginName} [sides:integer]', 'roll a die').action(({ args }) => {
      const sides = typeof args.sides === 'number' && args.sides >= 2 ? args.sides : config.sides;
      const roll = 1 + Math.floor(Math.random() * sides);
      return \`you rolled \${roll} (d\${sides})\`;
    });
  },
});
`,
    'test/index.test.ts': `import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestBot, type TestBot } from '@cqkit/testing';
import plugin from '../src/index.ts';

// A real bot (app + HTTP adapter) wired to an in-process sandbox over 127.0.0.1.
let bot: TestBot | undefined;
after(() => bot?.stop());

test('/${pluginName} 20 rolls a twenty-sided die', async () => {
  bot = await createTestBot({ plugins: [[plugin, { sides: 6 }]] });
  const answer = await bot.receive('/${pluginName} 20', { group: 3001 });
  const roll = Number(/you rolled (\\d+) \\(d20\\)/.exec(answer.text)?.[1]);
  assert.ok(roll >= 1 && roll <= 20, answer.text);
});
`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          declaration: true,
          allowImportingTsExtensions: true,
          rewriteRelativeImportExtensions: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src', 'test'],
      },
      null,
      2,
    )}\n`,
    'tsconfig.build.json': `${JSON.stringify(
      { extends: './tsconfig.json', compilerOptions: { noEmit: false, outDir: 'dist', rootDir: 'src' }, include: ['src'] },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules/\ndist/\n',
    'README.md': `# ${packageName}

A [cqkit](https://github.com/cqkit/cqkit) plugin. \`/${pluginName} [sides]\` rolls a die.

## Use it in a bot

\`\`\`sh
pnpm add ${packageName}
\`\`\`

\`\`\`ts
// cqkit.config.ts
export default { plugins: { '${packageName}': { sides: 6 } } };
\`\`\`

(\`cqkit start\` also finds it by its short name: \`plugins: { ${packageName.startsWith('@') ? `'${packageName.replace(/cqkit-plugin-/, '')}'` : pluginName}: {} }\`.)

## Config

| key   | default | meaning                           |
| ----- | ------- | --------------------------------- |
| sides | 6       | sides of the die when none is given |

## Develop

\`\`\`sh
pnpm install
pnpm test        # node:test + @cqkit/testing: a real bot against an in-process sandbox
pnpm build       # dist/ with types
pnpm publish     # keeps the "${pluginKeyword}" keyword so people can find it
\`\`\`
`,
  };
}
