/** Case verbs besides perform(): report, read, list, counts, duplicates, attachments, public tracking. */
import path from 'node:path';
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { CaseListItem, CaseView, CreateCaseBody, Desk, ListCasesQuery } from '../../../contracts/cases';
import { caseNumber, numberArea, numberDay } from '../../../domain/cases/case-number';
import { DEADLINE_STATE_LABEL, STEP_LABEL, deadlineState } from '../../../domain/cases/deadline';
import type { DeadlineStep } from '../../../domain/cases/engine';
import { nextActions } from '../../../domain/cases/engine';
import { kindOf } from '../../../domain/cases/kinds';
import { DUPLICATE_RADIUS_M, DUPLICATE_WINDOW_DAYS, degreeBox, duplicateScore } from '../../../domain/cases/similarity';
import {
  type CaseStatus,
  DISPATCH_ROLE_LABEL,
  type DispatchRole,
  GRADE_LABEL,
  type Grade,
  OPEN_STATUSES,
  STATUS_LABEL,
  TIER_LABEL,
  type Tier,
} from '../../../domain/cases/types';
import { maskPhone } from '../../../domain/id-card';
import { type Actor, assertTargetInScope, hasRole, prefixRange } from '../../platform/access';
import { recordAudit, recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt, searchHash } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import {
  areas,
  caseAttachments,
  caseCategories,
  caseCounters,
  caseSupervisions,
  caseTimeline,
  cases,
  departments,
} from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { MAX_UPLOAD_BYTES, readStoredFile, storeCheckedFile, uploadsDir } from '../../platform/uploads';
import { gridsNear, locateGrid } from '../areas/grid-index';
import { emitCaseChange } from './case-events';
import { ensureCaseCategories, intakePolicy } from './case-policy.service';
import {
  type CaseRow,
  actorFactsOf,
  centreTierOf,
  factsOf,
  loadLive,
  loadVisibleCase,
  startClock,
  tierOfArea,
  tokenize,
  visibleTo,
} from './case-support';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const OPEN = OPEN_STATUSES as CaseStatus[];

/** The tier a new report starts at: the reporter's own level for staff, the place's level otherwise. */
function initialTier(actor: Actor, areaCode: string): Tier {
  if (hasRole(actor, 'center_staff')) return centreTierOf(actor, areaCode) ?? 'town';
  if (hasRole(actor, 'village_cadre')) return 'village';
  if (hasRole(actor, 'grid_worker')) return 'grid';
  const t = tierOfArea(areaCode);
  return t === 'county' ? 'town' : t;
}

async function resolveArea(ctx: AppContext, actor: Actor, body: CreateCaseBody): Promise<string> {
  if (body.lng !== undefined && body.lat !== undefined) {
    const grid = await locateGrid(ctx, body.lng, body.lat);
    if (grid) {
      // a located place outside the reporter's scope is refused, never silently filed elsewhere
      assertTargetInScope(actor, grid.code, 'lng');
      return grid.code;
    }
  }
  if (body.areaCode) {
    assertTargetInScope(actor, body.areaCode, 'areaCode');
    const [a] = await ctx.db.select({ code: areas.code }).from(areas).where(eq(areas.code, body.areaCode)).limit(1);
    if (!a) throw new AppError('BAD_AREA_CODE', { field: 'areaCode' });
    return a.code;
  }
  // without a location: the reporter's own grid or community
  const own = actor.scopes.find((s) => s.length >= 12);
  if (own) return own;
  throw new AppError(body.lng !== undefined ? 'CASE_LOCATION_OUTSIDE' : 'CASE_AREA_REQUIRED', { field: 'areaCode' });
}

