export type { FileTree } from './file-tree.js';
export { pluginKeyword } from './keyword.js';
export { pluginSource, pluginTest } from './plugin.js';
export { type PluginPackageNames, pluginPackage, shortNameOf } from './plugin-package.js';
export { pnpmSettings, tsconfig } from './tsconfig.js';
export { TargetNotEmptyError, writeFileTree } from './write-file-tree.js';
