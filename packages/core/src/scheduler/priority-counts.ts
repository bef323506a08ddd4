/**
 * How many calls wait at each priority, so the position of a new call (the calls that will go
 * before it: higher priorities, and equal ones that came first) costs one pass over the few
 * distinct priorities in use, not a scan of the queue.
 */
export class PriorityCounts {
  private readonly counts = new Map<number, number>();

  add(priority: number): void {
    this.counts.set(priority, (this.counts.get(priority) ?? 0) + 1);
  }

  remove(priority: number): void {
    const left = (this.counts.get(priority) ?? 0) - 1;
    if (left > 0) this.counts.set(priority, left);
    else this.counts.delete(priority);
  }

  /** Calls waiting at `priority` or above. */
  atOrAbove(priority: number): number {
    let ahead = 0;
    for (const [p, n] of this.counts) if (p >= priority) ahead += n;
    return ahead;
  }
}
