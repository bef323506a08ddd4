/**
 * A call as the scheduler holds it. The caller's own object extends this class (the bot's
 * ActionCall: one object per call serves as queue entry, call in flight and the caller's promise),
 * so queueing a call allocates nothing of the scheduler's. The scheduler calls `start()` when the
 * call may go and `refuse()` when it never will; a started job reports its end with `end(ok)`.
 */
import type { ActionError, ActionTarget, ActionTargetRef } from '@cqkit/protocol';
import type { Lane } from './lane.js';
import type { TargetMetrics } from './metrics.js';

/** What a job tells its scheduler (implemented by Scheduler). */
export interface JobOwner {
  ended(job: ScheduledJob, ok: boolean): void;
}

export abstract class ScheduledJob {
  /** The action name given to the transport. */
  abstract readonly action: string;
  abstract readonly params: Record<string, unknown>;
  /** The chat the call acts on, for per-target limits and counters (kind null: none). */
  abstract readonly targetKind: ActionTarget | null;
  abstract readonly targetId: number;
  /** Queue priority; higher goes first. */
  abstract readonly priority: number;

  /** Hand the call to the transport now; the job calls `end(ok)` once it is settled. */
  abstract start(): void;
  /** The call will never start (queue full, stopping, cancelled): settle it with `error`. */
  abstract refuse(error: ActionError): void;

  // The scheduler's bookkeeping; @internal.
  id = 0;
  /** Calls waiting ahead of this one when it was queued. */
  position = 0;
  enqueuedAt = 0;
  state: 'new' | 'waiting' | 'running' | 'done' = 'new';
  owner: JobOwner | null = null;
  targetStats: TargetMetrics | null = null;
  /** The lane that let the job out (freed when it ends). */
  lane: Lane | null = null;
  /** Links of the scheduler's list of waiting jobs. */
  prevWaiting: ScheduledJob | null = null;
  nextWaiting: ScheduledJob | null = null;
  /** With a global limit: ends the p-queue task that runs this job. */
  onEnd: (() => void) | null = null;

  /** The target as an object, built when asked for (lists and reports), not per call. */
  get target(): ActionTargetRef | null {
    return this.targetKind === null ? null : { kind: this.targetKind, id: this.targetId };
  }

  /** A started job got its answer (`ok`) or failed: its slot and its target's lane are freed. */
  protected end(ok: boolean): void {
    if (this.state === 'running') this.owner?.ended(this, ok);
  }
}
