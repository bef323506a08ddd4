// `cqkit plugin search` and `cqkit plugin add` against a fake npm registry served over a real HTTP
// server on 127.0.0.1, with a fake package manager on PATH that records what it was asked to do.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPluginCommand } from '../src/commands/plugin.js';
import { PluginAddError } from '../src/commands/plugin-add.js';
import { addPluginEntry } from '../src/config/add-plugin-entry.js';
import { detectPackageManager } from '../src/registry/package-manager.js';
import { RegistryError } from '../src/registry/npm-registry.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

const searches: string[] = [];
const plugin = (name: string, version: string, description: string, keywords = ['cqkit-plugin']) => ({ package: { name, version, description, keywords } });
const known = new Set(['cqkit-plugin-dice', '@cqkit/plugin-echo']);
let server: Server;
let registry: string;
const saved = { registry: process.env.npm_config_registry, path: process.env.PATH };

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    res.setHeader('content-type', 'application/json');
    if (url.pathname === '/-/v1/search') {
      const text = url.searchParams.get('text') ?? '';
      searches.push(text);
      if (text.includes('broken')) return void res.writeHead(500).end('{}');
      // Like verdaccio, "plain" words are only found without the keywords: qualifier.
      const unsupported = text.startsWith('keywords:') && text.includes('plain');
      const objects = text.includes('nothing') || unsupported
        ? []
        : [
            plugin('cqkit-plugin-dice', '1.2.0', 'Rolls dice'),
            // verdaccio's shape: no version, the latest in dist-tags.
            { package: { name: '@cqkit/plugin-echo', 'dist-tags': { latest: '0.1.0' }, description: 'Says it back', keywords: ['cqkit-plugin'] } },
            plugin('dice-utils', '3.0.0', 'not a cqkit plugin', ['dice']),
          ];
      return void res.end(JSON.stringify({ objects, total: objects.length }));
    }
    const name = decodeURIComponent(url.pathname.slice(1));
    if (known.has(name)) return void res.end(JSON.stringify({ name }));
    res.writeHead(404).end('{"error":"not found"}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.env.npm_config_registry = registry;
});

afterAll(async () => {
  process.env.npm_config_registry = saved.registry;
  process.env.PATH = saved.path;
  removeTempProjects();
  await new Promise((r) => server.close(r));
});

function io(cwd: string) {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => {
    text += c.toString();
  });
  return { cwd, stdout, stderr: new PassThrough(), text: () => text };
}

describe('cqkit plugin search', () => {
  it("asks the project's registry for the cqkit-plugin keyword and prints name, version and description", { timeout: 30_000 }, async () => {
    const out = io(tempProject({}));
    expect(await runPluginCommand('search', ['roll'], out)).toBe(0);
    expect(searches.at(-1)).toBe('keywords:cqkit-plugin roll');
    const lines = out.text().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+VERSION\s+DESCRIPTION$/);
    expect(lines[1]).toMatch(/^@cqkit\/plugin-echo\s+0\.1\.0\s+Says it back$/);
    expect(lines[2]).toMatch(/^cqkit-plugin-dice\s+1\.2\.0\s+Rolls dice$/);
    expect(out.text()).not.toContain('dice-utils'); // no cqkit-plugin keyword
    expect(out.text()).toContain(`2 plugins for "roll" on ${registry}`);
  });

  it('asks again in plain text when the registry does not understand the keywords: qualifier', { timeout: 30_000 }, async () => {
    const out = io(tempProject({}));
    expect(await runPluginCommand('search', ['plain'], out)).toBe(0);
    expect(searches.slice(-2)).toEqual(['keywords:cqkit-plugin plain', 'plain']);
    expect(out.text()).toMatch(/^cqkit-plugin-dice\s+1\.2\.0\s+Rolls dice$/m);
    expect(out.text()).not.toContain('dice-utils');
  });

  it('says so when nothing is found, and names a registry that fails', { timeout: 30_000 }, async () => {
    const none = io(tempProject({}));
    expect(await runPluginCommand('search', ['nothing'], none)).toBe(0);
    expect(none.text()).toBe(`No cqkit plugins found for "nothing" on ${registry}\n`);
    await expect(runPluginCommand('search', ['broken'], io(tempProject({})))).rejects.toThrow(RegistryError);
    await expect(runPluginCommand('search', ['broken'], io(tempProject({})))).rejects.toThrow(/answered HTTP 500/);
  });
});

