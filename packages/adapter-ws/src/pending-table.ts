/**
 * The calls of a channel awaiting their answer, by call number. A Map keyed by echo rehashed every
 * few hundred calls, and each table it left behind in the old generation kept the calls it held
 * alive until the next full GC: nearly every call was promoted, and GC took a tenth of the bot's
 * CPU. Call numbers are sequential, so a power-of-two array indexed by `id & mask` holds them
 * without collisions while fewer than its size are pending; it doubles when one would collide and
 * is otherwise never reallocated, and a settled call's slot is cleared at once.
 */
export interface Numbered {
  readonly id: number;
}

export class PendingTable<T extends Numbered> {
  private slots: Array<T | undefined> = new Array(64).fill(undefined);
  private mask = 63;
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(item: T): void {
    while (this.slots[item.id & this.mask] !== undefined) this.grow();
    this.slots[item.id & this.mask] = item;
    this.count++;
  }

  get(id: number): T | undefined {
    const item = this.slots[id & this.mask];
    return item !== undefined && item.id === id ? item : undefined;
  }

  /** False when `item` is not in the table (settled already). */
  delete(item: T): boolean {
    const index = item.id & this.mask;
    if (this.slots[index] !== item) return false;
    this.slots[index] = undefined;
    this.count--;
    return true;
  }

  /** The items in call order (a snapshot: the caller may delete while going through it). */
  values(): T[] {
    const items: T[] = [];
    for (const item of this.slots) if (item !== undefined) items.push(item);
    return items.sort((a, b) => a.id - b.id);
  }

  private grow(): void {
    const old = this.slots;
    let size = old.length * 2;
    // Doubling until every pending call has a slot of its own (one doubling, unless ids are far apart).
    for (;;) {
      const slots: Array<T | undefined> = new Array(size).fill(undefined);
      const mask = size - 1;
      let clash = false;
      for (const item of old) {
        if (item === undefined) continue;
        if (slots[item.id & mask] !== undefined) {
          clash = true;
          break;
        }
        slots[item.id & mask] = item;
      }
      if (!clash) {
        this.slots = slots;
        this.mask = mask;
        return;
      }
      size *= 2;
    }
  }
}
