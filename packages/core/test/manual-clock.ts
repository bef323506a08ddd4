import type { Clock } from '../src/index.js';

/** A clock that moves only when told: `advance(ms)` runs the timers that fall due, in time order. */
export function manualClock(start = 0) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: Clock & { advance(ms: number): void; readonly pending: number } = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const until = now + ms;
      // Bounded: each round runs one timer; a timer set while advancing runs if it falls due.
      for (let round = 0; round < 10_000; round++) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    get pending() {
      return timers.size;
    },
  };
  return clock;
}

/** Let promise callbacks and I/O callbacks that are ready run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
