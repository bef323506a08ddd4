/**
 * Runs a plugin's migrations: the ones not yet recorded, in order, all in one transaction with the
 * plugin's table claims. Anything failing rolls the whole batch back, so the database is as it was.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { describeError, MigrationError, TableConflictError } from './errors.js';
import type { Migration, MigrationTools, PluginTables, StoreDialect } from './migration.js';
import type { OwnTables } from './tables.js';

/** pg_advisory_xact_lock key: one bot's migrations at a time on a shared server ("cqkit" in ASCII). */
const migrationLock = 0x63716b6974;

export async function runMigrations(
  db: Kysely<OwnTables>,
  dialect: StoreDialect,
  plugin: string,
  declared: PluginTables,
  now: () => number,
): Promise<void> {
  checkList(plugin, declared.migrations);
  const tools = toolsFor(dialect);
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${migrationLock})`.execute(trx);
    const unclaimed = await claimable(trx, plugin, declared.tables);
    const pending = await pendingMigrations(trx, plugin, declared.migrations);
    for (const migration of pending) {
      const before = await tableNames(trx, dialect);
      try {
        await migration.up(trx, tools);
      } catch (error) {
        throw new MigrationError(
          plugin,
          migration.name,
          `migration "${migration.name}" of plugin "${plugin}" failed: ${describeError(error)}; the database is as it was before`,
          error,
        );
      }
      const created = [...(await tableNames(trx, dialect))].filter((name) => !before.has(name) && !declared.tables.includes(name as never));
      if (created.length > 0) {
        throw new MigrationError(
          plugin,
          migration.name,
          `migration "${migration.name}" of plugin "${plugin}" created ${created.map((t) => `"${t}"`).join(', ')}, not among its declared tables; declare them (tables: [...]) so no other plugin can take them`,
        );
      }
      await trx.insertInto('cqkit_migrations').values({ plugin, name: migration.name, applied_at: now() }).execute();
    }
    if (unclaimed.length > 0) await trx.insertInto('cqkit_tables').values(unclaimed.map((name) => ({ name, plugin }))).execute();
  });
}

function checkList(plugin: string, migrations: readonly Migration[]): void {
  const seen = new Set<string>();
  for (const migration of migrations) {
    if (typeof migration.name !== 'string' || migration.name === '') {
      throw new MigrationError(plugin, undefined, `plugin "${plugin}" has a migration without a name; every migration needs a unique name`);
    }
    if (seen.has(migration.name)) {
      throw new MigrationError(plugin, migration.name, `plugin "${plugin}" lists migration "${migration.name}" twice; names must be unique`);
    }
    seen.add(migration.name);
  }
}

/** The declared tables nobody owns yet; one owned by another plugin is a TableConflictError. */
async function claimable(trx: Transaction<OwnTables>, plugin: string, tables: readonly string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const owners = await trx.selectFrom('cqkit_tables').select(['name', 'plugin']).where('name', 'in', tables).execute();
  const other = owners.find((row) => row.plugin !== plugin);
  if (other) throw new TableConflictError(other.name, other.plugin, plugin);
  const owned = new Set(owners.map((row) => row.name));
  return [...new Set(tables)].filter((name) => !owned.has(name));
}

/**
 * The migrations still to run. What ran must be the start of the list, in order: a recorded name
 * missing from the list, or a new one placed before one that ran, is an error (never guessed around).
 */
async function pendingMigrations(trx: Transaction<OwnTables>, plugin: string, migrations: readonly Migration[]): Promise<readonly Migration[]> {
  const rows = await trx.selectFrom('cqkit_migrations').select('name').where('plugin', '=', plugin).execute();
  const applied = new Set(rows.map((row) => row.name));
  const listed = new Set(migrations.map((m) => m.name));
  const gone = [...applied].find((name) => !listed.has(name));
  if (gone !== undefined) {
    throw new MigrationError(plugin, gone, `migration "${gone}" of plugin "${plugin}" ran on this database but is no longer in the plugin's list; never remove or rename a migration that shipped`);
  }
  const done = migrations.findIndex((m) => !applied.has(m.name));
  if (done === -1) return [];
  const late = migrations.slice(done).find((m) => applied.has(m.name));
  if (late !== undefined) {
    throw new MigrationError(
      plugin,
      migrations[done]!.name,
      `migration "${migrations[done]!.name}" of plugin "${plugin}" is new but listed before "${late.name}", which already ran; add new migrations at the end`,
    );
  }
  return migrations.slice(done);
}

/** The tables of the store's schema (PostgreSQL) or file (SQLite). */
async function tableNames(trx: Transaction<OwnTables>, dialect: StoreDialect): Promise<Set<string>> {
  const query =
    dialect === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`
      : // sqlite_sequence and the like are SQLite's own (autoincrement creates one).
        sql<{ name: string }>`select name from sqlite_master where type = 'table' and substr(name, 1, 7) <> 'sqlite_'`;
  const { rows } = await query.execute(trx);
  return new Set(rows.map((row) => row.name));
}

function toolsFor(dialect: StoreDialect): MigrationTools {
  return {
    dialect,
    autoId: (name) =>
      dialect === 'postgres'
        ? [name, 'integer', (column) => column.primaryKey().generatedByDefaultAsIdentity()]
        : [name, 'integer', (column) => column.primaryKey().autoIncrement()],
  };
}
