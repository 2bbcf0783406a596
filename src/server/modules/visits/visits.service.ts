/**
 * 入户走访 and 平安夜访 (DESIGN §7): visit records, the due/overdue follow-ups of special populations per
 * responsible person, campaigns of evening visits and the figures the reports quote (户数, 人次).
 */
import { and, asc, count, desc, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { SpecialCategory } from '../../../domain/people/categories';
import { addDays, daysOverdue, dueAfterVisit, policyFor } from '../../../domain/people/visit-policy';
import { type Actor, areaFilter, assertInScope, assertTargetInScope, inScope, prefixRange } from '../../platform/access';
import { recordAudit, recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, helperTeamMembers, households, specialPersons, users, visitCampaigns, visits } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { readStoredFile, storeCheckedFile, storedFileExists } from '../../platform/uploads';
import { createCase } from '../cases/cases.service';
import { areaNames, auditBy, existingGrids } from '../people/people.shared';
import { loadVisibleSpecial, presentSpecial, visibleSpecial } from '../people/special.service';
import { loadPolicies } from './visit-policies.service';

type VisitRow = typeof visits.$inferSelect;

export type VisitInput = {
  householdId?: number | null;
  areaCode?: string | null;
  specialPersonId?: number | null;
  campaignId?: number | null;
  visitedAt?: string;
  peopleMet?: number;
  personIds?: number[];
  findings?: string | null;
  photos?: string[];
  location?: { lat: number; lng: number } | null;
};

/** A visit to a special-population person is as sensitive as the record it follows up. */
function visibleVisit(actor: Actor): SQL {
  return sql`(${visits.specialPersonId} IS NULL OR EXISTS (SELECT 1 FROM ${specialPersons} WHERE ${specialPersons.id} = ${visits.specialPersonId} AND ${visibleSpecial(actor)}))`;
}

async function loadCampaign(db: Db, actor: Actor, id: number) {
  const [c] = await db.select().from(visitCampaigns).where(eq(visitCampaigns.id, id)).limit(1);
  if (!c) throw new AppError('NOT_FOUND', { field: 'campaignId' });
  // participants see the campaign they were scheduled for even when it spans a wider area
  if (!inScope(actor, c.areaCode) && !c.participantIds.includes(actor.userId)) throw new AppError('NOT_FOUND', { field: 'campaignId' });
  return c;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export async function createVisit(ctx: AppContext, actor: Actor, input: VisitInput): Promise<{ id: number; nextVisitDue: string | null }> {
  const now = ctx.clock();
  const visitedAt = input.visitedAt ? new Date(input.visitedAt) : now;
  if (Number.isNaN(visitedAt.getTime())) throw new AppError('VALIDATION_FAILED', { field: 'visitedAt' });
  if (visitedAt.getTime() > now.getTime() + 5 * 60_000) throw new AppError('VISIT_IN_FUTURE', { field: 'visitedAt' });

  let areaCode: string | null = null;
  let householdId: number | null = null;
  let special: Awaited<ReturnType<typeof loadVisibleSpecial>> | null = null;
  if (input.specialPersonId) {
    special = await loadVisibleSpecial(ctx.db, actor, input.specialPersonId);
    areaCode = special.areaCode;
  }
  if (input.householdId) {
    const [h] = await ctx.db.select().from(households).where(eq(households.id, input.householdId)).limit(1);
    if (!h) throw new AppError('NOT_FOUND', { field: 'householdId' });
    assertInScope(actor, h.areaCode);
    householdId = h.id;
    areaCode ??= h.areaCode;
  }
  if (!areaCode) {
    if (!input.areaCode) throw new AppError('FIELD_REQUIRED', { field: 'areaCode', message: '请选择走访的户或网格' });
    const ok = await existingGrids(ctx.db, [input.areaCode]);
    if (!ok.has(input.areaCode)) throw new AppError('BAD_AREA_CODE', { field: 'areaCode', message: '网格不存在' });
    assertTargetInScope(actor, input.areaCode, 'areaCode');
    areaCode = input.areaCode;
  }
  if (input.campaignId) {
    const c = await loadCampaign(ctx.db, actor, input.campaignId);
    const day = dayOf(visitedAt);
    if (day < c.startDate || day > c.endDate || !areaCode.startsWith(c.areaCode)) {
      throw new AppError('CAMPAIGN_NOT_ACTIVE', { field: 'campaignId' });
    }
  }
  // photos named at creation are files uploaded before (their SHA-256), never free text
  for (const sha of input.photos ?? []) if (!storedFileExists(ctx, sha)) throw new AppError('VISIT_PHOTO_UNKNOWN', { field: 'photos' });
  const policies = special ? await loadPolicies(ctx.db) : [];
  return ctx.db.transaction(async (tx) => {
    const [v] = await tx
      .insert(visits)
      .values({
        areaCode: areaCode!,
        householdId,
        specialPersonId: special?.id ?? null,
        campaignId: input.campaignId ?? null,
        visitedAt,
        visitorId: actor.userId,
        visitorName: actor.displayName,
        peopleMet: input.peopleMet ?? 1,
        personIds: input.personIds ?? [],
        findings: input.findings ?? null,
        photos: input.photos ?? [],
        lat: input.location?.lat ?? null,
        lng: input.location?.lng ?? null,
        createdAt: now,
      })
      .returning({ id: visits.id });
    let nextVisitDue: Date | null = null;
    if (special && (!special.lastVisitAt || visitedAt >= special.lastVisitAt)) {
      const policy = policyFor(policies, special.category as SpecialCategory, special.riskLevel);
      nextVisitDue = dueAfterVisit(visitedAt, policy.intervalDays);
      await tx
        .update(specialPersons)
        .set({ lastVisitAt: visitedAt, nextVisitDue, updatedAt: now, version: sql`${specialPersons.version} + 1` })
        .where(eq(specialPersons.id, special.id));
    }
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'visit.create',
        targetType: 'visit',
        targetId: v.id,
        areaCode,
        detail: { householdId, specialPersonId: special?.id ?? null, campaignId: input.campaignId ?? null },
      },
      now,
    );
    return { id: v.id, nextVisitDue: nextVisitDue?.toISOString() ?? null };
  });
}

