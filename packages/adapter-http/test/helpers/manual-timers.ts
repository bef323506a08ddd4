import type { Timers } from '../../src/timers.js';

export interface ScheduledTimer {
  readonly ms: number;
  /** Runs the callback now (once) and forgets the timer. */
  fire(): void;
  readonly cancelled: boolean;
}

/**
 * A clock the test drives: nothing fires by itself. `next()` resolves with the next timer the code
 * under test schedules, so a test waits for events, never for wall-clock time. It also has `now()`,
 * so the same instance can be core's `Clock` (createApp({ clock })) beside the adapter's `timers`:
 * firing a timer moves `now()` to that timer's due time.
 */
export class ManualTimers implements Timers {
  private readonly active = new Map<number, { ms: number; callback: () => void }>();
  private readonly scheduled: ScheduledTimer[] = [];
  private waiting: ((timer: ScheduledTimer) => void) | undefined;
  private nextId = 1;
  private time = 1_700_000_000_000;

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    const active = this.active;
    const due = this.time + ms;
    active.set(id, { ms, callback });
    const timer: ScheduledTimer = {
      ms,
      fire: () => {
        const entry = active.get(id);
        if (!entry) return;
        active.delete(id);
        this.time = Math.max(this.time, due);
        entry.callback();
      },
      get cancelled() {
        return !active.has(id);
      },
    };
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(timer);
    } else {
      this.scheduled.push(timer);
    }
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.active.delete(handle as number);
  }

  /** The next timer scheduled (already scheduled ones first, in order). */
  next(): Promise<ScheduledTimer> {
    const queued = this.scheduled.shift();
    if (queued) return Promise.resolve(queued);
    if (this.waiting) throw new Error('ManualTimers.next() is already awaited');
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  /**
   * The next scheduled timer of exactly `ms` (others scheduled meanwhile, e.g. call timeouts, are
   * passed over and left pending). Bounded: fails after `limit` other timers.
   */
  async nextOf(ms: number, limit = 20): Promise<ScheduledTimer> {
    const passed: number[] = [];
    for (let i = 0; i < limit; i++) {
      const timer = await this.next();
      if (timer.ms === ms) return timer;
      passed.push(timer.ms);
    }
    throw new Error(`no ${ms} ms timer among the next ${limit} (saw ${passed.join(', ')})`);
  }

  /** How many timers are scheduled and neither fired nor cleared. */
  get pending(): number {
    return this.active.size;
  }
}
