/**
 * Deadline maths (时限) in Asia/Shanghai with the national holiday calendar, including 调休 working weekends
 * (`chinese-days`). A working-day deadline of N days ends at 23:59:59 of the Nth working day after the day
 * the clock starts (that day itself is not counted), as "自受理之日起N个工作日内" is read in practice.
 */
import chineseDays from 'chinese-days';
import type { DeadlineStep } from './engine';
import type { Grade } from './types';

export type DeadlineUnit = 'workday' | 'day' | 'hour';
export const UNIT_LABEL: Record<DeadlineUnit, string> = { workday: '个工作日', day: '个自然日', hour: '小时' };

export type DeadlineRule = { amount: number; unit: DeadlineUnit };
export type RuleRow = { kind: string; grade: Grade; step: DeadlineStep; amount: number; unit: DeadlineUnit };

export type DeadlineState = 'normal' | 'due_soon' | 'overdue';
export const DEADLINE_STATE_LABEL: Record<DeadlineState, string> = { normal: '正常', due_soon: '临期', overdue: '超期' };

export const STEP_LABEL: Record<DeadlineStep, string> = {
  accept: '受理',
  acknowledge: '报到',
  handle: '办理',
  verify: '核查',
  supervise: '督办回复',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR; // China Standard Time, no daylight saving

/** The calendar date (YYYY-MM-DD) in China of an instant. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + OFFSET).toISOString().slice(0, 10);
}

function dateAdd(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** 00:00 China time of a date. */
export function startOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET);
}

