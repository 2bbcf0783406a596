/**
 * 矛盾纠纷 (DESIGN §5, §5b): the event lifecycle plus 五步工作法, mediation, 司法鉴定 pause and the three
 * outcomes — 调解成功 (agreement), 调解不成 → 导入司法程序 (诉调对接), 终止. The five-step position and the
 * outcome live in the kind's side table (dispute_details); the status stays the engine's.
 */
import { z } from 'zod';
import { type CaseKind, extendKind, transition } from '../engine';
import { eventKind, holdsTier } from '../event-kind';
import { OPEN_STATUSES, RATING_LABEL } from '../types';
import { ORDER_CATEGORY, ORDER_TYPE_LABEL, ORDER_TYPES } from './hotline';
import { PETITION_CATEGORY, PETITION_TYPE_LABEL, PETITION_TYPES } from './petition';

export const DISPUTE_TYPES = [
  { code: 'd_neighbour', name: '邻里纠纷' },
  { code: 'd_family', name: '婚恋家庭' },
  { code: 'd_land_requisition', name: '征地拆迁' },
  { code: 'd_land_forest', name: '土地林权' },
  { code: 'd_labour', name: '劳资纠纷' },
  { code: 'd_property', name: '物业纠纷' },
  { code: 'd_contract', name: '合同债务' },
  { code: 'd_medical', name: '医疗纠纷' },
  { code: 'd_traffic', name: '交通事故' },
  { code: 'd_other', name: '其他' },
] as const;

/** The category code tables of the dispute, petition and 12345 kinds (case_categories rows, editable). */
export const DISPUTE_FAMILY_CATEGORIES: readonly { code: string; name: string; kind: string; sortOrder: number }[] = [
  ...DISPUTE_TYPES.map((t, i) => ({ code: t.code, name: t.name, kind: 'dispute', sortOrder: (i + 1) * 10 })),
  ...PETITION_TYPES.map((t, i) => ({ code: PETITION_CATEGORY[t], name: PETITION_TYPE_LABEL[t], kind: 'petition', sortOrder: (i + 1) * 10 })),
  ...ORDER_TYPES.map((t, i) => ({ code: ORDER_CATEGORY[t], name: ORDER_TYPE_LABEL[t], kind: 'hotline', sortOrder: (i + 1) * 10 })),
];

export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LABEL: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高', major: '重大' };

export const DISPUTE_SOURCES = ['screening', 'grid', 'visit', 'transfer', 'event'] as const;
export type DisputeSource = (typeof DISPUTE_SOURCES)[number];
export const SOURCE_LABEL: Record<DisputeSource, string> = { screening: '排查', grid: '网格上报', visit: '来访', transfer: '转办', event: '事件转入' };

/** 五步工作法, then 评价回访 and 问责奖惩. */
export const FIVE_STEPS = ['screening', 'graded', 'joint', 'leader', 'supervise'] as const;
export type FiveStep = (typeof FIVE_STEPS)[number];
export const STEP_NAME: Record<FiveStep, string> = {
  screening: '预防排查',
  graded: '分级化解',
  joint: '部门联调',
  leader: '包案调处',
  supervise: '督办代办',
};

export type DisputeOutcome = 'success' | 'litigation' | 'terminated';
export const OUTCOME_LABEL: Record<DisputeOutcome, string> = { success: '调解成功', litigation: '调解不成·导入司法程序', terminated: '终止调解' };

/**
 * The step an action moves the dispute to. Steps only move forward: a case owned by a leader stays at
 * 包案调处 even if a department is whistled later.
 */
export function stepAfter(current: FiveStep, action: string): FiveStep {
  const target: Partial<Record<string, FiveStep>> = {
    accept: 'graded',
    mediate: 'graded',
    resolve_locally: 'graded',
    dispatch: 'joint',
    consult: 'joint',
    own: 'leader',
    supervise: 'supervise',
    urge: 'supervise',
  };
  const next = target[action];
  if (!next) return current;
  return FIVE_STEPS.indexOf(next) > FIVE_STEPS.indexOf(current) ? next : current;
}

