import { execFileSync } from 'node:child_process';
import { statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDirFor, compiledModuleUrl } from '../src/loader/compile-cache.js';
import { removeTempProjects, tempProject } from './helpers/temp.js';

afterAll(removeTempProjects);

/** Evaluates the compiled module in a plain node process (no test runner in between) and prints `expression`. */
function evaluate(url: string, expression: string): string {
  const script = `const m = await import(${JSON.stringify(url)}); process.stdout.write(String(${expression}));`;
  return execFileSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('the TypeScript compile cache', () => {
  it('compiles an entry with its local imports into node_modules/.cache/cqkit, import.meta naming each source', async () => {
    const dir = tempProject({
      'node_modules/.keep': '',
      'src/plugin.ts': "import { helper } from './helper';\nexport const own: string = import.meta.url;\nexport default { own, helper };\n",
      'src/helper.ts': "export const helper: string = import.meta.filename + '|' + import.meta.dirname;\n",
    });
    const url = await compiledModuleUrl(join(dir, 'src', 'plugin.ts'));
    expect(fileURLToPath(url)).toBe(join(dir, 'node_modules', '.cache', 'cqkit', 'src__plugin.ts.mjs'));
    const result = JSON.parse(evaluate(url, 'JSON.stringify(m.default)')) as { own: string; helper: string };
    expect(result.own).toBe(pathToFileURL(join(dir, 'src', 'plugin.ts')).href);
    expect(result.helper).toBe(`${join(dir, 'src', 'helper.ts')}|${join(dir, 'src')}`);
  });

  it('reuses the compiled module until a source changes, then compiles again', async () => {
    const dir = tempProject({ 'node_modules/.keep': '', 'a.ts': "import { b } from './b.js';\nexport default b;\n", 'b.ts': 'export const b: number = 1;\n' });
    const entry = join(dir, 'a.ts');
    const url = await compiledModuleUrl(entry);
    const output = fileURLToPath(url);
    const compiledAt = statSync(output).mtimeMs;
    await compiledModuleUrl(entry);
    expect(statSync(output).mtimeMs).toBe(compiledAt);
    // An imported file, not the entry, changes (same size, a later mtime).
    writeFileSync(join(dir, 'b.ts'), 'export const b: number = 2;\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'b.ts'), later, later);
    await compiledModuleUrl(entry);
    expect(evaluate(pathToFileURL(output).href, 'm.default')).toBe('2');
  });

  it('keeps stack traces on the TypeScript lines and gives CommonJS sources their require', async () => {
    const dir = tempProject({
      'node_modules/.keep': '',
      'boom.ts': "type T = { x: number };\nexport function boom(): T {\n  throw new Error('boom');\n}\n",
      'legacy.cts': "const path = require('node:path');\nmodule.exports = { sep: path.sep as string };\n",
    });
    const boom = await compiledModuleUrl(join(dir, 'boom.ts'));
    const stack = evaluate(boom, "(() => { try { m.boom(); } catch (e) { return e.stack.split('\\n')[1]; } })()");
    expect(stack).toContain(`${join(dir, 'boom.ts')}:3:`);
    const legacy = await compiledModuleUrl(join(dir, 'legacy.cts'));
    expect(evaluate(legacy, 'm.default.sep')).toBe('/');
  });

  it('reports a syntax error with the file, line and column', async () => {
    const dir = tempProject({ 'node_modules/.keep': '', 'bad.ts': 'export default { prefix: ;\n' });
    await expect(compiledModuleUrl(join(dir, 'bad.ts'))).rejects.toThrow(/bad\.ts:1:\d+: ERROR/);
  });

  it('uses the nearest folder with node_modules as the cache root', () => {
    const dir = tempProject({ 'node_modules/.keep': '', 'plugins/x/index.ts': '' });
    expect(cacheDirFor(join(dir, 'plugins', 'x', 'index.ts'))).toEqual({ root: dir, cache: join(dir, 'node_modules', '.cache', 'cqkit') });
  });
});