/** A visit the actor may see (its special person's sensitivity included) and that lies in their scope, or 404. */
async function loadScopedVisit(db: Db, actor: Actor, visitId: number): Promise<VisitRow> {
  const [v] = await db.select().from(visits).where(and(eq(visits.id, visitId), visibleVisit(actor))).limit(1);
  if (!v || !inScope(actor, v.areaCode)) throw new AppError('NOT_FOUND');
  return v;
}

export const MAX_VISIT_PHOTOS = 20;

/**
 * A photo of a visit (JPG or PNG, ≤ 5 MB): stored once under its SHA-256 like case attachments, listed on the visit
 * in the order taken; the same photo twice is kept once. The visit row and the audit record change together.
 */
export async function addVisitPhoto(ctx: AppContext, actor: Actor, visitId: number, body: { mime: string; dataBase64: string }) {
  const v = await loadScopedVisit(ctx.db, actor, visitId);
  if (v.photos.length >= MAX_VISIT_PHOTOS) throw new AppError('VISIT_PHOTOS_FULL', { field: 'dataBase64' });
  const file = storeCheckedFile(ctx, body, ['image/jpeg', 'image/png'], 'VISIT_PHOTO_TYPE');
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // appended in the statement itself, so two uploads at once both stay
    const [row] = await tx
      .update(visits)
      .set({ photos: sql`CASE WHEN ${visits.photos} @> ${JSON.stringify([file.sha256])}::jsonb THEN ${visits.photos} ELSE ${visits.photos} || ${JSON.stringify([file.sha256])}::jsonb END` })
      .where(and(eq(visits.id, v.id), sql`jsonb_array_length(${visits.photos}) < ${MAX_VISIT_PHOTOS}`))
      .returning({ photos: visits.photos });
    if (!row) throw new AppError('VISIT_PHOTOS_FULL', { field: 'dataBase64' });
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'visit.photo', targetType: 'visit', targetId: v.id, areaCode: v.areaCode, detail: { sha256: file.sha256, size: file.size } },
      now,
    );
    return { sha256: file.sha256, mime: file.mime, size: file.size, photos: row.photos };
  });
}

