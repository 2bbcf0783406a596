import { describe, expect, it } from 'vitest';
import {
  chinaDate,
  computeDue,
  computeWarnAt,
  deadlineState,
  extendDue,
  isWorkingDay,
  remainingAt,
  resumeDue,
  ruleFor,
  workingDaysBetween,
} from './deadline';

const cst = (s: string) => new Date(`${s}+08:00`);
const dueDay = (start: string, amount: number, unit: 'workday' | 'day' | 'hour' = 'workday') =>
  chinaDate(computeDue(cst(start), { amount, unit }));

describe('working days with the holiday calendar', () => {
  it('knows holidays and 调休 working weekends', () => {
    expect(isWorkingDay('2025-10-01')).toBe(false); // 国庆
    expect(isWorkingDay('2025-09-28')).toBe(true); // Sunday 调休
    expect(isWorkingDay('2025-10-11')).toBe(true); // Saturday 调休
    expect(isWorkingDay('2026-02-16')).toBe(false); // 春节
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday 调休
    expect(isWorkingDay('2026-11-21')).toBe(false); // an ordinary Saturday
  });

  it.each([
    // [start (China time), working days, due date]
    ['2026-11-23T10:00:00', 1, '2026-11-24'], // Monday → Tuesday
    ['2026-11-27T16:00:00', 1, '2026-11-30'], // Friday → Monday
    ['2026-11-28T09:00:00', 1, '2026-11-30'], // reported on Saturday → Monday
    ['2025-09-30T09:00:00', 1, '2025-10-09'], // across 国庆 (Oct 1–8)
    ['2025-09-26T09:00:00', 1, '2025-09-28'], // Friday → the 调休 Sunday
    ['2025-10-10T09:00:00', 1, '2025-10-11'], // Friday → the 调休 Saturday
    ['2025-09-29T09:00:00', 5, '2025-10-13'], // 30, 9, 10, 11 (Saturday 调休), 13
    ['2026-02-13T09:00:00', 1, '2026-02-14'], // Friday before 春节 → 调休 Saturday
    ['2026-02-14T09:00:00', 1, '2026-02-24'], // across 春节 (Feb 15–23)
    ['2026-02-13T09:00:00', 5, '2026-02-27'], // 14, 24, 25, 26, 27
    ['2026-09-30T18:00:00', 3, '2026-10-10'], // 国庆 2026 (Oct 1–7): 8, 9, 10 (Saturday 调休)
  ])('%s + %i working days', (start, n, expected) => {
    expect(dueDay(start, n)).toBe(expected);
  });

  it('ends a working-day deadline at 23:59:59 China time', () => {
    expect(computeDue(cst('2026-11-23T10:00:00'), { amount: 1, unit: 'workday' }).toISOString()).toBe('2026-11-24T15:59:59.000Z');
  });

  it('counts hours and calendar days straight through holidays', () => {
    expect(computeDue(cst('2025-10-01T10:00:00'), { amount: 4, unit: 'hour' }).toISOString()).toBe('2025-10-01T06:00:00.000Z');
    expect(dueDay('2025-09-30T09:00:00', 3, 'day')).toBe('2025-10-03');
  });

  it('counts the working days left between two dates', () => {
    expect(workingDaysBetween('2026-02-12', '2026-02-24')).toBe(3); // 13, 14(调休), 24
    expect(workingDaysBetween('2025-09-30', '2025-10-11')).toBe(3); // 9, 10, 11(调休)
  });
});

describe('deadline lights', () => {
  it('turns yellow with 25% of the time or the last day left, red after the due time', () => {
    const start = cst('2026-11-23T10:00:00');
    const due = computeDue(start, { amount: 5, unit: 'workday' }); // Monday 30th
    const warn = computeWarnAt(start, due, 'workday');
    expect(deadlineState(cst('2026-11-27T12:00:00'), warn, due)).toBe('normal');
    expect(deadlineState(cst('2026-11-30T08:00:00'), warn, due)).toBe('due_soon');
    expect(deadlineState(cst('2026-12-01T00:00:01'), warn, due)).toBe('overdue');
    expect(deadlineState(new Date(), null, null)).toBeNull();
  });

  it('uses only the 25% rule for hour limits', () => {
    const start = cst('2026-11-23T10:00:00');
    const due = computeDue(start, { amount: 4, unit: 'hour' });
    const warn = computeWarnAt(start, due, 'hour');
    expect(deadlineState(cst('2026-11-23T12:59:00'), warn, due)).toBe('normal');
    expect(deadlineState(cst('2026-11-23T13:01:00'), warn, due)).toBe('due_soon');
  });
});

describe('pause, resume and extension', () => {
  it('resumes a paused working-day clock with the working days that were left', () => {
    const due = computeDue(cst('2026-02-10T09:00:00'), { amount: 5, unit: 'workday' });
    expect(chinaDate(due)).toBe('2026-02-24');
    const left = remainingAt(cst('2026-02-12T15:00:00'), due, 'workday');
    expect(left).toEqual({ unit: 'workday', amount: 3 });
    expect(chinaDate(resumeDue(cst('2026-03-02T10:00:00'), left))).toBe('2026-03-05');
  });

  it('resumes an hour clock with the milliseconds left', () => {
    const due = cst('2026-11-23T14:00:00');
    const left = remainingAt(cst('2026-11-23T12:00:00'), due, 'hour');
    expect(resumeDue(cst('2026-11-25T09:00:00'), left).toISOString()).toBe(cst('2026-11-25T11:00:00').toISOString());
  });

  it('extends by working days past a holiday', () => {
    expect(chinaDate(extendDue(cst('2025-09-30T23:59:59'), 2))).toBe('2025-10-10');
  });

  it('falls back to the default rule when no override exists', () => {
    expect(ruleFor([], 'event', 'key', 'accept')).toEqual({ amount: 4, unit: 'hour' });
    expect(ruleFor([{ kind: 'event', grade: 'key', step: 'accept', amount: 2, unit: 'hour' }], 'event', 'key', 'accept')).toEqual({
      amount: 2,
      unit: 'hour',
    });
  });
});
