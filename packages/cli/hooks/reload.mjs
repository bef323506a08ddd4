// Module hooks for `cqkit start --watch` (registered by bin/cqkit.js). A plugin re-imported as
// `file.ts?cqkit-reload=N` passes the same query on to its local imports, so the whole local graph
// is evaluated afresh, while packages stay shared: one @cqkit/core for everyone.
const param = 'cqkit-reload';

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  // Only relative imports belong to the plugin; bare ones are packages (workspace packages resolve
  // to real paths outside node_modules, so the path alone cannot tell).
  const relative = specifier.startsWith('./') || specifier.startsWith('../');
  const parent = context.parentURL;
  if (!relative || !parent?.startsWith('file:') || !result.url.startsWith('file:')) return result;
  const generation = new URL(/** @type {string} */ (parent)).searchParams.get(param);
  if (generation === null) return result;
  const url = new URL(result.url);
  if (url.searchParams.has(param)) return result;
  url.searchParams.set(param, generation);
  return { ...result, url: url.href };
}
