/** store.kv(namespace): JSON values by key, for state too small to deserve a table. */
import type { Kysely } from 'kysely';
import { KvValueError } from './errors.js';
import type { OwnTables } from './tables.js';

export interface KvSetOptions {
  /** Forget the value after this many ms (on the store's clock). Default: keep it. */
  ttl?: number;
}

export interface Kv {
  /** The value, or undefined when there is none or it expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Store any JSON value (objects, arrays, strings, numbers, booleans, null), replacing the old one. */
  set(key: string, value: unknown, options?: KvSetOptions): Promise<void>;
  /** True when there was a (live) value to delete. */
  delete(key: string): Promise<boolean>;
}

export function createKv(db: () => Kysely<OwnTables>, namespace: string, now: () => number): Kv {
  if (typeof namespace !== 'string' || namespace === '') throw new KvValueError('kv() needs a namespace, e.g. the plugin name');
  const row = (key: string) => db().selectFrom('cqkit_kv').where('namespace', '=', namespace).where('key', '=', checkKey(key));
  return {
    async get<T>(key: string): Promise<T | undefined> {
      const found = await row(key).select(['value', 'expires_at']).executeTakeFirst();
      if (found === undefined) return undefined;
      if (found.expires_at !== null && found.expires_at <= now()) {
        // Only this expired value: a set() that raced in meanwhile has a later expiry and stays.
        await db()
          .deleteFrom('cqkit_kv')
          .where('namespace', '=', namespace)
          .where('key', '=', key)
          .where('expires_at', '=', found.expires_at)
          .execute();
        return undefined;
      }
      return JSON.parse(found.value) as T;
    },
    async set(key, value, options = {}) {
      const json = encode(namespace, checkKey(key), value);
      const expires = options.ttl === undefined ? null : now() + checkTtl(options.ttl);
      await db()
        .insertInto('cqkit_kv')
        .values({ namespace, key, value: json, expires_at: expires })
        .onConflict((conflict) => conflict.columns(['namespace', 'key']).doUpdateSet({ value: json, expires_at: expires }))
        .execute();
    },
    async delete(key) {
      const result = await db()
        .deleteFrom('cqkit_kv')
        .where('namespace', '=', namespace)
        .where('key', '=', checkKey(key))
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now())]))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw new KvValueError(`a key must be a non-empty string, got ${JSON.stringify(key)}`);
  return key;
}

function checkTtl(ttl: number): number {
  if (!Number.isFinite(ttl) || ttl <= 0) throw new KvValueError(`ttl must be a positive number of ms, got ${ttl}`);
  return ttl;
}

function encode(namespace: string, key: string, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new KvValueError(`kv ${namespace}/${key}: the value is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (json === undefined) throw new KvValueError(`kv ${namespace}/${key}: ${typeof value} is not a JSON value; use delete() to remove a key`);
  return json;
}
