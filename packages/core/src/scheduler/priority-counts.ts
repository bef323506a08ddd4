/**
 * How many calls wait at each priority, so the position of a new call (the calls that will go
 * before it: higher priorities, and equal ones that came first) costs one pass over the few
 * distinct priorities in use, not a scan of the queue. Priority 0, nearly every call, is a plain
 * counter.
 */
export class PriorityCounts {
  private zero = 0;
  private readonly others = new Map<number, number>();

  add(priority: number): void {
    if (priority === 0) this.zero++;
    else this.others.set(priority, (this.others.get(priority) ?? 0) + 1);
  }

  remove(priority: number): void {
    if (priority === 0) {
      this.zero--;
      return;
    }
    const left = (this.others.get(priority) ?? 0) - 1;
    if (left > 0) this.others.set(priority, left);
    else this.others.delete(priority);
  }

  /** Calls waiting at `priority` or above. */
  atOrAbove(priority: number): number {
    let ahead = priority <= 0 ? this.zero : 0;
    if (this.others.size > 0) for (const [p, n] of this.others) if (p >= priority) ahead += n;
    return ahead;
  }
}
