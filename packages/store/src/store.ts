/** The store itself: a Kysely instance over one dialect, migrations per plugin, key-value namespaces. */
import { Kysely, sql } from 'kysely';
import { drainingDialect } from './draining.js';
import { StoreClosedError } from './errors.js';
import { createKv, type Kv } from './kv.js';
import type { PluginTables, StoreDialect, StoreOwner } from './migration.js';
import { runMigrations } from './migrations.js';
import type { ResolvedOptions } from './options.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import type { OwnTables, StoreDb } from './tables.js';

export interface Store {
  /** Which database runs the queries. */
  readonly dialect: StoreDialect;
  /** The SQLite file or the PostgreSQL URL without its password, as shown in logs. */
  readonly location: string;
  /** Typed queries over every table declared in Tables. Throws StoreClosedError after close(). */
  readonly db: StoreDb;
  /**
   * Claim `owner`'s tables and run its migrations not yet recorded (one transaction). Resolves with
   * `db`; rejects with MigrationError (the database unchanged) or TableConflictError.
   */
  migrate(owner: StoreOwner | string, tables: PluginTables): Promise<StoreDb>;
  /** Key-value pairs of one namespace (use the plugin's name). */
  kv(namespace: string): Kv;
  /** Close the file or the pool, once queries under way are done (5 s at most). Safe to call twice. */
  close(): Promise<void>;
}

/** The store's own tables, built by the same runner plugins use. */
const ownTables: PluginTables = {
  tables: ['cqkit_kv'] as never[],
  migrations: [
    {
      name: '2026-12-01-kv',
      up: (db) =>
        db.schema
          .createTable('cqkit_kv')
          .addColumn('namespace', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint')
          .addPrimaryKeyConstraint('cqkit_kv_pk', ['namespace', 'key'])
          .execute(),
    },
  ],
};

/** How long close() waits for queries under way, ms. */
const closeDeadline = 5000;

export async function openStore(options: ResolvedOptions): Promise<Store> {
  const now = () => options.clock.now();
  let db: Kysely<OwnTables>;
  let dropOnClose: string | undefined;
  if (options.kind === 'sqlite') {
    db = new Kysely<OwnTables>({ dialect: drainingDialect((await openSqlite(options.file)).dialect, closeDeadline) });
  } else {
    const warn = (message: string, error: unknown) => options.logger.warn({ err: error }, message);
    db = new Kysely<OwnTables>({ dialect: drainingDialect((await openPostgres({ ...options, warn })).dialect, closeDeadline) });
    if (options.dropSchemaOnClose) dropOnClose = options.schema;
  }
  const store = new SqlStore(db, options.kind, options.location, now, dropOnClose);
  try {
    await store.bootstrap();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

class SqlStore implements Store {
  private closed = false;

  constructor(
    private readonly own: Kysely<OwnTables>,
    readonly dialect: StoreDialect,
    readonly location: string,
    private readonly now: () => number,
    /** A scratch schema (tests) dropped by close(). */
    private readonly dropOnClose: string | undefined,
  ) {}

  get db(): StoreDb {
    return this.live() as unknown as StoreDb;
  }

  migrate(owner: StoreOwner | string, tables: PluginTables): Promise<StoreDb> {
    const plugin = typeof owner === 'string' ? owner : owner.pluginName;
    return runMigrations(this.live(), this.dialect, plugin, tables, this.now).then(() => this.db);
  }

  kv(namespace: string): Kv {
    return createKv(() => this.live(), namespace, this.now);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.dropOnClose !== undefined) await sql`drop schema if exists ${sql.id(this.dropOnClose)} cascade`.execute(this.own);
    } finally {
      await this.own.destroy();
    }
  }

  /** @internal The store's own tables, then expired keys are dropped (a get drops them too, lazily). */
  async bootstrap(): Promise<void> {
    await this.own.schema
      .createTable('cqkit_migrations')
      .ifNotExists()
      .addColumn('plugin', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('cqkit_migrations_pk', ['plugin', 'name'])
      .execute();
    await this.own.schema
      .createTable('cqkit_tables')
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('plugin', 'text', (c) => c.notNull())
      .execute();
    await this.migrate('@cqkit/store', ownTables);
    await this.own.deleteFrom('cqkit_kv').where('expires_at', '<=', this.now()).execute();
  }

  private live(): Kysely<OwnTables> {
    if (this.closed) throw new StoreClosedError();
    return this.own;
  }
}