/** A visit's photo, for whoever may see the visit; every read is audited (the photos show people's homes). */
export async function readVisitPhoto(ctx: AppContext, actor: Actor, visitId: number, sha256: string) {
  const v = await loadScopedVisit(ctx.db, actor, visitId);
  if (!v.photos.includes(sha256)) throw new AppError('NOT_FOUND');
  const stored = readStoredFile(ctx, sha256);
  if (!stored?.mime) throw new AppError('NOT_FOUND');
  await recordAuditAlone(ctx.db, { ...auditBy(actor), action: 'visit.photo.read', targetType: 'visit', targetId: v.id, areaCode: v.areaCode, detail: { sha256 } });
  return { mime: stored.mime, data: stored.data };
}

/**
 * A finding becomes an event (or a dispute) in one step: the case engine files it with the visit's grid and
 * place as source 'visit', and the visit keeps the link. Names of special-population persons never travel.
 */
export async function reportVisitFinding(
  ctx: AppContext,
  actor: Actor,
  visitId: number,
  input: { kind: 'event' | 'dispute'; categoryCode: string; title: string; description?: string; grade?: 'routine' | 'key' | 'hard'; urgent?: boolean },
): Promise<{ caseId: number; number: string }> {
  const [v] = await ctx.db.select().from(visits).where(and(eq(visits.id, visitId), visibleVisit(actor))).limit(1);
  if (!v) throw new AppError('NOT_FOUND');
  assertInScope(actor, v.areaCode);
  if (v.caseId) throw new AppError('VISIT_ALREADY_REPORTED');
  const created = await createCase(ctx, actor, {
    kind: input.kind,
    categoryCode: input.categoryCode,
    title: input.title,
    description: input.description ?? (v.specialPersonId ? '' : (v.findings ?? '')),
    grade: input.grade,
    areaCode: v.areaCode,
    people: [],
    source: 'visit',
    urgent: input.urgent ?? false,
  });
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const linked = await tx
      .update(visits)
      .set({ caseId: created.id })
      .where(and(eq(visits.id, visitId), isNull(visits.caseId)))
      .returning({ id: visits.id });
    if (!linked[0]) throw new AppError('VISIT_ALREADY_REPORTED');
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'visit.report_case', targetType: 'visit', targetId: visitId, areaCode: v.areaCode, detail: { caseId: created.id } },
      now,
    );
  });
  return { caseId: created.id, number: created.number };
}

async function presentVisits(db: Db, rows: VisitRow[]) {
  const names = await areaNames(
    db,
    rows.map((r) => r.areaCode),
  );
  const hhIds = [...new Set(rows.map((r) => r.householdId).filter((x): x is number => x !== null))];
  const hh = hhIds.length
    ? await db.select({ id: households.id, no: households.householdNo }).from(households).where(inArray(households.id, hhIds))
    : [];
  const nos = new Map(hh.map((h) => [h.id, h.no]));
  return rows.map((v) => ({
    id: v.id,
    areaCode: v.areaCode,
    areaName: names.get(v.areaCode) ?? null,
    householdId: v.householdId,
    householdNo: v.householdId ? (nos.get(v.householdId) ?? null) : null,
    specialPersonId: v.specialPersonId,
    campaignId: v.campaignId,
    visitedAt: v.visitedAt.toISOString(),
    visitorId: v.visitorId,
    visitorName: v.visitorName,
    peopleMet: v.peopleMet,
    findings: v.findings,
    photos: v.photos,
    lat: v.lat,
    lng: v.lng,
    caseId: v.caseId,
  }));
}

export type VisitQuery = {
  page: number;
  pageSize: number;
  area?: string;
  from?: string;
  to?: string;
  householdId?: number;
  specialPersonId?: number;
  campaignId?: number;
  mine?: '1' | '0';
};

