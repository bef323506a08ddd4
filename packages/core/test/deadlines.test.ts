/**
 * DeadlineSet: many deadlines on one timer (the bot's calls in flight, the quick windows). Each
 * entry expires at its own deadline, in time; a removed entry never expires; the timer is re-armed
 * for an earlier deadline and cleared when the set empties, so it never holds the process open.
 */
import { describe, expect, it } from 'vitest';
import { type DeadlineEntry, DeadlineSet } from '../src/index.js';
import { manualClock } from './manual-clock.js';

class Entry implements DeadlineEntry {
  prevEntry: DeadlineEntry | null = null;
  nextEntry: DeadlineEntry | null = null;
  expiredAt: number | undefined;
  constructor(
    readonly name: string,
    public deadline: number,
    private readonly clock: { now(): number },
    private readonly log: string[],
  ) {}
  expire(): void {
    this.expiredAt = this.clock.now();
    this.log.push(this.name);
  }
}

function setup() {
  const clock = manualClock();
  const set = new DeadlineSet<Entry>(clock);
  const log: string[] = [];
  const entry = (name: string, deadline: number) => new Entry(name, deadline, clock, log);
  return { clock, set, log, entry };
}

describe('DeadlineSet', () => {
  it('expires each entry exactly at its deadline, whatever the order they were added in', () => {
    const { clock, set, log, entry } = setup();
    const late = entry('late', 300);
    const early = entry('early', 100);
    const middle = entry('middle', 200);
    for (const e of [late, early, middle]) set.add(e);
    expect(clock.pending).toBe(1);
    clock.advance(99);
    expect(log).toEqual([]);
    clock.advance(1);
    expect(log).toEqual(['early']);
    expect(early.expiredAt).toBe(100);
    clock.advance(200);
    expect(log).toEqual(['early', 'middle', 'late']);
    expect([middle.expiredAt, late.expiredAt]).toEqual([200, 300]);
    expect(set.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('a removed entry never expires, and an empty set holds no timer', () => {
    const { clock, set, log, entry } = setup();
    const a = entry('a', 100);
    const b = entry('b', 100);
    set.add(a);
    set.add(b);
    expect(set.remove(a)).toBe(true);
    expect(set.remove(a)).toBe(false);
    expect([...set].map((e) => e.name)).toEqual(['b']);
    expect(set.remove(b)).toBe(true);
    expect(set.size).toBe(0);
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(log).toEqual([]);
  });

  it('when the earliest entry leaves early, the timer fires for nothing and re-arms for the next deadline', () => {
    const { clock, set, log, entry } = setup();
    const first = entry('first', 100);
    const second = entry('second', 250);
    set.add(first);
    set.add(second);
    set.remove(first);
    clock.advance(100);
    expect(log).toEqual([]);
    expect(clock.pending).toBe(1);
    clock.advance(150);
    expect(log).toEqual(['second']);
    expect(second.expiredAt).toBe(250);
  });

  it('keeps entries in the order they were added, and an entry added while expiring is timed too', () => {
    const { clock, set, log, entry } = setup();
    const names = ['a', 'b', 'c', 'd'];
    const entries = names.map((name) => entry(name, 50));
    for (const e of entries) set.add(e);
    set.remove(entries[1]!);
    expect([...set].map((e) => e.name)).toEqual(['a', 'c', 'd']);
    const again = entry('again', 120);
    entries[0]!.expire = function (this: Entry) {
      log.push('a');
      set.add(again);
    };
    clock.advance(50);
    expect(log).toEqual(['a', 'c', 'd']);
    clock.advance(70);
    expect(log).toEqual(['a', 'c', 'd', 'again']);
  });

  it('a deadline beyond what a Node timer can wait is reached by re-arming', () => {
    const { clock, set, log, entry } = setup();
    const far = entry('far', 2 ** 31 + 5000);
    set.add(far);
    clock.advance(2 ** 31 - 1);
    expect(log).toEqual([]);
    clock.advance(5001);
    expect(log).toEqual(['far']);
  });
});
