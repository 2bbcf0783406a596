/** The risk map (per grid) and the weekly trend, both inside the actor's scope. */
import { and, count, gte, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { mapQuery, trendQuery } from '../../../contracts/risk';
import { type RiskGrade, addWeeks, gradeRank, isoWeekOf, weekStart } from '../../../domain/risk/policy';
import { type Actor, areaFilter } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { cases, riskSignals, riskWarnings, riskWeeklyReports } from '../../platform/db/schema';

export async function riskTrend(ctx: AppContext, actor: Actor, q: z.infer<typeof trendQuery>) {
  const current = isoWeekOf(ctx.clock());
  const weeks = Array.from({ length: q.weeks }, (_, i) => addWeeks(current, i - q.weeks + 1));
  const from = weekStart(weeks[0])!;
  const [signals, warnings, reports] = await Promise.all([
    ctx.db
      .select({ week: riskSignals.week, grade: riskSignals.grade, n: count() })
      .from(riskSignals)
      .where(and(areaFilter(actor, riskSignals.areaCode, q.area), inArray(riskSignals.week, weeks)))
      .groupBy(riskSignals.week, riskSignals.grade),
    ctx.db
      .select({ raisedAt: riskWarnings.raisedAt })
      .from(riskWarnings)
      .where(and(areaFilter(actor, riskWarnings.areaCode, q.area), gte(riskWarnings.raisedAt, from)))
      .limit(50_000),
    ctx.db
      .select({ week: riskWeeklyReports.week, n: count() })
      .from(riskWeeklyReports)
      .where(and(areaFilter(actor, riskWeeklyReports.areaCode, q.area), inArray(riskWeeklyReports.week, weeks)))
      .groupBy(riskWeeklyReports.week),
  ]);
  const warningWeeks = new Map<string, number>();
  for (const w of warnings) {
    const k = isoWeekOf(w.raisedAt);
    warningWeeks.set(k, (warningWeeks.get(k) ?? 0) + 1);
  }
  return {
    weeks: weeks.map((week) => {
      const by = (g: RiskGrade) => Number(signals.find((s) => s.week === week && s.grade === g)?.n ?? 0);
      return {
        week,
        signals: { blue: by('blue'), yellow: by('yellow'), orange: by('orange'), red: by('red') },
        warnings: warningWeeks.get(week) ?? 0,
        reports: Number(reports.find((r) => r.week === week)?.n ?? 0),
      };
    }),
  };
}

/** Per grid: the week's signals (default: the current week and the one before), open warnings and the highest grade. */
export async function riskMap(ctx: AppContext, actor: Actor, q: z.infer<typeof mapQuery>) {
  const current = isoWeekOf(ctx.clock());
  const weeks = q.week ? [q.week] : [addWeeks(current, -1), current];
  const [signals, warnings] = await Promise.all([
    ctx.db
      .select({ id: riskSignals.id, areaCode: riskSignals.areaCode, grade: riskSignals.grade, lng: riskSignals.lng, lat: riskSignals.lat, description: riskSignals.description })
      .from(riskSignals)
      .where(and(areaFilter(actor, riskSignals.areaCode, q.area), inArray(riskSignals.week, weeks)))
      .limit(20_000),
    ctx.db
      .select({ id: riskWarnings.id, areaCode: riskWarnings.areaCode, grade: riskWarnings.grade, title: riskWarnings.title, links: riskWarnings.links })
      .from(riskWarnings)
      .where(and(areaFilter(actor, riskWarnings.areaCode, q.area), ne(riskWarnings.status, 'closed')))
      .limit(20_000),
  ]);
  const byArea = new Map<string, { areaCode: string; signals: number; openWarnings: number; maxGrade: string | null }>();
  const bump = (code: string, grade: string, field: 'signals' | 'openWarnings') => {
    const a = byArea.get(code) ?? { areaCode: code, signals: 0, openWarnings: 0, maxGrade: null };
    a[field]++;
    if (a.maxGrade === null || gradeRank(grade as RiskGrade) > gradeRank(a.maxGrade as RiskGrade)) a.maxGrade = grade;
    byArea.set(code, a);
  };
  for (const s of signals) bump(s.areaCode, s.grade, 'signals');
  for (const w of warnings) bump(w.areaCode, w.grade, 'openWarnings');
  // a warning over cases sits where its first located case is
  const caseIds = warnings.flatMap((w) => w.links.filter((l) => l.type === 'case').slice(0, 1).map((l) => l.id));
  const located = caseIds.length
    ? await ctx.db
        .select({ id: cases.id, lng: cases.lng, lat: cases.lat })
        .from(cases)
        .where(and(inArray(cases.id, caseIds.slice(0, 5000)), sql`${cases.lng} IS NOT NULL`, areaFilter(actor, cases.areaCode, q.area)))
    : [];
  const points = [
    ...signals.filter((s) => s.lng !== null && s.lat !== null).map((s) => ({ kind: 'signal' as const, id: s.id, grade: s.grade, lng: s.lng!, lat: s.lat!, title: s.description.slice(0, 40) })),
    ...warnings.flatMap((w) => {
      const first = w.links.find((l) => l.type === 'case');
      const c = first ? located.find((x) => x.id === first.id) : undefined;
      return c ? [{ kind: 'warning' as const, id: w.id, grade: w.grade, lng: c.lng!, lat: c.lat!, title: w.title }] : [];
    }),
  ];
  return { items: [...byArea.values()].sort((a, b) => a.areaCode.localeCompare(b.areaCode)), points };
}

