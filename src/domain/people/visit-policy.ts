/**
 * Visit-interval policy maths (DESIGN §6): which interval applies to a category and risk level, when the
 * next follow-up is due after a visit or after a change of risk level, and how late a visit is. Pure; the
 * clock is passed in. The rules themselves are data (table visit_policies), these are their defaults.
 */
import { SPECIAL_CATEGORIES, type SpecialCategory } from './categories';

export const MIN_RISK_LEVEL = 0;
export const MAX_RISK_LEVEL = 5;
const DAY_MS = 86_400_000;

export type VisitPolicy = {
  category: SpecialCategory;
  minLevel: number;
  maxLevel: number;
  intervalDays: number;
  /** inform the police member of the helper team when a person enters this band */
  notifyPolice: boolean;
  /** refer upward (转诊/上报) when a person enters this band */
  referral: boolean;
  note?: string | null;
};

const all = (category: SpecialCategory, intervalDays: number, note: string): VisitPolicy => ({
  category,
  minLevel: MIN_RISK_LEVEL,
  maxLevel: MAX_RISK_LEVEL,
  intervalDays,
  notifyPolice: false,
  referral: false,
  note,
});

export const DEFAULT_VISIT_POLICIES: readonly VisitPolicy[] = [
  { ...all('mental', 90, '0级：每3个月随访1次'), maxLevel: 0 },
  { ...all('mental', 14, '1-2级：每2周随访1次，稳定后逐步延长'), minLevel: 1, maxLevel: 2 },
  {
    category: 'mental',
    minLevel: 3,
    maxLevel: 5,
    intervalDays: 14,
    notifyPolice: true,
    referral: true,
    note: '3-5级：立即转诊上报并告知民警，2周内随访',
  },
  all('three_one', 7, '每周上门1次(上门坐诊)'),
  all('correction', 30, '每月走访1次'),
  all('released', 30, '安置帮教：每月走访1次'),
  all('petition', 30, '每月走访1次'),
  all('cult', 30, '每月走访1次'),
  all('drug', 30, '每月走访1次'),
];

export type PolicyProblem = { category: string; level?: number; message: string };

/** A policy set must cover every level 0–5 of every category exactly once, with a positive interval. */
export function checkPolicySet(policies: readonly VisitPolicy[]): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const p of policies) {
    if (!SPECIAL_CATEGORIES.includes(p.category)) problems.push({ category: p.category, message: '未知的人员类别' });
    if (p.minLevel < MIN_RISK_LEVEL || p.maxLevel > MAX_RISK_LEVEL || p.minLevel > p.maxLevel) {
      problems.push({ category: p.category, message: '风险等级范围应在0-5级之间且起始不大于结束' });
    }
    if (!Number.isInteger(p.intervalDays) || p.intervalDays < 1 || p.intervalDays > 366) {
      problems.push({ category: p.category, message: '随访间隔应为1-366天' });
    }
  }
  for (const c of SPECIAL_CATEGORIES) {
    for (let level = MIN_RISK_LEVEL; level <= MAX_RISK_LEVEL; level++) {
      const n = policies.filter((p) => p.category === c && p.minLevel <= level && level <= p.maxLevel).length;
      if (n === 0) problems.push({ category: c, level, message: `${level}级没有随访规则` });
      if (n > 1) problems.push({ category: c, level, message: `${level}级有多条随访规则` });
    }
  }
  return problems;
}

export function policyFor(policies: readonly VisitPolicy[], category: SpecialCategory, level: number): VisitPolicy {
  const p = policies.find((x) => x.category === category && x.minLevel <= level && level <= x.maxLevel);
  if (p) return p;
  const d = DEFAULT_VISIT_POLICIES.find((x) => x.category === category && x.minLevel <= level && level <= x.maxLevel);
  if (!d) throw new Error(`no visit policy for ${category} level ${level}`);
  return d;
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** After a visit the next one is due one interval later. */
export function dueAfterVisit(visitedAt: Date, intervalDays: number): Date {
  return addDays(visitedAt, intervalDays);
}

/**
 * After a change of category or risk level. A shorter interval (escalation) brings the visit forward
 * to at most one new interval from the change, and never postpones a visit already due earlier. A longer
 * interval (de-escalation) counts from the last visit, or from the change when there was none.
 */
export function dueAfterChange(input: {
  changedAt: Date;
  oldIntervalDays: number | null;
  newIntervalDays: number;
  previousDue: Date | null;
  lastVisitAt: Date | null;
}): Date {
  const { changedAt, oldIntervalDays, newIntervalDays, previousDue, lastVisitAt } = input;
  const fromChange = addDays(changedAt, newIntervalDays);
  if (oldIntervalDays === null || previousDue === null) {
    return lastVisitAt ? minDate(addDays(lastVisitAt, newIntervalDays), fromChange) : fromChange;
  }
  if (newIntervalDays <= oldIntervalDays) return minDate(previousDue, fromChange);
  return addDays(lastVisitAt ?? changedAt, newIntervalDays);
}

function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

export type DueStatus = 'overdue' | 'due_soon' | 'scheduled';

/** 红灯 overdue, 黄灯 due within `soonDays`. */
export function dueStatus(due: Date, now: Date, soonDays = 3): DueStatus {
  if (due.getTime() < now.getTime()) return 'overdue';
  if (due.getTime() - now.getTime() <= soonDays * DAY_MS) return 'due_soon';
  return 'scheduled';
}

export function daysOverdue(due: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - due.getTime()) / DAY_MS));
}
