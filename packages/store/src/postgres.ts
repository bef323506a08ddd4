/**
 * A PostgreSQL server through pg's Pool, loaded only here. The pool Kysely gets is a thin wrapper
 * that turns a lost connection into StoreConnectionError; pg-pool itself drops the broken client, so
 * the next query opens a new connection.
 */
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { PostgresDialect } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { describeError, StoreConnectionError, StoreDriverError, StoreOpenError } from './errors.js';

export interface PostgresSettings {
  url: string;
  /** The URL without its password. */
  location: string;
  schema: string | undefined;
  poolSize: number;
  connectTimeout: number;
  warn(message: string, error: unknown): void;
}

export interface OpenedPostgres {
  dialect: PostgresDialect;
  pool: Pool;
}

const int8 = 20;

export async function openPostgres(settings: PostgresSettings): Promise<OpenedPostgres> {
  const pg = await loadDriver();
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeout,
    application_name: 'cqkit-store',
    // Every connection works in the store's schema; the identifier was checked (see options.ts).
    ...(settings.schema === undefined ? {} : { options: `-c search_path=${settings.schema}` }),
    // bigint columns (timestamps in ms, counts) come back as numbers, as they do from SQLite.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8 && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server closed: pg-pool drops it; without a listener node would crash.
  pool.on('error', (error) => settings.warn(`an idle connection to ${settings.location} was closed; the pool opens a new one when needed`, error));
  try {
    await probe(pool, settings.schema);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new StoreOpenError(settings.location, describeConnectError(error), error);
  }
  return { dialect: new PostgresDialect({ pool: guardedPool(pool, settings.location) }), pool };
}

/** One round trip at start, so a server that is down or refuses the login fails here, clearly. */
async function probe(pool: Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    if (schema !== undefined) await client.query(`create schema if not exists "${schema}"`);
    else await client.query('select 1');
  } finally {
    client.release();
  }
}

function parseInt8(text: string): number | string {
  const value = Number(text);
  // Beyond 2^53 a number would silently lose digits: keep the exact text instead.
  return Number.isSafeInteger(value) ? value : text;
}

const guarded = new WeakSet<PoolClient>();

/**
 * The pool as Kysely sees it: connection failures of connect() and query() become
 * StoreConnectionError, and a client that lost its connection is released as broken, so the pool
 * destroys it (the server's "terminating connection" message arrives before the socket closes: without
 * this, the dead client would go back to the pool and fail the next query too).
 */
function guardedPool(pool: Pool, location: string): PostgresPool {
  const lost = (error: unknown): StoreConnectionError | unknown =>
    isConnectionLoss(error) ? new StoreConnectionError(location, describeConnectError(error), error) : error;
  return {
    options: pool.options,
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect().catch((error: unknown) => {
        throw lost(error);
      });
      if (!guarded.has(client)) {
        guarded.add(client);
        // The error reaches the running query; this only keeps a checked-out client's 'error' event from crashing node.
        client.on('error', () => undefined);
      }
      let broken: StoreConnectionError | undefined;
      return {
        query: ((text: string, values: unknown[]) =>
          client.query(text, values).catch((error: unknown) => {
            const mapped = lost(error);
            if (mapped instanceof StoreConnectionError) broken = mapped;
            throw mapped;
          })) as unknown as PostgresPoolClient['query'],
        release: () => client.release(broken),
      };
    },
    end: () => pool.end(),
  };
}

const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Server shut the session (57P0x), connection exceptions (08xxx), socket errors, or pg's own "terminated" errors. */
export function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (/^57P0[123]$/.test(code) || code.startsWith('08') || networkCodes.has(code))) return true;
  return /connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(error.message);
}

/** Node reports a refused dual-stack connect as an AggregateError with an empty message. */
function describeConnectError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return [...new Set(error.errors.map(describeError))].join('; ');
  return describeError(error);
}

async function loadDriver(): Promise<typeof import('pg').default> {
  try {
    return (await import('pg')).default;
  } catch (error) {
    throw new StoreDriverError(`pg is not installed (${describeError(error)}); add it to the bot project: pnpm add pg`, error);
  }
}
