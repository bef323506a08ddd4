/**
 * Test helpers: the Redis the suite uses (CQKIT_TEST_REDIS_URL, default redis://127.0.0.1:6379),
 * probed once before tests are collected; a fresh key prefix per test, deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const redisUrl = process.env.CQKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function probe(): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export const redisAvailable = await probe();
if (!redisAvailable) console.log(`cluster tests skipped: no Redis answers at ${redisUrl} (set CQKIT_TEST_REDIS_URL)`);

export function freshPrefix(): string {
  return `cqkit-test-${randomBytes(4).toString('hex')}`;
}

/** Delete every key under a prefix. */
export async function dropPrefix(prefix: string, url = redisUrl): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Poll `check` until it holds (bounded; the thing waited for happens in other connections). */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A plain client for looking at keys from a test. */
export function testRedis(url = redisUrl): Redis {
  const redis = new Redis(url);
  redis.on('error', () => undefined);
  return redis;
}
