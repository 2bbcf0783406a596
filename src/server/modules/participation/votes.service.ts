/**
 * 表决: a roll snapshotted when the vote opens (from 实有人口 or an explicit list), sign-in, one ballot per
 * elector (online by the elector, or paper entered by a teller and confirmed by a second one), and a close that
 * refuses to decide without the legal quorum. The published result carries the turnout.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { voteInput } from '../../../contracts/participation';
import { LEVEL_LENGTH } from '../../../domain/area-code';
import {
  adultBornOnOrBefore,
  ELECTORATE_LABEL,
  type ElectorateKind,
  outcomeOf,
  quorum,
  type Turnout,
  turnoutPercent,
} from '../../../domain/participation/rules';
import { type Actor, assertInScope, hasRole, prefixRange } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { ballots, households, meetings, persons, voteElectors, votes } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { assertReadable, audit, bump, checkArea, iso, readFilter, requireManager, TELLER_ROLES } from './participation.shared';

type Page = { page: number; pageSize: number };
type Vote = typeof votes.$inferSelect;
type RollEntry = { name: string; personId?: number | null; householdId?: number | null; userId?: number | null };

function turnoutOf(v: Vote): Turnout {
  return { eligible: v.eligible, present: v.present, households: v.households, householdsPresent: v.householdsPresent };
}

async function voteOut(db: Db, actor: Actor, v: Vote) {
  const [[pending], mine] = await Promise.all([
    db.select({ n: count() }).from(ballots).where(and(eq(ballots.voteId, v.id), eq(ballots.status, 'pending'))),
    db.select({ id: voteElectors.id }).from(voteElectors).where(and(eq(voteElectors.voteId, v.id), eq(voteElectors.userId, actor.userId))).limit(1),
  ]);
  let me: { electorId: number; voted: boolean } | null = null;
  if (mine[0]) {
    const b = await db.select({ id: ballots.id }).from(ballots).where(and(eq(ballots.voteId, v.id), eq(ballots.electorId, mine[0].id))).limit(1);
    me = { electorId: mine[0].id, voted: b.length > 0 };
  }
  const t = turnoutOf(v);
  return {
    id: v.id,
    areaCode: v.areaCode,
    title: v.title,
    question: v.question,
    electorate: v.electorate,
    electorateLabel: ELECTORATE_LABEL[v.electorate as ElectorateKind] ?? v.electorate,
    rollSource: v.rollSource,
    meetingId: v.meetingId,
    procedureId: v.procedureId,
    status: v.status,
    outcome: v.outcome,
    eligible: v.eligible,
    households: v.households,
    present: v.present,
    householdsPresent: v.householdsPresent,
    turnoutPercent: turnoutPercent(t),
    // the running tally stays hidden from electors until the vote is closed
    yes: v.status === 'closed' || hasRole(actor, ...TELLER_ROLES) ? v.yes : 0,
    no: v.status === 'closed' || hasRole(actor, ...TELLER_ROLES) ? v.no : 0,
    abstain: v.status === 'closed' || hasRole(actor, ...TELLER_ROLES) ? v.abstain : 0,
    pendingPaper: Number(pending?.n ?? 0),
    quorum: quorum(v.electorate as ElectorateKind, t),
    closedAt: iso(v.closedAt),
    version: v.version,
    me,
  };
}

/** The roll drawn from 实有人口 for a village: villagers 18+ (户籍), household heads, or 党员. */
async function rollFromPeople(db: Db, village: string, kind: ElectorateKind, now: Date): Promise<RollEntry[]> {
  const inVillage = prefixRange(persons.areaCode, village);
  if (kind === 'villagers') {
    const rows = await db
      .select({ id: persons.id, name: persons.name, householdId: persons.householdId, userId: persons.userId })
      .from(persons)
      .where(and(inVillage, eq(persons.status, 'active'), eq(persons.residency, '户籍'), isNotNull(persons.birthDate), sql`${persons.birthDate} <= ${adultBornOnOrBefore(now)}`))
      .orderBy(asc(persons.id));
    return rows.map((r) => ({ name: r.name, personId: r.id, householdId: r.householdId, userId: r.userId }));
  }
  if (kind === 'party_members') {
    const rows = await db
      .select({ id: persons.id, name: persons.name, householdId: persons.householdId, userId: persons.userId })
      .from(persons)
      .where(and(inVillage, eq(persons.status, 'active'), sql`${persons.tags} @> '["党员"]'::jsonb`))
      .orderBy(asc(persons.id));
    return rows.map((r) => ({ name: r.name, personId: r.id, householdId: r.householdId, userId: r.userId }));
  }
  if (kind === 'households') {
    const hh = await db
      .select({ id: households.id, headName: households.headName, householdNo: households.householdNo })
      .from(households)
      .where(and(prefixRange(households.areaCode, village), eq(households.status, 'active')))
      .orderBy(asc(households.id));
    if (hh.length === 0) return [];
    const heads = await db
      .select({ id: persons.id, householdId: persons.householdId, name: persons.name, userId: persons.userId })
      .from(persons)
      .where(and(inArray(persons.householdId, hh.map((h) => h.id)), eq(persons.relation, '户主'), eq(persons.status, 'active')));
    return hh.map((h) => {
      const head = heads.find((p) => p.householdId === h.id);
      return { name: head?.name ?? h.headName ?? `户${h.householdNo}`, personId: head?.id ?? null, householdId: h.id, userId: head?.userId ?? null };
    });
  }
  // the 村民代表会议's members are elected per group: they come as an explicit roll
  return [];
}

