import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { householdView, personInput, PersonView } from '../../../contracts/people';
import { PERSON_TAGS, RELATIONS, RESIDENCY_KINDS } from '../../../domain/people/categories';
import { type Actor, areaFilter, assertInScope, assertTargetInScope, requirePermission } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, searchHash } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { buildings, households, houses, personMoves, persons, specialPersons } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { areaNames, auditBy, checkedIdCard, checkedPhone, existingGrids } from './people.shared';

type PersonRow = typeof persons.$inferSelect;

function toView(p: PersonRow, names: Map<string, string>, householdNos: Map<number, string>): PersonView {
  return {
    id: p.id,
    areaCode: p.areaCode,
    areaName: names.get(p.areaCode) ?? null,
    householdId: p.householdId,
    householdNo: p.householdId ? (householdNos.get(p.householdId) ?? null) : null,
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    idCardMasked: p.idCardMasked,
    phoneMasked: p.phoneMasked,
    relation: p.relation,
    residency: p.residency,
    tags: p.tags,
    status: p.status,
    version: p.version,
  };
}

async function presentPeople(db: Db, rows: PersonRow[]): Promise<PersonView[]> {
  const names = await areaNames(
    db,
    rows.map((r) => r.areaCode),
  );
  const hhIds = [...new Set(rows.map((r) => r.householdId).filter((x): x is number => x !== null))];
  const hh = hhIds.length
    ? await db.select({ id: households.id, no: households.householdNo }).from(households).where(inArray(households.id, hhIds))
    : [];
  const nos = new Map(hh.map((h) => [h.id, h.no]));
  return rows.map((r) => toView(r, names, nos));
}

export type PeopleQuery = {
  page: number;
  pageSize: number;
  area?: string;
  q?: string;
  idCard?: string;
  phone?: string;
  tag?: string;
  householdId?: number;
  status?: string;
};

export function peopleWhere(actor: Actor, q: Omit<PeopleQuery, 'page' | 'pageSize'>): SQL {
  const conds: SQL[] = [areaFilter(actor, persons.areaCode, q.area)];
  if (q.q) conds.push(ilike(persons.name, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  // exact search on encrypted columns goes through the keyed hash
  if (q.idCard) conds.push(eq(persons.idCardHash, searchHash(q.idCard)));
  if (q.phone) conds.push(eq(persons.phoneHash, searchHash(q.phone)));
  if (q.tag) conds.push(sql`${persons.tags} @> ${JSON.stringify([q.tag])}::jsonb`);
  if (q.householdId) conds.push(eq(persons.householdId, q.householdId));
  conds.push(eq(persons.status, q.status ?? 'active'));
  return and(...conds)!;
}

export async function listPeople(ctx: AppContext, actor: Actor, q: PeopleQuery) {
  const where = peopleWhere(actor, q);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(persons)
      .where(where)
      .orderBy(asc(persons.areaCode), asc(persons.householdId), asc(persons.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(persons).where(where),
  ]);
  return { items: await presentPeople(ctx.db, rows), total: Number(total[0]?.n ?? 0) };
}

async function loadPerson(db: Db, actor: Actor, id: number): Promise<PersonRow> {
  const [p] = await db.select().from(persons).where(eq(persons.id, id)).limit(1);
  if (!p) throw new AppError('NOT_FOUND');
  assertInScope(actor, p.areaCode);
  return p;
}

export async function getPerson(ctx: AppContext, actor: Actor, id: number) {
  const p = await loadPerson(ctx.db, actor, id);
  const [view] = await presentPeople(ctx.db, [p]);
  const moves = await ctx.db.select().from(personMoves).where(eq(personMoves.personId, id)).orderBy(desc(personMoves.at));
  return {
    ...view,
    moves: moves.map((m) => ({ id: m.id, kind: m.kind, fromArea: m.fromArea, toArea: m.toArea, reason: m.reason, at: m.at.toISOString() })),
  };
}

function checkTags(tags: string[] | undefined, field = 'tags'): string[] {
  const list = [...new Set(tags ?? [])];
  for (const t of list) {
    if (!PERSON_TAGS.includes(t)) throw new AppError('VALIDATION_FAILED', { field, message: `未知标签：${t}` });
  }
  return list;
}

async function checkGrid(db: Db, actor: Actor, code: string, field = 'areaCode') {
  const ok = await existingGrids(db, [code]);
  if (!ok.has(code)) throw new AppError('BAD_AREA_CODE', { field, message: '网格不存在' });
  assertTargetInScope(actor, code, field);
}

async function checkHousehold(db: Db, actor: Actor, householdId: number, areaCode: string) {
  const [h] = await db.select().from(households).where(eq(households.id, householdId)).limit(1);
  if (!h) throw new AppError('NOT_FOUND', { field: 'householdId', message: '户不存在' });
  assertInScope(actor, h.areaCode);
  if (h.areaCode !== areaCode) throw new AppError('VALIDATION_FAILED', { field: 'householdId', message: '人员所在网格与户所在网格不一致' });
}

type PersonInput = z.infer<typeof personInput>;

export async function createPerson(ctx: AppContext, actor: Actor, input: PersonInput): Promise<{ id: number }> {
  const now = ctx.clock();
  await checkGrid(ctx.db, actor, input.areaCode);
  if (input.householdId) await checkHousehold(ctx.db, actor, input.householdId, input.areaCode);
  if (input.relation && !RELATIONS.includes(input.relation)) throw new AppError('VALIDATION_FAILED', { field: 'relation' });
  if (input.residency && !RESIDENCY_KINDS.includes(input.residency)) throw new AppError('VALIDATION_FAILED', { field: 'residency' });
  const tags = checkTags(input.tags);
  const id = input.idCard ? checkedIdCard(input.idCard, now) : null;
  const phone = input.phone ? checkedPhone(input.phone) : null;
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(persons)
      .values({
        areaCode: input.areaCode,
        householdId: input.householdId ?? null,
        name: input.name,
        gender: input.gender ?? id?.gender ?? null,
        birthDate: id?.birthDate ?? null,
        idCardEnc: id?.idCardEnc ?? null,
        idCardHash: id?.idCardHash ?? null,
        idCardMasked: id?.idCardMasked ?? null,
        ...(phone ?? {}),
        relation: input.relation ?? null,
        residency: input.residency ?? '户籍',
        tags,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: persons.id });
    if (!inserted[0]) throw new AppError('PERSON_EXISTS', { field: 'idCard' });
    // the household list names its head: registering the 户主 fills it in
    if (input.householdId && input.relation === '户主') {
      await tx.update(households).set({ headName: input.name, updatedAt: now }).where(eq(households.id, input.householdId));
    }
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'person.create', targetType: 'person', targetId: inserted[0].id, areaCode: input.areaCode },
      now,
    );
    return { id: inserted[0].id };
  });
}

