/**
 * Time source and timers of the sandbox. Injected so tests can drive rate limits, heartbeats and
 * timeouts deterministically (ManualClock) instead of sleeping on the wall clock.
 */
import type { Clock as TimeSource } from '@cqkit/protocol';

export interface TimerHandle {
  readonly id: number;
}

/** The protocol's Clock (the one of core and the adapters too), with `{ id }` handles. */
export type Clock = TimeSource<TimerHandle>;

/** The real clock: Date.now and node timers (unref'd so a forgotten timer never keeps a process alive). */
export function realClock(): Clock {
  const timers = new Map<number, NodeJS.Timeout>();
  let nextId = 1;
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const id = nextId++;
      const timer = setTimeout(() => {
        timers.delete(id);
        callback();
      }, Math.max(0, ms));
      timer.unref();
      timers.set(id, timer);
      return { id };
    },
    clearTimeout(handle) {
      const timer = timers.get(handle.id);
      if (timer) clearTimeout(timer);
      timers.delete(handle.id);
    },
  };
}

interface PendingTimer {
  id: number;
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires due timers in time order (ties in
 * scheduling order), each at its own due time, so `now()` inside a callback is exact.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(start = Date.UTC(2024, 0, 1, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + Math.max(0, ms), seq: this.seq++, callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    // Bounded: each iteration removes one timer; callbacks may add new ones, which is fine as
    // long as they are due later than `now` (a zero-delay re-arm is still bounded by the cap).
    for (let guard = 0; guard < 100_000; guard++) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = target;
  }
}
