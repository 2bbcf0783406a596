import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WARNING_POLICY,
  RULES,
  ackDueAt,
  addWeeks,
  checkParams,
  effectiveTier,
  findClusters,
  holderCodeAt,
  isoWeekOf,
  mergeParams,
  nextTier,
  repeatPartyGroups,
  weekClosesAt,
  weekStart,
  weekState,
} from './policy';

describe('ISO weeks in China time', () => {
  it.each([
    ['2026-11-22T15:59:59Z', '2026-W47'], // Sunday 23:59:59 +08:00
    ['2026-11-22T16:00:00Z', '2026-W48'], // Monday 00:00 +08:00
    ['2021-01-03T12:00:00Z', '2020-W53'],
    ['2024-12-30T02:00:00Z', '2025-W01'],
  ])('%s is in %s', (at, week) => {
    expect(isoWeekOf(new Date(at))).toBe(week);
  });

  it('starts on Monday 00:00 +08:00, closes at the end of the next Monday', () => {
    expect(weekStart('2026-W48')?.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(weekClosesAt('2026-W48')?.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(weekStart('2026-W54')).toBeNull();
    expect(weekStart('2026-48')).toBeNull();
    expect(addWeeks('2026-W01', -1)).toBe('2025-W52');
    expect(addWeeks('2020-W53', 1)).toBe('2021-W01');
  });

  it.each([
    ['2026-11-20T00:00:00Z', 'future'],
    ['2026-11-23T01:00:00Z', 'open'],
    ['2026-11-30T15:59:00Z', 'open'],
    ['2026-11-30T16:00:00Z', 'closed'],
  ])('at %s the week 2026-W48 is %s', (at, state) => {
    expect(weekState('2026-W48', new Date(at))).toBe(state);
  });
});

describe('warning levels', () => {
  it('escalates grid → village → town → county and stops there', () => {
    expect(nextTier('grid')).toBe('village');
    expect(nextTier('town')).toBe('county');
    expect(nextTier('county')).toBeNull();
    expect(holderCodeAt('620523101001001', 'village')).toBe('620523101001');
    expect(holderCodeAt('620523101001001', 'county')).toBe('620523');
    // a record at village level has no grid to hold it
    expect(effectiveTier('620523101001', 'grid')).toBe('village');
  });

  it('gives red one hour and blue three working days to acknowledge', () => {
    const at = new Date('2026-11-25T02:00:00Z'); // Wednesday 10:00 +08:00
    expect(ackDueAt(DEFAULT_WARNING_POLICY, 'red', at).toISOString()).toBe('2026-11-25T03:00:00.000Z');
    const blue = ackDueAt(DEFAULT_WARNING_POLICY, 'blue', at);
    expect(blue.getTime()).toBeGreaterThan(new Date('2026-11-30T00:00:00Z').getTime()); // past the weekend
  });
});

describe('rule helpers', () => {
  it('merges stored parameters over the declared ones and checks them', () => {
    const decl = RULES.find((r) => r.code === 'event_cluster')!;
    expect(mergeParams(decl, { minEvents: 5, junk: 1, radiusM: 'x' })).toEqual({ minEvents: 5, radiusM: 500, windowDays: 7 });
    expect(checkParams(decl, { minEvents: 0, radiusM: 500, windowDays: 7 })).toBe('minEvents');
    expect(checkParams(decl, { minEvents: 3, radiusM: 500, windowDays: 7 })).toBeNull();
  });

  it('clusters same-category points within the radius, each point once', () => {
    const p = (id: number, dx: number, category = 'a') => ({ id, lng: 105 + dx, lat: 34.7, category });
    // 0.001° of longitude here is about 91 m
    const found = findClusters([p(1, 0), p(2, 0.002), p(3, 0.004), p(4, 0.05), p(5, 0.001, 'b'), p(6, 0.0045)], 3, 500);
    expect(found).toEqual([[1, 2, 3, 6]]);
  });

  it('groups the parties of repeat disputes into one finding', () => {
    const groups = repeatPartyGroups(
      [
        { id: 1, names: ['甲', '乙'] },
        { id: 2, names: ['甲', '乙'] },
        { id: 3, names: ['乙', '甲'] },
        { id: 4, names: ['丙'] },
      ],
      3,
    );
    expect(groups).toEqual([{ names: ['乙', '甲'].sort(), ids: [1, 2, 3] }]);
  });
});
