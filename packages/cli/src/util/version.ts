import { cliPackage } from './package-root.js';

/** This package's version (the same for every cqkit package: changesets keeps them in step). */
export function cliVersion(): string {
  return cliPackage().manifest.version;
}
