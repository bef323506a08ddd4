/** tsconfig.json of a generated project or plugin: TypeScript run by tsx, type-checked by tsc. */
export function tsconfig(include: string[], options: { declaration?: boolean } = {}): string {
  const compilerOptions = {
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    ...(options.declaration ? { declaration: true } : {}),
    allowImportingTsExtensions: true,
    ...(options.declaration ? { rewriteRelativeImportExtensions: true } : {}),
    noEmit: true,
    types: ['node'],
  };
  return `${JSON.stringify({ compilerOptions, include }, null, 2)}\n`;
}

/**
 * pnpm 10 runs no dependency build scripts unless allowed, and says so in a box after every install.
 * tsx needs esbuild's, so a generated package.json allows exactly that one: nothing for a new user to act on.
 */
export const pnpmSettings = { onlyBuiltDependencies: ['esbuild'] };
