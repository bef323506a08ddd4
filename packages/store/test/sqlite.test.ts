import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore, StoreOpenError, type Store } from '../src/index.js';

describe('SQLite file', () => {
  let dir: string;
  let store: Store | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cqkit-store-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its folder, runs in WAL mode and keeps data across a reopen', async () => {
    const file = join(dir, 'data', 'cqkit.db');
    store = await createStore({ file });
    expect(store.location).toBe(file);
    expect(store.dialect).toBe('sqlite');
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(rows[0]?.journal_mode).toBe('wal');
    await store.kv('a').set('k', { kept: true });
    await store.close();

    store = await createStore({ file });
    expect(await store.kv('a').get('k')).toEqual({ kept: true });
    expect(existsSync(join(dir, 'data', 'cqkit.db-wal'))).toBe(true);
  });

  it('resolves a relative file from the working directory (the bot project), data/cqkit.db by default', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      store = await createStore();
      expect(store.location).toBe(join(process.cwd(), 'data', 'cqkit.db'));
    } finally {
      process.chdir(cwd);
    }
  });

  it('a path it cannot create is a coded open error naming the file', async () => {
    // A file where the folder should be: refused even for root (file modes would not be).
    writeFileSync(join(dir, 'taken'), '');
    const file = join(dir, 'taken', 'cqkit.db');
    const attempt = createStore({ file });
    await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
    await expect(attempt).rejects.toMatchObject({ code: 'CQKIT_STORE_OPEN', location: file });
    await expect(attempt).rejects.toThrow(`cannot open the store at ${file}: `);
  });
});
