import { describe, expect, it } from 'vitest';
import type { TargetMetrics } from '../src/scheduler/metrics.js';
import { TargetIndex } from '../src/scheduler/target-index.js';

const stats = (): TargetMetrics => ({ queued: 0, inFlight: 0, sent: 0, failed: 0 });

describe('the scheduler\u2019s target index', () => {
  it('tells apart ids that share a table slot, the same id of two kinds, and ids past 2^31', () => {
    const index = new TargetIndex();
    const a = stats();
    const b = stats();
    const c = stats();
    const d = stats();
    index.set('group', 700_000, a);
    index.set('group', 700_256, b); // same low bits: same slot
    index.set('user', 700_000, c);
    index.set('group', 9_876_543_210, d);
    for (let round = 0; round < 2; round++) {
      expect(index.get('group', 700_000)).toBe(a);
      expect(index.get('group', 700_256)).toBe(b);
      expect(index.get('user', 700_000)).toBe(c);
      expect(index.get('group', 9_876_543_210)).toBe(d);
    }
    expect(index.get('discuss', 700_000)).toBeUndefined();
    expect(index.get('group', 700_512)).toBeUndefined();
  });

  it('forgets a deleted target, whether or not it was the slot\u2019s last', () => {
    const index = new TargetIndex();
    const a = stats();
    const b = stats();
    index.set('group', 1, a);
    index.set('group', 257, b);
    index.delete('group', 1); // not the slot's last: only the Map held it
    expect(index.get('group', 1)).toBeUndefined();
    expect(index.get('group', 257)).toBe(b);
    index.delete('group', 257); // the slot's last
    expect(index.get('group', 257)).toBeUndefined();
    index.set('group', 1, a);
    expect(index.get('group', 1)).toBe(a);
  });
});
