/** The files of a new bot project: config, one local plugin and its test (the shared plugin template), README, tsconfig. */
import { type FileTree, pluginSource, pluginTest, pnpmSettings, tsconfig } from '@cqkit/templates';

/** The project's own plugin, written from the one plugin template `cqkit new plugin` also uses. */
export const localPlugin = 'hello';

export interface ProjectOptions {
  /** package.json name. */
  name: string;
  /** Version range of the @cqkit packages, e.g. ^0.1.0. */
  cqkitRange: string;
}

export function projectTemplate({ name, cqkitRange }: ProjectOptions): FileTree {
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'cqkit start',
      dev: 'cqkit start --watch',
      test: 'node --import tsx --test test/*.test.ts',
      typecheck: 'tsc --noEmit',
    },
    engines: { node: '>=20.19' },
    dependencies: {
      '@cqkit/cli': cqkitRange,
      '@cqkit/core': cqkitRange,
      valibot: '^1.5.0',
    },
    devDependencies: {
      '@cqkit/testing': cqkitRange,
      '@types/node': '^20.19.0',
      tsx: '^4.20.0',
      typescript: '~5.9.3',
    },
    pnpm: pnpmSettings,
  };
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'cqkit.config.ts': `import { defineConfig } from '@cqkit/cli/config';

// No \`bots\`: \`pnpm start\` runs the embedded sandbox and opens a chat in this terminal.
// For a real account add: bots: [{ endpoint: 'http://127.0.0.1:5700' }], receiver: { port: 8080 }
export default defineConfig({
  prefix: '/',
  plugins: {
    './src/${localPlugin}.ts': {}, // e.g. { greeting: '早上好' }; without one it says 你好 (locale: 'en-US' for English)
    // Plugins from npm go here by short name: \`cqkit plugin add cqkit-plugin-dice\` adds dice: {}.
  },
});
`,
    [`src/${localPlugin}.ts`]: pluginSource(localPlugin),
    [`test/${localPlugin}.test.ts`]: pluginTest(localPlugin, `../src/${localPlugin}.ts`),
    'tsconfig.json': tsconfig(['src', 'test', 'cqkit.config.ts']),
    '.gitignore': 'node_modules/\n',
    // pnpm runs scripts through sh, and sh dies of the Ctrl+C meant for the bot: pnpm would then
    // report a failed command after a clean stop. Its own shell passes the signal to the bot alone.
    '.npmrc': 'shell-emulator=true\n',
    'README.md': `# ${name}

A QQ bot built with [cqkit](https://github.com/cqkit/cqkit).

\`\`\`sh
pnpm install
pnpm start     # the bot against the embedded sandbox; chat with it in this terminal
pnpm test      # src/${localPlugin}.ts tested with @cqkit/testing (a real bot and sandbox)
pnpm dev       # like start, reloading src/ plugins when you save
\`\`\`

In the chat, type \`/${localPlugin}\` or \`/${localPlugin} everyone\`; Ctrl+C stops the bot (queued sends drain first).

- Plugins: \`src/${localPlugin}.ts\` is a local plugin; add more in \`cqkit.config.ts\` by path
  (\`'./src/other.ts': { ... }\`). From npm: \`pnpm cqkit plugin search\` lists published plugins,
  \`pnpm cqkit plugin add cqkit-plugin-x\` installs one and adds \`x: {}\` to the config.
- A real account: add \`bots: [{ endpoint: 'http://127.0.0.1:5700' }]\` and \`receiver: { port: 8080 }\`
  to \`cqkit.config.ts\` and set your OneBot v11 / CQHTTP server's post URL to \`http://127.0.0.1:8080/\`.
`,
  };
}
