import { describe, expect, it } from 'vitest';
import { indicatorValue } from './indicators';
import { chinaDay, monthsBetween, parsePeriod, rank, splitRange, weeksBetween } from './ranking';

describe('indicator values', () => {
  it('percent, hours, per worker; null on an empty denominator', () => {
    expect(indicatorValue({ unit: 'percent' }, 1, 3)).toBe(33.33);
    expect(indicatorValue({ unit: 'percent' }, 0, 0)).toBeNull();
    expect(indicatorValue({ unit: 'hours' }, 90, 1)).toBe(1.5);
    expect(indicatorValue({ unit: 'per_worker' }, 7, 2)).toBe(3.5);
    expect(indicatorValue({ unit: 'count' }, 7, null)).toBe(7);
  });
});

describe('ranking', () => {
  it('weights percent indicators, inverts lower-is-better ones, ties share a rank', () => {
    const rows = rank(
      [
        { key: 'a', values: { close_rate: 90, rework_rate: 10 } },
        { key: 'b', values: { close_rate: 80, rework_rate: 0 } },
        { key: 'c', values: { close_rate: 90, rework_rate: 10 } },
        { key: 'd', values: {} },
      ],
      [
        { indicator: 'close_rate', weight: 3 },
        { indicator: 'rework_rate', weight: 1 },
      ],
    );
    expect(rows.map((r) => [r.key, r.score, r.rank])).toEqual([
      ['a', 90, 1],
      ['c', 90, 1],
      ['b', 85, 3],
      ['d', 0, 4],
    ]);
  });

  it('relative scores for counts and hours', () => {
    const rows = rank(
      [
        { key: 'x', values: { avg_close_hours: 10, events_per_worker: 4 } },
        { key: 'y', values: { avg_close_hours: 30, events_per_worker: 2 } },
      ],
      [
        { indicator: 'avg_close_hours', weight: 1 },
        { indicator: 'events_per_worker', weight: 1 },
      ],
    );
    expect(rows[0]).toMatchObject({ key: 'x', score: 100, rank: 1 });
    expect(rows[1]).toMatchObject({ key: 'y', score: 25, rank: 2 });
  });
});

describe('periods', () => {
  it('months, quarters, years', () => {
    expect(parsePeriod('2026-02')).toEqual({ label: '2026年2月', from: '2026-02-01', to: '2026-02-28', months: 1 });
    expect(parsePeriod('2026-Q4')).toMatchObject({ from: '2026-10-01', to: '2026-12-31', months: 3 });
    expect(parsePeriod('2026-13')).toBeNull();
    expect(monthsBetween('2026-01-15', '2026-03-02')).toBe(3);
    expect(chinaDay(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
  });
});

describe('period splitting', () => {
  it('counts the weeks ended (Sundays) in a range', () => {
    expect(weeksBetween('2026-11-01', '2026-11-30')).toBe(5); // Sundays 1, 8, 15, 22, 29
    expect(weeksBetween('2026-11-02', '2026-11-07')).toBe(0);
    expect(weeksBetween('2026-11-02', '2026-11-08')).toBe(1);
    expect(weeksBetween('2026-10-01', '2026-12-31')).toBe(13);
  });
  it('splits a range into whole months and edge days', () => {
    expect(splitRange('2025-11-24', '2026-11-23')).toEqual({
      months: ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'],
      days: [
        ['2025-11-24', '2025-11-30'],
        ['2026-11-01', '2026-11-23'],
      ],
    });
    expect(splitRange('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02'], days: [] });
    expect(splitRange('2026-02-03', '2026-02-05')).toEqual({ months: [], days: [['2026-02-03', '2026-02-05']] });
  });
});
