/**
 * 重点人群: special-population records, their helper teams (五帮一) and the visit plan that follows category
 * and risk level. Visibility is decided by the access module (specialPopulationScope): out-of-sight records
 * answer 404 exactly like missing ones and never appear in lists.
 */
import { and, asc, count, desc, eq, ilike, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { type HelperMemberInput, SPECIAL_DETAILS, type SpecialPersonView } from '../../../contracts/people';
import { maskPhone } from '../../../domain/id-card';
import { HELPER_ROLE_LABEL, type HelperRole, SPECIAL_CATEGORY_LABEL, type SpecialCategory } from '../../../domain/people/categories';
import { addDays, dueAfterChange, dueStatus, MAX_RISK_LEVEL, policyFor } from '../../../domain/people/visit-policy';
import { type Actor, areaFilter, assertInScope, can, canSeeSpecialPopulation, specialPopulationScope } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { helperTeamMembers, persons, specialPersons, users, visits } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { loadPolicies } from '../visits/visit-policies.service';
import { areaNames, auditBy, iso } from './people.shared';

type SpecialRow = typeof specialPersons.$inferSelect;

const onTeam = (userId: number): SQL =>
  sql`EXISTS (SELECT 1 FROM ${helperTeamMembers} WHERE ${helperTeamMembers.specialPersonId} = ${specialPersons.id} AND ${helperTeamMembers.userId} = ${userId})`;

/** The predicate every special-population query adds. */
export function visibleSpecial(actor: Actor): SQL {
  return specialPopulationScope(actor, specialPersons.areaCode, onTeam);
}

async function isTeamMember(db: Db, specialPersonId: number, userId: number): Promise<boolean> {
  const rows = await db
    .select({ id: helperTeamMembers.id })
    .from(helperTeamMembers)
    .where(and(eq(helperTeamMembers.specialPersonId, specialPersonId), eq(helperTeamMembers.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

/** Loads one record the actor may see, or answers 404. */
export async function loadVisibleSpecial(db: Db, actor: Actor, id: number): Promise<SpecialRow> {
  const [r] = await db.select().from(specialPersons).where(eq(specialPersons.id, id)).limit(1);
  if (!r) throw new AppError('NOT_FOUND');
  const member = await isTeamMember(db, id, actor.userId);
  if (!canSeeSpecialPopulation(actor, r.areaCode, member)) throw new AppError('NOT_FOUND');
  return r;
}

export async function presentSpecial(
  db: Db,
  rows: SpecialRow[],
  now: Date,
): Promise<SpecialPersonView[]> {
  const personIds = [...new Set(rows.map((r) => r.personId))];
  const ps = personIds.length
    ? await db
        .select({ id: persons.id, name: persons.name, idCardMasked: persons.idCardMasked })
        .from(persons)
        .where(inArray(persons.id, personIds))
    : [];
  const byId = new Map(ps.map((p) => [p.id, p]));
  const names = await areaNames(
    db,
    rows.map((r) => r.areaCode),
  );
  return rows.map((r) => ({
    id: r.id,
    personId: r.personId,
    personName: byId.get(r.personId)?.name ?? '',
    idCardMasked: byId.get(r.personId)?.idCardMasked ?? null,
    areaCode: r.areaCode,
    areaName: names.get(r.areaCode) ?? null,
    category: r.category,
    categoryLabel: SPECIAL_CATEGORY_LABEL[r.category as SpecialCategory] ?? r.category,
    riskLevel: r.riskLevel,
    status: r.status,
    lastVisitAt: iso(r.lastVisitAt),
    nextVisitDue: iso(r.nextVisitDue),
    dueStatus: r.status === 'active' && r.nextVisitDue ? dueStatus(r.nextVisitDue, now) : null,
    version: r.version,
  }));
}

export type SpecialQuery = {
  page: number;
  pageSize: number;
  area?: string;
  category?: SpecialCategory;
  riskLevel?: number;
  due?: 'overdue' | 'due_soon';
  q?: string;
  status?: 'active' | 'closed';
};

export async function listSpecial(ctx: AppContext, actor: Actor, q: SpecialQuery) {
  const now = ctx.clock();
  const conds: SQL[] = [visibleSpecial(actor), areaFilter(actor, specialPersons.areaCode, q.area)];
  conds.push(eq(specialPersons.status, q.status ?? 'active'));
  if (q.category) conds.push(eq(specialPersons.category, q.category));
  if (q.riskLevel !== undefined) conds.push(eq(specialPersons.riskLevel, q.riskLevel));
  if (q.due === 'overdue') conds.push(sql`${specialPersons.nextVisitDue} < ${now}`);
  if (q.due === 'due_soon') conds.push(lte(specialPersons.nextVisitDue, addDays(now, 3)));
  if (q.q) {
    conds.push(
      sql`EXISTS (SELECT 1 FROM ${persons} WHERE ${persons.id} = ${specialPersons.personId} AND ${ilike(persons.name, `%${q.q}%`)})`,
    );
  }
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(specialPersons)
      .where(where)
      .orderBy(asc(specialPersons.nextVisitDue), asc(specialPersons.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(specialPersons).where(where),
  ]);
  return { items: await presentSpecial(ctx.db, rows, now), total: Number(total[0]?.n ?? 0) };
}

async function teamOf(db: Db, specialPersonId: number) {
  const rows = await db
    .select()
    .from(helperTeamMembers)
    .where(eq(helperTeamMembers.specialPersonId, specialPersonId))
    .orderBy(asc(helperTeamMembers.id));
  return rows.map((m) => ({
    id: m.id,
    role: m.role,
    roleLabel: HELPER_ROLE_LABEL[m.role as HelperRole] ?? m.role,
    name: m.name,
    userId: m.userId,
    phoneMasked: m.phoneMasked,
  }));
}

export async function getSpecial(ctx: AppContext, actor: Actor, id: number) {
  const now = ctx.clock();
  const r = await loadVisibleSpecial(ctx.db, actor, id);
  const [view] = await presentSpecial(ctx.db, [r], now);
  const policies = await loadPolicies(ctx.db);
  const policy = policyFor(policies, r.category as SpecialCategory, r.riskLevel);
  const recent = await ctx.db
    .select()
    .from(visits)
    .where(eq(visits.specialPersonId, id))
    .orderBy(desc(visits.visitedAt))
    .limit(20);
  return {
    ...view,
    details: r.details,
    note: r.note,
    policy: { intervalDays: policy.intervalDays, notifyPolice: policy.notifyPolice, referral: policy.referral, note: policy.note ?? null },
    team: await teamOf(ctx.db, id),
    visits: recent.map((v) => ({
      id: v.id,
      visitedAt: v.visitedAt.toISOString(),
      visitorName: v.visitorName,
      peopleMet: v.peopleMet,
      findings: v.findings,
    })),
  };
}

function checkDetails(category: SpecialCategory, details: unknown): Record<string, unknown> {
  const parsed = SPECIAL_DETAILS[category].safeParse(details ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['details', ...issue.path.map(String)].join('.');
    throw new AppError('VALIDATION_FAILED', { field, message: `${SPECIAL_CATEGORY_LABEL[category]}信息有误：${field} ${issue.message}` });
  }
  return parsed.data;
}

function checkRisk(level: number) {
  if (!Number.isInteger(level) || level < 0 || level > MAX_RISK_LEVEL) {
    throw new AppError('VALIDATION_FAILED', { field: 'riskLevel', message: '风险等级应为0-5级' });
  }
}

async function checkTeam(db: Db, actor: Actor, members: HelperMemberInput[]) {
  const ids = [...new Set(members.map((m) => m.userId).filter((x): x is number => !!x))];
  if (ids.length === 0) return;
  const found = await db.select({ id: users.id, scopes: users.scopes }).from(users).where(inArray(users.id, ids));
  for (const id of ids) {
    const u = found.find((f) => f.id === id);
    // a linked member must be a user the actor can reach: one whose area overlaps the actor's
    if (!u?.scopes.some((s) => actor.scopes.some((a) => s.startsWith(a) || a.startsWith(s)))) {
      throw new AppError('NOT_FOUND', { field: 'team.userId', message: '帮扶成员关联的用户不存在' });
    }
  }
}

function teamRows(specialPersonId: number, members: HelperMemberInput[], now: Date) {
  return members.map((m) => ({
    specialPersonId,
    role: m.role,
    name: m.name,
    userId: m.userId ?? null,
    phoneMasked: m.phone ? maskPhone(m.phone) : null,
    createdAt: now,
  }));
}

/** Tells the police members of the team (and records why) when a person enters a band that asks for it. */
async function notifyPolice(tx: Db, r: { id: number; areaCode: string; category: string }, level: number, referral: boolean, now: Date) {
  const police = await tx
    .select({ userId: helperTeamMembers.userId })
    .from(helperTeamMembers)
    .where(and(eq(helperTeamMembers.specialPersonId, r.id), eq(helperTeamMembers.role, 'police')));
  const label = SPECIAL_CATEGORY_LABEL[r.category as SpecialCategory] ?? r.category;
  await notify(
    tx,
    police
      .filter((p): p is { userId: number } => p.userId !== null)
      .map((p) => ({
        userId: p.userId,
        kind: 'special_population.risk',
        title: `重点人员风险等级升至${level}级，请协助随访`,
        body: `${label}(编号${r.id})风险等级为${level}级，须2周内随访${referral ? '，并已转诊上报' : ''}。`,
        link: `/console/people/special/${r.id}`,
        areaCode: r.areaCode,
      })),
    now,
  );
  return police.length;
}

export async function createSpecial(
  ctx: AppContext,
  actor: Actor,
  input: { personId: number; category: SpecialCategory; riskLevel?: number; details?: unknown; team?: HelperMemberInput[]; note?: string },
): Promise<{ id: number; nextVisitDue: string }> {
  const now = ctx.clock();
  const [p] = await ctx.db.select().from(persons).where(eq(persons.id, input.personId)).limit(1);
  if (!p) throw new AppError('NOT_FOUND', { field: 'personId' });
  assertInScope(actor, p.areaCode);
  const level = input.riskLevel ?? 0;
  checkRisk(level);
  const details = checkDetails(input.category, input.details);
  const team = input.team ?? [];
  await checkTeam(ctx.db, actor, team);
  const policies = await loadPolicies(ctx.db);
  const policy = policyFor(policies, input.category, level);
  const due = dueAfterChange({ changedAt: now, oldIntervalDays: null, newIntervalDays: policy.intervalDays, previousDue: null, lastVisitAt: null });
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(specialPersons)
      .values({
        personId: p.id,
        areaCode: p.areaCode,
        category: input.category,
        riskLevel: level,
        details,
        note: input.note ?? null,
        nextVisitDue: due,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: specialPersons.id });
    if (!inserted[0]) throw new AppError('SPECIAL_PERSON_EXISTS', { field: 'category' });
    const id = inserted[0].id;
    if (team.length) await tx.insert(helperTeamMembers).values(teamRows(id, team, now));
    if (policy.notifyPolice) await notifyPolice(tx, { id, areaCode: p.areaCode, category: input.category }, level, policy.referral, now);
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'special_person.create',
        targetType: 'special_person',
        targetId: id,
        areaCode: p.areaCode,
        detail: { category: input.category, riskLevel: level, team: team.length },
      },
      now,
    );
    return { id, nextVisitDue: due.toISOString() };
  });
}

/**
 * Changes risk level, details, note or status. A change of risk level recomputes the next due date at once
 * and, entering a band that asks for it (3–5 for 精神障碍), notifies the police member of the helper team.
 */
export async function updateSpecial(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { version: number; riskLevel?: number; details?: unknown; note?: string | null; status?: 'active' | 'closed'; reason?: string },
): Promise<{ version: number; nextVisitDue: string | null; policeNotified: number }> {
  const now = ctx.clock();
  const r = await loadVisibleSpecial(ctx.db, actor, id);
  // a grid worker on the team records what they see; closing a record is the centre's decision
  if (input.status !== undefined && !can(actor, 'sensitive')) throw new AppError('FORBIDDEN', { field: 'status' });
  const category = r.category as SpecialCategory;
  const set: Partial<typeof specialPersons.$inferInsert> = { updatedAt: now };
  if (input.details !== undefined) set.details = checkDetails(category, input.details);
  if (input.note !== undefined) set.note = input.note;
  if (input.status !== undefined) set.status = input.status;
  const policies = await loadPolicies(ctx.db);
  const oldPolicy = policyFor(policies, category, r.riskLevel);
  let newPolicy = oldPolicy;
  const levelChanged = input.riskLevel !== undefined && input.riskLevel !== r.riskLevel;
  if (input.riskLevel !== undefined) {
    checkRisk(input.riskLevel);
    set.riskLevel = input.riskLevel;
    newPolicy = policyFor(policies, category, input.riskLevel);
  }
  if (levelChanged) {
    set.nextVisitDue = dueAfterChange({
      changedAt: now,
      oldIntervalDays: oldPolicy.intervalDays,
      newIntervalDays: newPolicy.intervalDays,
      previousDue: r.nextVisitDue,
      lastVisitAt: r.lastVisitAt,
    });
  }
  if (input.status === 'active' && r.status !== 'active' && !levelChanged) {
    set.nextVisitDue = addDays(now, newPolicy.intervalDays);
  }
  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(specialPersons)
      .set({ ...set, version: sql`${specialPersons.version} + 1` })
      .where(and(eq(specialPersons.id, id), eq(specialPersons.version, input.version)))
      .returning({ version: specialPersons.version, nextVisitDue: specialPersons.nextVisitDue });
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    let policeNotified = 0;
    const escalated = levelChanged && input.riskLevel! > r.riskLevel;
    if (escalated && newPolicy.notifyPolice) {
      policeNotified = await notifyPolice(tx, r, input.riskLevel!, newPolicy.referral, now);
    }
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: levelChanged ? 'special_person.risk_change' : 'special_person.update',
        targetType: 'special_person',
        targetId: id,
        areaCode: r.areaCode,
        detail: {
          fields: Object.keys(input).filter((k) => k !== 'version' && k !== 'reason'),
          ...(levelChanged ? { from: r.riskLevel, to: input.riskLevel } : {}),
          ...(input.reason ? { reason: input.reason } : {}),
        },
      },
      now,
    );
    return { version: updated[0].version, nextVisitDue: iso(updated[0].nextVisitDue), policeNotified };
  });
}