export async function updatePerson(
  ctx: AppContext,
  actor: Actor,
  personId: number,
  input: Partial<Omit<PersonInput, 'areaCode'>> & { version: number },
): Promise<{ version: number }> {
  const now = ctx.clock();
  const p = await loadPerson(ctx.db, actor, personId);
  if (input.householdId) await checkHousehold(ctx.db, actor, input.householdId, p.areaCode);
  if (input.relation && !RELATIONS.includes(input.relation)) throw new AppError('VALIDATION_FAILED', { field: 'relation' });
  if (input.residency && !RESIDENCY_KINDS.includes(input.residency)) throw new AppError('VALIDATION_FAILED', { field: 'residency' });
  const set: Partial<typeof persons.$inferInsert> = { updatedAt: now };
  if (input.name !== undefined) set.name = input.name;
  if (input.gender !== undefined) set.gender = input.gender;
  if (input.householdId !== undefined) set.householdId = input.householdId;
  if (input.relation !== undefined) set.relation = input.relation;
  if (input.residency !== undefined) set.residency = input.residency;
  if (input.tags !== undefined) set.tags = checkTags(input.tags);
  if (input.idCard) Object.assign(set, checkedIdCard(input.idCard, now));
  if (input.phone) Object.assign(set, checkedPhone(input.phone));
  return ctx.db.transaction(async (tx) => {
    let updated: { version: number }[];
    try {
      updated = await tx
        .update(persons)
        .set({ ...set, version: sql`${persons.version} + 1` })
        .where(and(eq(persons.id, personId), eq(persons.version, input.version)))
        .returning({ version: persons.version });
    } catch (e) {
      if (input.idCard && String((e as { cause?: { code?: string } }).cause?.code ?? (e as { code?: string }).code) === '23505') {
        throw new AppError('PERSON_EXISTS', { field: 'idCard' });
      }
      throw e;
    }
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'person.update',
        targetType: 'person',
        targetId: personId,
        areaCode: p.areaCode,
        detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
      },
      now,
    );
    return { version: updated[0].version };
  });
}

