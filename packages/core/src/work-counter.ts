/**
 * A count of work in progress and the promises waiting for it to reach zero. Counting is a plain
 * increment and decrement (it sits on the event and call paths); the waiter list only exists while
 * someone waits.
 */
export class WorkCounter {
  private current = 0;
  private waiters: Array<() => void> | null = null;

  get count(): number {
    return this.current;
  }

  enter(): void {
    this.current++;
  }

  leave(): void {
    if (--this.current === 0 && this.waiters !== null) {
      const waiters = this.waiters;
      this.waiters = null;
      for (const wake of waiters) wake();
    }
  }

  /** Resolves the next time the count is zero (at once when it is). */
  whenZero(): Promise<void> {
    if (this.current === 0) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.waiters === null) this.waiters = [resolve];
      else this.waiters.push(resolve);
    });
  }
}
