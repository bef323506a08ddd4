/**
 * Redis connections (ioredis). Blocking reads (XREADGROUP BLOCK) get connections of their own, so
 * they never hold up commands. A password in the URL never reaches a log line.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { ClusterError } from './errors.js';

export interface ConnectOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  url: string;
  /** Shown in CLIENT LIST. */
  name: string;
  /** false: fail at once while disconnected (the gateway answers 503 rather than hold a POST). */
  queueWhileOffline?: boolean;
  /**
   * Send the commands issued in one tick in one write (fewer syscalls). Not for a worker: a pipeline
   * it writes at once (an event's acknowledgement) could overtake commands still waiting for the
   * tick (the event's sends). Not for blocking reads either.
   */
  autoPipeline?: boolean;
}

export function connect(options: ConnectOptions): Redis {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ClusterError('CQKIT_CLUSTER_CONFIG', `cluster.redis: expected a URL like redis://127.0.0.1:6379, got ${JSON.stringify(redactUrl(options.url))}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ClusterError('CQKIT_CLUSTER_CONFIG', `cluster.redis: expected a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(options.url))}`);
  }
  const offline = options.queueWhileOffline !== false;
  const redisOptions: RedisOptions = {
    connectionName: options.name,
    // Callers bound their own waits (call timeouts, stop deadlines); ioredis keeps reconnecting.
    maxRetriesPerRequest: offline ? null : 0,
    enableOfflineQueue: offline,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
    lazyConnect: false,
    enableAutoPipelining: options.autoPipeline === true,
  };
  const redis = new Redis(options.url, redisOptions);
  // ioredis emits 'error' on every failed reconnect; the owners log state changes themselves.
  redis.on('error', () => undefined);
  return redis;
}

/** The URL with its password (and user) replaced, for messages. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = '***';
    if (url.username) url.username = '***';
    return url.toString();
  } catch {
    return value.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Create a consumer group (and its stream) unless it exists; it starts at the stream's beginning. */
export async function ensureGroup(redis: Redis, stream: string, group: string): Promise<void> {
  try {
    await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

/** Stream entries as ioredis returns them: [id, [field, value, ...]]. */
export type StreamEntry = [id: string, fields: string[]];

export function fieldsOf(entry: StreamEntry): Record<string, string> {
  const out: Record<string, string> = {};
  const list = entry[1];
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]!] = list[i + 1]!;
  return out;
}

/** The time (ms) in a stream id `1700000000000-0`. */
export function idTime(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}

/** Resolves once the connection is ready; a coded error naming the (redacted) URL after `ms`. */
export function whenReady(redis: Redis, url: string, ms = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      // A busy event loop can run this timer before the 'ready' callback that is already due.
      if (redis.status === 'ready') return resolve();
      reject(new ClusterError('CQKIT_CLUSTER_UNAVAILABLE', `Redis at ${redactUrl(url)} did not answer within ${ms} ms`));
    }, ms);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
