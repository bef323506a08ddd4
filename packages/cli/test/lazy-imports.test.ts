/**
 * What the published `cqkit` loads for each command. The cli and the packages it uses are built
 * the way they are published (JavaScript in dist/, no TypeScript loader), the bin is run in a child
 * process with a module hook that writes down every module it resolves, and the list is checked:
 * `--version`/`--help` load the cli (cac is bundled into it) and nothing else, `start` loads what
 * the config asks for.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackages } from '@cqkit/bench/build';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, spawnChild } from './helpers/child.js';
import { writeTree } from './helpers/temp.js';

const root = new URL('../../../', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'cqkit-lazy-'));
const bin = join(out, 'node_modules', '@cqkit', 'cli', 'bin', 'cqkit.js');
const recorder = join(out, 'record-imports.mjs');

beforeAll(() => {
  const packages = ['protocol', 'core', 'adapter-http', 'adapter-ws', 'sandbox', 'cli'].map((name) => join(root, 'packages', name));
  buildPackages([...packages, join(root, 'plugins', 'echo')], out);
  // The hook runs on Node's hooks thread: it appends each resolved URL to the file in RECORD_FILE.
  writeFileSync(
    join(out, 'record-hook.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function resolve(specifier, context, next) {\n  const result = await next(specifier, context);\n  appendFileSync(process.env.RECORD_FILE, result.url + '\\n');\n  return result;\n}\n",
  );
  // CommonJS modules loaded with require (pino by core's createLogger) do not pass the hook: the
  // require cache is written down at exit.
  writeFileSync(
    recorder,
    "import { appendFileSync } from 'node:fs';\nimport { createRequire, register } from 'node:module';\nimport { pathToFileURL } from 'node:url';\nregister('./record-hook.mjs', import.meta.url);\nconst cache = createRequire(import.meta.url).cache;\nprocess.on('exit', () => appendFileSync(process.env.RECORD_FILE, Object.keys(cache).map((file) => pathToFileURL(file).href + '\\n').join('')));\n",
  );
}, 120_000);

afterAll(() => {
  killAll();
  rmSync(out, { recursive: true, force: true });
});

let runs = 0;

/** Runs the bin; for `start`, until the bot has started, then stops it. Returns the modules it resolved. */
async function modulesOf(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ modules: string[]; stdout: string; stderr: string }> {
  const record = join(out, `modules-${++runs}.txt`);
  writeFileSync(record, '');
  const child = spawnChild(process.execPath, ['--import', recorder, bin, ...args], { cwd, env: { ...env, RECORD_FILE: record } });
  if (args[0] === 'start') {
    await child.waitFor(/cqkit started/, { stream: 'stderr', timeout: 30_000 });
    child.signal('SIGTERM');
  }
  expect(await child.exited).toBe(0);
  const modules = readFileSync(record, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => url.slice(url.indexOf(out) + out.length).replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, 'node_modules/'));
  return { modules, stdout: child.stdout(), stderr: child.stderr() };
}

const has = (modules: string[], part: string) => modules.some((module) => module.includes(part));

describe('cqkit --version / --help', () => {
  it('load the cli (cac bundled in) and the redaction leaf of protocol (errors are printed redacted), nothing else', { timeout: 30_000 }, async () => {
    for (const flag of ['--version', '--help']) {
      const { modules, stdout } = await modulesOf([flag], out);
      expect(stdout).toMatch(flag === '--version' ? /^cqkit\/\d+\.\d+\.\d+/ : /Commands:/);
      expect(has(modules, '@cqkit/cli/dist/main.js')).toBe(true);
      // protocol's redact entry and the chunk with its code (the packages are bundled, tools/bundle-dist.mjs), never protocol's index.
      const redaction = (module: string) => module.endsWith('/@cqkit/protocol/dist/redact.js') || module.includes('/@cqkit/protocol/dist/chunks/');
      const foreign = modules.filter((module) => !module.includes('/@cqkit/cli/') && !redaction(module));
      expect(foreign).toEqual([]);
      expect(has(modules, '/@cqkit/protocol/dist/index.js')).toBe(false);
      expect(has(modules, 'commands/start')).toBe(false);
    }
  });
});

