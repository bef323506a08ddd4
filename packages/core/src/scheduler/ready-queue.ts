/**
 * The account queue of a scheduler without a global limit: calls ready to start, highest priority
 * first, in arrival order within a priority. Only concurrency holds them back, so the scheduler
 * starts them itself as slots free up; no p-queue task, promise or event per call.
 */
export class ReadyQueue<T> {
  /** Buckets by priority, highest first; a bucket is a FIFO read from `head`. */
  private readonly buckets: Array<{ priority: number; items: Array<T | undefined>; head: number }> = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T, priority: number): void {
    let i = 0;
    while (i < this.buckets.length && this.buckets[i]!.priority > priority) i++;
    let bucket = this.buckets[i];
    if (bucket?.priority !== priority) {
      bucket = { priority, items: [], head: 0 };
      this.buckets.splice(i, 0, bucket);
    }
    bucket.items.push(item);
    this.count++;
  }

  /** The next item to start, or undefined when none waits. */
  shift(): T | undefined {
    for (const bucket of this.buckets) {
      if (bucket.head === bucket.items.length) continue;
      const items = bucket.items;
      const item = items[bucket.head]!;
      // The slot lets go of the item at once: under steady load a bucket may not empty for a long
      // time, and every call it ever held would stay alive (and be promoted by the GC) until then.
      items[bucket.head] = undefined;
      bucket.head++;
      // Reset an emptied bucket rather than shift its array: O(1) per call. One that never empties
      // drops its consumed front once that is most of the array, so the array stays bounded.
      if (bucket.head === items.length) {
        items.length = 0;
        bucket.head = 0;
      } else if (bucket.head >= 1024 && bucket.head * 2 >= items.length) {
        bucket.items = items.slice(bucket.head);
        bucket.head = 0;
      }
      this.count--;
      return item;
    }
    return undefined;
  }

  clear(): void {
    this.buckets.length = 0;
    this.count = 0;
  }
}
