/**
 * TypeScript for a bot project's config and local plugins, loaded only when the project has some:
 * a `.mjs`/`.js` project runs on Node alone. The loader is registered once, process-wide, the first
 * time a `.ts`/`.mts`/`.cts` file is about to be imported.
 */
const marker = Symbol.for('cqkit.typescript');

const typeScriptFile = /\.(c|m)?tsx?$/;

export function isTypeScriptFile(file: string): boolean {
  return typeScriptFile.test(file.split('?')[0]!);
}

let registering: Promise<void> | undefined;

/** Makes `import()` of TypeScript files work from now on (a no-op when it already does). */
export function enableTypeScript(): Promise<void> {
  if ((globalThis as Record<symbol, unknown>)[marker] !== undefined) return Promise.resolve();
  registering ??= (async () => {
    const [{ register: registerEsm }, { register: registerCjs }] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
    registerEsm();
    registerCjs();
    (globalThis as Record<symbol, unknown>)[marker] = 'tsx';
  })();
  return registering;
}
