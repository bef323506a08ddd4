/** Options every cluster process shares (the config's `cluster` section). */
import { ClusterError } from './errors.js';

export interface ClusterOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6379. */
  redis: string;
  /** Key prefix of this deployment (several bots can share one Redis). Default 'cqkit'. */
  prefix?: string;
  /** ms after which a worker's unacknowledged events are handed to another worker. Default 15 000. */
  claimAfter?: number;
  /** ms an account lease lasts without renewal (renewed every third of it). Default 10 000. */
  leaseTtl?: number;
  /** ms a send's idempotency record is kept. Default 24 h. */
  dedupeTtl?: number;
}

export interface ResolvedClusterOptions {
  redis: string;
  prefix: string;
  claimAfter: number;
  leaseTtl: number;
  dedupeTtl: number;
}

export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  const prefix = options.prefix ?? 'cqkit';
  if (!/^[A-Za-z0-9_.{}-]+(:[A-Za-z0-9_.{}-]+)*$/.test(prefix)) {
    throw new ClusterError('CQKIT_CLUSTER_CONFIG', `cluster.prefix: expected letters, digits, "_", ".", "-" (":" between parts), got ${JSON.stringify(prefix)}`);
  }
  const ms = (value: number | undefined, name: string, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < min) throw new ClusterError('CQKIT_CLUSTER_CONFIG', `cluster.${name}: expected milliseconds >= ${min}, got ${JSON.stringify(value)}`);
    return Math.floor(value);
  };
  return {
    redis: options.redis,
    prefix,
    claimAfter: ms(options.claimAfter, 'claimAfter', 15_000, 100),
    leaseTtl: ms(options.leaseTtl, 'leaseTtl', 10_000, 300),
    dedupeTtl: ms(options.dedupeTtl, 'dedupeTtl', 24 * 3600_000, 1000),
  };
}
