/**
 * The tables the store knows, by declaration merging: a plugin adds its own with
 *
 *   declare module '@cqkit/store' { interface Tables { remind_reminders: { id: Generated<number>; … } } }
 *
 * and every query over them is typed (a misspelt table or column does not compile).
 */
import type { Generated, Kysely } from 'kysely';

// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, like core's Services
export interface Tables {}

/** A table's name, as declared in Tables. */
export type TableName = keyof Tables & string;

/** The typed query builder plugins get: every declared table. */
export type StoreDb = Kysely<Tables>;

/** The store's own tables (not in Tables: plugins do not query them). */
export interface OwnTables {
  /** One row per migration that ran. */
  cqkit_migrations: { plugin: string; name: string; applied_at: number };
  /** Which plugin a table belongs to. */
  cqkit_tables: { name: string; plugin: string };
  /** store.kv(): JSON values, optional expiry (ms since the epoch). */
  cqkit_kv: { namespace: string; key: string; value: string; expires_at: number | null };
}

export type { Generated };
