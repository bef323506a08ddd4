/** The embedded database: one SQLite file (WAL mode) through better-sqlite3, loaded only here. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { describeError, StoreDriverError, StoreOpenError } from './errors.js';
import { memoryFile } from './options.js';

export interface OpenedSqlite {
  dialect: SqliteDialect;
  database: BetterSqlite3.Database;
}

/** Opens `file` (an absolute path, or ':memory:'); the folder is created when missing. */
export async function openSqlite(file: string): Promise<OpenedSqlite> {
  const Database = await loadDriver();
  let database: BetterSqlite3.Database;
  try {
    if (file !== memoryFile) mkdirSync(dirname(file), { recursive: true });
    database = new Database(file);
  } catch (error) {
    if (isMissingAddon(error)) throw addonError(error);
    throw new StoreOpenError(file, describeError(error), error);
  }
  try {
    // WAL: readers never wait for the writer and a crash loses at most the last transactions;
    // NORMAL sync is safe with WAL. A busy file (another process writing) is waited on, not failed.
    if (file !== memoryFile) database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
  } catch (error) {
    database.close();
    throw new StoreOpenError(file, describeError(error), error);
  }
  return { dialect: new SqliteDialect({ database }), database };
}

async function loadDriver(): Promise<typeof BetterSqlite3> {
  try {
    return (await import('better-sqlite3')).default;
  } catch (error) {
    throw new StoreDriverError(
      `better-sqlite3 is not installed (${describeError(error)}); add it to the bot project: pnpm add better-sqlite3@^12`,
      error,
    );
  }
}

/** better-sqlite3 loads its native addon on the first `new Database()`. */
function isMissingAddon(error: unknown): boolean {
  return /bindings file|better_sqlite3\.node|NODE_MODULE_VERSION|invalid ELF/i.test(describeError(error));
}

function addonError(error: unknown): StoreDriverError {
  return new StoreDriverError(
    "better-sqlite3's native addon is not built for this Node: list better-sqlite3 in onlyBuiltDependencies " +
      '(pnpm-workspace.yaml) and run `pnpm rebuild better-sqlite3` (without a prebuilt binary it compiles: Python, make and a C++ compiler)',
    error,
  );
}
