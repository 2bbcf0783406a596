/**
 * 信访事项 (信访工作条例 2022, DESIGN §5a). Periods:
 * - 15 days from registration to forward (转送), assign (交办) or tell the petitioner in writing;
 * - an assignee outside its remit objects within 5 working days;
 * - 60 days from acceptance to handle; one extension of at most 30 days, the petitioner told why;
 * - 复查 applied for within 30 days of the reply and answered within 30; 复核 likewise; then 终结.
 * "N days" of the 条例 are calendar days (日); ends are 23:59:59 China time of the last day.
 */
import { z } from 'zod';
import { chinaDate, computeDue, endOfChinaDay, isWorkingDay } from '../deadline';
import { type CaseKind, type Transition, transition } from '../engine';
import { eventKind } from '../event-kind';
import { OPEN_STATUSES } from '../types';

export const PETITION_TYPES = ['suggestion', 'accusation', 'appeal'] as const;
export type PetitionType = (typeof PETITION_TYPES)[number];
export const PETITION_TYPE_LABEL: Record<PetitionType, string> = { suggestion: '建议意见类', accusation: '检举控告类', appeal: '申诉求决类' };
export const PETITION_CATEGORY: Record<PetitionType, string> = { suggestion: 'p_suggestion', accusation: 'p_accusation', appeal: 'p_appeal' };

