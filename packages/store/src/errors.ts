/**
 * Every error the store throws, each with a stable `code`. The README lists them with what to do.
 * Messages name URLs without their credentials (@cqkit/protocol's redactUrl).
 */

export const storeErrorCodes = {
  /** The options are wrong: both url and file, an unknown URL scheme, a bad schema name. */
  config: 'CQKIT_STORE_CONFIG',
  /** The database could not be opened at start: server down, login refused, file not writable. */
  open: 'CQKIT_STORE_OPEN',
  /** The database driver (better-sqlite3 or pg) is missing or its native addon is not built. */
  driver: 'CQKIT_STORE_DRIVER',
  /** A running query lost its connection to the server; the pool opens a new one for the next query. */
  connection: 'CQKIT_STORE_CONNECTION',
  /** A migration failed (nothing of the plugin's batch was kept), or the list contradicts what ran. */
  migration: 'CQKIT_STORE_MIGRATION',
  /** Two plugins declare the same table. */
  tableConflict: 'CQKIT_STORE_TABLE_CONFLICT',
  /** A key-value call was given a value that is not JSON, or a bad expiry. */
  kvValue: 'CQKIT_STORE_KV_VALUE',
  /** The store was used after close(). */
  closed: 'CQKIT_STORE_CLOSED',
} as const;

export type StoreErrorCode = (typeof storeErrorCodes)[keyof typeof storeErrorCodes];

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class StoreConfigError extends StoreError {
  override readonly name = 'StoreConfigError';
  constructor(message: string) {
    super(storeErrorCodes.config, message);
  }
}

export class StoreOpenError extends StoreError {
  override readonly name = 'StoreOpenError';
  constructor(
    /** The database: a file path, or the URL without its password. */
    readonly location: string,
    reason: string,
    cause?: unknown,
  ) {
    super(storeErrorCodes.open, `cannot open the store at ${location}: ${reason}`, { cause });
  }
}

export class StoreDriverError extends StoreError {
  override readonly name = 'StoreDriverError';
  constructor(message: string, cause?: unknown) {
    super(storeErrorCodes.driver, message, { cause });
  }
}

export class StoreConnectionError extends StoreError {
  override readonly name = 'StoreConnectionError';
  constructor(
    readonly location: string,
    reason: string,
    cause?: unknown,
  ) {
    super(storeErrorCodes.connection, `lost the connection to ${location}: ${reason} (the next query opens a new one)`, { cause });
  }
}

export class MigrationError extends StoreError {
  override readonly name = 'MigrationError';
  constructor(
    readonly plugin: string,
    /** The migration that failed or is out of place; undefined when the list itself is wrong. */
    readonly migration: string | undefined,
    message: string,
    cause?: unknown,
  ) {
    super(storeErrorCodes.migration, message, { cause });
  }
}

export class TableConflictError extends StoreError {
  override readonly name = 'TableConflictError';
  constructor(
    readonly table: string,
    /** The plugin that declared the table first. */
    readonly owner: string,
    /** The plugin that declared it again. */
    readonly plugin: string,
  ) {
    super(
      storeErrorCodes.tableConflict,
      `plugin "${plugin}" declares table "${table}", which belongs to plugin "${owner}"; name a plugin's tables after it (e.g. ${plugin}_${table})`,
    );
  }
}

export class KvValueError extends StoreError {
  override readonly name = 'KvValueError';
  constructor(message: string) {
    super(storeErrorCodes.kvValue, message);
  }
}

export class StoreClosedError extends StoreError {
  override readonly name = 'StoreClosedError';
  constructor() {
    super(storeErrorCodes.closed, 'the store was closed');
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
