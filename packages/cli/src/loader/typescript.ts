/**
 * Importing a bot project's config and local plugins. JavaScript goes to Node's own import, so a
 * `.mjs`/`.js` project runs on Node alone. TypeScript (`.ts`/`.mts`/`.cts`) goes through the
 * compile cache (compile-cache.ts), or through tsx when it is already registered (the cli running
 * from its own sources in the cqkit repository) or asked for with CQKIT_TS_LOADER=tsx.
 */
import { pathToFileURL } from 'node:url';

const marker = Symbol.for('cqkit.typescript');

const typeScriptFile = /\.(c|m)?tsx?$/;

function isTypeScriptFile(file: string): boolean {
  return typeScriptFile.test(file);
}

/** The loader for TypeScript: 'cache' (the default) or 'tsx'. */
function typeScriptLoader(): 'cache' | 'tsx' {
  if ((globalThis as Record<symbol, unknown>)[marker] !== undefined) return 'tsx';
  return process.env.CQKIT_TS_LOADER === 'tsx' ? 'tsx' : 'cache';
}

let registering: Promise<void> | undefined;

/** Registers tsx process-wide once, so `import()` of TypeScript works from then on. */
function registerTsx(): Promise<void> {
  if ((globalThis as Record<symbol, unknown>)[marker] !== undefined) return Promise.resolve();
  registering ??= (async () => {
    const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    registerEsm();
    registerCjs();
    (globalThis as Record<symbol, unknown>)[marker] = 'tsx';
  })();
  return registering;
}

let sourceMaps = false;

/**
 * Imports a module file of the project. `query` (e.g. `cqkit-reload=2`) is added to the URL: Node
 * caches modules by URL, so a new query evaluates the file afresh.
 */
export async function importProjectFile(file: string, query?: string): Promise<unknown> {
  let url = pathToFileURL(file).href;
  if (isTypeScriptFile(file)) {
    if (typeScriptLoader() === 'tsx') await registerTsx();
    else {
      const { compiledModuleUrl } = await import('./compile-cache.js');
      url = await compiledModuleUrl(file);
      // Stack traces then name the .ts source lines (the compiled modules carry inline source maps).
      if (!sourceMaps) {
        sourceMaps = true;
        process.setSourceMapsEnabled(true);
      }
    }
  }
  return import(query ? `${url}?${query}` : url);
}
