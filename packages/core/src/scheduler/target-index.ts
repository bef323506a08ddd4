/**
 * The scheduler's per-target counters (`metrics.targets`) of one kind of target (groups, say), found
 * by numeric id. Every queued call looks its target up, so the usual lookup is one table slot and
 * the counters object itself: each TargetCounters knows its id, and the targets used last sit in a
 * small table indexed by the id's low bits, in front of a Map. A bot talks to a few chats at a time;
 * the Map alone was ~5 % of a queued call with limits off (the bench's scheduler row).
 */
import type { TargetMetrics } from './metrics.js';

/** A `metrics.targets` value. Its id is private: it prints and compares as the four counters. */
export class TargetCounters implements TargetMetrics {
  queued = 0;
  inFlight = 0;
  sent = 0;
  failed = 0;
  readonly #id: number;

  constructor(id: number) {
    this.#id = id;
  }

  /** The target's id (a getter, so that it stays out of printing and comparing). */
  get id(): number {
    return this.#id;
  }
}

export class TargetIndex {
  private readonly all = new Map<number, TargetCounters>();
  /**
   * The targets used last, by the id's low 8 bits (`id & 255` is written out where it is used, so
   * the optimizing compiler need not load a constant). Packed, never holey: a read needs no hole check.
   */
  private readonly recent: Array<TargetCounters | undefined> = Array.from({ length: 256 }, () => undefined);

  get(id: number): TargetCounters | undefined {
    const last = this.recent[id & 255];
    if (last !== undefined && last.id === id) return last;
    return this.lookUp(id);
  }

  set(counters: TargetCounters): void {
    this.all.set(counters.id, counters);
    this.recent[counters.id & 255] = counters;
  }

  delete(id: number): void {
    this.all.delete(id);
    if (this.recent[id & 255]?.id === id) this.recent[id & 255] = undefined;
  }

  private lookUp(id: number): TargetCounters | undefined {
    const counters = this.all.get(id);
    if (counters !== undefined) this.recent[id & 255] = counters;
    return counters;
  }
}
