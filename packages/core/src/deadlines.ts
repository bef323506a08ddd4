/**
 * Many deadlines on one timer. The send path has a deadline per call and the quick reply one per
 * event; a Node timer each (made and cleared every time) was the largest single cost of both. Here
 * one timer is armed for the earliest deadline. Entries link into an intrusive list, so adding and
 * removing allocate nothing; an entry removed in time (nearly all) costs no timer work, and when the
 * armed timer fires early for an entry already gone, the sweep re-arms for the next deadline. The
 * timer is cleared when the set empties, so it never holds the process open by itself.
 */
import type { Clock, TimerHandle } from './scheduler/clock.js';

/** Something with a deadline. The link fields belong to the set: set them to null, never touch them after. */
export interface DeadlineEntry {
  /** Clock time at which `expire()` runs, unless removed before. */
  deadline: number;
  expire(): void;
  prevEntry: DeadlineEntry | null;
  nextEntry: DeadlineEntry | null;
}

/** Node's setTimeout cannot wait longer than this (a longer delay fires at once); the sweep re-arms. */
const MAX_TIMER_DELAY = 2 ** 31 - 1;

export class DeadlineSet<E extends DeadlineEntry> {
  private head: E | null = null;
  private tail: E | null = null;
  private count = 0;
  private timer: TimerHandle | undefined;
  /** When the armed timer fires (infinite when none is armed). */
  private sweepAt = Number.POSITIVE_INFINITY;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.count;
  }

  now(): number {
    return this.clock.now();
  }

  /** Entries in the order they were added. */
  *[Symbol.iterator](): IterableIterator<E> {
    for (let entry = this.head; entry !== null; entry = entry.nextEntry as E | null) yield entry;
  }

  add(entry: E): void {
    entry.prevEntry = this.tail;
    entry.nextEntry = null;
    if (this.tail === null) this.head = entry;
    else this.tail.nextEntry = entry;
    this.tail = entry;
    this.count++;
    if (entry.deadline < this.sweepAt) this.arm(entry.deadline);
  }

  /** False when the entry is not in the set (removed already). */
  remove(entry: E): boolean {
    const prev = entry.prevEntry as E | null;
    const next = entry.nextEntry as E | null;
    if (prev === null && this.head !== entry) return false;
    if (prev === null) this.head = next;
    else prev.nextEntry = next;
    if (next === null) this.tail = prev;
    else next.prevEntry = prev;
    entry.prevEntry = null;
    entry.nextEntry = null;
    if (--this.count === 0) this.disarm();
    return true;
  }

  private arm(at: number): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.sweepAt = at;
    this.timer = this.clock.setTimeout(this.sweep, Math.min(MAX_TIMER_DELAY, Math.max(0, at - this.clock.now())));
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.sweepAt = Number.POSITIVE_INFINITY;
  }

  /** Expires the entries whose deadline passed, in the order they were added, then arms for the next. */
  private readonly sweep = (): void => {
    this.timer = undefined;
    this.sweepAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const expired: E[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (let entry = this.head; entry !== null; entry = entry.nextEntry as E | null) {
      if (entry.deadline <= now) expired.push(entry);
      else if (entry.deadline < next) next = entry.deadline;
    }
    if (next !== Number.POSITIVE_INFINITY) this.arm(next);
    // Each entry removes itself (or is removed) as it expires; one that stays is dropped here, so a
    // broken entry cannot make the sweep fire forever.
    for (const entry of expired) {
      entry.expire();
      this.remove(entry);
    }
  };
}
