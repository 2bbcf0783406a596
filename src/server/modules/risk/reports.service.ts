/**
 * 一周一结 (DESIGN §8): one report per grid and ISO week with its "weak signals"; graded signals raise a
 * warning in the same transaction; missing reports per area; a signal becomes an event or a dispute.
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateReportBody, SignalInput, SignalView, UpdateReportBody, convertSignalBody, missingQuery, reportListQuery, signalListQuery } from '../../../contracts/risk';
import {
  type RiskGrade,
  RISK_GRADE_LABEL,
  SIGNAL_CATEGORY_LABEL,
  SIGNAL_EVENT_CATEGORY,
  type SignalCategory,
  type WarningPolicy,
  gradeRank,
  isoWeekOf,
  weekState,
} from '../../../domain/risk/policy';
import { type Actor, areaFilter, areaScope, assertInScope, assertTargetInScope } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, caseCategories, riskSignals, riskWarnings, riskWeeklyReports, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { createCase } from '../cases/cases.service';
import { loadPolicy, raiseWarning, warningIdsBySignal } from './risk.shared';

type ReportRow = typeof riskWeeklyReports.$inferSelect;
type SignalRow = typeof riskSignals.$inferSelect;

function checkWeek(week: string, now: Date): void {
  const state = weekState(week, now);
  if (state === 'invalid') throw new AppError('VALIDATION_FAILED', { field: 'week' });
  if (state === 'future') throw new AppError('RISK_WEEK_NOT_OPEN', { field: 'week' });
  if (state === 'closed') throw new AppError('RISK_WEEK_CLOSED', { field: 'week' });
}

function signalView(s: SignalRow, warningId: number | null): SignalView {
  return {
    id: s.id,
    reportId: s.reportId,
    areaCode: s.areaCode,
    week: s.week,
    category: s.category,
    categoryLabel: SIGNAL_CATEGORY_LABEL[s.category as SignalCategory] ?? s.category,
    grade: s.grade,
    gradeLabel: RISK_GRADE_LABEL[s.grade as RiskGrade] ?? s.grade,
    description: s.description,
    location: s.location,
    lng: s.lng,
    lat: s.lat,
    caseId: s.caseId,
    warningId,
    createdAt: s.createdAt.toISOString(),
  };
}

function maxGradeOf(signals: { grade: string }[]): string | null {
  let best: string | null = null;
  for (const s of signals) if (best === null || gradeRank(s.grade as RiskGrade) > gradeRank(best as RiskGrade)) best = s.grade;
  return best;
}

function reportView(r: ReportRow, areaName: string | null, signals: { grade: string }[], now: Date) {
  return {
    id: r.id,
    areaCode: r.areaCode,
    areaName,
    week: r.week,
    summary: r.summary,
    reporterName: r.reporterName,
    version: r.version,
    submittedAt: r.submittedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    editable: weekState(r.week, now) === 'open',
    signalCount: signals.length,
    maxGrade: maxGradeOf(signals),
  };
}

/** Signals at or above the policy's grade raise their warning once (dedup key per signal). */
async function raiseForSignals(tx: Db, ctx: AppContext, actor: Actor, policy: WarningPolicy, report: ReportRow, signals: SignalRow[]) {
  for (const s of signals) {
    if (gradeRank(s.grade as RiskGrade) < gradeRank(policy.signalMinGrade)) continue;
    const label = SIGNAL_CATEGORY_LABEL[s.category as SignalCategory] ?? s.category;
    await raiseWarning(tx, ctx, actor, policy, {
      dedupKey: `signal:${s.id}`,
      source: 'signal',
      signalId: s.id,
      areaCode: s.areaCode,
      grade: s.grade as RiskGrade,
      category: s.category,
      title: `${label}：${s.description.slice(0, 40)}`,
      detail: s.description,
      links: [
        { type: 'signal', id: s.id, label: `${report.week} 一周一结风险信号` },
        { type: 'report', id: report.id, label: `${report.week} 一周一结` },
      ],
    });
  }
}

function signalValues(report: ReportRow, s: SignalInput, now: Date) {
  return {
    reportId: report.id,
    areaCode: report.areaCode,
    week: report.week,
    category: s.category,
    grade: s.grade,
    description: s.description,
    location: s.location ?? null,
    lng: s.lng ?? null,
    lat: s.lat ?? null,
    updatedAt: now,
  };
}

