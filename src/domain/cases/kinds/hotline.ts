/**
 * 12345 工单 (DESIGN §4): imported from the 12345 platform (signed API push or Excel/CSV import), 首接负责,
 * deadlines by order type in working days (emergencies the same day), 退单 within 2 working days judged by the
 * centre, 办结 reply and 回访 result pushed back through an outbox.
 */
import { z } from 'zod';
import { chinaDate, computeDue, endOfChinaDay, nthWorkingDayAfter } from '../deadline';
import type { CaseKind, Transition } from '../engine';
import { eventKind } from '../event-kind';

export const ORDER_TYPES = ['consult', 'help', 'suggest', 'complain', 'report'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];
export const ORDER_TYPE_LABEL: Record<OrderType, string> = { consult: '咨询', help: '求助', suggest: '建议', complain: '投诉', report: '举报' };
export const ORDER_CATEGORY: Record<OrderType, string> = {
  consult: 'h_consult',
  help: 'h_help',
  suggest: 'h_suggest',
  complain: 'h_complain',
  report: 'h_report',
};

/** Working days per type; administrators override them in hotline settings. */
export const DEFAULT_ORDER_DEADLINES: Record<OrderType, number> = { consult: 2, help: 10, suggest: 10, complain: 15, report: 15 };
export const RETURN_WORKDAYS = 2;

/** When an order received at `receivedAt` is due: N working days, or the end of the same day for emergencies. */
export function orderDue(receivedAt: Date, type: OrderType, emergency: boolean, deadlines: Partial<Record<OrderType, number>> = {}): Date {
  if (emergency) return endOfChinaDay(chinaDate(receivedAt));
  const n = deadlines[type] ?? DEFAULT_ORDER_DEADLINES[type];
  return computeDue(receivedAt, { amount: n, unit: 'workday' });
}

/** 退单 is allowed until the end of the 2nd working day after the order reached the department. */
export function returnDue(dispatchedAt: Date): Date {
  return endOfChinaDay(nthWorkingDayAfter(chinaDate(dispatchedAt), RETURN_WORKDAYS));
}

const pick = (action: string, over: Partial<Transition> = {}): Transition[] =>
  eventKind.transitions.filter((t) => t.action === action).map((t) => ({ ...t, ...over }));

export const hotlineKind: CaseKind = {
  kind: 'hotline',
  label: '12345工单',
  numberPrefix: 'RX',
  initialStep: 'handle',
  transitions: [
    // the clock starts at receipt by type, so accepting keeps it running
    ...pick('accept', { label: '签收(首接负责)', deadline: undefined }),
    ...pick('dispatch', { label: '派单' }),
    ...pick('handle_self', { label: '中心直办' }),
    ...pick('acknowledge', { label: '签收' }),
    ...pick('return', { label: '退单' }),
    ...pick('accept_return', { label: '同意退单' }),
    ...pick('reject_return', { label: '驳回退单' }),
    ...pick('feedback', { label: '办理回复' }),
    ...pick('co_handle'),
    ...pick('request_extension'),
    ...pick('approve_extension'),
    ...pick('deny_extension'),
    ...pick('close', { label: '办结' }),
    ...pick('rework'),
    ...pick('follow_up', { label: '回访' }),
    ...pick('supervise'),
    ...pick('urge'),
  ],
};

export const orderTypeSchema = z.enum(ORDER_TYPES);