describe('cqkit start', () => {
  const bots = "bots: [{ endpoint: 'http://127.0.0.1:9', selfId: 10001 }], receiver: { port: 0 }";

  it('a .mjs project over HTTP runs on Node alone: no tsx, no sandbox, no WebSocket, no watch hooks', { timeout: 60_000 }, async () => {
    const dir = join(out, 'projects', 'mjs');
    writeTree(dir, {
      'package.json': '{ "name": "mjs-bot", "private": true, "type": "module" }\n',
      'cqkit.config.mjs': `export default { ${bots}, plugins: { echo: {}, './hello.mjs': {} } };\n`,
      // hello.cjs is required, not imported: it shows the list holds what require loads too.
      'hello.mjs':
        "import { createRequire } from 'node:module';\nconst { greeting } = createRequire(import.meta.url)('./hello.cjs');\nexport default { name: 'hello', apply(ctx) { ctx.command('hello').action(() => greeting); } };\n",
      'hello.cjs': "exports.greeting = 'hi';\n",
    });
    const { modules } = await modulesOf(['start'], dir);
    for (const loaded of ['@cqkit/core/', '@cqkit/adapter-http/', '@cqkit/plugin-echo/', 'projects/mjs/hello.mjs', 'projects/mjs/hello.cjs']) expect(has(modules, loaded), loaded).toBe(true);
    // The cli writes its own terminal lines (src/run/logger.ts): pino is not loaded, nor zod for a valid config.
    const absentModules = ['tsx', '@cqkit/sandbox/', '@cqkit/adapter-ws/', 'node_modules/ws/', 'cosmiconfig', 'hooks/reload.mjs', 'run/watch.js', 'run/embedded-sandbox.js', 'node_modules/pino/', 'node_modules/zod/'];
    for (const absent of absentModules) {
      expect(has(modules, absent), absent).toBe(false);
    }
    // cac, p-queue and eventemitter3 are bundled into the cli and core (tools/bundle-dist.mjs --inline).
    for (const inlined of ['node_modules/cac/', 'node_modules/p-queue/', 'node_modules/p-timeout/', 'node_modules/eventemitter3/']) {
      expect(has(modules, inlined), inlined).toBe(false);
    }
  });

  it('a TypeScript project is compiled once into the cache; later starts load neither esbuild nor tsx', { timeout: 90_000 }, async () => {
    const dir = join(out, 'projects', 'ts');
    writeTree(dir, {
      'package.json': '{ "name": "ts-bot", "private": true, "type": "module" }\n',
      'node_modules/.keep': '',
      'cqkit.config.ts': `const config: Record<string, unknown> = { ${bots}, plugins: { './hello.ts': {} } };\nexport default config;\n`,
      'hello.ts': "const greeting: string = 'hi';\nexport default { name: 'hello', apply(ctx: { command(n: string): { action(f: () => string): void } }) { ctx.command('hello').action(() => greeting); } };\n",
    });
    const cold = await modulesOf(['start'], dir);
    expect(has(cold.modules, 'node_modules/esbuild/')).toBe(true);
    expect(has(cold.modules, 'projects/ts/node_modules/.cache/cqkit/hello.ts.mjs')).toBe(true);
    expect(has(cold.modules, 'projects/ts/node_modules/.cache/cqkit/cqkit.config.ts.mjs')).toBe(true);
    const warm = await modulesOf(['start'], dir);
    expect(has(warm.modules, 'projects/ts/node_modules/.cache/cqkit/hello.ts.mjs')).toBe(true);
    for (const absent of ['esbuild', 'tsx']) expect(has(warm.modules, absent), absent).toBe(false);
    // A valid config passes the quick check: no plugin here has a schema, so nothing loads zod.
    expect(has(warm.modules, 'node_modules/zod/'), 'zod').toBe(false);
    const withTsx = await modulesOf(['start'], dir, { CQKIT_TS_LOADER: 'tsx' });
    expect(has(withTsx.modules, 'node_modules/tsx/')).toBe(true);
    expect(has(withTsx.modules, 'projects/ts/hello.ts')).toBe(true);
  });

  it('a forward WebSocket bot loads the WebSocket adapter, and --watch its hooks', { timeout: 60_000 }, async () => {
    const dir = join(out, 'projects', 'ws');
    writeTree(dir, {
      'package.json': '{ "name": "ws-bot", "private": true, "type": "module" }\n',
      'cqkit.config.js': "export default { bots: [{ protocol: 'ws', url: 'ws://127.0.0.1:9', selfId: 10001 }], plugins: { echo: {} } };\n",
    });
    const { modules } = await modulesOf(['start', '--watch'], dir);
    expect(has(modules, '@cqkit/adapter-ws/')).toBe(true);
    expect(has(modules, '@cqkit/adapter-http/')).toBe(false);
    expect(has(modules, 'hooks/reload.mjs')).toBe(true);
    expect(has(modules, 'tsx')).toBe(false);
  });
});