function householdCount(kind: ElectorateKind, roll: RollEntry[]): number {
  if (kind === 'households') return roll.length;
  return new Set(roll.map((r) => r.householdId).filter((h) => h != null)).size;
}

export async function openVote(ctx: AppContext, actor: Actor, input: z.infer<typeof voteInput>, procedureId: number | null = null) {
  requireManager(actor);
  await checkArea(ctx.db, actor, input.areaCode, [LEVEL_LENGTH.village]);
  if (input.meetingId) {
    const [m] = await ctx.db.select({ areaCode: meetings.areaCode }).from(meetings).where(eq(meetings.id, input.meetingId)).limit(1);
    if (!m || m.areaCode !== input.areaCode) throw new AppError('NOT_FOUND', { field: 'meetingId', message: '会议不存在或不属于该村(社区)' });
  }
  const now = ctx.clock();
  const kind = input.electorate;
  const roll: RollEntry[] = input.roll ?? (await rollFromPeople(ctx.db, input.areaCode, kind, now));
  if (roll.length === 0) throw new AppError('VOTE_ROLL_EMPTY', { field: 'roll' });
  const names = new Set<string>();
  for (const r of roll) {
    const key = r.personId ? `p${r.personId}` : `n${r.name}`;
    if (names.has(key)) throw new AppError('VALIDATION_FAILED', { field: 'roll', message: `选民名册中有重复人员：${r.name}` });
    names.add(key);
  }
  return ctx.db.transaction(async (tx) => {
    const [v] = await tx
      .insert(votes)
      .values({
        areaCode: input.areaCode,
        title: input.title,
        question: input.question,
        electorate: kind,
        rollSource: input.roll ? 'list' : 'people',
        meetingId: input.meetingId ?? null,
        procedureId,
        eligible: roll.length,
        households: householdCount(kind, roll),
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    for (let i = 0; i < roll.length; i += 1000) {
      await tx.insert(voteElectors).values(
        roll.slice(i, i + 1000).map((r) => ({ voteId: v.id, name: r.name, personId: r.personId ?? null, householdId: r.householdId ?? null, userId: r.userId ?? null })),
      );
    }
    await audit(tx, actor, now, 'vote.open', { type: 'vote', id: v.id, areaCode: v.areaCode }, { electorate: kind, eligible: roll.length });
    return voteOut(tx, actor, v);
  });
}

export async function listVotes(ctx: AppContext, actor: Actor, q: Page & { area?: string; status?: string }) {
  const conds: SQL[] = [readFilter(actor, votes.areaCode, q.area)];
  if (q.status) conds.push(eq(votes.status, q.status));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(votes).where(where).orderBy(desc(votes.createdAt), desc(votes.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(votes).where(where),
  ]);
  return { items: await Promise.all(rows.map((v) => voteOut(ctx.db, actor, v))), total: Number(total?.n ?? 0) };
}

export async function loadVote(db: Db, actor: Actor, id: number): Promise<Vote> {
  const [v] = await db.select().from(votes).where(eq(votes.id, id)).limit(1);
  assertReadable(actor, v?.areaCode);
  return v!;
}

export async function getVote(ctx: AppContext, actor: Actor, id: number) {
  return voteOut(ctx.db, actor, await loadVote(ctx.db, actor, id));
}

async function loadForTeller(db: Db, actor: Actor, id: number): Promise<Vote> {
  if (!hasRole(actor, ...TELLER_ROLES)) throw new AppError('FORBIDDEN');
  const v = await loadVote(db, actor, id);
  assertInScope(actor, v.areaCode);
  if (v.status !== 'open') throw new AppError('VOTE_CLOSED');
  return v;
}

export async function listElectors(ctx: AppContext, actor: Actor, id: number) {
  if (!hasRole(actor, ...TELLER_ROLES)) throw new AppError('FORBIDDEN');
  const v = await loadVote(ctx.db, actor, id);
  assertInScope(actor, v.areaCode);
  const rows = await ctx.db
    .select({ e: voteElectors, b: { id: ballots.id, channel: ballots.channel, status: ballots.status } })
    .from(voteElectors)
    .leftJoin(ballots, and(eq(ballots.voteId, voteElectors.voteId), eq(ballots.electorId, voteElectors.id)))
    .where(eq(voteElectors.voteId, id))
    .orderBy(asc(voteElectors.id));
  const items = rows.map(({ e, b }) => ({
    id: e.id,
    name: e.name,
    personId: e.personId,
    householdId: e.householdId,
    present: e.present,
    ballot: b?.id ? { id: b.id, channel: b.channel, status: b.status } : null,
  }));
  return { items, total: items.length };
}

/** Recounts presence and the tally from the rows, inside the caller's transaction. */
async function recount(tx: Db, v: Vote): Promise<Vote> {
  const [p] = await tx
    .select({ n: count(), hh: sql<number>`count(distinct ${voteElectors.householdId})` })
    .from(voteElectors)
    .where(and(eq(voteElectors.voteId, v.id), eq(voteElectors.present, true)));
  const tally = await tx
    .select({ choice: ballots.choice, n: count() })
    .from(ballots)
    .where(and(eq(ballots.voteId, v.id), eq(ballots.status, 'counted')))
    .groupBy(ballots.choice);
  const of = (c: string) => Number(tally.find((t) => t.choice === c)?.n ?? 0);
  const present = Number(p?.n ?? 0);
  const householdsPresent = v.electorate === 'households' ? present : Number(p?.hh ?? 0);
  const [u] = await tx
    .update(votes)
    .set({ present, householdsPresent, yes: of('yes'), no: of('no'), abstain: of('abstain'), version: bump(votes.version) })
    .where(eq(votes.id, v.id))
    .returning();
  return u;
}

/** 签到 on the roll (or its correction). */
export async function markAttendance(ctx: AppContext, actor: Actor, id: number, input: { electorIds: number[]; present: boolean }) {
  const v = await loadForTeller(ctx.db, actor, id);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const changed = await tx
      .update(voteElectors)
      .set({ present: input.present })
      .where(and(eq(voteElectors.voteId, id), inArray(voteElectors.id, input.electorIds)))
      .returning({ id: voteElectors.id });
    if (changed.length !== new Set(input.electorIds).size) throw new AppError('NOT_FOUND', { field: 'electorIds', message: '名册中没有该选民' });
    const u = await recount(tx, v);
    await audit(tx, actor, now, 'vote.attendance', { type: 'vote', id, areaCode: v.areaCode }, { electors: changed.length, present: input.present });
    return voteOut(tx, actor, u);
  });
}