/** Next number of the day for a kind and town: a counter row updated inside the creating transaction. */
export async function nextSequence(tx: Db, prefix: string, areaCode: string, at: Date): Promise<number> {
  const [row] = await tx
    .insert(caseCounters)
    .values({ prefix, area: numberArea(areaCode), day: numberDay(at), value: 1 })
    .onConflictDoUpdate({
      target: [caseCounters.prefix, caseCounters.area, caseCounters.day],
      set: { value: sql`${caseCounters.value} + 1` },
    })
    .returning({ value: caseCounters.value });
  return row.value;
}

export type DuplicateView = {
  id: number;
  number: string;
  title: string;
  status: string;
  createdAt: string;
  distanceM: number | null;
  similarity: number;
};

/** Beyond this many grids near a report, the duplicate search takes the report's town instead of a list of grids. */
const DUPLICATE_MAX_GRIDS = 64;

async function findDuplicates(ctx: AppContext, actor: Actor, subject: CaseRow): Promise<DuplicateView[]> {
  const since = new Date(subject.createdAt.getTime() - DUPLICATE_WINDOW_DAYS * 86_400_000);
  const conds: SQL[] = [
    ne(cases.id, subject.id),
    eq(cases.kind, subject.kind),
    inArray(cases.status, OPEN),
    gte(cases.createdAt, since),
    visibleTo(actor),
  ];
  if (subject.categoryCode) conds.push(eq(cases.categoryCode, subject.categoryCode));
  if (subject.lng !== null && subject.lat !== null) {
    const box = degreeBox(subject.lat, DUPLICATE_RADIUS_M);
    // candidates come from the grids around the place (index ranges of kind, status, area), not from everything the
    // reporter may see: a city centre's search otherwise read every open case of its town or city for each report
    const near = await gridsNear(ctx, {
      minLng: subject.lng - box.dLng,
      minLat: subject.lat - box.dLat,
      maxLng: subject.lng + box.dLng,
      maxLat: subject.lat + box.dLat,
    });
    const areasNear = [...new Set([...near, subject.areaCode])];
    conds.push(
      areasNear.length <= DUPLICATE_MAX_GRIDS || subject.areaCode.length < 9
        ? inArray(cases.areaCode, areasNear)
        : prefixRange(cases.areaCode, subject.areaCode.slice(0, 9)),
    );
    conds.push(
      or(
        and(
          gte(cases.lat, subject.lat - box.dLat),
          lte(cases.lat, subject.lat + box.dLat),
          gte(cases.lng, subject.lng - box.dLng),
          lte(cases.lng, subject.lng + box.dLng),
        )!,
        and(sql`${cases.lat} IS NULL`, eq(cases.areaCode, subject.areaCode))!,
      )!,
    );
  } else conds.push(eq(cases.areaCode, subject.areaCode));
  const rows = await ctx.db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      status: cases.status,
      createdAt: cases.createdAt,
      lng: cases.lng,
      lat: cases.lat,
      areaCode: cases.areaCode,
      tokens: cases.tokens,
    })
    .from(cases)
    .where(and(...conds))
    .orderBy(desc(cases.createdAt))
    .limit(200);
  const tokens = subject.tokens.split(' ').filter(Boolean);
  const out: DuplicateView[] = [];
  for (const r of rows) {
    const score = duplicateScore(
      { lng: subject.lng, lat: subject.lat, areaCode: subject.areaCode, tokens },
      { id: r.id, lng: r.lng, lat: r.lat, areaCode: r.areaCode, tokens: r.tokens.split(' ').filter(Boolean) },
    );
    if (score) out.push({ id: r.id, number: r.number, title: r.title, status: r.status, createdAt: r.createdAt.toISOString(), ...score });
  }
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, 10);
}

/** What a kind's own module adds to a new case: its side-table rows, written in the creating transaction. */
export type CreateCaseHooks = { afterInsert?: (tx: Db, row: CaseRow, now: Date) => Promise<void>; reporterId?: number | null };