/** 迁出 (out of the area), 区内变动 (to another grid in scope), 迁入 (back in). Special-population rows follow the person. */
export async function movePerson(
  ctx: AppContext,
  actor: Actor,
  personId: number,
  input: { version: number; kind: 'out' | 'transfer' | 'in'; toArea?: string; householdId?: number | null; reason?: string },
): Promise<{ version: number }> {
  const now = ctx.clock();
  const p = await loadPerson(ctx.db, actor, personId);
  let toArea: string | null = null;
  if (input.kind !== 'out') {
    if (!input.toArea) throw new AppError('FIELD_REQUIRED', { field: 'toArea', message: '请选择迁入的网格' });
    await checkGrid(ctx.db, actor, input.toArea, 'toArea');
    toArea = input.toArea;
    if (input.householdId) await checkHousehold(ctx.db, actor, input.householdId, toArea);
  }
  if (input.kind === 'out' && p.status !== 'active') throw new AppError('VALIDATION_FAILED', { field: 'kind', message: '该人员已迁出' });
  if (input.kind === 'in' && p.status === 'active') throw new AppError('VALIDATION_FAILED', { field: 'kind', message: '该人员已在本地登记' });
  return ctx.db.transaction(async (tx) => {
    const set: Partial<typeof persons.$inferInsert> =
      input.kind === 'out'
        ? { status: 'moved_out', householdId: null }
        : { status: 'active', areaCode: toArea!, householdId: input.householdId ?? null };
    const updated = await tx
      .update(persons)
      .set({ ...set, updatedAt: now, version: sql`${persons.version} + 1` })
      .where(and(eq(persons.id, personId), eq(persons.version, input.version)))
      .returning({ version: persons.version });
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    if (toArea) await tx.update(specialPersons).set({ areaCode: toArea, updatedAt: now }).where(eq(specialPersons.personId, personId));
    await tx.insert(personMoves).values({
      personId,
      kind: input.kind,
      fromArea: input.kind === 'in' ? null : p.areaCode,
      toArea,
      areaCode: toArea ?? p.areaCode,
      reason: input.reason ?? null,
      at: now,
      byUserId: actor.userId,
    });
    await recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: `person.move_${input.kind}`,
        targetType: 'person',
        targetId: personId,
        areaCode: toArea ?? p.areaCode,
        detail: { from: p.areaCode, to: toArea },
      },
      now,
    );
    return { version: updated[0].version };
  });
}

/** Shows a 身份证号 or phone in clear: needs `sensitive`, a reason, and leaves an audit record. */
export async function revealPerson(
  ctx: AppContext,
  actor: Actor,
  personId: number,
  input: { field: 'idCard' | 'phone'; reason?: string },
): Promise<{ field: string; value: string | null }> {
  requirePermission(actor, 'sensitive');
  const p = await loadPerson(ctx.db, actor, personId);
  const reason = input.reason?.trim() ?? '';
  if (reason.length < 2) throw new AppError('REASON_REQUIRED', { field: 'reason' });
  const stored = input.field === 'idCard' ? p.idCardEnc : p.phoneEnc;
  const value = stored ? decrypt(stored) : null;
  await ctx.db.transaction((tx) =>
    recordAudit(
      tx,
      {
        ...auditBy(actor),
        action: 'person.reveal',
        targetType: 'person',
        targetId: personId,
        areaCode: p.areaCode,
        detail: { field: input.field, reason },
      },
      ctx.clock(),
    ),
  );
  return { field: input.field, value };
}

// ---------------------------------------------------------------- households

export async function listHouseholds(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; area?: string; q?: string; tag?: string },
): Promise<{ items: z.infer<typeof householdView>[]; total: number }> {
  const conds: SQL[] = [areaFilter(actor, households.areaCode, q.area), eq(households.status, 'active')];
  if (q.q) conds.push(or(ilike(households.householdNo, `%${q.q}%`), ilike(households.headName, `%${q.q}%`))!);
  if (q.tag) conds.push(sql`${households.tags} @> ${JSON.stringify([q.tag])}::jsonb`);
  const where = and(...conds);
  const members = ctx.db
    .select({ householdId: persons.householdId, n: count().as('n') })
    .from(persons)
    .where(eq(persons.status, 'active'))
    .groupBy(persons.householdId)
    .as('m');
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ h: households, n: members.n })
      .from(households)
      .leftJoin(members, eq(members.householdId, households.id))
      .where(where)
      .orderBy(asc(households.areaCode), asc(households.householdNo))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(households).where(where),
  ]);
  const names = await areaNames(
    ctx.db,
    rows.map((r) => r.h.areaCode),
  );
  return {
    total: Number(total[0]?.n ?? 0),
    items: rows.map(({ h, n }) => ({
      id: h.id,
      areaCode: h.areaCode,
      areaName: names.get(h.areaCode) ?? null,
      householdNo: h.householdNo,
      address: h.address,
      headName: h.headName,
      houseId: h.houseId,
      tags: h.tags,
      members: Number(n ?? 0),
      version: h.version,
    })),
  };
}

