/** PendingTable: calls by number in an array that is not reallocated per call (see its header). */
import { describe, expect, it } from 'vitest';
import { PendingTable } from '../src/pending-table.js';

const item = (id: number) => ({ id });

describe('PendingTable', () => {
  it('finds, deletes and lists calls by number, in call order', () => {
    const table = new PendingTable<{ id: number }>();
    const calls = [5, 1, 3].map(item);
    for (const call of calls) table.add(call);
    expect(table.size).toBe(3);
    expect(table.get(3)).toBe(calls[2]);
    expect(table.get(67)).toBeUndefined(); // same slot as 3 in a table of 64, another number
    expect(table.values().map((c) => c.id)).toEqual([1, 3, 5]);
    expect(table.delete(calls[0]!)).toBe(true);
    expect(table.delete(calls[0]!)).toBe(false);
    expect(table.get(5)).toBeUndefined();
    expect(table.size).toBe(2);
  });

  it('grows when more calls are pending than it has slots, and keeps every one', () => {
    const table = new PendingTable<{ id: number }>();
    const calls = Array.from({ length: 1000 }, (_, i) => item(i + 1));
    for (const call of calls) table.add(call);
    expect(table.size).toBe(1000);
    for (const call of calls) expect(table.get(call.id)).toBe(call);
    // Numbers far apart that share low bits still get slots of their own.
    const far = item(1 + 2 ** 20);
    table.add(far);
    expect(table.get(far.id)).toBe(far);
    expect(table.get(1)).toBe(calls[0]);
    expect(table.values()).toHaveLength(1001);
  });

  it('reuses slots as calls settle, without growing, under a steady load', () => {
    const table = new PendingTable<{ id: number }>();
    const live: Array<{ id: number }> = [];
    for (let id = 1; id <= 100_000; id++) {
      const call = item(id);
      table.add(call);
      live.push(call);
      if (live.length > 48) table.delete(live.shift()!);
    }
    expect(table.size).toBe(48);
    expect((table as unknown as { slots: unknown[] }).slots).toHaveLength(64);
  });
});
