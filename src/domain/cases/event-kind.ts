/**
 * 网格事件 (哨): the first case kind and the common lifecycle other kinds build on (DESIGN §4).
 * Roles here are case roles (see types.ts): who the actor is in relation to the case.
 */
import { z } from 'zod';
import { type CaseKind, transition } from './engine';
import {
  type ActorFacts,
  type CaseFacts,
  type CaseStatus,
  DISPATCH_ROLE_LABEL,
  type DispatchFacts,
  type DispatchRole,
  GRADE_LABEL,
  OPEN_STATUSES,
  RATING_LABEL,
  TIER_LABEL,
  TIERS,
  type Tier,
  nextTier,
} from './types';

const text = (max = 2000) => z.string().trim().min(1).max(max);
const note = z.object({ note: z.string().trim().max(2000).optional() });
const reason = z.object({ reason: text() });

/** The live dispatch of the actor's department in the given role. */
export function myDispatch(c: CaseFacts, a: ActorFacts, role: DispatchRole): DispatchFacts | undefined {
  if (a.departmentId === null) return undefined;
  return c.dispatches.find((d) => d.departmentId === a.departmentId && d.role === role && d.status !== 'released');
}

/** Lead has fed back and every co-handler has handled or been released: the case is handled. */
export function dispatchesDone(c: CaseFacts): boolean {
  const lead = c.dispatches.find((d) => d.role === 'lead' && d.status !== 'released');
  if (lead?.status !== 'done') return false;
  return c.dispatches.filter((d) => d.role === 'co').every((d) => d.status === 'done' || d.status === 'released');
}

/** The actor holds the case at its current tier (grid worker at grid, cadre at village, centre at its own tier). */
export function holdsTier(c: CaseFacts, a: ActorFacts): boolean {
  if (c.tier === 'grid') return a.caseRoles.includes('grid');
  if (c.tier === 'village') return a.caseRoles.includes('village');
  return a.caseRoles.includes('centre') && a.centreTier === c.tier;
}

const liveLead = (c: CaseFacts) => c.dispatches.find((d) => d.role === 'lead' && d.status !== 'released');
const hasReturnedCo = (c: CaseFacts) => c.dispatches.some((d) => d.role !== 'lead' && d.status === 'returned');
const pending = (c: CaseFacts, k: CaseFacts['pendingRequests'][number]) => c.pendingRequests.includes(k);
const tierIndex = (t: Tier) => TIERS.indexOf(t);

const WORKING: readonly CaseStatus[] = ['assigned', 'in_progress'];
const INTAKE: readonly CaseStatus[] = ['reported', 'escalated', 'transferred'];

