import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Scheduler } from '../src/index.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

const arrival = fc.record({ delay: fc.integer({ min: 0, max: 400 }), group: fc.integer({ min: 1, max: 3 }) });

describe('scheduler limits hold for any arrival pattern', () => {
  it('no window ever holds more than its count, per group and globally; each group keeps its order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(arrival, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 100, max: 1000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 100, max: 1000 }),
        async (arrivals, groupCount, groupInterval, globalCount, globalInterval) => {
          vi.setSystemTime(0);
          const scheduler = new Scheduler({
            concurrency: 3,
            perGroup: { count: groupCount, interval: groupInterval },
            global: { count: globalCount, interval: globalInterval },
          });
          const starts: Array<{ t: number; group: number; seq: number }> = [];
          const done: Promise<unknown>[] = [];
          let seq = 0;
          for (const a of arrivals) {
            await vi.advanceTimersByTimeAsync(a.delay);
            const n = seq++;
            done.push(
              scheduler.schedule({ action: 'send_group_msg', params: {}, target: { kind: 'group', id: a.group } }, async () => {
                starts.push({ t: Date.now(), group: a.group, seq: n });
                await new Promise((r) => setTimeout(r, 5));
              }).promise,
            );
          }
          // Bounded: everything must be out within the worst case of one window per call.
          await vi.advanceTimersByTimeAsync(arrivals.length * (groupInterval + globalInterval + 10));
          await Promise.all(done);
          expect(starts).toHaveLength(arrivals.length);
          const all = starts.map((s) => s.t).sort((a, b) => a - b);
          for (let k = globalCount; k < all.length; k++) expect(all[k]! - all[k - globalCount]!).toBeGreaterThanOrEqual(globalInterval);
          for (const group of [1, 2, 3]) {
            const mine = starts.filter((s) => s.group === group);
            for (let k = groupCount; k < mine.length; k++) expect(mine[k]!.t - mine[k - groupCount]!.t).toBeGreaterThanOrEqual(groupInterval);
            const order = mine.map((s) => s.seq);
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
          expect(scheduler.metrics).toMatchObject({ queued: 0, inFlight: 0, sent: arrivals.length });
        },
      ),
      { numRuns: 60 },
    );
  });
});
