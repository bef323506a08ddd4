export interface BundleOptions {
  /** Third-party packages to bundle into the dist (with what they import) instead of leaving them imports. */
  inline?: readonly string[];
}

/** Bundles `packageDir`/dist in place (see bundle-dist.mjs); returns the entries bundled. */
export function bundleDist(packageDir: string, extraEntries?: readonly string[], options?: BundleOptions): string[];

/** The command line `[--inline a,b] [entry ...]` as bundleDist's arguments after the package directory. */
export function bundleArguments(args: readonly string[]): [string[], BundleOptions];