function periodConds(from?: string, to?: string): SQL[] {
  const conds: SQL[] = [];
  if (from) conds.push(gte(visits.visitedAt, new Date(`${from}T00:00:00+08:00`)));
  if (to) conds.push(lt(visits.visitedAt, addDays(new Date(`${to}T00:00:00+08:00`), 1)));
  return conds;
}

export async function listVisits(ctx: AppContext, actor: Actor, q: VisitQuery) {
  const conds: SQL[] = [areaFilter(actor, visits.areaCode, q.area), visibleVisit(actor), ...periodConds(q.from, q.to)];
  if (q.householdId) conds.push(eq(visits.householdId, q.householdId));
  if (q.specialPersonId) conds.push(eq(visits.specialPersonId, q.specialPersonId));
  if (q.campaignId) conds.push(eq(visits.campaignId, q.campaignId));
  if (q.mine === '1') conds.push(eq(visits.visitorId, actor.userId));
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(visits)
      .where(where)
      .orderBy(desc(visits.visitedAt), desc(visits.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(visits).where(where),
  ]);
  return { items: await presentVisits(ctx.db, rows), total: Number(total[0]?.n ?? 0) };
}

/**
 * Follow-ups due within `withinDays` or overdue. `mine`: records whose helper team includes the actor;
 * `area`: every record the actor may see in their scope.
 */
