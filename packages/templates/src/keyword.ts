/**
 * The npm keyword every cqkit plugin package carries, so `cqkit plugin search` (the registry's
 * search API) finds it. Plugin packages are named `cqkit-plugin-NAME` or `@scope/cqkit-plugin-NAME`.
 */
export const pluginKeyword = 'cqkit-plugin';
