/**
 * A year of demo grid events across 新兴镇 and 红砂坝镇 (DESIGN §15): various states, levels and
 * categories, some overdue with 督办, some whistled to the 派出所/司法所, ratings; timelines consistent
 * with each state. Batched inserts, deterministic (seeded random), so a start stays fast.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { caseNumber, numberArea, numberDay } from '../../domain/cases/case-number';
import { DEFAULT_EVENT_CATEGORIES } from '../../domain/cases/categories';
import { computeDue, computeWarnAt, ruleFor } from '../../domain/cases/deadline';
import type { DeadlineStep } from '../../domain/cases/engine';
import { type CaseStatus, type Grade, RATING_LABEL, type Rating } from '../../domain/cases/types';
import { ensureCaseCategories } from '../modules/cases/case-policy.service';
import { overdueToken, tokenize } from '../modules/cases/case-support';
import type { AppContext } from '../platform/context';
import { areas, caseCounters, caseDispatches, caseSupervisions, caseTimeline, cases, departments, users } from '../platform/db/schema';

type Town = { code: string; count: number; days: number; quality: number };
const TOWNS: Town[] = [
  { code: '620523101', count: 480, days: 365, quality: 1 },
  { code: '150981109', count: 240, days: 365, quality: 1 },
];
/** The other towns of 甘谷县 get a smaller spread over the last three months so the 一月一排名 and the map differ. */
const SPREAD_COUNTY = '620523';
const SPREAD_DAYS = 90;

const TITLES: Record<string, string[]> = {
  public_security: ['村口夜间有陌生人聚集', '小卖部门前有人酒后滋事', '废弃厂房有人员出入'],
  safety_hazard: ['路边电线杆倾斜存在倒塌隐患', '自建房外墙开裂', '水渠护栏缺失', '液化气罐露天存放'],
  dispute_lead: ['两户村民因宅基地边界发生争执', '邻里因排水问题闹矛盾', '土地流转租金未按期支付', '务工人员反映工资被拖欠'],
  sanitation: ['村道旁垃圾堆积未清运', '河道漂浮垃圾', '畜禽粪污直排'],
  municipal: ['路灯不亮', '井盖缺失', '村道路面塌陷', '自来水管道漏水'],
  livelihood: ['独居老人冬季取暖困难', '低保申请咨询办理进度', '村卫生室缺少常用药'],
  policy_inquiry: ['咨询农村医保缴费政策', '咨询耕地地力保护补贴', '咨询残疾人两项补贴'],
  special_population: ['社区矫正人员近期情绪波动', '三失一偏人员走访发现异常', '刑满释放人员就业求助'],
  other: ['村民反映快递点设置不便', '广场舞噪音扰民'],
};