export async function dueVisits(
  ctx: AppContext,
  actor: Actor,
  q: { scope: 'mine' | 'area'; withinDays: number; area?: string; page: number; pageSize: number },
) {
  const now = ctx.clock();
  const conds: SQL[] = [
    visibleSpecial(actor),
    areaFilter(actor, specialPersons.areaCode, q.area),
    eq(specialPersons.status, 'active'),
    lte(specialPersons.nextVisitDue, addDays(now, q.withinDays)),
  ];
  if (q.scope === 'mine') {
    conds.push(
      sql`EXISTS (SELECT 1 FROM ${helperTeamMembers} WHERE ${helperTeamMembers.specialPersonId} = ${specialPersons.id} AND ${helperTeamMembers.userId} = ${actor.userId})`,
    );
  }
  const where = and(...conds);
  const [rows, total, overdue] = await Promise.all([
    ctx.db
      .select()
      .from(specialPersons)
      .where(where)
      .orderBy(asc(specialPersons.nextVisitDue), asc(specialPersons.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(specialPersons).where(where),
    ctx.db
      .select({ n: count() })
      .from(specialPersons)
      .where(and(where, lt(specialPersons.nextVisitDue, now))),
  ]);
  const views = await presentSpecial(ctx.db, rows, now);
  const ids = rows.map((r) => r.id);
  const team = ids.length
    ? await ctx.db
        .select({ sp: helperTeamMembers.specialPersonId, role: helperTeamMembers.role, name: helperTeamMembers.name, userId: helperTeamMembers.userId })
        .from(helperTeamMembers)
        .where(inArray(helperTeamMembers.specialPersonId, ids))
    : [];
  return {
    total: Number(total[0]?.n ?? 0),
    overdue: Number(overdue[0]?.n ?? 0),
    items: views.map((v, i) => {
      const members = team.filter((m) => m.sp === v.id);
      return {
        ...v,
        daysOverdue: rows[i].nextVisitDue ? daysOverdue(rows[i].nextVisitDue!, now) : 0,
        responsible: members.filter((m) => m.role === 'grid_worker' || m.role === 'village_cadre').map((m) => m.name),
        myRoles: members.filter((m) => m.userId === actor.userId).map((m) => m.role),
      };
    }),
  };
}

/**
 * 走访户数 and 人次 per grid and period, as the seeds count them ("入户走访859户、1900余人次"): households
 * are counted once per grid and period however often they were visited; person-visits add up people met.
 */
export async function visitStats(ctx: AppContext, actor: Actor, q: { area?: string; from?: string; to?: string }) {
  const grid = sql<string>`substr(${visits.areaCode}, 1, 15)`;
  const where = and(areaFilter(actor, visits.areaCode, q.area), ...periodConds(q.from, q.to));
  const rows = await ctx.db
    .select({
      grid,
      visits: count(),
      households: sql<number>`count(DISTINCT ${visits.householdId})`,
      personVisits: sql<number>`coalesce(sum(${visits.peopleMet}), 0)`,
      specialVisits: sql<number>`count(${visits.specialPersonId})`,
      campaignVisits: sql<number>`count(${visits.campaignId})`,
    })
    .from(visits)
    .where(where)
    .groupBy(grid)
    .orderBy(grid);
  const [totals] = await ctx.db
    .select({
      visits: count(),
      households: sql<number>`count(DISTINCT ${visits.householdId})`,
      personVisits: sql<number>`coalesce(sum(${visits.peopleMet}), 0)`,
      specialVisits: sql<number>`count(${visits.specialPersonId})`,
      campaignVisits: sql<number>`count(${visits.campaignId})`,
    })
    .from(visits)
    .where(where);
  const names = await areaNames(
    ctx.db,
    rows.map((r) => r.grid),
  );
  const gridHouseholds = rows.length
    ? await ctx.db
        .select({ code: areas.code, households: areas.households })
        .from(areas)
        .where(inArray(
          areas.code,
          rows.map((r) => r.grid),
        ))
    : [];
  const hhOf = new Map(gridHouseholds.map((g) => [g.code, g.households]));
  const num = (x: unknown) => Number(x ?? 0);
  return {
    area: q.area ?? null,
    from: q.from ?? null,
    to: q.to ?? null,
    totals: {
      visits: num(totals?.visits),
      households: num(totals?.households),
      personVisits: num(totals?.personVisits),
      specialVisits: num(totals?.specialVisits),
      campaignVisits: num(totals?.campaignVisits),
    },
    items: rows.map((r) => ({
      gridCode: r.grid,
      gridName: names.get(r.grid) ?? null,
      visits: num(r.visits),
      households: num(r.households),
      personVisits: num(r.personVisits),
      specialVisits: num(r.specialVisits),
      campaignVisits: num(r.campaignVisits),
      gridHouseholds: num(hhOf.get(r.grid)),
    })),
  };
}

// ---------------------------------------------------------------- 平安夜访 campaigns

export type CampaignInput = {
  name: string;
  areaCode: string;
  weekday: number;
  startTime?: string;
  startDate: string;
  endDate: string;
  participantIds: number[];
  targetHouseholds?: number | null;
};

export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignInput): Promise<{ id: number }> {
  const now = ctx.clock();
  const [a] = await ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.code, input.areaCode)).limit(1);
  if (!a) throw new AppError('BAD_AREA_CODE', { field: 'areaCode', message: '区域不存在' });
  assertTargetInScope(actor, input.areaCode, 'areaCode');
  if (input.endDate < input.startDate) throw new AppError('VALIDATION_FAILED', { field: 'endDate', message: '结束日期不能早于开始日期' });
  const ids = [...new Set(input.participantIds)];
  const found = ids.length ? await ctx.db.select({ id: users.id, scopes: users.scopes }).from(users).where(inArray(users.id, ids)) : [];
  for (const id of ids) {
    const u = found.find((f) => f.id === id);
    // a cadre takes part in an area they work in (their scope overlaps it)
    if (!u?.scopes.some((s) => s.startsWith(input.areaCode) || input.areaCode.startsWith(s))) {
      throw new AppError('VALIDATION_FAILED', { field: 'participantIds', message: '参加人员须为该区域的干部或网格员' });
    }
  }
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(visitCampaigns)
      .values({
        name: input.name,
        areaCode: input.areaCode,
        weekday: input.weekday,
        startTime: input.startTime ?? '19:30',
        startDate: input.startDate,
        endDate: input.endDate,
        participantIds: ids,
        targetHouseholds: input.targetHouseholds ?? null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning({ id: visitCampaigns.id });
    const weekday = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'][input.weekday];
    await notify(
      tx,
      ids.map((userId) => ({
        userId,
        kind: 'visit_campaign',
        title: `平安夜访：${input.name}`,
        body: `${input.startDate}至${input.endDate}，每${weekday}${input.startTime ?? '19:30'}开展入户夜访。`,
        link: `/console/people/campaigns/${c.id}`,
        areaCode: input.areaCode,
      })),
      now,
    );
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'visit_campaign.create',
        targetType: 'visit_campaign',
        targetId: c.id,
        areaCode: input.areaCode,
        detail: { participants: ids.length },
      },
      now,
    );
    return { id: c.id };
  });
}

