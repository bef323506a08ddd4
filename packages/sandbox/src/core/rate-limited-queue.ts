/**
 * The `_rate_limited` worker (transport.md 1.7): one FIFO queue, one worker that runs a queued
 * action, then sleeps `interval` ms (on the injected clock), then takes the next.
 */
import type { Clock } from '../clock.js';

export type QueuedTask = () => Promise<void>;

export class RateLimitedQueue {
  private readonly tasks: QueuedTask[] = [];
  private busy = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly interval: number,
  ) {}

  get length(): number {
    return this.tasks.length;
  }

  /** True while a task runs or the worker sleeps after one. */
  get running(): boolean {
    return this.busy;
  }

  push(task: QueuedTask): void {
    this.tasks.push(task);
    if (!this.busy) this.work();
  }

  /** Resolves when the queue is empty and the worker asleep-free. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private work(): void {
    const task = this.tasks.shift();
    if (!task) {
      this.busy = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    this.busy = true;
    task()
      .catch(() => undefined)
      .then(() => {
        this.clock.setTimeout(() => this.work(), this.interval);
      });
  }
}
