/**
 * createStore: checks the options, then loads Kysely and the one driver it needs. Importing
 * @cqkit/store loads none of them; a bot whose plugins never open a store never pays for them.
 */
import { resolveOptions, type StoreOptions } from './options.js';
import type { Store } from './store.js';

export async function createStore(options: StoreOptions = {}): Promise<Store> {
  const resolved = resolveOptions(options);
  const { openStore } = await import('./store.js');
  return openStore(resolved);
}
