import { describe, expect, it } from 'vitest';
import { nextActions } from '../engine';
import type { CaseFacts } from '../types';
import {
  answerReviewDue,
  applyReviewDue,
  extendedDue,
  handleDue,
  intakeDue,
  isLate,
  nextStage,
  objectionDue,
  petitionKind,
  statutoryDue,
} from './petition';

/** 09:00 China time of a date */
const at = (date: string) => new Date(`${date}T09:00:00+08:00`);
const endOf = (date: string) => new Date(`${date}T23:59:59+08:00`);

describe('信访 statutory clock (2026 calendar: 中秋 9-25, 国庆 10-1…10-7, 调休 9-20 Sun and 10-10 Sat)', () => {
  it('15 days to forward/assign/notify; a period ending in the National Day holiday runs to the next working day', () => {
    expect(intakeDue(at('2026-03-02'))).toEqual(endOf('2026-03-17'));
    // 9-22 + 15 = 10-7 (holiday) → 10-8
    expect(intakeDue(at('2026-09-22'))).toEqual(endOf('2026-10-08'));
    // 9-17 + 15 = 10-2 (holiday) → 10-8
    expect(intakeDue(at('2026-09-17'))).toEqual(endOf('2026-10-08'));
    // 9-25 + 15 = 10-10, a 调休 working Saturday: the period ends that day
    expect(intakeDue(at('2026-09-25'))).toEqual(endOf('2026-10-10'));
    // an ordinary weekend: 2026-03-07 + 15 = 3-22 (Sunday) → Monday 3-23
    expect(statutoryDue(at('2026-03-07'), 15)).toEqual(endOf('2026-03-23'));
  });

  it('5 working days to object, skipping the holiday and counting 调休 weekends', () => {
    // after 9-30: 10-8, 10-9, 10-10 (调休 Sat), 10-12, 10-13
    expect(objectionDue(at('2026-09-30'))).toEqual(endOf('2026-10-13'));
    // after 9-18 (Fri): 9-20 (调休 Sun), 9-21, 9-22, 9-23, 9-24 — 9-25 is 中秋
    expect(objectionDue(at('2026-09-18'))).toEqual(endOf('2026-09-24'));
    // Spring Festival 2026: after 2-13 (Fri): 2-14 (调休 Sat), 2-24, 2-25, 2-26, 2-27
    expect(objectionDue(at('2026-02-13'))).toEqual(endOf('2026-02-27'));
    expect(isLate(new Date('2026-02-27T15:59:58Z'), objectionDue(at('2026-02-13')))).toBe(false);
    expect(isLate(new Date('2026-02-28T01:00:00Z'), objectionDue(at('2026-02-13')))).toBe(true);
  });

  it('60 days to handle, one extension of at most 30 days', () => {
    // 8-10 + 60 = 10-9 (a working Friday after the holiday)
    expect(handleDue(at('2026-08-10'))).toEqual(endOf('2026-10-09'));
    // 8-3 + 60 = 10-2 (holiday) → 10-8
    expect(handleDue(at('2026-08-03'))).toEqual(endOf('2026-10-08'));
    expect(extendedDue(endOf('2026-10-08'), 30)).toEqual(endOf('2026-11-09')); // 11-7 Sat → 11-9 Mon
    expect(() => extendedDue(endOf('2026-10-08'), 31)).toThrow(RangeError);
  });

  it('复查 applied for within 30 days of the reply and answered within 30; after 复核 the matter is final', () => {
    expect(applyReviewDue(at('2026-09-01'))).toEqual(endOf('2026-10-08')); // 10-1 → after the holiday
    expect(answerReviewDue(at('2026-04-01'))).toEqual(endOf('2026-05-06')); // 5-1 … 5-5 劳动节 → 5-6
    expect(nextStage('first')).toBe('review');
    expect(nextStage('review')).toBe('recheck');
    expect(nextStage('recheck')).toBeNull();
  });
});

describe('petition kind table', () => {
  const facts = (status: CaseFacts['status']): CaseFacts => ({
    kind: 'petition',
    status,
    tier: 'town',
    grade: 'routine',
    reporterId: 1,
    ownerLeaderId: null,
    dispatches: [],
    pendingRequests: [],
    rating: null,
  });
  const centre = { userId: 2, caseRoles: ['centre' as const], centreTier: 'town' as const, departmentId: null };
  it('offers the centre the 15-day steps on a new petition and the review after closing', () => {
    const registered = nextActions(petitionKind, facts('reported'), centre).map((a) => a.action);
    expect(registered).toEqual(expect.arrayContaining(['accept', 'reject', 'forward', 'notify_written']));
    expect(nextActions(petitionKind, facts('in_progress'), centre).map((a) => a.action)).toEqual(expect.arrayContaining(['extend', 'opinion']));
    expect(nextActions(petitionKind, facts('closed'), centre).map((a) => a.action)).toContain('review');
    const resident = { userId: 1, caseRoles: ['reporter' as const], centreTier: null, departmentId: null };
    expect(nextActions(petitionKind, facts('reported'), resident)).toEqual([]);
  });
});