export async function createReport(ctx: AppContext, actor: Actor, body: CreateReportBody) {
  const now = ctx.clock();
  checkWeek(body.week, now);
  assertTargetInScope(actor, body.gridCode, 'gridCode');
  const [grid] = await ctx.db.select({ code: areas.code, level: areas.level, status: areas.status }).from(areas).where(eq(areas.code, body.gridCode)).limit(1);
  if (grid?.level !== 'grid' || grid.status !== 'active') throw new AppError('RISK_NOT_GRID', { field: 'gridCode' });
  if (body.signals.some((s) => s.id !== undefined)) throw new AppError('VALIDATION_FAILED', { field: 'signals' });
  const policy = await loadPolicy(ctx.db);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [report] = await tx
      .insert(riskWeeklyReports)
      .values({ areaCode: body.gridCode, week: body.week, summary: body.summary, reporterId: actor.userId, reporterName: actor.displayName, submittedAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!report) throw new AppError('RISK_REPORT_EXISTS', { field: 'week' });
    const signals = body.signals.length
      ? await tx.insert(riskSignals).values(body.signals.map((s) => ({ ...signalValues(report, s, now), createdAt: now }))).returning()
      : [];
    await raiseForSignals(tx, ctx, actor, policy, report, signals);
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'risk.report.create',
        targetType: 'risk_weekly_report',
        targetId: report.id,
        areaCode: report.areaCode,
        detail: { week: report.week, signals: signals.length },
      },
      now,
    );
    return { id: report.id, version: report.version, signalIds: signals.map((s) => s.id) };
  });
}

async function loadReport(db: Db, actor: Actor, id: number): Promise<ReportRow> {
  const [r] = await db.select().from(riskWeeklyReports).where(and(eq(riskWeeklyReports.id, id), areaScope(actor, riskWeeklyReports.areaCode))).limit(1);
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}

export async function updateReport(ctx: AppContext, actor: Actor, id: number, body: UpdateReportBody) {
  const now = ctx.clock();
  const report = await loadReport(ctx.db, actor, id);
  checkWeek(report.week, now);
  const policy = await loadPolicy(ctx.db);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [updated] = await tx
      .update(riskWeeklyReports)
      .set({ summary: body.summary ?? report.summary, updatedAt: now, version: sql`${riskWeeklyReports.version} + 1` })
      .where(and(eq(riskWeeklyReports.id, id), eq(riskWeeklyReports.version, body.version)))
      .returning();
    if (!updated) throw new AppError('VERSION_CONFLICT');
    let touched: SignalRow[] = [];
    if (body.signals) {
      const existing = await tx.select().from(riskSignals).where(eq(riskSignals.reportId, id));
      const keep = new Set(body.signals.filter((s) => s.id !== undefined).map((s) => s.id!));
      if ([...keep].some((sid) => !existing.some((e) => e.id === sid))) throw new AppError('VALIDATION_FAILED', { field: 'signals' });
      const gone = existing.filter((e) => !keep.has(e.id));
      const warned = await warningIdsBySignal(tx, gone.map((g) => g.id));
      if (gone.some((g) => g.caseId !== null || warned.has(g.id))) throw new AppError('RISK_SIGNAL_LINKED', { field: 'signals' });
      if (gone.length) await tx.delete(riskSignals).where(inArray(riskSignals.id, gone.map((g) => g.id)));
      for (const s of body.signals) {
        if (s.id !== undefined) {
          const [row] = await tx.update(riskSignals).set(signalValues(report, s, now)).where(eq(riskSignals.id, s.id)).returning();
          touched.push(row);
        } else {
          const [row] = await tx.insert(riskSignals).values({ ...signalValues(report, s, now), createdAt: now }).returning();
          touched.push(row);
        }
      }
      await raiseForSignals(tx, ctx, actor, policy, updated, touched);
    } else touched = [];
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'risk.report.update',
        targetType: 'risk_weekly_report',
        targetId: id,
        areaCode: report.areaCode,
        detail: { week: report.week, signals: body.signals ? touched.length : null },
      },
      now,
    );
    return { id, version: updated.version };
  });
}

export async function getReport(ctx: AppContext, actor: Actor, id: number) {
  const report = await loadReport(ctx.db, actor, id);
  const signals = await ctx.db.select().from(riskSignals).where(eq(riskSignals.reportId, id)).orderBy(asc(riskSignals.id));
  const warned = await warningIdsBySignal(ctx.db, signals.map((s) => s.id));
  const [area] = await ctx.db.select({ name: areas.name }).from(areas).where(eq(areas.code, report.areaCode)).limit(1);
  return { ...reportView(report, area?.name ?? null, signals, ctx.clock()), signals: signals.map((s) => signalView(s, warned.get(s.id) ?? null)) };
}

export async function listReports(ctx: AppContext, actor: Actor, q: z.infer<typeof reportListQuery>) {
  const where = and(areaFilter(actor, riskWeeklyReports.areaCode, q.area), q.week ? eq(riskWeeklyReports.week, q.week) : undefined);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ r: riskWeeklyReports, areaName: areas.name })
      .from(riskWeeklyReports)
      .leftJoin(areas, eq(areas.code, riskWeeklyReports.areaCode))
      .where(where)
      .orderBy(desc(riskWeeklyReports.week), asc(riskWeeklyReports.areaCode))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(riskWeeklyReports).where(where),
  ]);
  const ids = rows.map((r) => r.r.id);
  const grades = ids.length ? await ctx.db.select({ reportId: riskSignals.reportId, grade: riskSignals.grade }).from(riskSignals).where(inArray(riskSignals.reportId, ids)) : [];
  const now = ctx.clock();
  return {
    items: rows.map((r) => reportView(r.r, r.areaName, grades.filter((g) => g.reportId === r.r.id), now)),
    total: Number(total?.n ?? 0),
  };
}