/** 23:59:59 China time of a date. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET + DAY - 1000);
}

export function isWorkingDay(date: string): boolean {
  return chineseDays.isWorkday(date);
}

/** The Nth working day after `date` (N = 0 gives `date` itself). */
export function nthWorkingDayAfter(date: string, n: number): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = dateAdd(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days in (from, to]: how many working days one has from the day `from` to the end of `to`. */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = dateAdd(from, 1); d <= to; d = dateAdd(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

export function computeDue(start: Date, rule: DeadlineRule): Date {
  if (rule.unit === 'hour') return new Date(start.getTime() + rule.amount * HOUR);
  const date = chinaDate(start);
  if (rule.unit === 'day') return endOfChinaDay(dateAdd(date, rule.amount));
  return endOfChinaDay(nthWorkingDayAfter(date, rule.amount));
}

/**
 * When the light turns yellow (临期): less than 25% of the time left, or — for day-based rules — the due
 * day has come (less than one working day left).
 */
export function computeWarnAt(start: Date, due: Date, unit: DeadlineUnit): Date {
  const quarter = new Date(start.getTime() + Math.floor((due.getTime() - start.getTime()) * 0.75));
  if (unit === 'hour') return quarter;
  const dueDayStart = startOfChinaDay(chinaDate(due));
  const lastDay = dueDayStart.getTime() > start.getTime() ? dueDayStart : quarter;
  return lastDay.getTime() < quarter.getTime() ? lastDay : quarter;
}

export function deadlineState(now: Date, warnAt: Date | null, due: Date | null): DeadlineState | null {
  if (!due) return null;
  if (now.getTime() > due.getTime()) return 'overdue';
  if (warnAt && now.getTime() >= warnAt.getTime()) return 'due_soon';
  return 'normal';
}

/** What is left of a running clock when it is paused, in the rule's unit (hours are kept as milliseconds). */
export type Remaining = { unit: DeadlineUnit; amount: number };

export function remainingAt(pausedAt: Date, due: Date, unit: DeadlineUnit): Remaining {
  if (unit === 'hour') return { unit, amount: Math.max(0, due.getTime() - pausedAt.getTime()) };
  const from = chinaDate(pausedAt);
  const to = chinaDate(due);
  if (to < from) return { unit, amount: 0 };
  if (unit === 'day') return { unit, amount: Math.round((Date.parse(to) - Date.parse(from)) / DAY) };
  return { unit, amount: workingDaysBetween(from, to) };
}

/** Restarts a paused clock: the same remaining time, counted from the moment of resumption. */
export function resumeDue(now: Date, left: Remaining): Date {
  if (left.unit === 'hour') return new Date(now.getTime() + left.amount);
  return computeDue(now, { unit: left.unit, amount: left.amount });
}

/** An approved extension (延期) of N working days moves the due date N working days on. */
export function extendDue(due: Date, workingDays: number): Date {
  return endOfChinaDay(nthWorkingDayAfter(chinaDate(due), workingDays));
}

/**
 * Default time limits of the event kind (policy data: administrators change them through /api/case-rules).
 * 常规哨: accept 1 working day, 报到 1, handle 5, verify 2. 重点哨: accept 4 hours, 报到 4 hours, handle 3, verify 1.
 * 疑难哨: accept 1, 报到 1, handle 15, verify 3. A 督办 asks for a reply within 2 working days (1 for 重点哨).
 */
export const DEFAULT_RULES: readonly RuleRow[] = [
  { kind: 'event', grade: 'routine', step: 'accept', amount: 1, unit: 'workday' },
  { kind: 'event', grade: 'routine', step: 'acknowledge', amount: 1, unit: 'workday' },
  { kind: 'event', grade: 'routine', step: 'handle', amount: 5, unit: 'workday' },
  { kind: 'event', grade: 'routine', step: 'verify', amount: 2, unit: 'workday' },
  { kind: 'event', grade: 'routine', step: 'supervise', amount: 2, unit: 'workday' },
  { kind: 'event', grade: 'key', step: 'accept', amount: 4, unit: 'hour' },
  { kind: 'event', grade: 'key', step: 'acknowledge', amount: 4, unit: 'hour' },
  { kind: 'event', grade: 'key', step: 'handle', amount: 3, unit: 'workday' },
  { kind: 'event', grade: 'key', step: 'verify', amount: 1, unit: 'workday' },
  { kind: 'event', grade: 'key', step: 'supervise', amount: 1, unit: 'workday' },
  { kind: 'event', grade: 'hard', step: 'accept', amount: 1, unit: 'workday' },
  { kind: 'event', grade: 'hard', step: 'acknowledge', amount: 1, unit: 'workday' },
  { kind: 'event', grade: 'hard', step: 'handle', amount: 15, unit: 'workday' },
  { kind: 'event', grade: 'hard', step: 'verify', amount: 3, unit: 'workday' },
  { kind: 'event', grade: 'hard', step: 'supervise', amount: 2, unit: 'workday' },
  // 矛盾纠纷: 人民调解 within 30 days of acceptance
  { kind: 'dispute', grade: 'routine', step: 'handle', amount: 30, unit: 'day' },
  { kind: 'dispute', grade: 'key', step: 'handle', amount: 30, unit: 'day' },
  { kind: 'dispute', grade: 'hard', step: 'handle', amount: 30, unit: 'day' },
  // 信访工作条例: 15 days to forward/assign/notify, 60 days to handle (复查/复核 clocks are set by the petition module)
  { kind: 'petition', grade: 'routine', step: 'accept', amount: 15, unit: 'day' },
  { kind: 'petition', grade: 'routine', step: 'handle', amount: 60, unit: 'day' },
  { kind: 'petition', grade: 'key', step: 'accept', amount: 15, unit: 'day' },
  { kind: 'petition', grade: 'key', step: 'handle', amount: 60, unit: 'day' },
  { kind: 'petition', grade: 'hard', step: 'accept', amount: 15, unit: 'day' },
  { kind: 'petition', grade: 'hard', step: 'handle', amount: 60, unit: 'day' },
  // 12345: the handle clock is set per order type at receipt (hotline settings); 退单 acknowledgement 2 working days
  { kind: 'hotline', grade: 'routine', step: 'acknowledge', amount: 2, unit: 'workday' },
];

/** The rule in force: an administrator's override when there is one, else the default. */
export function ruleFor(rules: readonly RuleRow[], kind: string, grade: Grade, step: DeadlineStep): DeadlineRule {
  const hit =
    rules.find((r) => r.kind === kind && r.grade === grade && r.step === step) ??
    DEFAULT_RULES.find((r) => r.kind === kind && r.grade === grade && r.step === step) ??
    DEFAULT_RULES.find((r) => r.kind === 'event' && r.grade === grade && r.step === step);
  return hit ? { amount: hit.amount, unit: hit.unit } : { amount: 5, unit: 'workday' };
}