export const eventKind: CaseKind = {
  kind: 'event',
  label: '网格事件',
  numberPrefix: 'SJ',
  initialStep: 'accept',
  transitions: [
    // —— tiered handling below the centre: 小事不出村
    transition({
      action: 'resolve_locally',
      label: '就地化解',
      from: ['reported', 'escalated'],
      to: 'handled',
      roles: ['grid', 'village'],
      guard: (c, a) => (c.tier === 'grid' || c.tier === 'village') && holdsTier(c, a),
      payload: z.object({ result: text() }),
      deadline: 'verify',
      timeline: (p, t) => `${TIER_LABEL[t.before.tier]}就地化解：${p.result}`,
      publicText: '问题已在当地解决，等待综治中心核查',
    }),
    transition({
      action: 'escalate',
      label: '上报上级',
      from: ['reported', 'escalated', 'accepted'],
      to: 'escalated',
      roles: ['grid', 'village', 'centre'],
      guard: (c, a) => holdsTier(c, a) && nextTier(c.tier) !== null && (c.status !== 'accepted' || a.caseRoles.includes('centre')),
      payload: reason,
      deadline: 'accept',
      timeline: (p, t) => `上报至${TIER_LABEL[nextTier(t.before.tier) ?? 'county']}：${p.reason}`,
      publicText: '已上报上级处理',
    }),
    transition({
      action: 'escalate_skip',
      label: '越级上报',
      from: ['reported', 'escalated'],
      to: 'escalated',
      roles: ['grid', 'village'],
      guard: (c, a) => holdsTier(c, a),
      payload: z.object({ reason: text(), toTier: z.enum(['town', 'county']) }),
      deadline: 'accept',
      timeline: (p, t) => `紧急事项越级上报至${TIER_LABEL[p.toTier]}(已告知被越过的${TIERS.slice(tierIndex(t.before.tier) + 1, tierIndex(p.toTier)).map((x) => TIER_LABEL[x]).join('、')})：${p.reason}`,
      publicText: '已上报上级处理',
    }),
    // —— 一把抓: the centre accepts everything, then dispatches
    transition({
      action: 'accept',
      label: '受理',
      from: INTAKE,
      to: 'accepted',
      roles: ['centre'],
      payload: z.object({
        grade: z.enum(['routine', 'key', 'hard']),
        categoryCode: z.string().max(40).optional(),
        note: z.string().trim().max(2000).optional(),
      }),
      deadline: 'handle',
      timeline: (p) => `受理，定为${GRADE_LABEL[p.grade]}${p.note ? `：${p.note}` : ''}`,
      publicText: '综治中心已受理',
    }),
    transition({
      action: 'reject',
      label: '不予受理',
      from: INTAKE,
      to: 'rejected',
      roles: ['centre'],
      payload: reason,
      deadline: null,
      timeline: (p) => `不予受理：${p.reason}`,
      publicText: (p) => `不予受理，原因：${p.reason}`,
    }),
    transition({
      action: 'transfer',
      label: '转办',
      from: ['reported', 'escalated', 'accepted', 'returned'],
      to: 'transferred',
      roles: ['centre'],
      payload: z.object({ toArea: z.string().regex(/^\d{6,15}$/), reason: text() }),
      deadline: 'accept',
      timeline: (p) => `转办至 ${p.toArea}：${p.reason}`,
      publicText: '已转交有关单位办理',
    }),
    transition({
      action: 'merge',
      label: '合并',
      from: ['reported', 'escalated', 'transferred', 'accepted'],
      to: 'merged',
      roles: ['centre'],
      payload: z.object({ intoCaseId: z.number().int().positive() }),
      deadline: null,
      timeline: '与重复上报的事件合并，按主事件办理',
      publicText: '与其他群众反映的同一问题合并办理',
    }),
    // —— 吹哨报到
    transition({
      action: 'dispatch',
      label: '派遣(吹哨)',
      from: ['accepted'],
      to: 'assigned',
      roles: ['centre'],
      payload: z.object({
        lead: z.number().int().positive(),
        co: z.array(z.number().int().positive()).max(20).default([]),
        notify: z.array(z.number().int().positive()).max(20).default([]),
        note: z.string().trim().max(2000).optional(),
      }),
      timeline: (p, t) =>
        [
          `吹哨派遣：${DISPATCH_ROLE_LABEL.lead} ${t.departmentName(p.lead)}`,
          p.co.length ? `${DISPATCH_ROLE_LABEL.co} ${p.co.map(t.departmentName).join('、')}` : '',
          p.notify.length ? `${DISPATCH_ROLE_LABEL.notify} ${p.notify.map(t.departmentName).join('、')}` : '',
        ]
          .filter(Boolean)
          .join('；'),
      publicText: '已派给相关部门办理',
    }),
    transition({
      action: 'handle_self',
      label: '中心自办',
      from: ['accepted'],
      to: 'in_progress',
      roles: ['centre'],
      payload: note,
      timeline: (p) => `综治中心自行办理${p.note ? `：${p.note}` : ''}`,
      publicText: '正在办理',
    }),
    transition({
      action: 'acknowledge',
      label: '报到',
      from: ['assigned'],
      to: 'in_progress',
      roles: ['dept_lead'],
      guard: (c, a) => {
        const d = myDispatch(c, a, 'lead');
        return !!d && d.status === 'active' && !d.acknowledgedAt;
      },
      payload: note,
      timeline: (_p, t) => `${t.actorDepartment ?? t.actorName}(主办)报到`,
      publicText: '承办部门已接手办理',
    }),
    transition({
      action: 'acknowledge',
      label: '报到',
      from: ['assigned', 'in_progress', 'returned', 'suspended'],
      to: 'same',
      roles: ['dept_co', 'dept_notify'],
      guard: (c, a) =>
        [myDispatch(c, a, 'co'), myDispatch(c, a, 'notify')].some((d) => !!d && d.status === 'active' && !d.acknowledgedAt),
      payload: note,
      timeline: (_p, t) => `${t.actorDepartment ?? t.actorName}报到`,
      publicText: null,
    }),
    transition({
      action: 'return',
      label: '退回',
      from: WORKING,
      to: 'returned',
      roles: ['dept_lead'],
      guard: (c, a) => myDispatch(c, a, 'lead')?.status === 'active',
      payload: reason,
      timeline: (p, t) => `${t.actorDepartment ?? t.actorName}(主办)退回：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'return',
      label: '退回',
      from: WORKING,
      to: 'same',
      roles: ['dept_co'],
      guard: (c, a) => myDispatch(c, a, 'co')?.status === 'active',
      payload: reason,
      timeline: (p, t) => `${t.actorDepartment ?? t.actorName}(协办)退回：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'accept_return',
      label: '同意退回',
      from: ['returned'],
      to: 'accepted',
      roles: ['centre'],
      guard: (c) => liveLead(c)?.status === 'returned',
      payload: z.object({ dispatchId: z.number().int().positive().optional(), note: z.string().trim().max(2000).optional() }),
      timeline: (p) => `同意主办部门退回，重新派遣${p.note ? `：${p.note}` : ''}`,
      publicText: null,
    }),
    transition({
      action: 'accept_return',
      label: '同意退回',
      from: WORKING,
      to: 'same',
      roles: ['centre'],
      guard: hasReturnedCo,
      payload: z.object({ dispatchId: z.number().int().positive().optional(), note: z.string().trim().max(2000).optional() }),
      timeline: (p) => `同意协办部门退回，解除其协办${p.note ? `：${p.note}` : ''}`,
      publicText: null,
    }),
    transition({
      action: 'reject_return',
      label: '不同意退回',
      from: ['returned'],
      to: (c) => (liveLead(c)?.acknowledgedAt ? 'in_progress' : 'assigned'),
      roles: ['centre'],
      guard: (c) => liveLead(c)?.status === 'returned',
      payload: z.object({ dispatchId: z.number().int().positive().optional(), reason: text() }),
      timeline: (p) => `不同意退回，由原部门继续办理：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'reject_return',
      label: '不同意退回',
      from: WORKING,
      to: 'same',
      roles: ['centre'],
      guard: hasReturnedCo,
      payload: z.object({ dispatchId: z.number().int().positive().optional(), reason: text() }),
      timeline: (p) => `不同意协办部门退回，继续协办：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'feedback',
      label: '处置反馈',
      from: ['in_progress'],
      to: (c) => (dispatchesDone(c) ? 'handled' : 'same'),
      roles: ['dept_lead'],
      guard: (c, a) => {
        const d = myDispatch(c, a, 'lead');
        return !!d && d.status === 'active' && !!d.acknowledgedAt;
      },
      payload: z.object({ result: text() }),
      deadline: 'verify',
      timeline: (p, t) => `${t.actorDepartment ?? t.actorName}(主办)处置反馈：${p.result}`,
      publicText: '承办部门已处理完毕，等待核查',
    }),
    transition({
      action: 'feedback',
      label: '处置反馈',
      from: ['in_progress'],
      to: 'handled',
      roles: ['centre'],
      guard: (c) => !liveLead(c),
      payload: z.object({ result: text() }),
      deadline: 'verify',
      timeline: (p) => `处置反馈：${p.result}`,
      publicText: '已处理完毕，等待核查',
    }),
    transition({
      action: 'co_handle',
      label: '协办完成',
      from: ['in_progress'],
      to: (c) => (dispatchesDone(c) ? 'handled' : 'same'),
      roles: ['dept_co'],
      guard: (c, a) => {
        const d = myDispatch(c, a, 'co');
        return !!d && d.status === 'active' && !!d.acknowledgedAt;
      },
      payload: z.object({ result: text() }),
      deadline: 'verify',
      timeline: (p, t) => `${t.actorDepartment ?? t.actorName}(协办)完成：${p.result}`,
      publicText: null,
    }),
    // —— the clock: 延期 and 挂起 are requests the dispatcher decides
    transition({
      action: 'request_extension',
      label: '延期申请',
      from: WORKING,
      to: 'same',
      roles: ['dept_lead'],
      guard: (c, a) => myDispatch(c, a, 'lead')?.status === 'active' && !pending(c, 'extension'),
      payload: z.object({ days: z.number().int().min(1).max(60), reason: text() }),
      timeline: (p) => `申请延期${p.days}个工作日：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'approve_extension',
      label: '同意延期',
      from: [...WORKING, 'returned'],
      to: 'same',
      roles: ['centre'],
      guard: (c) => pending(c, 'extension'),
      payload: note,
      timeline: (p) => `同意延期${p.note ? `：${p.note}` : ''}`,
      publicText: '办理期限已延长',
    }),
    transition({
      action: 'deny_extension',
      label: '不同意延期',
      from: [...WORKING, 'returned'],
      to: 'same',
      roles: ['centre'],
      guard: (c) => pending(c, 'extension'),
      payload: reason,
      timeline: (p) => `不同意延期：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'request_pause',
      label: '挂起申请',
      from: ['in_progress'],
      to: 'same',
      roles: ['dept_lead'],
      guard: (c, a) => myDispatch(c, a, 'lead')?.status === 'active' && !pending(c, 'pause'),
      payload: reason,
      timeline: (p) => `申请挂起：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'approve_pause',
      label: '同意挂起',
      from: ['in_progress'],
      to: 'suspended',
      roles: ['centre'],
      guard: (c) => pending(c, 'pause'),
      payload: note,
      clock: 'pause',
      timeline: (p) => `同意挂起，办理时限暂停${p.note ? `：${p.note}` : ''}`,
      publicText: '办理暂停(如等待鉴定结果)，恢复后继续办理',
    }),
    transition({
      action: 'deny_pause',
      label: '不同意挂起',
      from: ['in_progress'],
      to: 'same',
      roles: ['centre'],
      guard: (c) => pending(c, 'pause'),
      payload: reason,
      timeline: (p) => `不同意挂起：${p.reason}`,
      publicText: null,
    }),
    transition({
      action: 'resume',
      label: '恢复办理',
      from: ['suspended'],
      to: 'in_progress',
      roles: ['centre'],
      payload: note,
      clock: 'resume',
      timeline: (p) => `恢复办理，时限继续计算${p.note ? `：${p.note}` : ''}`,
      publicText: '已恢复办理',
    }),
    // —— 核查结案, 返工
    transition({
      action: 'close',
      label: '核查结案',
      from: ['handled'],
      to: 'closed',
      roles: ['centre'],
      payload: note,
      deadline: null,
      timeline: (p) => `核查通过，结案${p.note ? `：${p.note}` : ''}`,
      publicText: '已办结，欢迎您评价',
    }),
    transition({
      action: 'rework',
      label: '返工',
      from: ['handled'],
      to: 'in_progress',
      roles: ['centre'],
      payload: reason,
      deadline: 'handle',
      timeline: (p) => `核查不通过，返工：${p.reason}`,
      publicText: '经核查需要继续办理',
    }),
    // —— the reporter's loop
    transition({
      action: 'rate',
      label: '评价',
      from: ['closed'],
      to: (_c, p) => (p.rating === 'unsatisfied' ? 'same' : 'evaluated'),
      roles: ['reporter'],
      guard: (c) => c.rating === null && !pending(c, 'reopen'),
      payload: z.object({ rating: z.enum(['satisfied', 'basically', 'unsatisfied']), comment: z.string().trim().max(500).optional() }),
      timeline: (p) => `上报人评价：${RATING_LABEL[p.rating]}${p.comment ? `(${p.comment})` : ''}${p.rating === 'unsatisfied' ? '，申请重新办理' : ''}`,
      publicText: (p) => `您的评价：${RATING_LABEL[p.rating]}${p.rating === 'unsatisfied' ? '，综治中心将决定是否重新办理' : ''}`,
    }),
    transition({
      action: 'follow_up',
      label: '回访',
      from: ['closed', 'evaluated'],
      to: (c, p) => (c.status === 'closed' && p.rating && p.rating !== 'unsatisfied' && !pending(c, 'reopen') ? 'evaluated' : 'same'),
      roles: ['centre'],
      payload: z.object({ note: text(), rating: z.enum(['satisfied', 'basically', 'unsatisfied']).optional() }),
      timeline: (p) => `回访：${p.note}${p.rating ? `(${RATING_LABEL[p.rating]})` : ''}`,
      publicText: '综治中心已回访',
    }),
    transition({
      action: 'reopen',
      label: '重新办理',
      from: ['closed'],
      to: 'in_progress',
      roles: ['centre'],
      guard: (c) => pending(c, 'reopen'),
      payload: reason,
      deadline: 'handle',
      timeline: (p) => `决定重新办理：${p.reason}`,
      publicText: '已重新办理',
    }),
    transition({
      action: 'uphold',
      label: '维持结案',
      from: ['closed'],
      to: 'evaluated',
      roles: ['centre'],
      guard: (c) => pending(c, 'reopen'),
      payload: reason,
      timeline: (p) => `维持结案：${p.reason}`,
      publicText: (p) => `经复核维持办理结果：${p.reason}`,
    }),
    // —— 包案, 督办, 催办
    transition({
      action: 'own',
      label: '包案',
      from: OPEN_STATUSES,
      to: 'same',
      roles: ['leader'],
      guard: (c) => c.ownerLeaderId === null,
      payload: note,
      timeline: (p, t) => `${t.actorName}领导包案${p.note ? `：${p.note}` : ''}`,
      publicText: '已有领导包案督促办理',
    }),
    transition({
      action: 'supervise',
      label: '督办',
      from: OPEN_STATUSES,
      to: 'same',
      roles: ['leader', 'centre', 'system'],
      payload: z.object({ note: text(), overdueStep: z.string().max(40).optional() }),
      timeline: (p) => `督办：${p.note}`,
      publicText: null,
    }),
    transition({
      action: 'urge',
      label: '催办',
      from: [...WORKING, 'returned', 'reported', 'escalated'],
      to: 'same',
      roles: ['centre'],
      payload: z.object({ note: text() }),
      timeline: (p) => `催办：${p.note}`,
      publicText: null,
    }),
  ],
};