export async function createCase(
  ctx: AppContext,
  actor: Actor,
  body: CreateCaseBody,
  hooks: CreateCaseHooks = {},
): Promise<{ id: number; number: string; status: string; version: number; duplicates: DuplicateView[] }> {
  const kind = kindOf(body.kind);
  if (!kind) throw new AppError('CASE_KIND_UNKNOWN', { field: 'kind' });
  const catKey = `${body.kind}:${body.categoryCode}`;
  let policy = await intakePolicy(ctx);
  if (!policy.activeCategories.has(catKey)) {
    // not in the snapshot: a category just added elsewhere, or a database whose code tables are not there yet
    await ensureCaseCategories(ctx.db);
    policy = await intakePolicy(ctx);
  }
  if (!policy.activeCategories.has(catKey)) throw new AppError('CASE_CATEGORY_UNKNOWN', { field: 'categoryCode' });
  const areaCode = await resolveArea(ctx, actor, body);
  const now = ctx.clock();
  const grade: Grade = body.grade ?? 'routine';
  const rules = policy.rules;
  const source = body.source ?? (hasRole(actor, 'resident') ? 'resident' : hasRole(actor, 'center_staff') ? 'intake' : 'grid');
  const created = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const seq = await nextSequence(tx, kind.numberPrefix, areaCode, now);
    const number = caseNumber(kind.numberPrefix, areaCode, now, seq);
    const [row] = await tx
      .insert(cases)
      .values({
        number,
        kind: kind.kind,
        status: 'reported',
        areaCode,
        tier: initialTier(actor, areaCode),
        grade,
        categoryCode: body.categoryCode,
        title: body.title,
        description: body.description,
        tokens: tokenize(`${body.title} ${body.description}`).join(' '),
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        address: body.address ?? null,
        people: body.people,
        source,
        urgent: body.urgent,
        reporterId: hooks.reporterId === undefined ? actor.userId : hooks.reporterId,
        reporterName: body.reporterName ?? actor.displayName,
        reporterPhoneEnc: body.reporterPhone ? encrypt(body.reporterPhone) : null,
        reporterPhoneHash: body.reporterPhone ? searchHash(body.reporterPhone) : null,
        ...startClock(rules, kind.kind, grade, kind.initialStep, now),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(caseTimeline).values({
      caseId: row.id,
      at: now,
      actorId: actor.userId,
      actorName: actor.displayName,
      action: 'report',
      toStatus: 'reported',
      text: `${actor.displayName}上报${kind.label}：${body.title}`,
      publicText: '您反映的问题已提交，等待受理',
    });
    await hooks.afterInsert?.(tx, row, now);
    await emitCaseChange(tx, row, { action: 'report', from: null, to: 'reported', at: now });
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'case.report',
        targetType: 'case',
        targetId: row.id,
        areaCode,
        detail: { number, kind: kind.kind, category: body.categoryCode },
      },
      now,
    );
    return row;
  });
  const duplicates = await findDuplicates(ctx, actor, created);
  return { id: created.id, number: created.number, status: created.status, version: created.version, duplicates };
}

function deadlineOf(row: CaseRow, now: Date) {
  const running = OPEN.includes(row.status as CaseStatus);
  if (!running || (!row.dueAt && !row.pausedRemaining)) return null;
  const step = (row.dueStep ?? row.pausedRemaining?.step ?? 'handle') as DeadlineStep;
  const state = deadlineState(now, row.warnAt, row.dueAt);
  return {
    step,
    stepLabel: STEP_LABEL[step] ?? step,
    startedAt: iso(row.dueStartedAt),
    warnAt: iso(row.warnAt),
    dueAt: iso(row.dueAt),
    state,
    stateLabel: state ? DEADLINE_STATE_LABEL[state] : null,
    paused: !row.dueAt && !!row.pausedRemaining,
  };
}

