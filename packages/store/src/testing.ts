/**
 * @cqkit/store/testing: scratch stores for tests. SQLite in memory, or a fresh schema on a
 * PostgreSQL server that close() drops. The server's URL comes from CQKIT_TEST_PG_URL.
 */
import { createStore } from './create.js';
import { redactUrl } from '@cqkit/protocol';
import { memoryFile, type StoreClock, type StoreLogger } from './options.js';
import type { Store } from './store.js';

export const defaultTestPostgresUrl = 'postgres://postgres@127.0.0.1:5432/test';

/** CQKIT_TEST_PG_URL, else the project's machines' server (trust auth, database `test`). */
export function testPostgresUrl(): string {
  return process.env.CQKIT_TEST_PG_URL || defaultTestPostgresUrl;
}

/** True when a server answers `select 1` at `url` within `timeout` ms. Never throws. */
export async function probePostgres(url: string, timeout = 3000): Promise<boolean> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeout });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The one line a suite prints when it skips its PostgreSQL half. */
export function postgresSkipNote(url: string): string {
  return `PostgreSQL at ${redactUrl(url)} does not answer: its tests are skipped (set CQKIT_TEST_PG_URL to run them)`;
}

/** SQLite in memory; a SQLite file (kept); a new schema on a server (dropped by close()), or a named one (kept). */
export type ScratchBackend = 'memory' | { url: string; schema?: string } | { file: string };

export interface ScratchOptions {
  clock?: StoreClock;
  logger?: StoreLogger;
}

let scratchCount = 0;

/** A store for a test: see ScratchBackend. */
export function createScratchStore(backend: ScratchBackend = 'memory', options: ScratchOptions = {}): Promise<Store> {
  if (backend === 'memory') return createStore({ ...options, file: memoryFile });
  if ('file' in backend) return createStore({ ...options, file: backend.file });
  if (backend.schema !== undefined) return createStore({ ...options, url: backend.url, schema: backend.schema, poolSize: 4 });
  scratchCount++;
  const schema = `cqkit_test_${process.pid}_${Date.now().toString(36)}_${scratchCount}`;
  return createStore({ ...options, url: backend.url, schema, dropSchemaOnClose: true, poolSize: 4 });
}