/** 司法确认: the parties apply jointly within 30 days of the agreement taking effect (last day inclusive). */
export function confirmDeadline(signedOn: string): string {
  return new Date(Date.parse(`${signedOn}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Splits an amount between groups by shares (percent), each group equally among its members, in fen so the
 * parts add up exactly to the total (the last member of the last group takes the rounding rest).
 */
export function splitCompensation(totalYuan: number, groups: { share: number; members: number }[]) {
  const totalFen = Math.round(totalYuan * 100);
  let given = 0;
  return groups.map((g, gi) => {
    const groupFen = gi === groups.length - 1 ? totalFen - given : Math.round((totalFen * g.share) / 100);
    given += groupFen;
    const each = Math.floor(groupFen / g.members);
    return { groupYuan: groupFen / 100, eachYuan: each / 100, restFen: groupFen - each * g.members };
  });
}

const text = (max = 2000) => z.string().trim().min(1).max(max);
const MEDIATING = ['in_progress', 'assigned'] as const;

export const disputeKind: CaseKind = extendKind(eventKind, {
  kind: 'dispute',
  label: '矛盾纠纷',
  numberPrefix: 'MD',
  drop: ['follow_up'],
  transitions: [
    transition({
      action: 'mediate',
      label: '组织调解',
      from: ['accepted'],
      to: 'in_progress',
      roles: ['centre'],
      payload: z.object({ team: z.array(text(50)).min(1).max(20), note: z.string().trim().max(2000).optional() }),
      timeline: (p) => `成立调解工作队(${p.team.join('、')})开展调解${p.note ? `：${p.note}` : ''}`,
      publicText: '已组织调解',
    }),
    transition({
      action: 'mediate',
      label: '组织调解',
      from: ['reported', 'escalated'],
      to: 'in_progress',
      roles: ['grid', 'village'],
      guard: (c, a) => (c.tier === 'grid' || c.tier === 'village') && holdsTier(c, a),
      payload: z.object({ team: z.array(text(50)).min(1).max(20), note: z.string().trim().max(2000).optional() }),
      deadline: 'handle',
      timeline: (p) => `就地组织调解(${p.team.join('、')})${p.note ? `：${p.note}` : ''}`,
      publicText: '已组织调解',
    }),
    transition({
      action: 'appraisal_pause',
      label: '委托司法鉴定(暂停)',
      from: ['in_progress'],
      to: 'suspended',
      roles: ['centre'],
      payload: z.object({ institution: text(100), reason: text() }),
      clock: 'pause',
      timeline: (p) => `委托${p.institution}进行司法鉴定，调解暂停，时限中止：${p.reason}`,
      publicText: '等待司法鉴定结果，调解暂停',
    }),
    transition({
      action: 'succeed',
      label: '调解成功',
      from: [...MEDIATING],
      to: 'handled',
      roles: ['grid', 'village', 'centre'],
      guard: (c, a) => a.caseRoles.includes('centre') || holdsTier(c, a),
      payload: z.object({ agreementId: z.number().int().positive(), note: z.string().trim().max(2000).optional() }),
      deadline: 'verify',
      timeline: (p) => `调解成功，双方签订调解协议书${p.note ? `：${p.note}` : ''}`,
      publicText: '调解成功，已签订调解协议',
    }),
    transition({
      action: 'litigate',
      label: '调解不成·导入司法程序',
      from: ['accepted', 'in_progress', 'suspended', 'assigned'],
      to: 'closed',
      roles: ['centre'],
      payload: z.object({ court: text(100), filedOn: z.iso.date(), advice: text() }),
      deadline: null,
      timeline: (p) => `调解不成，导入司法程序(诉调对接)：${p.court}，${p.filedOn}；告知：${p.advice}`,
      publicText: (p) => `调解未能达成协议，已引导通过司法程序解决(${p.court})`,
    }),
    transition({
      action: 'terminate',
      label: '终止调解',
      from: ['accepted', 'in_progress', 'suspended', 'assigned'],
      to: 'closed',
      roles: ['centre'],
      payload: z.object({ reason: text() }),
      deadline: null,
      timeline: (p) => `终止调解：${p.reason}`,
      publicText: (p) => `调解已终止：${p.reason}`,
    }),
    transition({
      action: 'flag_violence',
      label: '有激化风险·通报公安',
      from: OPEN_STATUSES,
      to: 'same',
      roles: ['grid', 'village', 'centre'],
      payload: z.object({ note: text() }),
      timeline: (p) => `发现可能激化为暴力或刑事案件的风险，已立即通报公安：${p.note}`,
      publicText: null,
    }),
    transition({
      action: 'follow_up',
      label: '回访',
      from: ['closed', 'evaluated'],
      to: (c, p) => (c.status === 'closed' && p.rating && p.rating !== 'unsatisfied' && !c.pendingRequests.includes('reopen') ? 'evaluated' : 'same'),
      roles: ['centre', 'village', 'grid'],
      payload: z.object({
        note: text(),
        rating: z.enum(['satisfied', 'basically', 'unsatisfied']).optional(),
        performance: z.enum(['full', 'partial', 'none']).optional(),
      }),
      timeline: (p) =>
        `回访：${p.note}${p.performance ? `；协议履行：${{ full: '已履行', partial: '部分履行', none: '未履行' }[p.performance]}` : ''}${p.rating ? `(${RATING_LABEL[p.rating]})` : ''}`,
      publicText: '综治中心已回访',
    }),
    transition({
      action: 'accountability',
      label: '问责奖惩',
      from: ['closed', 'evaluated'],
      to: 'same',
      roles: ['centre', 'leader'],
      payload: z.object({ kind: z.enum(['reward', 'penalty']), target: text(100), reason: text() }),
      timeline: (p) => `${p.kind === 'reward' ? '奖励' : '问责'}：${p.target}，${p.reason}`,
      publicText: null,
    }),
  ],
});
