import { store } from './plugin.js';

export { createStore } from './create.js';
export {
  KvValueError,
  MigrationError,
  StoreClosedError,
  StoreConfigError,
  StoreConnectionError,
  StoreDriverError,
  StoreError,
  type StoreErrorCode,
  StoreOpenError,
  storeErrorCodes,
  TableConflictError,
} from './errors.js';
export type { Kv, KvSetOptions } from './kv.js';
export { defineTables, type Migration, type MigrationTools, type PluginTables, type StoreDialect, type StoreOwner } from './migration.js';
export { defaultFile, memoryFile, type StoreClock, type StoreLogger, type StoreOptions } from './options.js';
export { type StoreConfig, store, storeConfigSchema } from './plugin.js';
export type { Store } from './store.js';
export type { Generated, StoreDb, TableName, Tables } from './tables.js';

/** `plugins: { '@cqkit/store': { url? } }` in a bot's config loads this. */
export default store;