export async function replaceTeam(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { version: number; members: HelperMemberInput[] },
): Promise<{ version: number }> {
  const now = ctx.clock();
  const r = await loadVisibleSpecial(ctx.db, actor, id);
  await checkTeam(ctx.db, actor, input.members);
  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(specialPersons)
      .set({ updatedAt: now, version: sql`${specialPersons.version} + 1` })
      .where(and(eq(specialPersons.id, id), eq(specialPersons.version, input.version)))
      .returning({ version: specialPersons.version });
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    // only the masked phone is stored: a member kept without a new number keeps the one on file
    const before = await tx.select().from(helperTeamMembers).where(eq(helperTeamMembers.specialPersonId, id));
    const rows = teamRows(id, input.members, now).map((row) => {
      if (row.phoneMasked) return row;
      const same = before.find((b) => b.role === row.role && b.name === row.name && (b.userId ?? null) === row.userId);
      return { ...row, phoneMasked: same?.phoneMasked ?? null };
    });
    await tx.delete(helperTeamMembers).where(eq(helperTeamMembers.specialPersonId, id));
    if (rows.length) await tx.insert(helperTeamMembers).values(rows);
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'special_person.team',
        targetType: 'special_person',
        targetId: id,
        areaCode: r.areaCode,
        detail: { roles: input.members.map((m) => m.role) },
      },
      now,
    );
    return { version: updated[0].version };
  });
}
