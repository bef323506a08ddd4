/** Bundles `packageDir`/dist in place (see bundle-dist.mjs); returns the entries bundled. */
export function bundleDist(packageDir: string, extraEntries?: readonly string[]): string[];
