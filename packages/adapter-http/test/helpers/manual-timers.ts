import type { Timers } from '../../src/timers.js';

export interface ScheduledTimer {
  readonly ms: number;
  /** Runs the callback now (once) and forgets the timer. */
  fire(): void;
  readonly cancelled: boolean;
}

/**
 * A clock the test drives: nothing fires by itself. `next()` resolves with the next timer the code
 * under test schedules, so a test waits for events, never for wall-clock time.
 */
export class ManualTimers implements Timers {
  private readonly active = new Map<number, { ms: number; callback: () => void }>();
  private readonly scheduled: ScheduledTimer[] = [];
  private waiting: ((timer: ScheduledTimer) => void) | undefined;
  private nextId = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    const active = this.active;
    active.set(id, { ms, callback });
    const timer: ScheduledTimer = {
      ms,
      fire: () => {
        const entry = active.get(id);
        if (!entry) return;
        active.delete(id);
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

  /** How many timers are scheduled and neither fired nor cleared. */
  get pending(): number {
    return this.active.size;
  }
}