/** Park–Miller: the same demo every start. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

type Boundary = { type: string; coordinates: number[][][] | number[][][][] } | null;

function centreOf(boundary: Boundary): { lng: number; lat: number } | null {
  if (!boundary) return null;
  const ring = (boundary.type === 'Polygon' ? boundary.coordinates[0] : (boundary.coordinates as number[][][][])[0][0]) as number[][];
  const pts = ring.slice(0, -1);
  if (pts.length === 0) return null;
  return { lng: pts.reduce((a, p) => a + p[0], 0) / pts.length, lat: pts.reduce((a, p) => a + p[1], 0) / pts.length };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export async function seedDemoCases(ctx: AppContext): Promise<void> {
  await ensureCaseCategories(ctx.db);
  const now = ctx.clock();
  const rand = random(20_261_123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const accounts = await ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.username, ['grid_worker', 'hsb_grid_worker', 'resident', 'town_center', 'hsb_center', 'dept_police', 'dept_justice', 'leader', 'county_center']));
  const acc = (u: string) => accounts.find((a) => a.username === u)!;
  const depts = await ctx.db.select().from(departments).where(inArray(departments.kind, ['派出所', '司法所', '综合执法', '民政']));
  const grids = await ctx.db.select({ code: areas.code, boundary: areas.boundary }).from(areas).where(and(eq(areas.level, 'grid')));
  // after the two described towns, so their events (drawn first from the same sequence) stay where they are; a town's
  // quality (0.55–1) shapes its rates, so the towns rank apart. Their cases go to the county's departments.
  const countyDepts = await ctx.db.select().from(departments).where(eq(departments.areaCode, SPREAD_COUNTY));
  const spreadTowns = await ctx.db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'town'), eq(areas.parentCode, SPREAD_COUNTY)))
    .orderBy(areas.code);
  const spreadRand = random(20_261_202);
  const towns: Town[] = [
    ...TOWNS,
    ...spreadTowns
      .filter((t) => !TOWNS.some((k) => k.code === t.code) && grids.some((g) => g.code.startsWith(t.code)))
      .map((t) => ({ code: t.code, count: 15 + Math.floor(spreadRand() * 26), days: SPREAD_DAYS, quality: 0.55 + 0.45 * spreadRand() })),
  ];

  const caseRows: (typeof cases.$inferInsert)[] = [];
  type Step = { action: string; at: Date; from: CaseStatus | null; to: CaseStatus; text: string; publicText: string | null; actor: string };
  const stepsByNumber = new Map<string, Step[]>();
  const dispatchByNumber = new Map<string, { departmentId: number; role: string; at: Date; ack: Date | null; done: Date | null; feedback: string | null }[]>();
  const supervisedNumbers = new Map<string, { at: Date; area: string; step: string }>();
  const counters = new Map<string, number>();

  for (const town of towns) {
    const described = town.quality === 1;
    const townGrids = grids.filter((g) => g.code.startsWith(town.code));
    const worker = town.code === '620523101' ? acc('grid_worker') : town.code === '150981109' ? acc('hsb_grid_worker') : acc('county_center');
    const centre = town.code === '620523101' ? acc('town_center') : town.code === '150981109' ? acc('hsb_center') : acc('county_center');
    const county = (name: string) => countyDepts.find((d) => d.name.endsWith(name));
    const police = depts.find((d) => d.areaCode === town.code && d.kind === '派出所') ?? county('公安局');
    const justice = depts.find((d) => d.areaCode === town.code && d.kind === '司法所') ?? county('司法局');
    const enforcement = depts.find((d) => d.areaCode === town.code && d.kind === '综合执法') ?? county('住建局');
    const civil = depts.find((d) => d.areaCode === town.code && d.kind === '民政') ?? county('人社局');
    for (let i = 0; i < town.count; i++) {
      const ageDays = Math.floor(rand() ** 1.3 * town.days);
      const created = new Date(now.getTime() - ageDays * DAY - Math.floor(rand() * 10) * HOUR - 2 * HOUR);
      const grid = pick(townGrids);
      const cat = pick(DEFAULT_EVENT_CATEGORIES);
      const title = pick(TITLES[cat.code]);
      const grade: Grade = rand() < 0.75 ? 'routine' : rand() < 0.7 ? 'key' : 'hard';
      const fromResident = town.code === '620523101' && rand() < 0.08;
      const reporter = fromResident ? acc('resident') : worker;
      const local = rand() < (town.code === '150981109' ? 0.8 : 0.55) && cat.code !== 'public_security';
      // where the case ends up, by age
      let final: CaseStatus;
      const r = rand();
      if (!described && ageDays > 7 && r > town.quality) final = pick(['in_progress', 'handled', 'assigned'] as const);
      else if (ageDays > 25) final = r < 0.015 ? 'rejected' : r < 0.03 ? 'in_progress' : r < 0.42 ? 'closed' : 'evaluated';
      else if (ageDays > 7) final = r < 0.1 ? 'in_progress' : r < 0.2 ? 'handled' : r < 0.55 ? 'closed' : 'evaluated';
      else final = pick(['reported', 'reported', 'accepted', 'assigned', 'in_progress', 'handled', 'closed'] as const);
      const dayKey = `${numberArea(grid.code)}-${numberDay(created)}`;
      const seq = (counters.get(dayKey) ?? 0) + 1;
      counters.set(dayKey, seq);
      const number = caseNumber('SJ', grid.code, created, seq);
      const pos = centreOf(grid.boundary as Boundary);
      const steps: Step[] = [
        { action: 'report', at: created, from: null, to: 'reported', text: `${reporter.displayName}上报网格事件：${title}`, publicText: '您反映的问题已提交，等待受理', actor: reporter.displayName },
      ];
      let t = created.getTime();
      const later = (hours: number) => {
        t += Math.max(0.5, hours * (0.3 + rand())) * HOUR;
        return new Date(Math.min(t, now.getTime() - 60_000));
      };
      const path: CaseStatus[] = [];
      const useLocal = local && final !== 'rejected' && !['accepted', 'assigned', 'in_progress'].includes(final);
      if (final === 'rejected') path.push('rejected');
      else if (final !== 'reported') {
        if (useLocal) path.push('handled');
        else {
          path.push('accepted');
          if (final !== 'accepted') path.push('assigned');
          if (!['accepted', 'assigned'].includes(final)) path.push('in_progress');
          if (['handled', 'closed', 'evaluated'].includes(final)) path.push('handled');
        }
        if (['closed', 'evaluated'].includes(final)) path.push('closed');
        if (final === 'evaluated') path.push('evaluated');
      }
      const dispatches: { departmentId: number; role: string; at: Date; ack: Date | null; done: Date | null; feedback: string | null }[] = [];
      const lead = cat.code === 'public_security' || cat.code === 'special_population' ? police : cat.code === 'dispute_lead' ? justice : cat.code === 'livelihood' ? civil : enforcement;
      const co = cat.code === 'dispute_lead' ? police : cat.code === 'public_security' ? justice : undefined;
      let rating: Rating | null = null;
      let acceptedAt: Date | null = null;
      let handledAt: Date | null = null;
      let closedAt: Date | null = null;
      let prev: CaseStatus = 'reported';
      for (const st of path) {
        const at = later(st === 'handled' ? 40 : 6);
        if (st === 'rejected') steps.push({ action: 'reject', at, from: prev, to: st, text: '不予受理：不属于受理范围，已告知上报人向有关部门反映', publicText: '不予受理，原因：不属于受理范围', actor: centre.displayName });
        if (st === 'accepted') {
          acceptedAt = at;
          steps.push({ action: 'accept', at, from: prev, to: st, text: `受理，定为${grade === 'routine' ? '常规哨' : grade === 'key' ? '重点哨' : '疑难哨'}`, publicText: '综治中心已受理', actor: centre.displayName });
        }
        if (st === 'assigned' && lead) {
          dispatches.push({ departmentId: lead.id, role: 'lead', at, ack: null, done: null, feedback: null });
          if (co) dispatches.push({ departmentId: co.id, role: 'co', at, ack: null, done: null, feedback: null });
          steps.push({ action: 'dispatch', at, from: prev, to: st, text: `吹哨派遣：主办 ${lead.name}${co ? `；协办 ${co.name}` : ''}`, publicText: '已派给相关部门办理', actor: centre.displayName });
        }
        if (st === 'in_progress') {
          for (const d of dispatches) d.ack = at;
          steps.push({ action: 'acknowledge', at, from: prev, to: st, text: `${lead?.name ?? '承办部门'}(主办)报到`, publicText: '承办部门已接手办理', actor: lead?.name ?? '' });
        }
        if (st === 'handled') {
          handledAt = at;
          if (useLocal) steps.push({ action: 'resolve_locally', at, from: prev, to: st, text: '网格就地化解：现场协调处理完毕', publicText: '问题已在当地解决，等待综治中心核查', actor: reporter.displayName });
          else {
            for (const d of dispatches) {
              d.done = at;
              d.feedback = '已现场处置完毕';
            }
            steps.push({ action: 'feedback', at, from: prev, to: st, text: `${lead?.name ?? '承办部门'}(主办)处置反馈：已现场处置完毕`, publicText: '承办部门已处理完毕，等待核查', actor: lead?.name ?? '' });
          }
        }
        if (st === 'closed') {
          closedAt = at;
          steps.push({ action: 'close', at, from: prev, to: st, text: '核查通过，结案', publicText: '已办结，欢迎您评价', actor: centre.displayName });
        }
        if (st === 'evaluated') {
          const rr = rand();
          rating = described ? (rr < 0.93 ? 'satisfied' : 'basically') : rr < 0.93 * town.quality ? 'satisfied' : rr < 0.97 ? 'basically' : 'unsatisfied';
          steps.push({ action: 'rate', at, from: prev, to: st, text: `上报人评价：${RATING_LABEL[rating]}`, publicText: `您的评价：${RATING_LABEL[rating]}`, actor: reporter.displayName });
        }
        prev = st;
      }
      // the running clock of an open case, and its 督办 when it ran out
      const open = ['reported', 'accepted', 'assigned', 'in_progress', 'handled'].includes(final);
      const step: DeadlineStep | null = !open ? null : final === 'reported' ? 'accept' : final === 'handled' ? 'verify' : 'handle';
      const stepStart = step === 'accept' ? created : step === 'handle' ? (acceptedAt ?? created) : (handledAt ?? created);
      const rule = step ? ruleFor([], 'event', grade, step) : null;
      const dueAt = rule ? computeDue(stepStart, rule) : null;
      const token = step && dueAt ? overdueToken(step, dueAt) : null;
      const overdue = !!dueAt && dueAt.getTime() < now.getTime();
      if (overdue && dueAt) {
        const at = new Date(Math.min(dueAt.getTime() + 10 * 60_000, now.getTime() - 30_000));
        steps.push({ action: 'supervise', at, from: final, to: final, text: '办理超期，系统自动督办', publicText: null, actor: '系统' });
        supervisedNumbers.set(number, { at, area: grid.code.slice(0, 6), step: token ?? '' });
      }
      stepsByNumber.set(number, steps);
      dispatchByNumber.set(number, dispatches);
      caseRows.push({
        number,
        kind: 'event',
        status: final,
        version: steps.length,
        areaCode: grid.code,
        tier: useLocal ? 'grid' : final === 'reported' ? 'grid' : 'town',
        resolvedTier: handledAt ? (useLocal ? 'grid' : 'town') : null,
        resolvedLocally: useLocal && !!handledAt,
        grade,
        categoryCode: cat.code,
        title,
        description: `${title}，请尽快处理。`,
        tokens: tokenize(title).join(' '),
        lng: pos ? pos.lng + (rand() - 0.5) * 0.001 : null,
        lat: pos ? pos.lat + (rand() - 0.5) * 0.001 : null,
        people: cat.code === 'dispute_lead' ? [{ name: '当事人甲(演示)', role: '当事人' }, { name: '当事人乙(演示)', role: '当事人' }] : [],
        source: fromResident ? 'resident' : 'grid',
        reporterId: reporter.id,
        reporterName: reporter.displayName,
        dueStep: step,
        dueStartedAt: step ? stepStart : null,
        dueAt,
        warnAt: dueAt && rule ? computeWarnAt(stepStart, dueAt, rule.unit) : null,
        overdueAt: overdue ? dueAt : null,
        supervisedStep: overdue ? token : null,
        overdueCount: overdue ? 1 : 0,
        rating,
        ratedAt: rating ? (steps.at(-1)?.at ?? null) : null,
        acceptedAt,
        handledAt,
        closedAt,
        closedOnTime: closedAt ? rand() < 0.97 * town.quality : null,
        createdAt: created,
        updatedAt: steps.at(-1)?.at ?? created,
      });
    }
  }

  const ids = new Map<string, number>();
  for (let i = 0; i < caseRows.length; i += 400) {
    const inserted = await ctx.db.insert(cases).values(caseRows.slice(i, i + 400)).returning({ id: cases.id, number: cases.number });
    for (const r of inserted) ids.set(r.number, r.id);
  }
  const timeline: (typeof caseTimeline.$inferInsert)[] = [];
  const dispatchRows: (typeof caseDispatches.$inferInsert)[] = [];
  const supervisionRows: (typeof caseSupervisions.$inferInsert)[] = [];
  for (const [number, steps] of stepsByNumber) {
    const caseId = ids.get(number)!;
    for (const s of steps)
      timeline.push({ caseId, at: s.at, actorName: s.actor, action: s.action, fromStatus: s.from, toStatus: s.to, text: s.text, publicText: s.publicText });
    for (const d of dispatchByNumber.get(number) ?? [])
      dispatchRows.push({
        caseId,
        departmentId: d.departmentId,
        role: d.role,
        status: d.done ? 'done' : 'active',
        dispatchedAt: d.at,
        ackDueAt: new Date(d.at.getTime() + DAY),
        acknowledgedAt: d.ack,
        handledAt: d.done,
        feedback: d.feedback,
      });
    const sup = supervisedNumbers.get(number);
    if (sup)
      supervisionRows.push({ caseId, kind: 'supervise', targetArea: sup.area, targetTier: 'county', step: sup.step, note: '办理超期，系统自动督办', dueAt: new Date(sup.at.getTime() + 2 * DAY), createdAt: sup.at });
  }
  for (let i = 0; i < timeline.length; i += 1000) await ctx.db.insert(caseTimeline).values(timeline.slice(i, i + 1000));
  for (let i = 0; i < dispatchRows.length; i += 1000) await ctx.db.insert(caseDispatches).values(dispatchRows.slice(i, i + 1000));
  if (supervisionRows.length) await ctx.db.insert(caseSupervisions).values(supervisionRows);
  const counterRows = [...counters].map(([key, value]) => {
    const [area, day] = key.split('-');
    return { prefix: 'SJ', area, day, value };
  });
  for (let i = 0; i < counterRows.length; i += 1000) await ctx.db.insert(caseCounters).values(counterRows.slice(i, i + 1000));
}
