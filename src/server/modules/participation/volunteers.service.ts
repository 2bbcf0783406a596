/**
 * 双报到: units and in-service party members register to a community with their 资源清单; volunteer hours per
 * person; 帮办代办 done by grid workers, counted per worker; 平安之星 / 诚信户 / 最美家庭 commendations.
 */
import { and, asc, count, desc, eq, inArray, type SQL, sql, sum } from 'drizzle-orm';
import type { z } from 'zod';
import type { commendationInput, errandInput, hoursInput, registrationInput } from '../../../contracts/participation';
import { LEVEL_LENGTH } from '../../../domain/area-code';
import { type Actor, areaFilter, assertInScope, hasRole } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { commendations, errands, volunteerHours, volunteerRegistrations as regs } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { audit, checkArea, readFilter, requireManager } from './participation.shared';

type Page = { page: number; pageSize: number };

/** A party member registers themselves; units are registered by the community or the centre. */
export async function register(ctx: AppContext, actor: Actor, input: z.infer<typeof registrationInput>) {
  const self = input.kind === 'party_member' && hasRole(actor, 'party_member');
  if (!self) requireManager(actor);
  await checkArea(ctx.db, actor, input.areaCode, [LEVEL_LENGTH.village]);
  const name = self ? actor.displayName : input.name;
  if (!name) throw new AppError('FIELD_REQUIRED', { field: 'name', message: '请填写单位或党员姓名' });
  const userId = self ? actor.userId : null;
  if (userId) {
    const existing = await ctx.db
      .select({ id: regs.id })
      .from(regs)
      .where(and(eq(regs.userId, userId), eq(regs.areaCode, input.areaCode), eq(regs.status, 'active')))
      .limit(1);
    if (existing[0]) throw new AppError('CONFLICT', { message: '您已向该社区报到' });
  }
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx
      .insert(regs)
      .values({ areaCode: input.areaCode, kind: input.kind, name, unitName: input.unitName ?? null, userId, offers: input.offers, createdAt: now })
      .returning();
    await audit(tx, actor, now, 'volunteer.register', { type: 'volunteer_registration', id: r.id, areaCode: r.areaCode }, { kind: r.kind });
    return regOut(r, 0);
  });
}