function listItem(row: CaseRow, now: Date): CaseListItem {
  const open = OPEN.includes(row.status as CaseStatus);
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    statusLabel: STATUS_LABEL[row.status as CaseStatus] ?? row.status,
    version: row.version,
    areaCode: row.areaCode,
    tier: row.tier,
    grade: row.grade,
    gradeLabel: GRADE_LABEL[row.grade as Grade] ?? row.grade,
    categoryCode: row.categoryCode,
    title: row.title,
    urgent: row.urgent,
    createdAt: row.createdAt.toISOString(),
    dueAt: iso(row.dueAt),
    deadlineState: open ? deadlineState(now, row.warnAt, row.dueAt) : null,
    ownerLeaderId: row.ownerLeaderId,
  };
}

export async function getCase(ctx: AppContext, actor: Actor, id: number): Promise<CaseView> {
  const row = await loadVisibleCase(ctx.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const kind = kindOf(row.kind);
  const { dispatches, requests, volunteerId } = await loadLive(ctx.db, id);
  const [attachments, supervisions, depts, cat, merged] = await Promise.all([
    ctx.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, id)).orderBy(asc(caseAttachments.id)),
    ctx.db.select().from(caseSupervisions).where(eq(caseSupervisions.caseId, id)).orderBy(asc(caseSupervisions.id)),
    dispatches.length
      ? ctx.db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, dispatches.map((d) => d.departmentId)))
      : Promise.resolve([]),
    row.categoryCode ? ctx.db.select().from(caseCategories).where(eq(caseCategories.code, row.categoryCode)).limit(1) : Promise.resolve([]),
    row.mergedIntoId ? ctx.db.select({ id: cases.id, number: cases.number }).from(cases).where(eq(cases.id, row.mergedIntoId)).limit(1) : Promise.resolve([]),
  ]);
  const now = ctx.clock();
  const facts = factsOf(row, dispatches, requests, volunteerId);
  const actorFacts = actorFactsOf(actor, row, dispatches);
  let phone: string | null = null;
  if (row.reporterPhoneEnc) {
    try {
      phone = maskPhone(decrypt(row.reporterPhoneEnc));
    } catch {
      phone = '***';
    }
  }
  return {
    ...listItem(row, now),
    kindLabel: kind?.label ?? row.kind,
    description: row.description,
    categoryName: cat[0]?.name ?? null,
    tierLabel: TIER_LABEL[row.tier as Tier] ?? row.tier,
    resolvedTier: row.resolvedTier,
    resolvedLocally: row.resolvedLocally,
    lng: row.lng,
    lat: row.lat,
    address: row.address,
    people: row.people,
    source: row.source,
    reporterId: row.reporterId,
    reporterName: row.reporterName,
    reporterPhone: phone,
    mergedInto: merged[0] ?? null,
    deadline: deadlineOf(row, now),
    overdueCount: row.overdueCount,
    reworkCount: row.reworkCount,
    reopenCount: row.reopenCount,
    rating: row.rating,
    ratingComment: row.ratingComment,
    acceptedAt: iso(row.acceptedAt),
    handledAt: iso(row.handledAt),
    closedAt: iso(row.closedAt),
    nextActions: kind ? nextActions(kind, facts, actorFacts) : [],
    dispatches: dispatches.map((d) => ({
      id: d.id,
      departmentId: d.departmentId,
      departmentName: depts.find((x) => x.id === d.departmentId)?.name ?? '',
      role: d.role as DispatchRole,
      roleLabel: DISPATCH_ROLE_LABEL[d.role as DispatchRole] ?? d.role,
      status: d.status,
      round: d.round,
      dispatchedAt: d.dispatchedAt.toISOString(),
      ackDueAt: iso(d.ackDueAt),
      acknowledgedAt: iso(d.acknowledgedAt),
      returnedAt: iso(d.returnedAt),
      returnReason: d.returnReason,
      returnJudgement: d.returnJudgement,
      handledAt: iso(d.handledAt),
      feedback: d.feedback,
    })),
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      takenAt: iso(a.takenAt),
      lng: a.lng,
      lat: a.lat,
      createdAt: a.createdAt.toISOString(),
    })),
    requests: requests.map((r) => ({
      id: r.id,
      kind: r.kind as 'extension' | 'pause' | 'reopen',
      status: r.status,
      days: r.days,
      reason: r.reason,
      requestedAt: r.requestedAt.toISOString(),
      decidedAt: iso(r.decidedAt),
      decisionReason: r.decisionReason,
    })),
    supervisions: supervisions.map((s) => ({
      id: s.id,
      kind: s.kind,
      byUserId: s.byUserId,
      targetArea: s.targetArea,
      note: s.note,
      dueAt: iso(s.dueAt),
      createdAt: s.createdAt.toISOString(),
      resolvedAt: iso(s.resolvedAt),
    })),
  };
}

