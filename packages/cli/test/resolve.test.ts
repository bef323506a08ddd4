import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateNames, importPlugin, PluginNotFoundError, resolvePlugin } from '../src/index.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(removeTempProjects);

const pluginSource = (name: string) => `export default { name: '${name}', apply() {} };\n`;
const pkg = (name: string, exports: unknown = './index.js') => JSON.stringify({ name, type: 'module', exports });

describe('candidate names', () => {
  it.each([
    ['echo', ['@cqkit/plugin-echo', 'cqkit-plugin-echo']],
    ['cqkit-plugin-echo', ['cqkit-plugin-echo']],
    ['@cqkit/plugin-echo', ['@cqkit/plugin-echo']],
    ['@cqkit/echo', ['@cqkit/plugin-echo', '@cqkit/echo']],
    ['@acme/dice', ['@acme/cqkit-plugin-dice', '@acme/dice']],
    ['@acme/cqkit-plugin-dice', ['@acme/cqkit-plugin-dice']],
  ])('%s -> %j', (spec, names) => {
    expect(candidateNames(spec)).toEqual(names);
  });
});

describe('resolvePlugin', () => {
  const dir = tempProject({
    'node_modules/@cqkit/plugin-echo/package.json': pkg('@cqkit/plugin-echo'),
    'node_modules/@cqkit/plugin-echo/index.js': pluginSource('official-echo'),
    'node_modules/cqkit-plugin-echo/package.json': pkg('cqkit-plugin-echo'),
    'node_modules/cqkit-plugin-echo/index.js': pluginSource('community-echo'),
    'node_modules/cqkit-plugin-weather/package.json': pkg('cqkit-plugin-weather', { '.': { import: './esm.js' } }),
    'node_modules/cqkit-plugin-weather/esm.js': pluginSource('weather'),
    'node_modules/@acme/cqkit-plugin-dice/package.json': pkg('@acme/cqkit-plugin-dice'),
    'node_modules/@acme/cqkit-plugin-dice/index.js': pluginSource('acme-dice'),
    'node_modules/@acme/tools/package.json': pkg('@acme/tools'),
    'node_modules/@acme/tools/index.js': `export const plugin = { name: 'acme-tools', apply() {} };\n`,
    'src/local.ts': "const plugin: { name: string; apply(): void } = { name: 'local', apply() {} };\nexport default plugin;\n",
    'src/folder/index.ts': pluginSource('folder'),
    'src/empty.ts': 'export const nothing = 1;\n',
  });

  it('prefers @cqkit/plugin-NAME over cqkit-plugin-NAME for a short name', async () => {
    const found = resolvePlugin('echo', dir);
    expect(found.packageName).toBe('@cqkit/plugin-echo');
    expect(found.local).toBe(false);
    expect((await importPlugin(found.file)).name).toBe('official-echo');
  });

  it('takes a full community name as written', async () => {
    expect((await importPlugin(resolvePlugin('cqkit-plugin-echo', dir).file)).name).toBe('community-echo');
  });

  it('resolves an import-only package (exports with only an "import" condition)', async () => {
    const found = resolvePlugin('weather', dir);
    expect(found.packageName).toBe('cqkit-plugin-weather');
    expect(found.file).toBe(join(dir, 'node_modules/cqkit-plugin-weather/esm.js'));
  });

  it('maps @scope/x to @scope/cqkit-plugin-x, then @scope/x itself', async () => {
    expect(resolvePlugin('@acme/dice', dir).packageName).toBe('@acme/cqkit-plugin-dice');
    const tools = resolvePlugin('@acme/tools', dir);
    expect(tools.packageName).toBe('@acme/tools');
    expect((await importPlugin(tools.file)).name).toBe('acme-tools');
  });

  it('resolves relative paths from the config directory, with or without extension, and folders', async () => {
    expect(resolvePlugin('./src/local.ts', dir).file).toBe(join(dir, 'src/local.ts'));
    expect(resolvePlugin('./src/local', dir).file).toBe(join(dir, 'src/local.ts'));
    expect(resolvePlugin('./src/local.js', dir).file).toBe(join(dir, 'src/local.ts'));
    expect(resolvePlugin('./src/folder', dir).file).toBe(join(dir, 'src/folder/index.ts'));
    expect(resolvePlugin('./src/local.ts', dir).local).toBe(true);
    expect((await importPlugin(resolvePlugin('./src/local', dir).file)).name).toBe('local');
  });

  it('resolves from the project directory, not from the cli', () => {
    // The cli's own node_modules has no plugins; a project directory without them finds nothing.
    const empty = tempProject({});
    expect(() => resolvePlugin('echo', empty)).toThrow(PluginNotFoundError);
  });

  it('lists every candidate tried when nothing matches', () => {
    const error = (() => {
      try {
        resolvePlugin('@acme/nothing', dir);
      } catch (e) {
        return e as PluginNotFoundError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PluginNotFoundError);
    expect(error?.tried).toEqual(['@acme/cqkit-plugin-nothing', '@acme/nothing']);
    expect(error?.message).toContain('tried @acme/cqkit-plugin-nothing, @acme/nothing');
    expect(() => resolvePlugin('./src/missing.ts', dir)).toThrow(/plugin "\.\/src\/missing\.ts" not found/);
  });

  it('says what a module exports when it is not a plugin', async () => {
    await expect(importPlugin(resolvePlugin('./src/empty.ts', dir).file)).rejects.toThrow(/does not export a plugin \{ name, apply\(ctx, config\) \} \(it exports nothing\)/);
  });
});
