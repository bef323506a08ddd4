/**
 * Account ownership among gateways: a lease per account (`gatewayId:fencingToken`, PX ttl), taken
 * when free, renewed every third of its ttl. The fencing token is checked again, atomically, at
 * each send's hand-off (see scripts.begin), so a gateway that lost its lease while paused cannot
 * send for the account any more.
 */
import type { Logger } from '@cqkit/core';
import type { Redis } from 'ioredis';
import { errorText } from './errors.js';
import type { Keys } from './keys.js';
import { scripts } from './scripts.js';

export interface LeaseEvents {
  gained(selfId: number, lease: string): void;
  lost(selfId: number): void;
}

export class LeaseKeeper {
  private readonly accounts = new Map<number, string | null>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly gatewayId: string,
    private readonly ttl: number,
    private readonly logger: Logger,
    private readonly events: LeaseEvents,
  ) {}

  /** The lease this gateway holds on the account, or null. */
  leaseOf(selfId: number): string | null {
    return this.accounts.get(selfId) ?? null;
  }

  get owned(): number[] {
    return [...this.accounts].filter(([, lease]) => lease !== null).map(([id]) => id);
  }

  get known(): number[] {
    return [...this.accounts.keys()];
  }

  add(selfId: number): void {
    if (this.accounts.has(selfId)) return;
    this.accounts.set(selfId, null);
    if (this.timer) void this.tick();
  }

  async remove(selfId: number): Promise<void> {
    const lease = this.accounts.get(selfId);
    this.accounts.delete(selfId);
    if (lease) {
      this.events.lost(selfId);
      await scripts.release(this.redis, this.keys.lease(selfId), lease).catch(() => undefined);
    }
  }

  start(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), Math.max(100, Math.floor(this.ttl / 3)));
    this.timer.unref();
    return this.tick();
  }

  /** Stop renewing and give every lease back, so the next gateway takes the accounts at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    const releases: Promise<unknown>[] = [];
    for (const [selfId, lease] of this.accounts) {
      if (!lease) continue;
      this.accounts.set(selfId, null);
      this.events.lost(selfId);
      releases.push(scripts.release(this.redis, this.keys.lease(selfId), lease).catch(() => undefined));
    }
    await Promise.all(releases);
  }

  private tick(): Promise<void> {
    // One renewal round at a time: a slow Redis must not stack them.
    this.ticking ??= this.renew().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async renew(): Promise<void> {
    for (const selfId of [...this.accounts.keys()]) {
      const before = this.accounts.get(selfId) ?? null;
      let after: string | null;
      try {
        after = await scripts.acquire(this.redis, [this.keys.lease(selfId), this.keys.fence(selfId)], this.gatewayId, this.ttl);
      } catch (error) {
        // Redis unreachable: keep the lease until it would have expired anyway (Redis expires it too).
        this.logger.warn(`cluster: renewing the lease of account ${selfId} failed: ${errorText(error)}`);
        continue;
      }
      if (!this.accounts.has(selfId) || !this.timer) continue;
      this.accounts.set(selfId, after);
      if (after !== null && after !== before) {
        this.logger.info(`cluster: this gateway now executes the calls of account ${selfId} (lease ${after.slice(after.lastIndexOf(':') + 1)})`);
        this.events.gained(selfId, after);
      } else if (after === null && before !== null) {
        this.logger.warn(`cluster: lost the lease of account ${selfId}; its calls go to the gateway that holds it`);
        this.events.lost(selfId);
      }
    }
  }
}