/** Staff read the full timeline; a reporter who is not staff on the case reads the plain-word entries. */
export async function getTimeline(ctx: AppContext, actor: Actor, id: number) {
  const row = await loadVisibleCase(ctx.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const { dispatches } = await loadLive(ctx.db, id);
  const roles = actorFactsOf(actor, row, dispatches).caseRoles;
  const plain = roles.every((r) => r === 'reporter');
  const rows = await ctx.db.select().from(caseTimeline).where(eq(caseTimeline.caseId, id)).orderBy(asc(caseTimeline.at), asc(caseTimeline.id));
  const items = rows
    .filter((r) => !plain || r.publicText !== null)
    .map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      action: r.action,
      actorName: plain ? null : r.actorName,
      fromStatus: r.fromStatus,
      toStatus: r.toStatus,
      text: plain ? (r.publicText ?? '') : r.text,
    }));
  return { items, total: items.length };
}

export async function caseDuplicates(ctx: AppContext, actor: Actor, id: number) {
  const row = await loadVisibleCase(ctx.db, actor, id);
  if (!row) throw new AppError('NOT_FOUND');
  const items = await findDuplicates(ctx, actor, row);
  return { items, total: items.length };
}

function deptDesk(actor: Actor, cond: SQL): SQL {
  if (actor.departmentId === null) return sql`false`;
  return sql`${cases.id} IN (SELECT d.case_id FROM case_dispatches d WHERE d.department_id = ${actor.departmentId} AND ${cond})`;
}

export function deskPredicate(actor: Actor, desk: Desk, now: Date): SQL {
  switch (desk) {
    case 'intake':
      return inArray(cases.status, ['reported', 'escalated', 'transferred']);
    case 'dispatch':
      return inArray(cases.status, ['accepted', 'returned']);
    case 'in_progress':
      return inArray(cases.status, ['assigned', 'in_progress', 'suspended']);
    case 'verify':
      return eq(cases.status, 'handled');
    case 'overdue':
      return and(inArray(cases.status, OPEN), lt(cases.dueAt, now))!;
    case 'dept_pending':
      return deptDesk(actor, sql`d.status = 'active' AND d.acknowledged_at IS NULL`);
    case 'dept_doing':
      return deptDesk(actor, sql`d.status = 'active' AND d.acknowledged_at IS NOT NULL AND d.handled_at IS NULL`);
    case 'dept_returned':
      return deptDesk(actor, sql`d.returned_at IS NOT NULL`);
    case 'leader_owned':
      return eq(cases.ownerLeaderId, actor.userId);
    case 'leader_supervised':
      return sql`${cases.id} IN (SELECT s.case_id FROM case_supervisions s WHERE s.kind = 'supervise' AND s.resolved_at IS NULL)`;
    case 'mine':
      return eq(cases.reporterId, actor.userId);
  }
}

/** Beyond this many matches a list says "超过 10000 件" instead of counting them all. */
export const LIST_TOTAL_CAP = 10_000;

