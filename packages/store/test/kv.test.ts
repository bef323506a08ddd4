import { afterEach, expect, it } from 'vitest';
import { KvValueError, type Store } from '../src/index.js';
import { describeBackends } from './backends.js';

describeBackends('kv', (backend) => {
  let store: Store;
  let now = 1_000_000;
  const clock = { now: () => now };
  afterEach(() => store?.close());

  it('keeps JSON values by key, per namespace', async () => {
    store = await backend.open({ clock });
    const kv = store.kv('points');
    const values = [{ a: 1, nested: ['喝水', null, true] }, [1, 2], 'text', 42.5, false, null];
    for (const [i, value] of values.entries()) await kv.set(`k${i}`, value);
    for (const [i, value] of values.entries()) expect(await kv.get(`k${i}`)).toEqual(value);
    expect(await kv.get('missing')).toBeUndefined();
    expect(await store.kv('other').get('k0')).toBeUndefined();

    await kv.set('k0', { replaced: true });
    expect(await kv.get<{ replaced: boolean }>('k0')).toEqual({ replaced: true });
    expect(await kv.delete('k0')).toBe(true);
    expect(await kv.delete('k0')).toBe(false);
    expect(await kv.get('k0')).toBeUndefined();
  });

  it('forgets a value once its ttl passed on the store clock, and a new set replaces the expiry', async () => {
    store = await backend.open({ clock });
    const kv = store.kv('cooldown');
    await kv.set('user:1', 'x', { ttl: 60_000 });
    await kv.set('user:2', 'y', { ttl: 60_000 });
    now += 59_999;
    expect(await kv.get('user:1')).toBe('x');
    now += 1;
    expect(await kv.get('user:1')).toBeUndefined();
    // An expired value does not count as deleted.
    expect(await kv.delete('user:2')).toBe(false);
    await kv.set('user:2', 'fresh');
    now += 10 ** 9;
    expect(await kv.get('user:2')).toBe('fresh');
  });

  it('refuses what is not JSON, a bad ttl and an empty key or namespace, storing nothing', async () => {
    store = await backend.open({ clock });
    const kv = store.kv('bad');
    await expect(kv.set('a', undefined)).rejects.toThrow('kv bad/a: undefined is not a JSON value; use delete() to remove a key');
    await expect(kv.set('a', () => 1)).rejects.toBeInstanceOf(KvValueError);
    await expect(kv.set('a', 10n)).rejects.toMatchObject({ code: 'CQKIT_STORE_KV_VALUE', message: expect.stringContaining('the value is not JSON') });
    await expect(kv.set('a', 1, { ttl: 0 })).rejects.toThrow('ttl must be a positive number of ms, got 0');
    await expect(kv.set('', 1)).rejects.toThrow('a key must be a non-empty string');
    expect(() => store.kv('')).toThrow(KvValueError);
    expect(await kv.get('a')).toBeUndefined();
  });

  it('is closed with the store, which first lets writes under way finish', async () => {
    store = await backend.open({ clock });
    const kv = store.kv('x');
    const writing = kv.set('last', 'words');
    await store.close();
    await expect(writing).resolves.toBeUndefined();
    await store.close();
    await expect(kv.get('a')).rejects.toMatchObject({ code: 'CQKIT_STORE_CLOSED' });
    expect(() => store.db).toThrow('the store was closed');
  });
});
