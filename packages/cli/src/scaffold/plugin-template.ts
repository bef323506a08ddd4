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
import { test } from 'node:test';
import { createApp, memoryAdapter } from '@cqkit/core';
import plugin from '../src/index.ts';

test('/${pluginName} 20 rolls a twenty-sided die', async () => {
  // An app on core's in-memory transport: events go in, the actions the bot calls are recorded.
  const app = createApp({ logLevel: 'silent' });
  const memory = memoryAdapter();
  app.adapter(memory);
  app.plugin(plugin, { sides: 6 });
  await app.start();
  await memory.receive(memory.groupMessage(3001, 2001, '/${pluginName} 20'));
  await app.stop({ deadline: 1000 });
  const sent = memory.callsOf('send_group_msg').map((call) => String(call.params.message));
  assert.equal(sent.length, 1);
  assert.match(sent[0]!, /you rolled (\\d+) \\(d20\\)/);
  const roll = Number(/you rolled (\\d+)/.exec(sent[0]!)?.[1]);
  assert.ok(roll >= 1 && roll <= 20);
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
pnpm test        # node:test on core's in-memory transport
pnpm build       # dist/ with types
pnpm publish     # keeps the "${pluginKeyword}" keyword so people can find it
\`\`\`
`,
  };
}
