import { afterEach, expect, it } from 'vitest';
import { defineTables, type Migration, MigrationError, type Store, TableConflictError } from '../src/index.js';
import { describeBackends } from './backends.js';
import './tables.js';

const createNotes: Migration = {
  name: '001-notes',
  up: (db, t) =>
    db.schema
      .createTable('test_notes')
      .addColumn(...t.autoId('id'))
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute(),
};
const createTags: Migration = {
  name: '002-tags',
  up: (db) => db.schema.createTable('test_tags').addColumn('note_id', 'integer', (c) => c.notNull()).addColumn('tag', 'text').execute(),
};
const notes = defineTables({ tables: ['test_notes', 'test_tags'], migrations: [createNotes, createTags] });

/** Names of the tables a store holds, through its own query builder. */
async function tables(store: Store): Promise<string[]> {
  const all = await store.db.introspection.getTables();
  return all.map((t) => t.name).sort();
}

async function recorded(store: Store, plugin: string): Promise<string[]> {
  const db = store.db.withTables<{ cqkit_migrations: { plugin: string; name: string } }>();
  const rows = await db.selectFrom('cqkit_migrations').select('name').where('plugin', '=', plugin).orderBy('name').execute();
  return rows.map((r) => r.name);
}

describeBackends('migrations', (backend) => {
  let store: Store;
  afterEach(() => store?.close());

  it('run once, in order, recorded in the store table; typed queries work on the result', async () => {
    store = await backend.open();
    const db = await store.migrate('notes', notes);
    expect(await tables(store)).toEqual(expect.arrayContaining(['test_notes', 'test_tags', 'cqkit_migrations', 'cqkit_tables', 'cqkit_kv']));
    expect(await recorded(store, 'notes')).toEqual(['001-notes', '002-tags']);

    const inserted = await db.insertInto('test_notes').values({ author: 'ann', text: '喝水', created_at: 1_733_400_000_123 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('test_notes').values({ author: 'bob', text: 'two', created_at: 2 }).execute();
    expect(inserted.id).toBe(1);
    const rows = await db.selectFrom('test_notes').select(['id', 'author', 'text', 'created_at']).orderBy('id').execute();
    // Ids numbered by the database on both; bigint comes back as a number on both.
    expect(rows).toEqual([
      { id: 1, author: 'ann', text: '喝水', created_at: 1_733_400_000_123 },
      { id: 2, author: 'bob', text: 'two', created_at: 2 },
    ]);

    // Again: nothing runs (the table would exist twice otherwise), the data stays.
    await store.migrate('notes', notes);
    expect(await db.selectFrom('test_notes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()).toEqual({ n: 2 });
  });

  it('a migration added at the end runs alone', async () => {
    store = await backend.open();
    await store.migrate('notes', { tables: ['test_notes'], migrations: [createNotes] });
    let ran = 0;
    const addTags: Migration = {
      name: '002-tags',
      up: async (db, t) => {
        ran++;
        await createTags.up(db, t);
      },
    };
    await store.migrate('notes', { tables: ['test_notes', 'test_tags'], migrations: [createNotes, addTags] });
    await store.migrate('notes', { tables: ['test_notes', 'test_tags'], migrations: [createNotes, addTags] });
    expect(ran).toBe(1);
    expect(await recorded(store, 'notes')).toEqual(['001-notes', '002-tags']);
  });

  it('a failed migration leaves the database as it was and names the migration', async () => {
    store = await backend.open();
    const broken: Migration = {
      name: '002-broken',
      up: async (db) => {
        await db.schema.createTable('test_tags').addColumn('tag', 'text').execute();
        await db.insertInto('test_tags').values({ tag: 'x' }).execute();
        await db.insertInto('no_such_table').values({ a: 1 }).execute();
      },
    };
    const attempt = store.migrate('notes', { tables: ['test_notes', 'test_tags'], migrations: [createNotes, broken] });
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toMatchObject({ code: 'CQKIT_STORE_MIGRATION', plugin: 'notes', migration: '002-broken' });
    await expect(attempt).rejects.toThrow(/^migration "002-broken" of plugin "notes" failed: .*no_such_table.*; the database is as it was before$/);
    // Neither the first migration of the batch, nor the half-done second, nor the claims stayed.
    expect(await tables(store)).not.toEqual(expect.arrayContaining(['test_notes']));
    expect(await tables(store)).not.toEqual(expect.arrayContaining(['test_tags']));
    expect(await recorded(store, 'notes')).toEqual([]);
    // The store still works, and the fixed list runs.
    await store.migrate('notes', notes);
    expect(await recorded(store, 'notes')).toEqual(['001-notes', '002-tags']);
  });

  it('two plugins declaring one table is a coded error naming both, and nothing of the second runs', async () => {
    store = await backend.open();
    await store.migrate('notes', notes);
    let ran = false;
    const other = store.migrate({ pluginName: 'diary' }, {
      tables: ['test_notes'],
      migrations: [
        {
          name: '001',
          up: async () => {
            ran = true;
          },
        },
      ],
    });
    await expect(other).rejects.toBeInstanceOf(TableConflictError);
    await expect(other).rejects.toMatchObject({ code: 'CQKIT_STORE_TABLE_CONFLICT', table: 'test_notes', owner: 'notes', plugin: 'diary' });
    await expect(other).rejects.toThrow('plugin "diary" declares table "test_notes", which belongs to plugin "notes"');
    expect(ran).toBe(false);
  });

  it('a migration creating a table it did not declare is refused and undone', async () => {
    store = await backend.open();
    const sneaky = store.migrate('notes', { tables: ['test_notes'], migrations: [createNotes, createTags] });
    await expect(sneaky).rejects.toMatchObject({ code: 'CQKIT_STORE_MIGRATION', migration: '002-tags' });
    await expect(sneaky).rejects.toThrow('created "test_tags", not among its declared tables');
    expect(await tables(store)).not.toEqual(expect.arrayContaining(['test_notes']));
  });

  it('refuses a list that contradicts what ran: a removed migration, one inserted before, a duplicate', async () => {
    store = await backend.open();
    await store.migrate('notes', { tables: ['test_notes', 'test_tags'], migrations: [createNotes, createTags] });
    await expect(store.migrate('notes', { tables: ['test_notes'], migrations: [createNotes] })).rejects.toThrow(
      'migration "002-tags" of plugin "notes" ran on this database but is no longer in the plugin\'s list',
    );
    const early: Migration = { name: '001b-early', up: async () => undefined };
    await expect(store.migrate('notes', { tables: [], migrations: [createNotes, early, createTags] })).rejects.toThrow(
      'migration "001b-early" of plugin "notes" is new but listed before "002-tags", which already ran; add new migrations at the end',
    );
    await expect(store.migrate('notes', { tables: [], migrations: [createNotes, createNotes] })).rejects.toMatchObject({
      code: 'CQKIT_STORE_MIGRATION',
      message: 'plugin "notes" lists migration "001-notes" twice; names must be unique',
    });
  });

  it('a typo in a column fails to compile, and the database refuses it too', async () => {
    store = await backend.open();
    const db = await store.migrate('notes', notes);
    // @ts-expect-error "auther" is not a column of test_notes
    const typo = db.selectFrom('test_notes').select('auther').execute();
    await expect(typo).rejects.toThrow(/auther/);
    // @ts-expect-error text is a string column
    const wrongType = db.insertInto('test_notes').values({ author: 'a', text: 5, created_at: 1 });
    expect(wrongType).toBeDefined();
    // @ts-expect-error no such table
    expect(() => db.selectFrom('test_nots')).toBeDefined();
  });
});
