import { describe, expect, it } from 'vitest';
import { createStore, StoreConfigError } from '../src/index.js';

describe('options', () => {
  it('refuse contradictions and bad values before loading anything', async () => {
    await expect(createStore({ url: 'postgres://x@h/db', file: 'a.db' })).rejects.toThrow('give either url (PostgreSQL) or file (SQLite), not both');
    await expect(createStore({ url: 'mysql://u:pw@h/db' })).rejects.toThrow('url mysql://***@h/db is not a PostgreSQL URL');
    await expect(createStore({ url: 'postgres://h/db', schema: 'a; drop table x' })).rejects.toMatchObject({ code: 'CQKIT_STORE_CONFIG' });
    await expect(createStore({ url: 'postgres://h/db', poolSize: 0 })).rejects.toThrow('poolSize must be a positive integer, got 0');
    await expect(createStore({ url: 'postgres://h/db', dropSchemaOnClose: true })).rejects.toThrow('dropSchemaOnClose needs schema');
    await expect(createStore({ file: 'a.db', schema: 's' })).rejects.toThrow('schema is a PostgreSQL option; it needs url');
    await expect(createStore({ file: '' })).rejects.toBeInstanceOf(StoreConfigError);
  });
});
