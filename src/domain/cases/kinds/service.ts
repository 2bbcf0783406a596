/**
 * 为民服务 orders (issue 8, item 5): 居民点单 → 社区/中心派单 → 党员接单 → 完成服务 → 好差评.
 * Declared as data on the engine; the party member who took the order holds the `volunteer` case role
 * with `CaseFacts.volunteerId` pointing at them. A bad review files a reopen request that the centre
 * decides with the event kind's 重新办理 / 维持结案 steps.
 */
import { z } from 'zod';
import type { CategorySeed } from '../categories';
import { type CaseKind, transition } from '../engine';
import { eventKind } from '../event-kind';
import type { CaseFacts } from '../types';

const text = (max = 2000) => z.string().trim().min(1).max(max);

/** 服务类别 of the service kind (case_categories with kind = 'service'). */
export const DEFAULT_SERVICE_CATEGORIES: readonly CategorySeed[] = [
  { code: 'service_elderly', name: '助老助残', sortOrder: 10 },
  { code: 'service_repair', name: '维修帮办', sortOrder: 20 },
  { code: 'service_errand', name: '代办代购', sortOrder: 30 },
  { code: 'service_tutoring', name: '课业辅导', sortOrder: 40 },
  { code: 'service_other', name: '其他服务', sortOrder: 90 },
];

const unclaimed = (c: CaseFacts) => (c.volunteerId ?? null) === null;

/** the event kind's reporter loop (评价 → 重新办理 / 维持结案) and leaders' 包案/督办, reused as they are */
const REUSED = new Set(['rate', 'reopen', 'uphold', 'own', 'supervise', 'urge']);

export const serviceKind: CaseKind = {
  kind: 'service',
  label: '为民服务',
  numberPrefix: 'FW',
  initialStep: 'accept',
  transitions: [
    transition({
      action: 'dispatch_volunteer',
      label: '派单',
      from: ['reported'],
      to: 'assigned',
      roles: ['village', 'centre'],
      payload: z.object({ note: z.string().trim().max(500).optional() }),
      deadline: 'acknowledge',
      timeline: (p, t) => `${t.actorName}下单给本辖区党员志愿者${p.note ? `：${p.note}` : ''}`,
      publicText: '社区已派单，等待党员志愿者接单',
    }),
    transition({
      action: 'decline',
      label: '不予派单',
      from: ['reported', 'assigned'],
      to: 'rejected',
      roles: ['village', 'centre'],
      payload: z.object({ reason: text() }),
      deadline: null,
      timeline: (p) => `不予派单：${p.reason}`,
      publicText: (p) => `您的服务需求未能派单：${p.reason}`,
    }),
    transition({
      action: 'cancel',
      label: '撤单',
      from: ['reported', 'assigned'],
      to: 'rejected',
      roles: ['reporter'],
      payload: z.object({ reason: z.string().trim().max(500).optional() }),
      deadline: null,
      timeline: (p) => `居民撤单${p.reason ? `：${p.reason}` : ''}`,
      publicText: '您已撤单',
    }),
    transition({
      action: 'claim',
      label: '接单',
      from: ['assigned'],
      to: 'in_progress',
      roles: ['volunteer'],
      guard: unclaimed,
      payload: z.object({}),
      deadline: 'handle',
      timeline: (_p, t) => `党员${t.actorName}接单`,
      publicText: '党员志愿者已接单，将与您联系',
    }),
    transition({
      action: 'complete',
      label: '完成服务',
      from: ['in_progress'],
      to: 'closed',
      roles: ['volunteer'],
      guard: (c, a) => c.volunteerId === a.userId,
      payload: z.object({ result: text(), hours: z.number().int().min(0).max(24).optional() }),
      deadline: null,
      timeline: (p, t) => `${t.actorName}完成服务：${p.result}${p.hours !== undefined ? `（${p.hours}小时）` : ''}`,
      publicText: '服务已完成，请您评价',
    }),
    ...eventKind.transitions.filter((t) => REUSED.has(t.action)),
  ],
};
