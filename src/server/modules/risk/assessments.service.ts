/** 社会稳定风险评估 (稳评): the record of a major decision's or project's assessment, per area and year. */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  ASSESSMENT_DECISION_LABEL,
  ASSESSMENT_LEVEL_LABEL,
  type CreateAssessmentBody,
  type UpdateAssessmentBody,
  type assessmentListQuery,
} from '../../../contracts/risk';
import { chinaDate } from '../../../domain/cases/deadline';
import { type Actor, areaFilter, areaScope, assertTargetInScope } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, riskAssessments } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { iso } from './risk.shared';

type Row = typeof riskAssessments.$inferSelect;

function view(r: Row, areaName: string | null) {
  return {
    id: r.id,
    areaCode: r.areaCode,
    areaName,
    year: r.year,
    title: r.title,
    matterType: r.matterType,
    owner: r.owner,
    assessor: r.assessor,
    assessorType: r.assessorType,
    risks: r.risks,
    level: r.level,
    levelLabel: r.level ? (ASSESSMENT_LEVEL_LABEL[r.level] ?? r.level) : null,
    measures: r.measures,
    decision: r.decision,
    decisionLabel: r.decision ? (ASSESSMENT_DECISION_LABEL[r.decision] ?? r.decision) : null,
    decidedAt: iso(r.decidedAt),
    documents: r.documents,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listAssessments(ctx: AppContext, actor: Actor, q: z.infer<typeof assessmentListQuery>) {
  const where = and(areaFilter(actor, riskAssessments.areaCode, q.area), q.year ? eq(riskAssessments.year, q.year) : undefined);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ r: riskAssessments, areaName: areas.name })
      .from(riskAssessments)
      .leftJoin(areas, eq(areas.code, riskAssessments.areaCode))
      .where(where)
      .orderBy(desc(riskAssessments.year), desc(riskAssessments.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(riskAssessments).where(where),
  ]);
  return { items: rows.map((x) => view(x.r, x.areaName)), total: Number(total?.n ?? 0) };
}

async function load(db: Db, actor: Actor, id: number) {
  const [x] = await db
    .select({ r: riskAssessments, areaName: areas.name })
    .from(riskAssessments)
    .leftJoin(areas, eq(areas.code, riskAssessments.areaCode))
    .where(and(eq(riskAssessments.id, id), areaScope(actor, riskAssessments.areaCode)))
    .limit(1);
  if (!x) throw new AppError('NOT_FOUND');
  return x;
}

export async function getAssessment(ctx: AppContext, actor: Actor, id: number) {
  const x = await load(ctx.db, actor, id);
  return view(x.r, x.areaName);
}

export async function createAssessment(ctx: AppContext, actor: Actor, body: CreateAssessmentBody) {
  assertTargetInScope(actor, body.areaCode, 'areaCode');
  const [area] = await ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.code, body.areaCode)).limit(1);
  if (!area) throw new AppError('BAD_AREA_CODE', { field: 'areaCode' });
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(riskAssessments)
      .values({
        ...body,
        year: body.year ?? Number(chinaDate(now).slice(0, 4)),
        documents: body.documents.map((d) => ({ name: d.name, url: d.url ?? null })),
        decidedAt: body.decision ? now : null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'risk.assessment.create',
        targetType: 'risk_assessment',
        targetId: row.id,
        areaCode: row.areaCode,
        detail: { level: row.level, decision: row.decision },
      },
      now,
    );
    return { id: row.id, version: row.version };
  });
}

export async function updateAssessment(ctx: AppContext, actor: Actor, id: number, body: UpdateAssessmentBody) {
  const { r } = await load(ctx.db, actor, id);
  const now = ctx.clock();
  const { version, documents, ...fields } = body;
  const decisionChanged = body.decision !== undefined && body.decision !== r.decision;
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .update(riskAssessments)
      .set({
        ...fields,
        ...(documents ? { documents: documents.map((d) => ({ name: d.name, url: d.url ?? null })) } : {}),
        ...(decisionChanged ? { decidedAt: body.decision ? now : null } : {}),
        updatedAt: now,
        version: sql`${riskAssessments.version} + 1`,
      })
      .where(and(eq(riskAssessments.id, id), eq(riskAssessments.version, version)))
      .returning();
    if (!row) throw new AppError('VERSION_CONFLICT');
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'risk.assessment.update',
        targetType: 'risk_assessment',
        targetId: id,
        areaCode: r.areaCode,
        detail: { fields: Object.keys(fields).concat(documents ? ['documents'] : []), decision: row.decision },
      },
      now,
    );
    return { id, version: row.version };
  });
}
