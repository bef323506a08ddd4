import { describe, expect, it } from 'vitest';
import { pairedRatio, row } from '../src/harness/report.js';

describe('ratio verdicts', () => {
  it('judge the median of the rounds\u2019 own ratios, so a machine that changes pace between rounds moves both sides of a pair', () => {
    // Rounds 1 and 5 ran on a fast machine, 2-4 on a slow one: the medians pair a slow cqkit round
    // with a fast baseline round (0.165 / 0.124 = 1.33) though no round was worse than 1.37.
    const baseline = [0.105, 0.124, 0.156, 0.167, 0.116];
    const cqkit = [0.119, 0.17, 0.165, 0.166, 0.129];
    const paired = pairedRatio(cqkit, baseline, (cpu) => cpu);
    expect(paired).toBeCloseTo(0.129 / 0.116, 5);
    const judged = row('x.cpu', 'x', 'cpu', 's', 0.165, 0.124, { kind: 'ratio-max', bound: 1.15, text: '<= 1.15x' }, undefined, paired);
    expect(judged.value).toBeCloseTo(1.112, 3);
    expect(judged.verdict).toBe('PASS');
    expect(row('x.cpu', 'x', 'cpu', 's', 0.165, 0.124, { kind: 'ratio-max', bound: 1.15, text: '<= 1.15x' }).verdict).toBe('FAIL');
  });

  it('take the middle two of an even count, skip unusable pairs, and fall back to the ratio of the figures without pairs', () => {
    expect(pairedRatio([2, 3, 4, 10], [1, 1, 1, 1], (v) => v)).toBe(3.5);
    expect(pairedRatio([2, Number.NaN, 6], [1, 1, 0], (v) => v)).toBe(2);
    expect(pairedRatio([], [1], (v) => v)).toBeNull();
    expect(row('y', 'y', 'thr', '/s', 90, 100, { kind: 'ratio-min', bound: 0.9, text: '>= 0.9x' }, undefined, null).value).toBeCloseTo(0.9, 9);
  });
});
