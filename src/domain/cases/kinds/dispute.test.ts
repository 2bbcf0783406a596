import { describe, expect, it } from 'vitest';
import { actionNames, nextActions, resolveTransition } from '../engine';
import type { ActorFacts, CaseFacts } from '../types';
import { confirmDeadline, disputeKind, splitCompensation, stepAfter } from './dispute';
import { orderDue, returnDue } from './hotline';

const facts = (status: CaseFacts['status'], tier: CaseFacts['tier'] = 'town'): CaseFacts => ({
  kind: 'dispute',
  status,
  tier,
  grade: 'routine',
  reporterId: 9,
  ownerLeaderId: null,
  dispatches: [],
  pendingRequests: [],
  rating: null,
});
const centre: ActorFacts = { userId: 1, caseRoles: ['centre'], centreTier: 'town', departmentId: null };
const grid: ActorFacts = { userId: 2, caseRoles: ['grid'], centreTier: null, departmentId: null };

describe('dispute kind', () => {
  it('declares the mediation outcomes on top of the common lifecycle', () => {
    expect(actionNames(disputeKind)).toEqual(expect.arrayContaining(['accept', 'mediate', 'appraisal_pause', 'resume', 'succeed', 'litigate', 'terminate', 'flag_violence', 'follow_up', 'accountability']));
    expect(nextActions(disputeKind, facts('in_progress'), centre).map((a) => a.action)).toEqual(
      expect.arrayContaining(['appraisal_pause', 'succeed', 'litigate', 'terminate', 'flag_violence']),
    );
    expect(nextActions(disputeKind, facts('suspended'), centre).map((a) => a.action)).toEqual(expect.arrayContaining(['resume', 'litigate', 'terminate']));
  });

  it('grid workers mediate small ones at their own tier, not the town’s', () => {
    expect(resolveTransition(disputeKind, 'mediate', facts('reported', 'grid'), grid).ok).toBe(true);
    expect(resolveTransition(disputeKind, 'mediate', facts('reported', 'town'), grid)).toEqual({ ok: false, reason: 'wrong_state' });
    expect(resolveTransition(disputeKind, 'litigate', facts('in_progress', 'grid'), grid)).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('a 调解成功 goes to verification, 导入司法 and 终止 close the case', () => {
    const succeed = resolveTransition(disputeKind, 'succeed', facts('in_progress'), centre);
    expect(succeed.ok && succeed.transition.to(facts('in_progress'), {})).toBe('handled');
    const lit = resolveTransition(disputeKind, 'litigate', facts('suspended'), centre);
    expect(lit.ok && lit.transition.to(facts('suspended'), {})).toBe('closed');
  });

  it('五步工作法 only moves forward', () => {
    expect(stepAfter('screening', 'accept')).toBe('graded');
    expect(stepAfter('graded', 'consult')).toBe('joint');
    expect(stepAfter('leader', 'dispatch')).toBe('leader');
    expect(stepAfter('joint', 'supervise')).toBe('supervise');
    expect(stepAfter('joint', 'session')).toBe('joint');
  });

  it('splits the seed’s compensation 73.9% / 26.1% to the fen', () => {
    const [held, unheld] = splitCompensation(1_234_567.89, [
      { share: 73.9, members: 6 },
      { share: 26.1, members: 17 },
    ]);
    expect(Math.round((held.groupYuan + unheld.groupYuan) * 100)).toBe(123_456_789);
    expect(held.groupYuan).toBeCloseTo(912_345.67, 2);
    expect(held.eachYuan * 6 * 100 + held.restFen).toBeCloseTo(held.groupYuan * 100, 5);
  });

  it('司法确认 window: 30 days after the agreement takes effect', () => {
    expect(confirmDeadline('2026-04-12')).toBe('2026-05-12');
    expect(confirmDeadline('2026-12-15')).toBe('2027-01-14');
  });
});

describe('12345 deadlines (working days with holidays and 调休)', () => {
  const at = (s: string) => new Date(`${s}+08:00`);
  it('by order type, emergencies the same day', () => {
    expect(orderDue(at('2026-09-29T10:00:00'), 'consult', false)).toEqual(at('2026-10-08T23:59:59'));
    // 9-30, 10-8, 10-9, 10-10 (调休), 10-12 … 10-26 is the 15th working day
    expect(orderDue(at('2026-09-29T10:00:00'), 'complain', false)).toEqual(at('2026-10-26T23:59:59'));
    expect(orderDue(at('2026-09-29T10:00:00'), 'report', true)).toEqual(at('2026-09-29T23:59:59'));
    expect(orderDue(at('2026-09-29T10:00:00'), 'consult', false, { consult: 1 })).toEqual(at('2026-09-30T23:59:59'));
  });
  it('退单 within 2 working days of the dispatch', () => {
    expect(returnDue(at('2026-10-08T09:00:00'))).toEqual(at('2026-10-10T23:59:59'));
    expect(returnDue(at('2026-09-18T09:00:00'))).toEqual(at('2026-09-21T23:59:59'));
  });
});