export const CHANNELS = ['visit', 'letter', 'phone', 'fax', 'online'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABEL: Record<Channel, string> = { visit: '走访', letter: '书信', phone: '电话', fax: '传真', online: '信息网络' };

/** 多人采用走访形式提出同一信访事项的，应当推选代表，代表人数不超过5人. */
export const MAX_REPRESENTATIVES = 5;

export const DECISIONS = ['support', 'explain', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABEL: Record<Decision, string> = { support: '支持', explain: '解释说明', reject: '不予支持' };

export type Stage = 'first' | 'review' | 'recheck';
export const STAGE_LABEL: Record<Stage, string> = { first: '办理', review: '复查', recheck: '复核' };

export const PERIODS = {
  intakeDays: 15,
  objectionWorkdays: 5,
  handleDays: 60,
  maxExtensionDays: 30,
  applyReviewDays: 30,
  answerReviewDays: 30,
} as const;

/**
 * A period of N days (日) counted from the day after `start`; when its last day is a public holiday or a
 * rest day the period ends on the next working day (期间届满的最后一日是法定节假日的，以节假日后的第一日为
 * 期间届满的日期). A 调休 working weekend is a working day, so a period may end on it.
 */
export function statutoryDue(start: Date, days: number): Date {
  let last = addDays(chinaDate(start), days);
  while (!isWorkingDay(last)) last = addDays(last, 1);
  return endOfChinaDay(last);
}

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Last moment to forward, assign or notify in writing. */
export const intakeDue = (registeredAt: Date) => statutoryDue(registeredAt, PERIODS.intakeDays);
/** Last moment for an assignee to object (5 working days, holidays and 调休 counted). */
export const objectionDue = (assignedAt: Date) => computeDue(assignedAt, { amount: PERIODS.objectionWorkdays, unit: 'workday' });
/** Last moment to handle a petition accepted at `acceptedAt`. */
export const handleDue = (acceptedAt: Date) => statutoryDue(acceptedAt, PERIODS.handleDays);
/** One extension of up to 30 days, counted on from the original due day. */
export function extendedDue(due: Date, extension: number): Date {
  if (extension < 1 || extension > PERIODS.maxExtensionDays) throw new RangeError('extension must be 1..30 days');
  return statutoryDue(due, extension);
}
/** The petitioner may apply for 复查 (or 复核) until this moment after the reply. */
export const applyReviewDue = (repliedAt: Date) => statutoryDue(repliedAt, PERIODS.applyReviewDays);
/** A 复查 (or 复核) is answered by this moment. */
export const answerReviewDue = (appliedAt: Date) => statutoryDue(appliedAt, PERIODS.answerReviewDays);

export const isLate = (doneAt: Date, due: Date) => doneAt.getTime() > due.getTime();

/** The next stage a petitioner may ask for, or null when the matter is final (终结). */
export function nextStage(stage: Stage): Stage | null {
  return stage === 'first' ? 'review' : stage === 'review' ? 'recheck' : null;
}

const pick = (action: string, over: Partial<Transition> = {}): Transition[] =>
  eventKind.transitions.filter((t) => t.action === action).map((t) => ({ ...t, ...over }));

const text = (max = 2000) => z.string().trim().min(1).max(max);

export const petitionKind: CaseKind = {
  kind: 'petition',
  label: '信访事项',
  numberPrefix: 'XF',
  initialStep: 'accept',
  transitions: [
    transition({
      action: 'accept',
      label: '受理',
      from: ['reported', 'transferred'],
      to: 'accepted',
      roles: ['centre'],
      payload: z.object({ grade: z.enum(['routine', 'key', 'hard']).default('routine'), note: z.string().trim().max(2000).optional() }),
      deadline: 'handle',
      timeline: (p) => `受理信访事项，60日内办结${p.note ? `：${p.note}` : ''}`,
      publicText: '您的信访事项已受理',
    }),
    ...pick('reject'),
    transition({
      action: 'forward',
      label: '转送',
      from: ['reported'],
      to: 'closed',
      roles: ['centre'],
      payload: z.object({ toOrg: text(100), reason: text() }),
      deadline: null,
      timeline: (p) => `转送${p.toOrg}：${p.reason}`,
      publicText: (p) => `已转送${p.toOrg}办理`,
    }),
    transition({
      action: 'notify_written',
      label: '书面告知',
      from: ['reported', 'accepted', 'assigned', 'in_progress'],
      to: 'same',
      roles: ['centre'],
      payload: z.object({ content: text() }),
      timeline: (p) => `书面告知信访人：${p.content}`,
      publicText: (p) => p.content,
    }),
    ...pick('dispatch', { label: '交办' }),
    ...pick('handle_self', { label: '中心代办' }),
    ...pick('acknowledge'),
    ...pick('return', { label: '提出异议(退回)' }),
    ...pick('accept_return'),
    ...pick('reject_return'),
    ...pick('co_handle'),
    transition({
      action: 'extend',
      label: '延期(一次)',
      from: ['accepted', 'assigned', 'in_progress', 'returned'],
      to: 'same',
      roles: ['centre'],
      payload: z.object({ days: z.number().int().min(1).max(PERIODS.maxExtensionDays), reason: text(), toldPetitioner: z.literal(true) }),
      timeline: (p) => `经负责人批准延长办理期限${p.days}日，已告知信访人延期理由：${p.reason}`,
      publicText: (p) => `办理期限延长${p.days}日，理由：${p.reason}`,
    }),
    transition({
      action: 'opinion',
      label: '出具处理意见书',
      from: ['accepted', 'in_progress'],
      to: 'handled',
      roles: ['centre', 'dept_lead'],
      payload: z.object({ request: text(), facts: text(), decision: z.enum(DECISIONS), basis: text() }),
      deadline: 'verify',
      timeline: (p) => `出具信访处理意见书：${DECISION_LABEL[p.decision]}`,
      publicText: (p) => `已出具处理意见书(${DECISION_LABEL[p.decision]})`,
    }),
    ...pick('close', { label: '办结' }),
    transition({
      action: 'review',
      label: '申请复查/复核',
      from: ['closed', 'evaluated'],
      to: 'in_progress',
      roles: ['centre'],
      payload: z.object({ reason: text() }),
      deadline: 'handle',
      timeline: (p) => `信访人不服处理意见，申请复查/复核：${p.reason}`,
      publicText: '您的复查(复核)申请已受理',
    }),
    ...pick('follow_up'),
    ...pick('own'),
    ...pick('supervise'),
    transition({
      action: 'urge',
      label: '催办',
      from: OPEN_STATUSES,
      to: 'same',
      roles: ['centre'],
      payload: z.object({ note: text() }),
      timeline: (p) => `催办：${p.note}`,
      publicText: null,
    }),
  ],
};