function regOut(r: typeof regs.$inferSelect, hours: number) {
  return {
    id: r.id,
    areaCode: r.areaCode,
    kind: r.kind,
    name: r.name,
    unitName: r.unitName,
    userId: r.userId,
    offers: r.offers,
    status: r.status,
    hours,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function listRegistrations(ctx: AppContext, actor: Actor, q: Page & { area?: string; kind?: string; mine?: boolean }) {
  const conds: SQL[] = [readFilter(actor, regs.areaCode, q.area), eq(regs.status, 'active')];
  if (q.kind) conds.push(eq(regs.kind, q.kind));
  if (q.mine) conds.push(eq(regs.userId, actor.userId));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(regs).where(where).orderBy(asc(regs.areaCode), asc(regs.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(regs).where(where),
  ]);
  const hours = rows.length
    ? await ctx.db
        .select({ id: volunteerHours.registrationId, h: sum(volunteerHours.hours) })
        .from(volunteerHours)
        .where(inArray(volunteerHours.registrationId, rows.map((r) => r.id)))
        .groupBy(volunteerHours.registrationId)
    : [];
  return { items: rows.map((r) => regOut(r, Number(hours.find((h) => h.id === r.id)?.h ?? 0))), total: Number(total?.n ?? 0) };
}

/** The community records hours served by a registered volunteer. */
export async function recordHours(ctx: AppContext, actor: Actor, input: z.infer<typeof hoursInput>) {
  requireManager(actor);
  const [r] = await ctx.db.select().from(regs).where(eq(regs.id, input.registrationId)).limit(1);
  assertInScope(actor, r?.areaCode);
  const now = ctx.clock();
  const servedOn = new Date(input.servedOn);
  if (servedOn.getTime() > now.getTime()) throw new AppError('VALIDATION_FAILED', { field: 'servedOn', message: '服务日期不能晚于今天' });
  return ctx.db.transaction(async (tx) => {
    const [h] = await tx
      .insert(volunteerHours)
      .values({ areaCode: r!.areaCode, registrationId: r!.id, userId: r!.userId, personName: r!.name, activity: input.activity, hours: input.hours, servedOn, recordedBy: actor.userId, createdAt: now })
      .returning();
    await audit(tx, actor, now, 'volunteer.hours', { type: 'volunteer_registration', id: r!.id, areaCode: r!.areaCode }, { hours: input.hours });
    return { id: h.id, registrationId: r!.id, hours: h.hours };
  });
}

/** Hours per person over a period, biggest first. */
export async function hoursSummary(ctx: AppContext, actor: Actor, q: { area?: string; from?: string; to?: string }) {
  const conds: SQL[] = [readFilter(actor, volunteerHours.areaCode, q.area)];
  if (q.from) conds.push(sql`${volunteerHours.servedOn} >= ${new Date(q.from)}`);
  if (q.to) conds.push(sql`${volunteerHours.servedOn} < ${new Date(q.to)}`);
  const rows = await ctx.db
    .select({ registrationId: volunteerHours.registrationId, name: volunteerHours.personName, hours: sum(volunteerHours.hours), times: count() })
    .from(volunteerHours)
    .where(and(...conds))
    .groupBy(volunteerHours.registrationId, volunteerHours.personName)
    .orderBy(desc(sum(volunteerHours.hours)));
  const items = rows.map((r) => ({ registrationId: r.registrationId, name: r.name, hours: Number(r.hours ?? 0), times: Number(r.times) }));
  return { items, total: items.length };
}

/** 帮办代办: a grid worker records an errand done for a resident of their grid. */
export async function recordErrand(ctx: AppContext, actor: Actor, input: z.infer<typeof errandInput>) {
  if (!hasRole(actor, 'grid_worker')) throw new AppError('FORBIDDEN');
  const areaCode = input.areaCode ?? (actor.scopes.length === 1 ? actor.scopes[0] : null);
  if (!areaCode) throw new AppError('FIELD_REQUIRED', { field: 'areaCode', message: '请选择网格' });
  await checkArea(ctx.db, actor, areaCode, [LEVEL_LENGTH.village, LEVEL_LENGTH.grid]);
  const now = ctx.clock();
  const doneOn = input.doneOn ? new Date(input.doneOn) : now;
  if (doneOn.getTime() > now.getTime()) throw new AppError('VALIDATION_FAILED', { field: 'doneOn', message: '办理日期不能晚于今天' });
  return ctx.db.transaction(async (tx) => {
    const [e] = await tx
      .insert(errands)
      .values({ areaCode, workerUserId: actor.userId, workerName: actor.displayName, residentName: input.residentName, matter: input.matter, doneOn, createdAt: now })
      .returning();
    await audit(tx, actor, now, 'errand.record', { type: 'errand', id: e.id, areaCode });
    return { id: e.id, areaCode, matter: e.matter, doneOn: e.doneOn.toISOString() };
  });
}

/** Errands per grid worker in the actor's scope (the 帮办代办 count of the assessment). */
export async function errandCounts(ctx: AppContext, actor: Actor, q: { area?: string; from?: string; to?: string }) {
  const conds: SQL[] = [areaFilter(actor, errands.areaCode, q.area)];
  if (q.from) conds.push(sql`${errands.doneOn} >= ${new Date(q.from)}`);
  if (q.to) conds.push(sql`${errands.doneOn} < ${new Date(q.to)}`);
  const rows = await ctx.db
    .select({ workerUserId: errands.workerUserId, workerName: errands.workerName, n: count() })
    .from(errands)
    .where(and(...conds))
    .groupBy(errands.workerUserId, errands.workerName)
    .orderBy(desc(count()));
  const items = rows.map((r) => ({ workerUserId: r.workerUserId, workerName: r.workerName, count: Number(r.n) }));
  return { items, total: items.reduce((a, r) => a + r.count, 0) };
}

export async function recordCommendation(ctx: AppContext, actor: Actor, input: z.infer<typeof commendationInput>) {
  requireManager(actor);
  await checkArea(ctx.db, actor, input.areaCode, [LEVEL_LENGTH.village, LEVEL_LENGTH.grid]);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [c] = await tx
      .insert(commendations)
      .values({ ...input, personId: input.personId ?? null, householdId: input.householdId ?? null, recordedBy: actor.userId, createdAt: now })
      .returning();
    await audit(tx, actor, now, 'commendation.record', { type: 'commendation', id: c.id, areaCode: c.areaCode }, { kind: c.kind, year: c.year });
    return commendationOut(c);
  });
}

function commendationOut(c: typeof commendations.$inferSelect) {
  return { id: c.id, areaCode: c.areaCode, kind: c.kind, name: c.name, year: c.year, reason: c.reason, createdAt: c.createdAt.toISOString() };
}

/** Commendations are public honours: readers of the village see them. */
export async function listCommendations(ctx: AppContext, actor: Actor, q: Page & { area?: string; kind?: string; year?: number }) {
  const conds: SQL[] = [readFilter(actor, commendations.areaCode, q.area)];
  if (q.kind) conds.push(eq(commendations.kind, q.kind));
  if (q.year) conds.push(eq(commendations.year, q.year));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(commendations).where(where).orderBy(desc(commendations.year), asc(commendations.areaCode), asc(commendations.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(commendations).where(where),
  ]);
  return { items: rows.map(commendationOut), total: Number(total?.n ?? 0) };
}

