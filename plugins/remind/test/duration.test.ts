import { describe, expect, it } from 'vitest';
import { day, hour, minute, parseDuration, second } from '../src/duration.js';
import { englishDuration, formatDuration } from '../src/locales.js';

describe('durations', () => {
  it('parse what people type, alone or combined', () => {
    expect(parseDuration('10m')).toBe(10 * minute);
    expect(parseDuration('30s')).toBe(30 * second);
    expect(parseDuration('1h30m')).toBe(90 * minute);
    expect(parseDuration('2H')).toBe(2 * hour);
    expect(parseDuration('1.5h')).toBe(90 * minute);
    expect(parseDuration('1天12小时')).toBe(36 * hour);
    expect(parseDuration('10分钟')).toBe(10 * minute);
    expect(parseDuration('3个小时20分')).toBe(200 * minute);
    expect(parseDuration('45秒')).toBe(45 * second);
  });

  it('refuse anything else', () => {
    for (const bad of ['', '10', 'm', '10x', '0m', '10m喝水', 'abc', '-5m', '1h 30m']) expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('are said with the largest unit and the next one', () => {
    expect(formatDuration(10 * minute)).toBe('10分钟');
    expect(formatDuration(10 * minute - 1)).toBe('9分钟59秒');
    expect(formatDuration(day + 2 * hour + 5 * minute)).toBe('1天2小时');
    expect(formatDuration(3 * hour + 30 * second)).toBe('3小时');
    expect(formatDuration(999)).toBe('不到1秒');
    expect(englishDuration(10 * minute - 1)).toBe('9min 59s');
    expect(englishDuration(day + 2 * hour)).toBe('1d 2h');
    expect(englishDuration(999)).toBe('less than 1s');
  });
});