async function insertBallot(tx: Db, v: Vote, electorId: number, row: Omit<typeof ballots.$inferInsert, 'voteId' | 'electorId'>) {
  const ins = await tx.insert(ballots).values({ voteId: v.id, electorId, ...row }).onConflictDoNothing().returning({ id: ballots.id });
  if (!ins[0]) throw new AppError('VOTE_ALREADY_CAST');
  // a ballot is a presence: whoever voted took part
  await tx.update(voteElectors).set({ present: true }).where(eq(voteElectors.id, electorId));
  return ins[0].id;
}

/** An elector votes online for themselves: their account must be on the roll. */
export async function castBallot(ctx: AppContext, actor: Actor, id: number, choice: string) {
  const v = await loadVote(ctx.db, actor, id);
  if (v.status !== 'open') throw new AppError('VOTE_CLOSED');
  const [e] = await ctx.db.select().from(voteElectors).where(and(eq(voteElectors.voteId, id), eq(voteElectors.userId, actor.userId))).limit(1);
  if (!e) throw new AppError('VOTE_NOT_ELIGIBLE');
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    await insertBallot(tx, v, e.id, { choice, channel: 'online', enteredBy: actor.userId, status: 'counted', createdAt: now, confirmedAt: now });
    const u = await recount(tx, v);
    // the choice itself is secret: the audit names the vote, not the choice
    await audit(tx, actor, now, 'vote.ballot', { type: 'vote', id, areaCode: v.areaCode }, { channel: 'online' });
    return voteOut(tx, actor, u);
  });
}

