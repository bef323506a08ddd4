/**
 * Every Redis key the cluster uses, under one prefix per deployment. One Redis (or a primary with
 * replicas / Sentinel); not Redis Cluster: the Lua scripts touch keys they compute themselves.
 */
import { hostname } from 'node:os';

export const workerGroup = 'workers';
export const gatewayGroup = 'gateways';

export class Keys {
  constructor(readonly prefix: string) {}

  /** Every event from every gateway; consumed by the `workers` group. */
  get events(): string {
    return `${this.prefix}:events`;
  }

  /** One account's outgoing calls (the outbox); consumed by the `gateways` group, by the lease owner. */
  calls(selfId: number): string {
    return `${this.prefix}:calls:${selfId}`;
  }

  /** A send's idempotency record: `entry`, `started` (by which lease), `result`. */
  idem(key: string): string {
    return `${this.prefix}:idem:${key}`;
  }

  /** Who waits for a send's result: `replyStream|requestId` items. */
  waiters(key: string): string {
    return `${this.prefix}:idem:${key}:w`;
  }

  /** A worker's inbox of answers. */
  replies(workerId: string): string {
    return `${this.prefix}:reply:${workerId}`;
  }

  /** The account's owner: `gatewayId:fencingToken`. */
  lease(selfId: number): string {
    return `${this.prefix}:lease:${selfId}`;
  }

  /** The fencing counter of an account's lease. */
  fence(selfId: number): string {
    return `${this.prefix}:fence:${selfId}`;
  }

  /** Sorted set: worker id -> last heartbeat (ms). */
  get workers(): string {
    return `${this.prefix}:workers`;
  }

  /** Hash of counters shared by every process (events handled by workers). */
  get stats(): string {
    return `${this.prefix}:stats`;
  }

  /** Pattern matching every key of this deployment (tests delete with it). */
  get all(): string {
    return `${this.prefix}:*`;
  }
}

/** A process id unique in the deployment: host, pid and a random tail (a restart gets a new one). */
export function processId(role: string): string {
  const host = hostname().replace(/[^A-Za-z0-9_.-]/g, '');
  return `${role}-${host}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}
