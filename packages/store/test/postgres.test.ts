import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createStore, type Store, StoreConnectionError, StoreOpenError } from '../src/index.js';
import { createScratchStore } from '../src/testing.js';

const pgUrl = inject('pgUrl');

/** A port nothing listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('PostgreSQL at start', () => {
  it('a server that is down is a coded open error naming the URL without its password', async () => {
    const url = `postgres://bot:hunter2@127.0.0.1:${await freePort()}/test`;
    const attempt = createStore({ url });
    await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
    const error = (await attempt.catch((e: unknown) => e)) as StoreOpenError;
    expect(error.code).toBe('CQKIT_STORE_OPEN');
    expect(error.message).toMatch(/^cannot open the store at postgres:\/\/\*\*\*@127\.0\.0\.1:\d+\/test: .*ECONNREFUSED/);
    expect(error.message).not.toContain('hunter2');
  });

  it.skipIf(pgUrl === null)('a login the server refuses is a coded open error without the password', async () => {
    const url = new URL(pgUrl!);
    url.username = 'cqkit_no_such_role';
    url.password = 's3cret-pw';
    url.searchParams.set('sslpassword', 'other-secret');
    const attempt = createStore({ url: url.toString() });
    const error = (await attempt.catch((e: unknown) => e)) as StoreOpenError;
    expect(error).toBeInstanceOf(StoreOpenError);
    expect(error.code).toBe('CQKIT_STORE_OPEN');
    expect(error.message).toContain('postgres://***@');
    expect(error.message).toContain('"cqkit_no_such_role"');
    expect(error.message).not.toMatch(/s3cret-pw|other-secret/);
  });
});

describe.skipIf(pgUrl === null)('PostgreSQL while running', () => {
  let store: Store;
  let admin: pg.Client | undefined;
  const warnings: string[] = [];
  afterEach(async () => {
    await admin?.end();
    admin = undefined;
    await store?.close();
  });

  async function adminClient(): Promise<pg.Client> {
    admin = new pg.Client({ connectionString: pgUrl! });
    await admin.connect();
    return admin;
  }

  it('a query whose connection is killed rejects with a coded error; the next query reconnects', async () => {
    store = await createScratchStore({ url: pgUrl! }, { logger: { warn: (_, message) => warnings.push(message) } });
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
    const pid = rows[0]!.pid;
    // Its rejection is taken at once (it comes while the test is still busy killing).
    const running = sql`select pg_sleep(30)`.execute(store.db).catch((e: unknown) => e);
    const killer = await adminClient();
    // Wait until the sleep really runs on the server, then end that backend from another connection.
    for (let i = 0; i < 200; i++) {
      const active = await killer.query("select 1 from pg_stat_activity where query like 'select pg_sleep%' and state = 'active' and application_name = 'cqkit-store'");
      if (active.rowCount) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const killed = await killer.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1 and query like $2', ['cqkit-store', 'select pg_sleep%']);
    expect(killed.rows).toEqual([{ ok: true }]);

    const error = (await running) as StoreConnectionError;
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect(error.code).toBe('CQKIT_STORE_CONNECTION');
    expect(error.message).toMatch(/^lost the connection to postgres:\/\/.*: .*\(the next query opens a new one\)$/);

    const again = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
    expect(again.rows[0]!.pid).not.toBe(pid);
    expect(await store.kv('after').get('x')).toBeUndefined();
  });

  it('an idle connection the server closes is dropped with a warning, and the pool goes on', async () => {
    store = await createScratchStore({ url: pgUrl! }, { logger: { warn: (_, message) => warnings.push(message) } });
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(store.db);
    const killer = await adminClient();
    await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    for (let i = 0; i < 500 && warnings.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
    expect(warnings.at(-1)).toMatch(/^an idle connection to postgres:\/\/.* was closed; the pool opens a new one when needed$/);
    await store.kv('k').set('a', 1);
    expect(await store.kv('k').get('a')).toBe(1);
  });

  it('bigint values beyond 2^53 stay exact (as text)', async () => {
    store = await createScratchStore({ url: pgUrl! });
    const { rows } = await sql<{ small: number; big: unknown }>`select 1733400000123::int8 as small, 9007199254740993::int8 as big`.execute(store.db);
    expect(rows[0]).toEqual({ small: 1_733_400_000_123, big: '9007199254740993' });
  });

  it('a scratch schema is dropped by close()', async () => {
    store = await createScratchStore({ url: pgUrl! });
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
    const schema = rows[0]!.schema;
    expect(schema).toMatch(/^cqkit_test_/);
    await store.close();
    const check = await adminClient();
    expect((await check.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount).toBe(0);
  });
});
