/**
 * Plugin package naming: a plugin called NAME is published as `cqkit-plugin-NAME`, or
 * `@scope/cqkit-plugin-NAME` under a scope, with the `cqkit-plugin` keyword so it can be found.
 * `cqkit start` resolves the short names back (see plugins/resolve.ts).
 */
export { pluginKeyword } from '@cqkit/templates';

/** A name `cqkit new plugin` cannot make a package of. */
export class ScaffoldError extends Error {
  static readonly code = 'CQKIT_SCAFFOLD';
  readonly code = ScaffoldError.code;
  override readonly name = 'ScaffoldError';
}

export interface PluginNames {
  /** npm package name. */
  packageName: string;
  /** The plugin's own `name` (what the config and logs show). */
  pluginName: string;
  /** Default directory to write to. */
  directory: string;
}

const word = /^[a-z0-9][a-z0-9._-]*$/;

export function pluginNames(input: string): PluginNames {
  const raw = input.trim();
  let scope: string | undefined;
  let rest = raw;
  if (raw.startsWith('@')) {
    const slash = raw.indexOf('/');
    if (slash < 0) throw new ScaffoldError(`cqkit new plugin: "${raw}" has a scope but no name (e.g. @me/dice)`);
    scope = raw.slice(0, slash);
    rest = raw.slice(slash + 1);
  }
  if (scope === '@cqkit') rest = rest.replace(/^plugin-/, '');
  const pluginName = rest.replace(/^cqkit-plugin-/, '');
  if (!word.test(pluginName) || (scope !== undefined && !word.test(scope.slice(1)))) {
    throw new ScaffoldError(
      `cqkit new plugin: "${raw}" is not a valid name; use lower-case letters, digits, "-" (e.g. dice or @me/dice)`,
    );
  }
  const packageName = scope === '@cqkit' ? `@cqkit/plugin-${pluginName}` : `${scope ? `${scope}/` : ''}cqkit-plugin-${pluginName}`;
  return { packageName, pluginName, directory: packageName.replace(/^@[^/]+\//, '') };
}
