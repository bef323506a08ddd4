/** createStore's options, checked before anything is loaded. */
import { resolve } from 'node:path';
import { StoreConfigError } from './errors.js';
import { redactUrl } from '@cqkit/protocol';

export interface StoreClock {
  now(): number;
}

export interface StoreLogger {
  warn(fields: object, message: string): void;
}

export interface StoreOptions {
  /** A PostgreSQL server, `postgres://user:password@host:5432/db`. Without it the store is a SQLite file. */
  url?: string;
  /** The SQLite file, relative to the working directory (the bot project). Default `data/cqkit.db`; `':memory:'` keeps nothing. */
  file?: string;
  /** PostgreSQL only: the schema every table lives in, created when missing. Default the server's search_path (`public`). */
  schema?: string;
  /** PostgreSQL only: drop `schema` and everything in it on close() (a scratch store for tests). */
  dropSchemaOnClose?: boolean;
  /** PostgreSQL only: most connections open at once. Default 10. */
  poolSize?: number;
  /** PostgreSQL only: ms to wait for a connection before failing. Default 10 000. */
  connectTimeout?: number;
  /** Time source of key-value expiry (tests inject one). Default Date.now. */
  clock?: StoreClock;
  /** Where operator warnings go (an idle connection the server closed). Default console.warn. */
  logger?: StoreLogger;
}

export const defaultFile = 'data/cqkit.db';
/** SQLite's name for a database that lives only in memory. */
export const memoryFile = ':memory:';

export type ResolvedOptions =
  | { kind: 'sqlite'; file: string; location: string; clock: StoreClock; logger: StoreLogger }
  | {
      kind: 'postgres';
      url: string;
      location: string;
      schema: string | undefined;
      dropSchemaOnClose: boolean;
      poolSize: number;
      connectTimeout: number;
      clock: StoreClock;
      logger: StoreLogger;
    };

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const consoleLogger: StoreLogger = {
  warn: (fields, message) => console.warn(message, fields),
};

export function resolveOptions(options: StoreOptions, cwd = process.cwd()): ResolvedOptions {
  const clock = options.clock ?? { now: Date.now };
  const logger = options.logger ?? consoleLogger;
  if (options.url !== undefined) {
    if (options.file !== undefined) throw new StoreConfigError('give either url (PostgreSQL) or file (SQLite), not both');
    const location = redactUrl(options.url);
    if (!/^postgres(ql)?:\/\//i.test(options.url)) {
      throw new StoreConfigError(`url ${location} is not a PostgreSQL URL (postgres://user@host:5432/database); for SQLite give file instead`);
    }
    if (options.schema !== undefined && !identifier.test(options.schema)) {
      throw new StoreConfigError(`schema "${options.schema}" is not a plain identifier (letters, digits, _; not starting with a digit)`);
    }
    return {
      kind: 'postgres',
      url: options.url,
      location,
      schema: options.schema,
      dropSchemaOnClose: dropSchema(options),
      poolSize: positiveInteger('poolSize', options.poolSize ?? 10),
      connectTimeout: positiveInteger('connectTimeout', options.connectTimeout ?? 10_000),
      clock,
      logger,
    };
  }
  for (const key of ['schema', 'dropSchemaOnClose', 'poolSize', 'connectTimeout'] as const) {
    if (options[key] !== undefined) throw new StoreConfigError(`${key} is a PostgreSQL option; it needs url`);
  }
  const file = options.file ?? defaultFile;
  if (file === '') throw new StoreConfigError(`file must not be empty (default ${defaultFile}; ':memory:' for a store in memory)`);
  const path = file === memoryFile ? memoryFile : resolve(cwd, file);
  return { kind: 'sqlite', file: path, location: path, clock, logger };
}

function dropSchema(options: StoreOptions): boolean {
  if (!options.dropSchemaOnClose) return false;
  if (options.schema === undefined) throw new StoreConfigError('dropSchemaOnClose needs schema (it would drop the default one)');
  return true;
}

function positiveInteger(key: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new StoreConfigError(`${key} must be a positive integer, got ${value}`);
  return value;
}
