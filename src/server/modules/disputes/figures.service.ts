/** 矛盾纠纷、信访、12345 figures for a period and area, each with its formula (DESIGN §5, issue 5). */
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/access';
import { areaFilter } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { cases, disputeDetails, hotlineOrders, petitionDetails } from '../../platform/db/schema';
import { visibleTo } from '../cases/case-support';

export const figuresQuery = z.object({
  area: z.string().regex(/^\d{2,18}$/).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type FiguresQuery = z.infer<typeof figuresQuery>;

export type Figure = { key: string; label: string; value: number; formula: string };
const rate = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);

function period(q: FiguresQuery): SQL[] {
  const out: SQL[] = [];
  if (q.from) out.push(gte(cases.createdAt, new Date(`${q.from}T00:00:00+08:00`)));
  if (q.to) out.push(lt(cases.createdAt, new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)));
  return out;
}

const GOOD = ['satisfied', 'basically'];

export async function figures(ctx: AppContext, actor: Actor, q: FiguresQuery) {
  const now = ctx.clock();
  const base = (kind: string) => and(eq(cases.kind, kind), visibleTo(actor), areaFilter(actor, cases.areaCode, q.area), ...period(q))!;
  const [disputes, petitions, orders] = await Promise.all([
    ctx.db.select({ c: cases, d: disputeDetails }).from(cases).innerJoin(disputeDetails, eq(disputeDetails.caseId, cases.id)).where(base('dispute')),
    ctx.db.select({ c: cases, p: petitionDetails }).from(cases).innerJoin(petitionDetails, eq(petitionDetails.caseId, cases.id)).where(base('petition')),
    ctx.db.select({ c: cases, h: hotlineOrders }).from(cases).innerJoin(hotlineOrders, eq(hotlineOrders.caseId, cases.id)).where(base('hotline')),
  ]);

  const screened = disputes.length;
  const accepted = disputes.filter(({ c, d }) => c.acceptedAt || d.outcome).length;
  const success = disputes.filter(({ d }) => d.outcome === 'success').length;
  const litigation = disputes.filter(({ d }) => d.outcome === 'litigation').length;
  const terminated = disputes.filter(({ d }) => d.outcome === 'terminated').length;
  const concluded = success + litigation + terminated;
  // 应办结: concluded ones plus open ones whose time limit has run out
  const due = concluded + disputes.filter(({ c, d }) => !d.outcome && c.dueAt && c.dueAt.getTime() < now.getTime()).length;
  const local = disputes.filter(({ d }) => d.outcome === 'success' && d.resolvedLocally).length;
  const onTime = disputes.filter(({ d }) => d.outcome && d.outcomeOnTime).length;
  const rated = disputes.filter(({ c }) => c.rating);
  const satisfied = rated.filter(({ c }) => GOOD.includes(c.rating ?? '')).length;

  const pAccepted = petitions.filter(({ p }) => p.intakeDoneAt);
  const pIntakeOnTime = pAccepted.filter(({ p }) => !p.intakeLate).length;
  const pConcluded = petitions.filter(({ c }) => c.closedAt);
  const pOnTime = pConcluded.filter(({ p }) => !p.handleLate).length;
  const backlog = petitions.filter(({ c, p }) => p.backlog || p.handleLate || (!c.closedAt && c.dueAt && c.dueAt.getTime() < now.getTime()));
  const backlogResolved = backlog.filter(({ c }) => c.closedAt).length;

  const hClosed = orders.filter(({ c }) => c.closedAt).length;
  const hRated = orders.filter(({ h }) => h.satisfied);
  const hSatisfied = hRated.filter(({ h }) => GOOD.includes(h.satisfied ?? '')).length;

  const f = (key: string, label: string, value: number, formula: string): Figure => ({ key, label, value, formula });
  return {
    disputes: [
      f('screened', '排查数', screened, '期间登记的矛盾纠纷件数(含排查、网格上报、来访、转办、事件转入)'),
      f('accepted', '受理数', accepted, '其中已受理(或已在网格/村就地化解)的件数'),
      f('resolved', '化解成功数', success, '结果为"调解成功"的件数(含就地化解)'),
      f('resolveRate', '化解率(%)', rate(success, accepted), '化解成功数 ÷ 受理数 × 100'),
      f('litigation', '导入司法程序数', litigation, '调解不成、导入司法程序(诉调对接)的件数'),
      f('concludeRate', '办结率(%)', rate(concluded, due), '办结数(调解成功 + 导入司法 + 终止) ÷ 应办结数(已办结 + 已超期未办结) × 100'),
      f('localRate', '就地化解率(%)', rate(local, success), '在网格、村(社区)化解的件数 ÷ 化解成功数 × 100'),
      f('onTimeRate', '按期办结率(%)', rate(onTime, concluded), '在办理时限内办结的件数 ÷ 办结数 × 100'),
      f('satisfaction', '满意率(%)', rate(satisfied, rated.length), '(满意 + 基本满意)的回访件数 ÷ 已回访评价件数 × 100'),
    ],
    petitions: [
      f('registered', '信访登记数', petitions.length, '期间登记的信访事项件数'),
      f('intakeOnTimeRate', '按期受理率(%)', rate(pIntakeOnTime, pAccepted.length), '15日内受理、交办、转送或书面告知的件数 ÷ 已处理登记的件数 × 100'),
      f('onTimeRate', '按期办结率(%)', rate(pOnTime, pConcluded.length), '在法定期限(60日，延期后90日)内办结的件数 ÷ 办结件数 × 100'),
      f('backlog', '积案数', backlog.length, '超期未办结、超期办结或重复信访的件数'),
      f('backlogResolved', '化解积案数', backlogResolved, '积案中已办结的件数'),
    ],
    hotline: [
      f('orders', '工单数', orders.length, '期间接收的12345工单件数'),
      f('closeRate', '办结率(%)', rate(hClosed, orders.length), '办结工单数 ÷ 工单数 × 100'),
      f('satisfaction', '满意率(%)', rate(hSatisfied, hRated.length), '(满意 + 基本满意)的回访工单数 ÷ 已回访工单数 × 100'),
    ],
  };
}
