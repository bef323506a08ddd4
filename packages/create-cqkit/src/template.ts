/** The files of a new bot project: config, one local plugin, one test, README, tsconfig. */
export type FileTree = Record<string, string>;

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
      zod: '^4.1.0',
    },
    devDependencies: {
      '@cqkit/testing': cqkitRange,
      '@types/node': '^20.19.0',
      tsx: '^4.20.0',
      typescript: '~5.9.3',
    },
  };
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'cqkit.config.ts': `import { defineConfig } from '@cqkit/cli/config';

// No \`bots\`: \`pnpm start\` runs the embedded sandbox and opens a chat in this terminal.
// For a real account add: bots: [{ endpoint: 'http://127.0.0.1:5700' }], receiver: { port: 8080 }
export default defineConfig({
  prefix: '/',
  plugins: {
    './src/greeter.ts': { greeting: 'Hello' },
  },
});
`,
    'src/greeter.ts': `import { definePlugin } from '@cqkit/core';
import { z } from 'zod';

/** \`/hello\` greets, \`/echo <text>\` says the text back, and a bare "hi" gets an answer. */
export default definePlugin({
  name: 'greeter',
  schema: z.object({ greeting: z.string().default('Hello') }),
  apply(ctx, config) {
    ctx.command('hello', 'say hello').action(({ session }) => \`\${config.greeting}, \${String(session.sender?.nickname ?? 'friend')}!\`);
    ctx.command('echo <text:text>', 'say the text back').action(({ args }) => String(args.text));
    // A middleware sees every event before commands; not calling next() ends the chain.
    ctx.middleware(async (session, next) => {
      if (session.isMessage && session.plainText.trim().toLowerCase() === 'hi') {
        await session.send(\`\${config.greeting}! Try /hello or /echo.\`);
        return;
      }
      await next();
    });
  },
});
`,
    'test/greeter.test.ts': `import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createTestBot, type TestBot } from '@cqkit/testing';
import greeter from '../src/greeter.ts';

// A real bot (app + HTTP adapter) wired to an in-process sandbox over 127.0.0.1.
let bot: TestBot | undefined;
afterEach(() => bot?.stop());

test('/echo says the text back', async () => {
  bot = await createTestBot({ plugins: [[greeter, { greeting: 'Hi' }]] });
  const answer = await bot.receive('/echo hello there', { user: 2001 });
  assert.equal(answer.text, 'hello there');
});

test('a bare "hi" is answered by the middleware', async () => {
  bot = await createTestBot({ plugins: [[greeter, { greeting: 'Hi' }]] });
  const answer = await bot.receive('hi', { group: 3001 });
  assert.equal(answer.text, 'Hi! Try /hello or /echo.');
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
          allowImportingTsExtensions: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src', 'test', 'cqkit.config.ts'],
      },
      null,
      2,
    )}\n`,
    '.gitignore': 'node_modules/\n',
    'README.md': `# ${name}

A QQ bot built with [cqkit](https://github.com/cqkit/cqkit).

\`\`\`sh
pnpm install
pnpm start     # the bot against the embedded sandbox; chat with it in this terminal
pnpm test      # src/greeter.ts tested with @cqkit/testing (a real bot and sandbox)
pnpm dev       # like start, reloading src/ plugins when you save
\`\`\`

In the chat, type \`/echo hi\` or \`/hello\`; Ctrl+C stops the bot (queued sends drain first).

- Plugins: \`src/greeter.ts\` is a local plugin; add more in \`cqkit.config.ts\` by path
  (\`'./src/other.ts': { ... }\`) or by npm name (\`pnpm add cqkit-plugin-x\`, then \`x: { ... }\`).
- A real account: add \`bots: [{ endpoint: 'http://127.0.0.1:5700' }]\` and \`receiver: { port: 8080 }\`
  to \`cqkit.config.ts\` and set your OneBot v11 / CQHTTP server's post URL to \`http://127.0.0.1:8080/\`.
`,
  };
}