export async function getHousehold(ctx: AppContext, actor: Actor, id: number) {
  const [h] = await ctx.db.select().from(households).where(eq(households.id, id)).limit(1);
  if (!h) throw new AppError('NOT_FOUND');
  assertInScope(actor, h.areaCode);
  const rows = await ctx.db
    .select()
    .from(persons)
    .where(and(eq(persons.householdId, id), eq(persons.status, 'active')))
    .orderBy(asc(persons.id));
  const names = await areaNames(ctx.db, [h.areaCode]);
  return {
    id: h.id,
    areaCode: h.areaCode,
    areaName: names.get(h.areaCode) ?? null,
    householdNo: h.householdNo,
    address: h.address,
    headName: h.headName,
    houseId: h.houseId,
    tags: h.tags,
    members: rows.length,
    version: h.version,
    people: await presentPeople(ctx.db, rows),
  };
}

export async function createHousehold(
  ctx: AppContext,
  actor: Actor,
  input: { areaCode: string; householdNo: string; address?: string; houseId?: number | null; tags?: string[] },
): Promise<{ id: number }> {
  const now = ctx.clock();
  await checkGrid(ctx.db, actor, input.areaCode);
  if (input.houseId) {
    const [house] = await ctx.db.select().from(houses).where(eq(houses.id, input.houseId)).limit(1);
    if (!house?.areaCode.startsWith(input.areaCode.slice(0, 15))) {
      throw new AppError('NOT_FOUND', { field: 'houseId', message: '房屋不存在' });
    }
  }
  const tags = checkTags(input.tags);
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(households)
      .values({
        areaCode: input.areaCode,
        householdNo: input.householdNo,
        address: input.address ?? null,
        houseId: input.houseId ?? null,
        tags,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: households.id });
    if (!inserted[0]) throw new AppError('HOUSEHOLD_EXISTS', { field: 'householdNo' });
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'household.create', targetType: 'household', targetId: inserted[0].id, areaCode: input.areaCode },
      now,
    );
    return { id: inserted[0].id };
  });
}

// ---------------------------------------------------------------- buildings and houses

export async function listBuildings(ctx: AppContext, actor: Actor, q: { page: number; pageSize: number; area?: string }) {
  const where = areaFilter(actor, buildings.areaCode, q.area);
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(buildings)
      .where(where)
      .orderBy(asc(buildings.areaCode), asc(buildings.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(buildings).where(where),
  ]);
  const ids = rows.map((r) => r.id);
  const hs = ids.length ? await ctx.db.select().from(houses).where(inArray(houses.buildingId, ids)).orderBy(asc(houses.id)) : [];
  return {
    total: Number(total[0]?.n ?? 0),
    items: rows.map((b) => ({
      id: b.id,
      areaCode: b.areaCode,
      name: b.name,
      kind: b.kind,
      address: b.address,
      houses: hs.filter((h) => h.buildingId === b.id).map((h) => ({ id: h.id, unit: h.unit, room: h.room, usage: h.usage })),
    })),
  };
}

export async function createBuilding(
  ctx: AppContext,
  actor: Actor,
  input: { areaCode: string; name: string; kind?: string; address?: string },
): Promise<{ id: number }> {
  const now = ctx.clock();
  await checkGrid(ctx.db, actor, input.areaCode);
  return ctx.db.transaction(async (tx) => {
    const [b] = await tx
      .insert(buildings)
      .values({ areaCode: input.areaCode, name: input.name, kind: input.kind ?? '楼栋', address: input.address ?? null, createdAt: now })
      .returning({ id: buildings.id });
    await recordAudit(tx, { ...auditBy(actor), action: 'building.create', targetType: 'building', targetId: b.id, areaCode: input.areaCode }, now);
    return { id: b.id };
  });
}

export async function createHouse(
  ctx: AppContext,
  actor: Actor,
  buildingId: number,
  input: { unit?: string; room: string; usage?: string },
): Promise<{ id: number }> {
  const now = ctx.clock();
  const [b] = await ctx.db.select().from(buildings).where(eq(buildings.id, buildingId)).limit(1);
  if (!b) throw new AppError('NOT_FOUND');
  assertInScope(actor, b.areaCode);
  return ctx.db.transaction(async (tx) => {
    const [h] = await tx
      .insert(houses)
      .values({ buildingId, areaCode: b.areaCode, unit: input.unit ?? null, room: input.room, usage: input.usage ?? '自住', createdAt: now })
      .returning({ id: houses.id });
    await recordAudit(tx, { ...auditBy(actor), action: 'house.create', targetType: 'house', targetId: h.id, areaCode: b.areaCode }, now);
    return { id: h.id };
  });
}