describe('cqkit plugin add', () => {
  /** A fake `pnpm` first on PATH: records its arguments and succeeds (or fails when asked to). */
  function fakePackageManager(dir: string, exitCode = 0): string {
    const log = join(dir, 'pm-calls.txt');
    const bin = join(dir, 'fake-bin');
    const script = join(bin, 'pnpm');
    writeFileSync(join(dir, '.keep'), '');
    mkdirSync(bin);
    writeFileSync(script, `#!/bin/sh\necho "$@" >> "${log}"\nexit ${exitCode}\n`);
    chmodSync(script, 0o755);
    process.env.PATH = `${bin}:${saved.path}`;
    return log;
  }

  const config = `import { defineConfig } from '@cqkit/cli/config';

// The bot's config. Comments stay where they are.
export default defineConfig({
  prefix: '/',
  plugins: {
    './src/hello.ts': { greeting: 'Hello' }, // the local one
    /* more below */
  },
});
`;

  it('finds the package for a short name, installs it with the lockfile\'s package manager, adds the short name keeping comments', { timeout: 30_000 }, async () => {
    const dir = tempProject({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n", 'cqkit.config.ts': config });
    const calls = fakePackageManager(dir);
    const out = io(dir);
    expect(await runPluginCommand('add', ['dice'], out)).toBe(0);
    expect(readFileSync(calls, 'utf8')).toBe('add cqkit-plugin-dice\n');
    expect(readFileSync(join(dir, 'cqkit.config.ts'), 'utf8')).toBe(
      config.replace('    /* more below */\n', '    /* more below */\n    dice: {},\n'),
    );
    expect(out.text()).toContain('Added cqkit-plugin-dice to cqkit.config.ts as dice: {},');
    // A second time it is already there: the file is left alone.
    const again = io(dir);
    expect(await runPluginCommand('add', ['cqkit-plugin-dice'], again)).toBe(0);
    expect(again.text()).toContain('cqkit.config.ts already has dice; left as it was');
  });

  it('edits a JSON config, and prints the line when the TypeScript config has no simple plugins object', { timeout: 30_000 }, async () => {
    const json = tempProject({ 'pnpm-lock.yaml': '', 'cqkit.config.json': '{\n  "plugins": {}\n}\n' });
    fakePackageManager(json);
    expect(await runPluginCommand('add', ['@cqkit/plugin-echo'], io(json))).toBe(0);
    expect(JSON.parse(readFileSync(join(json, 'cqkit.config.json'), 'utf8'))).toEqual({ plugins: { echo: {} } });

    const built = "const plugins = { echo: {} };\nexport default { plugins };\n";
    const odd = tempProject({ 'pnpm-lock.yaml': '', 'cqkit.config.ts': built });
    fakePackageManager(odd);
    const out = io(odd);
    expect(await runPluginCommand('add', ['cqkit-plugin-dice'], out)).toBe(0);
    expect(out.text()).toContain('add this line to its plugins yourself:\n  dice: {},');
    expect(readFileSync(join(odd, 'cqkit.config.ts'), 'utf8')).toBe(built);
  });

  it('refuses a name the registry does not have, or an install that fails, leaving the config as it was', { timeout: 30_000 }, async () => {
    const dir = tempProject({ 'pnpm-lock.yaml': '', 'cqkit.config.ts': config });
    const calls = fakePackageManager(dir, 1);
    await expect(runPluginCommand('add', ['weather'], io(dir))).rejects.toThrow(
      new PluginAddError(`cqkit plugin add: no package @cqkit/plugin-weather or cqkit-plugin-weather or weather on ${registry} (try: cqkit plugin search weather)`),
    );
    await expect(runPluginCommand('add', ['./local.ts'], io(dir))).rejects.toThrow(/is not a package name/);
    await expect(runPluginCommand('add', ['dice'], io(dir))).rejects.toThrow(/`pnpm add cqkit-plugin-dice` failed \(exit code 1\); the config was not changed/);
    expect(readFileSync(calls, 'utf8')).toBe('add cqkit-plugin-dice\n');
    expect(readFileSync(join(dir, 'cqkit.config.ts'), 'utf8')).toBe(config);
  });

  it('needs exactly one name, and an action it knows', async () => {
    await expect(runPluginCommand('add', [], io(tempProject({})))).rejects.toThrow(/give one package name/);
    await expect(runPluginCommand('remove', ['x'], io(tempProject({})))).rejects.toThrow(/expected "search" or "add"/);
  });
});

describe('adding an entry to a config source', () => {
  it('keeps comments and strings that look like code, adds a comma where one is missing', () => {
    const text = "export default {\n  // plugins: { fake }\n  plugins: {\n    echo: { reply: '}' } // last\n  },\n};\n";
    expect(addPluginEntry(text, 'dice')).toEqual({
      kind: 'added',
      text: "export default {\n  // plugins: { fake }\n  plugins: {\n    echo: { reply: '}' }, // last\n    dice: {},\n  },\n};\n",
    });
  });

  it('opens a one-line object, quotes a scoped name, and sees nested keys as not its own', () => {
    expect(addPluginEntry('export default { plugins: {} };\n', '@me/dice')).toEqual({ kind: 'added', text: "export default { plugins: {\n  '@me/dice': {},\n} };\n" });
    expect(addPluginEntry('export default { plugins: { echo: { dice: 1 } } };\n', 'dice').kind).toBe('added');
    expect(addPluginEntry("export default { plugins: { 'cqkit-plugin-dice': {} } };\n", 'dice', ['cqkit-plugin-dice'])).toEqual({ kind: 'present' });
    expect(addPluginEntry('export default { a: { plugins: {} }, b: { plugins: {} } };\n', 'dice').kind).toBe('unsupported');
  });
});

describe('the package manager of a project', () => {
  it('is decided by the lockfile, then packageManager, then the running tool, then npm', () => {
    expect(detectPackageManager(tempProject({ 'yarn.lock': '' }), 'pnpm/10.34.9')).toBe('yarn');
    expect(detectPackageManager(tempProject({ 'package.json': '{"packageManager":"pnpm@10.34.9"}' }), undefined)).toBe('pnpm');
    expect(detectPackageManager(tempProject({}), 'bun/1.2.0')).toBe('bun');
    expect(detectPackageManager(tempProject({}), undefined)).toBe('npm');
  });
});