/** A teller enters a paper ballot; it counts once another teller confirms it. */
export async function enterPaperBallot(ctx: AppContext, actor: Actor, id: number, input: { electorId: number; choice: string }) {
  const v = await loadForTeller(ctx.db, actor, id);
  const [e] = await ctx.db.select().from(voteElectors).where(and(eq(voteElectors.voteId, id), eq(voteElectors.id, input.electorId))).limit(1);
  if (!e) throw new AppError('NOT_FOUND', { field: 'electorId', message: '名册中没有该选民' });
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const ballotId = await insertBallot(tx, v, e.id, { choice: input.choice, channel: 'paper', enteredBy: actor.userId, status: 'pending', createdAt: now });
    await recount(tx, v);
    await audit(tx, actor, now, 'vote.paper_enter', { type: 'vote', id, areaCode: v.areaCode }, { ballotId });
    return { ballotId, status: 'pending' };
  });
}

export async function confirmPaperBallot(ctx: AppContext, actor: Actor, id: number, ballotId: number) {
  const v = await loadForTeller(ctx.db, actor, id);
  const [b] = await ctx.db.select().from(ballots).where(and(eq(ballots.id, ballotId), eq(ballots.voteId, id))).limit(1);
  if (!b) throw new AppError('NOT_FOUND');
  if (b.status !== 'pending') throw new AppError('BALLOT_NOT_PENDING');
  if (b.enteredBy === actor.userId) throw new AppError('BALLOT_SAME_TELLER');
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const done = await tx
      .update(ballots)
      .set({ status: 'counted', confirmedBy: actor.userId, confirmedAt: now })
      .where(and(eq(ballots.id, ballotId), eq(ballots.status, 'pending')))
      .returning({ id: ballots.id });
    if (!done[0]) throw new AppError('BALLOT_NOT_PENDING');
    await recount(tx, v);
    await audit(tx, actor, now, 'vote.paper_confirm', { type: 'vote', id, areaCode: v.areaCode }, { ballotId });
    return { ballotId, status: 'counted' };
  });
}

/**
 * Ends the vote and publishes the result with its turnout. Without the legal quorum the meeting cannot decide:
 * the close is refused and the vote stays open (more electors may still sign in).
 */
export async function closeVote(ctx: AppContext, actor: Actor, id: number, version: number) {
  requireManager(actor);
  const v = await loadVote(ctx.db, actor, id);
  assertInScope(actor, v.areaCode);
  if (v.status !== 'open') throw new AppError('VOTE_CLOSED');
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [pending] = await tx.select({ n: count() }).from(ballots).where(and(eq(ballots.voteId, id), eq(ballots.status, 'pending')));
    if (Number(pending?.n ?? 0) > 0) throw new AppError('VOTE_PENDING_BALLOTS');
    const [cur] = await tx.select().from(votes).where(eq(votes.id, id)).limit(1);
    if (cur.version !== version) throw new AppError('VERSION_CONFLICT');
    const { quorum: q, outcome } = outcomeOf(cur.electorate as ElectorateKind, turnoutOf(cur), { yes: cur.yes, no: cur.no, abstain: cur.abstain });
    if (!outcome) {
      throw new AppError('VOTE_NO_QUORUM', {
        message: `到会${cur.present}人，未达到法定人数(至少${q.required}人)：${q.rule}`,
        details: { present: cur.present, eligible: cur.eligible, required: q.required, rule: q.rule },
      });
    }
    const [u] = await tx
      .update(votes)
      .set({ status: 'closed', outcome, closedAt: now, version: bump(votes.version) })
      .where(and(eq(votes.id, id), eq(votes.version, version)))
      .returning();
    if (!u) throw new AppError('VERSION_CONFLICT');
    await audit(tx, actor, now, 'vote.close', { type: 'vote', id, areaCode: v.areaCode }, { outcome, present: u.present, eligible: u.eligible, yes: u.yes, no: u.no, abstain: u.abstain });
    return voteOut(tx, actor, u);
  });
}
