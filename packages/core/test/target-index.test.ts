import { describe, expect, it } from 'vitest';
import { TargetCounters, TargetIndex } from '../src/scheduler/target-index.js';

describe('the scheduler\u2019s target index', () => {
  it('tells apart ids that share a table slot, and ids past 2^31', () => {
    const index = new TargetIndex();
    const a = new TargetCounters(700_000);
    const b = new TargetCounters(700_256); // same low bits: same slot
    const c = new TargetCounters(9_876_543_210);
    const d = new TargetCounters(9_876_543_210 + 256);
    for (const counters of [a, b, c, d]) index.set(counters);
    for (let round = 0; round < 2; round++) {
      expect(index.get(700_000)).toBe(a);
      expect(index.get(700_256)).toBe(b);
      expect(index.get(9_876_543_210)).toBe(c);
      expect(index.get(9_876_543_210 + 256)).toBe(d);
    }
    expect(index.get(700_512)).toBeUndefined();
  });

  it('forgets a deleted target, whether or not it was the slot\u2019s last', () => {
    const index = new TargetIndex();
    const a = new TargetCounters(1);
    const b = new TargetCounters(257);
    index.set(a);
    index.set(b);
    index.delete(1); // not the slot's last: only the Map held it
    expect(index.get(1)).toBeUndefined();
    expect(index.get(257)).toBe(b);
    index.delete(257); // the slot's last
    expect(index.get(257)).toBeUndefined();
    index.set(a);
    expect(index.get(1)).toBe(a);
  });

  it('shows a target\u2019s counters as the four numbers only', () => {
    const counters = new TargetCounters(5);
    counters.sent = 2;
    expect(counters).toEqual({ queued: 0, inFlight: 0, sent: 2, failed: 0 });
    expect(JSON.stringify(counters)).toBe('{"queued":0,"inFlight":0,"sent":2,"failed":0}');
    expect(Object.keys(counters)).toEqual(['queued', 'inFlight', 'sent', 'failed']);
    expect(counters.id).toBe(5);
  });
});