/** Scheduled evenings between the start and min(end, today). */
export function sessionsSoFar(c: { weekday: number; startDate: string; endDate: string }, now: Date): number {
  const today = dayOf(now);
  const end = [c.endDate, today].sort()[0];
  let n = 0;
  for (let d = new Date(`${c.startDate}T00:00:00Z`); dayOf(d) <= end; d = addDays(d, 1)) if (d.getUTCDay() === c.weekday) n++;
  return n;
}

export async function listCampaigns(ctx: AppContext, actor: Actor, q: { area?: string; page: number; pageSize: number }) {
  const now = ctx.clock();
  const mine = sql`${visitCampaigns.participantIds} @> ${JSON.stringify([actor.userId])}::jsonb`;
  const where = or(areaFilter(actor, visitCampaigns.areaCode, q.area), q.area ? and(mine, prefixRange(visitCampaigns.areaCode, q.area)) : mine);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(visitCampaigns)
      .where(where)
      .orderBy(desc(visitCampaigns.startDate), desc(visitCampaigns.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(visitCampaigns).where(where),
  ]);
  return { total: Number(total[0]?.n ?? 0), items: await summariseCampaigns(ctx.db, rows, now) };
}

type CampaignRow = typeof visitCampaigns.$inferSelect;

async function summariseCampaigns(db: Db, rows: CampaignRow[], now: Date) {
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db
        .select({
          id: visits.campaignId,
          visits: count(),
          households: sql<number>`count(DISTINCT ${visits.householdId})`,
          personVisits: sql<number>`coalesce(sum(${visits.peopleMet}), 0)`,
          evenings: sql<number>`count(DISTINCT to_char((${visits.visitedAt} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD'))`,
        })
        .from(visits)
        .where(inArray(visits.campaignId, ids))
        .groupBy(visits.campaignId)
    : [];
  const names = await areaNames(
    db,
    rows.map((r) => r.areaCode),
  );
  return rows.map((c) => {
    const k = counts.find((x) => x.id === c.id);
    return {
      id: c.id,
      name: c.name,
      areaCode: c.areaCode,
      areaName: names.get(c.areaCode) ?? null,
      weekday: c.weekday,
      startTime: c.startTime,
      startDate: c.startDate,
      endDate: c.endDate,
      participantIds: c.participantIds,
      targetHouseholds: c.targetHouseholds,
      sessionsScheduled: sessionsSoFar(c, now),
      eveningsWithVisits: Number(k?.evenings ?? 0),
      visits: Number(k?.visits ?? 0),
      households: Number(k?.households ?? 0),
      personVisits: Number(k?.personVisits ?? 0),
    };
  });
}

export async function getCampaign(ctx: AppContext, actor: Actor, id: number) {
  const c = await loadCampaign(ctx.db, actor, id);
  const per = await ctx.db
    .select({
      visitorId: visits.visitorId,
      visitorName: visits.visitorName,
      visits: count(),
      households: sql<number>`count(DISTINCT ${visits.householdId})`,
      personVisits: sql<number>`coalesce(sum(${visits.peopleMet}), 0)`,
    })
    .from(visits)
    .where(eq(visits.campaignId, id))
    .groupBy(visits.visitorId, visits.visitorName);
  const people = c.participantIds.length
    ? await ctx.db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, c.participantIds))
    : [];
  const [summary] = await summariseCampaigns(ctx.db, [c], ctx.clock());
  return {
    ...summary,
    participants: people.map((p) => {
      const k = per.find((x) => x.visitorId === p.id);
      return {
        userId: p.id,
        displayName: p.displayName,
        visits: Number(k?.visits ?? 0),
        households: Number(k?.households ?? 0),
        personVisits: Number(k?.personVisits ?? 0),
      };
    }),
  };
}

