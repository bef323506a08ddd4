/**
 * An ordered list of registrations (gates, middleware, matchers). It is copied when something is
 * added or removed, never per event, so a dispatch iterating the current array is not disturbed by
 * a handler that registers or unloads something meanwhile.
 */
import type { Disposer } from './types.js';

export class RegistrationList<T> {
  private list: readonly T[] = [];

  get size(): number {
    return this.list.length;
  }

  /** The current array; read it once per event and iterate that. */
  get items(): readonly T[] {
    return this.list;
  }

  /** Append `item` (or put it first); the disposer removes it. */
  add(item: T, first = false): Disposer {
    this.list = first ? [item, ...this.list] : [...this.list, item];
    return () => {
      this.list = this.list.filter((x) => x !== item);
    };
  }
}