export async function listCases(ctx: AppContext, actor: Actor, q: ListCasesQuery) {
  const now = ctx.clock();
  const conds: SQL[] = [visibleTo(actor)];
  if (q.kind) conds.push(eq(cases.kind, q.kind));
  if (q.status) conds.push(inArray(cases.status, q.status.split(',').map((s) => s.trim()).filter(Boolean)));
  if (q.area) conds.push(prefixRange(cases.areaCode, q.area));
  if (q.level) conds.push(eq(cases.grade, q.level));
  if (q.category) conds.push(eq(cases.categoryCode, q.category));
  if (q.q) conds.push(or(sql`${cases.title} ILIKE ${`%${q.q}%`}`, eq(cases.number, q.q))!);
  if (q.deadline === 'red') conds.push(and(inArray(cases.status, OPEN), lt(cases.dueAt, now))!);
  if (q.deadline === 'yellow') conds.push(and(inArray(cases.status, OPEN), gte(cases.dueAt, now), lte(cases.warnAt, now))!);
  if (q.desk) conds.push(deskPredicate(actor, q.desk, now));
  const where = and(...conds);
  const [rows, counted] = await Promise.all([
    ctx.db
      .select()
      .from(cases)
      .where(where)
      .orderBy(desc(cases.createdAt), desc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    // counting stops after LIST_TOTAL_CAP + 1 rows: an exact total of a city's closed cases costs a scan of them all
    ctx.db
      .select({ n: count() })
      .from(ctx.db.select({ one: sql`1`.as('one') }).from(cases).where(where).limit(LIST_TOTAL_CAP + 1).as('capped')),
  ]);
  const n = Number(counted[0]?.n ?? 0);
  return { items: rows.map((r) => listItem(r, now)), total: Math.min(n, LIST_TOTAL_CAP), totalCapped: n > LIST_TOTAL_CAP };
}

/** The desks that matter to the actor's roles, for the menu badges. */
export function desksFor(actor: Actor): Desk[] {
  const out = new Set<Desk>();
  if (hasRole(actor, 'center_staff')) for (const d of ['intake', 'dispatch', 'in_progress', 'verify', 'overdue'] as Desk[]) out.add(d);
  if (hasRole(actor, 'grid_worker', 'village_cadre')) for (const d of ['intake', 'overdue', 'mine'] as Desk[]) out.add(d);
  if (hasRole(actor, 'dept_staff')) for (const d of ['dept_pending', 'dept_doing', 'dept_returned'] as Desk[]) out.add(d);
  if (hasRole(actor, 'leader')) for (const d of ['leader_owned', 'leader_supervised', 'overdue'] as Desk[]) out.add(d);
  out.add('mine');
  return [...out];
}

/** Desk tabs count up to this many cases (the tab badge shows 999+ from there). */
export const DESK_COUNT_CAP = 1000;

export async function deskCounts(ctx: AppContext, actor: Actor): Promise<Record<string, number>> {
  const now = ctx.clock();
  const desks = desksFor(actor);
  // one indexed count per desk (open statuses, reporter, owner): a single FILTER pass would read every visible case,
  // a million of them for a city's centre, on every page of the console
  // and each stops at DESK_COUNT_CAP: the tabs show "999+" beyond it
  const cols = desks.map(
    (d, i) =>
      sql`(SELECT count(*) FROM (SELECT 1 FROM ${cases} WHERE ${visibleTo(actor)} AND ${deskPredicate(actor, d, now)} LIMIT ${DESK_COUNT_CAP}) AS x) AS ${sql.raw(`d${i}`)}`,
  );
  const res = (await ctx.db.execute(sql`SELECT ${sql.join(cols, sql`, `)}`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  const first = res.rows[0] ?? {};
  return Object.fromEntries(desks.map((d, i) => [d, Number(first[`d${i}`] ?? 0)]));
}

/** Public progress view by number and phone: plain words only, nothing about other people. */
export async function trackCase(ctx: AppContext, number: string, phone: string) {
  const [row] = await ctx.db.select().from(cases).where(eq(cases.number, number)).limit(1);
  if (!row?.reporterPhoneHash || row.reporterPhoneHash !== searchHash(phone)) throw new AppError('CASE_TRACK_NOT_FOUND');
  let shown = row;
  if (row.mergedIntoId) {
    const [target] = await ctx.db.select().from(cases).where(eq(cases.id, row.mergedIntoId)).limit(1);
    if (target) shown = target;
  }
  const ids = shown.id === row.id ? [row.id] : [row.id, shown.id];
  const rows = await ctx.db
    .select()
    .from(caseTimeline)
    .where(and(inArray(caseTimeline.caseId, ids), isNotNull(caseTimeline.publicText)))
    .orderBy(asc(caseTimeline.at), asc(caseTimeline.id));
  return {
    number: row.number,
    title: row.title,
    status: shown.status,
    statusLabel: STATUS_LABEL[shown.status as CaseStatus] ?? shown.status,
    createdAt: row.createdAt.toISOString(),
    timeline: rows.map((r) => ({ at: r.at.toISOString(), text: r.publicText ?? '' })),
  };
}

// —— attachments

export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES;
export { uploadsDir };

export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  body: { filename: string; mime: string; dataBase64: string; takenAt?: string; lng?: number; lat?: number },
) {
  const row = await loadVisibleCase(ctx.db, actor, caseId);
  if (!row) throw new AppError('NOT_FOUND');
  return attachToCase(ctx, actor, row, body);
}

/** Stores a checked file (size, magic bytes, SHA-256) on a case the caller has already found and may attach to. */
export async function attachToCase(
  ctx: AppContext,
  actor: Actor,
  row: CaseRow,
  body: { filename: string; mime: string; dataBase64: string; takenAt?: string; lng?: number; lat?: number },
) {
  const caseId = row.id;
  const { sha256, mime: detected, size } = storeCheckedFile(ctx, body, ['image/jpeg', 'image/png', 'application/pdf']);
  const buf = { length: size };
  const now = ctx.clock();
  const filename = path.basename(body.filename).replace(/[\r\n"]/g, '_');
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [a] = await tx
      .insert(caseAttachments)
      .values({
        caseId,
        filename,
        mime: detected,
        size: buf.length,
        sha256,
        takenAt: body.takenAt ? new Date(body.takenAt) : null,
        lng: body.lng ?? null,
        lat: body.lat ?? null,
        uploadedBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await tx.insert(caseTimeline).values({
      caseId,
      at: now,
      actorId: actor.userId,
      actorName: actor.displayName,
      action: 'attach',
      text: `上传${detected === 'application/pdf' ? '文件' : '照片'} ${filename}`,
      publicText: null,
    });
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'case.attach', targetType: 'case', targetId: caseId, areaCode: row.areaCode, detail: { attachmentId: a.id, sha256, size: buf.length } },
      now,
    );
    return { id: a.id, filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, takenAt: iso(a.takenAt), lng: a.lng, lat: a.lat, createdAt: a.createdAt.toISOString() };
  });
}

export async function readAttachment(ctx: AppContext, actor: Actor, caseId: number, attachmentId: number) {
  const row = await loadVisibleCase(ctx.db, actor, caseId);
  if (!row) throw new AppError('NOT_FOUND');
  const [a] = await ctx.db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, caseId)))
    .limit(1);
  if (!a) throw new AppError('NOT_FOUND');
  const stored = readStoredFile(ctx, a.sha256);
  if (!stored) throw new AppError('NOT_FOUND');
  await recordAuditAlone(ctx.db, {
    actorId: actor.userId,
    actorName: actor.username,
    ip: actor.ip,
    action: 'case.attachment.read',
    targetType: 'case',
    targetId: caseId,
    areaCode: row.areaCode,
    detail: { attachmentId },
  });
  return { filename: a.filename, mime: a.mime, data: stored.data };
}
