import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/index.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(removeTempProjects);

const object = "{ prefix: '!', superusers: [42] }";
const formats: Record<string, Record<string, string>> = {
  'cqkit.config.ts': { 'cqkit.config.ts': `const config: { prefix: string; superusers: number[] } = ${object};\nexport default config;\n` },
  'cqkit.config.mts': { 'cqkit.config.mts': `export default ${object} satisfies object;\n` },
  'cqkit.config.mjs': { 'cqkit.config.mjs': `export default ${object};\n` },
  'cqkit.config.js': { 'cqkit.config.js': `export default ${object};\n` },
  'cqkit.config.json': { 'cqkit.config.json': '{ "prefix": "!", "superusers": [42] }' },
  '.cqkitrc (YAML)': { '.cqkitrc': 'prefix: "!"\nsuperusers:\n  - 42\n' },
  '.cqkitrc.json': { '.cqkitrc.json': '{ "prefix": "!", "superusers": [42] }' },
  '.cqkitrc.yaml': { '.cqkitrc.yaml': 'prefix: "!"\nsuperusers: [42]\n' },
  '.cqkitrc.yml': { '.cqkitrc.yml': 'prefix: "!"\nsuperusers: [42]\n' },
  '.cqkitrc.js': { '.cqkitrc.js': `export default ${object};\n` },
  '.cqkitrc.ts': { '.cqkitrc.ts': `export default ${object} as const;\n` },
  'package.json "cqkit"': { 'package.json': JSON.stringify({ name: 'x', type: 'module', cqkit: { prefix: '!', superusers: [42] } }) },
};

describe('config discovery', () => {
  for (const [format, files] of Object.entries(formats)) {
    it(`finds and reads ${format}`, async () => {
      const dir = tempProject(files);
      const loaded = await loadConfig({ cwd: dir });
      expect(loaded.config.prefix).toBe('!');
      expect(loaded.config.superusers).toEqual([42]);
      expect(loaded.dir).toBe(dir);
      expect(loaded.filepath).toBeDefined();
    });
  }

  it('reads a TypeScript config in a CommonJS package (no "type": "module")', async () => {
    const dir = tempProject({ 'package.json': '{ "name": "cjs-bot" }', 'cqkit.config.ts': `export default ${object};\n` });
    expect((await loadConfig({ cwd: dir })).config.prefix).toBe('!');
  });

  it('searches upwards from a subdirectory to the project root', async () => {
    const dir = tempProject({ 'cqkit.config.json': '{ "prefix": "#" }' });
    const sub = join(dir, 'src', 'deep');
    mkdirSync(sub, { recursive: true });
    const loaded = await loadConfig({ cwd: sub });
    expect(loaded.config.prefix).toBe('#');
    expect(loaded.dir).toBe(dir);
  });

  it('uses --config over the search, relative to the working directory', async () => {
    const dir = tempProject({ 'cqkit.config.json': '{ "prefix": "#" }', 'other/bot.config.ts': "export default { prefix: '%' };\n" });
    const loaded = await loadConfig({ cwd: dir, configFile: 'other/bot.config.ts' });
    expect(loaded.config.prefix).toBe('%');
    expect(loaded.dir).toBe(join(dir, 'other'));
  });

  it('falls back to defaults when nothing is found', async () => {
    const dir = tempProject({});
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.filepath).toBeUndefined();
    expect(loaded.config).toEqual({});
  });

  it('names a missing --config file', async () => {
    const dir = tempProject({});
    await expect(loadConfig({ cwd: dir, configFile: 'nope.ts' })).rejects.toThrow('config error in nope.ts: file not found');
  });

  it('reports a syntax error in a TypeScript config as a ConfigError', async () => {
    const dir = tempProject({ 'cqkit.config.ts': 'export default { prefix: ;\n' });
    const error = await loadConfig({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^config error in cqkit\.config\.ts: could not be loaded: /);
  });

  it('rejects a config that is not an object', async () => {
    const dir = tempProject({ 'cqkit.config.json': '[1, 2]' });
    await expect(loadConfig({ cwd: dir })).rejects.toThrow('config error in cqkit.config.json: expected the config to be an object, got a list');
  });
});