/** Grids in the area (inside the actor's scope) without a report for the week: the default week is the last closed-by-Monday one. */
export async function missingReports(ctx: AppContext, actor: Actor, q: z.infer<typeof missingQuery>) {
  const now = ctx.clock();
  const week = q.week ?? isoWeekOf(new Date(now.getTime() - 7 * 86_400_000));
  const gridWhere = and(eq(areas.level, 'grid'), eq(areas.status, 'active'), areaFilter(actor, areas.code, q.area));
  const filed = ctx.db.select({ code: riskWeeklyReports.areaCode }).from(riskWeeklyReports).where(eq(riskWeeklyReports.week, week));
  const [all] = await ctx.db.select({ n: count() }).from(areas).where(gridWhere);
  const missing = await ctx.db
    .select({ code: areas.code, name: areas.name, parentCode: areas.parentCode })
    .from(areas)
    .where(and(gridWhere, sql`${areas.code} NOT IN (${filed})`))
    .orderBy(asc(areas.code))
    .limit(2000);
  const workers = missing.length
    ? await ctx.db
        .select({ displayName: users.displayName, scopes: users.scopes })
        .from(users)
        .where(and(eq(users.status, 'active'), sql`${users.roles} @> '["grid_worker"]'::jsonb`))
    : [];
  const grids = Number(all?.n ?? 0);
  return {
    week,
    grids,
    filed: grids - missing.length,
    items: missing.map((m) => ({ ...m, workers: workers.filter((w) => w.scopes.includes(m.code)).map((w) => w.displayName) })),
    total: missing.length,
  };
}

export async function listSignals(ctx: AppContext, actor: Actor, q: z.infer<typeof signalListQuery>) {
  const where = and(
    areaFilter(actor, riskSignals.areaCode, q.area),
    q.week ? eq(riskSignals.week, q.week) : undefined,
    q.grade ? eq(riskSignals.grade, q.grade) : undefined,
    q.category ? eq(riskSignals.category, q.category) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(riskSignals)
      .where(where)
      .orderBy(desc(riskSignals.createdAt), desc(riskSignals.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(riskSignals).where(where),
  ]);
  const warned = await warningIdsBySignal(ctx.db, rows.map((s) => s.id));
  return { items: rows.map((s) => signalView(s, warned.get(s.id) ?? null)), total: Number(total?.n ?? 0) };
}

/** One step from a signal to a case: the case is created and the signal (and its warning) link it, in one transaction. */
export async function convertSignal(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof convertSignalBody>) {
  const [signal] = await ctx.db.select().from(riskSignals).where(and(eq(riskSignals.id, id), areaScope(actor, riskSignals.areaCode))).limit(1);
  if (!signal) throw new AppError('NOT_FOUND');
  assertInScope(actor, signal.areaCode);
  if (signal.caseId !== null) throw new AppError('RISK_SIGNAL_CONVERTED');
  let categoryCode = body.categoryCode;
  if (!categoryCode && body.to === 'event') categoryCode = SIGNAL_EVENT_CATEGORY[signal.category as SignalCategory] ?? 'other';
  if (!categoryCode) {
    const [first] = await ctx.db
      .select({ code: caseCategories.code })
      .from(caseCategories)
      .where(and(eq(caseCategories.kind, body.to), eq(caseCategories.active, true)))
      .orderBy(asc(caseCategories.sortOrder))
      .limit(1);
    categoryCode = first?.code ?? 'other';
  }
  const label = SIGNAL_CATEGORY_LABEL[signal.category as SignalCategory] ?? signal.category;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const created = await createCase({ ...ctx, db: tx }, actor, {
      kind: body.to,
      title: body.title ?? `${label}：${signal.description.slice(0, 40)}`,
      description: signal.description,
      categoryCode,
      lng: signal.lng ?? undefined,
      lat: signal.lat ?? undefined,
      address: signal.location ?? undefined,
      areaCode: signal.lng === null ? signal.areaCode : undefined,
      people: [],
      source: 'grid',
      urgent: signal.grade === 'red',
    });
    const [linked] = await tx
      .update(riskSignals)
      .set({ caseId: created.id, updatedAt: ctx.clock() })
      .where(and(eq(riskSignals.id, id), sql`${riskSignals.caseId} IS NULL`))
      .returning({ id: riskSignals.id });
    if (!linked) throw new AppError('RISK_SIGNAL_CONVERTED');
    await tx
      .update(riskWarnings)
      .set({
        links: sql`${riskWarnings.links} || ${JSON.stringify([{ type: 'case', id: created.id, label: created.number }])}::jsonb`,
        version: sql`${riskWarnings.version} + 1`,
        updatedAt: ctx.clock(),
      })
      .where(eq(riskWarnings.signalId, id));
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'risk.signal.convert',
        targetType: 'risk_signal',
        targetId: id,
        areaCode: signal.areaCode,
        detail: { caseId: created.id, kind: body.to },
      },
      ctx.clock(),
    );
    return { caseId: created.id, number: created.number };
  });
}

