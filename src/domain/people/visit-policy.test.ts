import { describe, expect, it } from 'vitest';
import {
  checkPolicySet,
  DEFAULT_VISIT_POLICIES,
  dueAfterChange,
  dueAfterVisit,
  dueStatus,
  policyFor,
  type VisitPolicy,
} from './visit-policy';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('visit policy', () => {
  it('defaults cover every category and level exactly once', () => {
    expect(checkPolicySet(DEFAULT_VISIT_POLICIES)).toEqual([]);
  });

  it.each([
    ['mental', 0, 90, false],
    ['mental', 1, 14, false],
    ['mental', 2, 14, false],
    ['mental', 3, 14, true],
    ['mental', 5, 14, true],
    ['three_one', 0, 7, false],
    ['correction', 2, 30, false],
  ] as const)('%s level %i → every %i days, police %s', (category, level, days, police) => {
    const p = policyFor(DEFAULT_VISIT_POLICIES, category, level);
    expect(p.intervalDays).toBe(days);
    expect(p.notifyPolice).toBe(police);
  });

  it('finds gaps and overlaps', () => {
    const broken: VisitPolicy[] = DEFAULT_VISIT_POLICIES.filter((p) => !(p.category === 'mental' && p.minLevel === 1));
    broken.push({ ...DEFAULT_VISIT_POLICIES[0], minLevel: 0, maxLevel: 3 });
    const problems = checkPolicySet(broken);
    expect(problems.some((p) => p.category === 'mental' && p.level === 4 && p.message.includes('多条'))).toBe(false);
    expect(problems.some((p) => p.category === 'mental' && p.level === 0 && p.message.includes('多条'))).toBe(true);
    expect(problems.some((p) => p.category === 'mental' && p.level === 3 && p.message.includes('多条'))).toBe(true);
    expect(checkPolicySet([{ ...DEFAULT_VISIT_POLICIES[0], intervalDays: 0 }]).length).toBeGreaterThan(0);
  });

  it('a visit sets the next due date one interval later', () => {
    expect(dueAfterVisit(d('2026-01-01'), 14)).toEqual(d('2026-01-15'));
  });

  it('escalation brings the visit forward to within the new interval', () => {
    const due = dueAfterChange({
      changedAt: d('2026-03-01'),
      oldIntervalDays: 90,
      newIntervalDays: 14,
      previousDue: d('2026-05-01'),
      lastVisitAt: d('2026-01-31'),
    });
    expect(due).toEqual(d('2026-03-15'));
  });

  it('escalation never postpones a visit already due earlier', () => {
    const due = dueAfterChange({
      changedAt: d('2026-03-01'),
      oldIntervalDays: 90,
      newIntervalDays: 14,
      previousDue: d('2026-03-05'),
      lastVisitAt: d('2025-12-05'),
    });
    expect(due).toEqual(d('2026-03-05'));
  });

  it('de-escalation counts from the last visit', () => {
    const due = dueAfterChange({
      changedAt: d('2026-03-01'),
      oldIntervalDays: 14,
      newIntervalDays: 90,
      previousDue: d('2026-03-10'),
      lastVisitAt: d('2026-02-24'),
    });
    expect(due).toEqual(d('2026-05-25'));
  });

  it('a new registration is due one interval after the last visit or the registration', () => {
    expect(
      dueAfterChange({ changedAt: d('2026-03-01'), oldIntervalDays: null, newIntervalDays: 7, previousDue: null, lastVisitAt: null }),
    ).toEqual(d('2026-03-08'));
  });

  it('grades lateness', () => {
    const now = d('2026-03-10');
    expect(dueStatus(d('2026-03-09'), now)).toBe('overdue');
    expect(dueStatus(d('2026-03-12'), now)).toBe('due_soon');
    expect(dueStatus(d('2026-03-20'), now)).toBe('scheduled');
  });
});
