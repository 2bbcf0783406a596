/**
 * 信访事项 (DESIGN §5a): registration (representatives ≤ 5), the statutory periods kept in petition_details,
 * 积案, 领导包案 "五个一", 接访下访 schedules. A 检举控告 petitioner's identity never reaches the department of the
 * person complained about: the presenter below is the only place petitioners are read.
 */
import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { computeWarnAt } from '../../../domain/cases/deadline';
import {
  answerReviewDue,
  applyReviewDue,
  CHANNEL_LABEL,
  CHANNELS,
  type Channel,
  DECISION_LABEL,
  type Decision,
  extendedDue,
  handleDue,
  intakeDue,
  MAX_REPRESENTATIVES,
  nextStage,
  objectionDue,
  PETITION_CATEGORY,
  PETITION_TYPE_LABEL,
  PETITION_TYPES,
  type PetitionType,
  STAGE_LABEL,
  type Stage,
} from '../../../domain/cases/kinds/petition';
import { STATUS_LABEL, type CaseStatus } from '../../../domain/cases/types';
import { maskPhone } from '../../../domain/id-card';
import { type Actor, areaFilter, areaScope, assertTargetInScope, hasRole } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt, searchHash } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { cases, petitionDetails, petitionSchedules } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { visibleTo } from '../cases/case-support';
import { createCase } from '../cases/cases.service';
import { type EffectInput, registerKindEffects } from '../cases/perform';
import { ensureKindCategories, isoOrNull, loadKindCase, timelineNote } from '../disputes/disputes.shared';

const text = (max = 2000) => z.string().trim().min(1).max(max);

export const registerPetitionBody = z.object({
  petitionType: z.enum(PETITION_TYPES),
  channel: z.enum(CHANNELS),
  title: text(100),
  matter: text(5000),
  areaCode: z.string().regex(/^\d{9,18}$/),
  petitioners: z
    .array(
      z.object({
        name: text(50),
        phone: z.string().regex(/^1\d{10}$/).optional(),
        idCard: z.string().regex(/^\d{17}[\dXx]$/).optional(),
        representative: z.boolean().default(true),
      }),
    )
    .min(1)
    .max(50),
  /** people who came together (走访), representatives included */
  groupSize: z.number().int().min(1).max(10_000).default(1),
  complainedDepartmentId: z.number().int().positive().optional(),
  /** 信访代办: the centre registers and follows it on the petitioner's behalf */
  proxied: z.boolean().default(false),
});
export type RegisterPetitionBody = z.infer<typeof registerPetitionBody>;

export async function registerPetition(ctx: AppContext, actor: Actor, body: RegisterPetitionBody) {
  const reps = body.petitioners.filter((p) => p.representative).length;
  if (reps > MAX_REPRESENTATIVES) throw new AppError('PETITION_TOO_MANY_REPRESENTATIVES', { field: 'petitioners' });
  assertTargetInScope(actor, body.areaCode, 'areaCode');
  await ensureKindCategories(ctx.db);
  const idHashes = body.petitioners.map((p) => (p.idCard ? searchHash(p.idCard.toUpperCase()) : null));
  // the same petitioner again: 重复信访 (a backlog marker), and refused when the matter is already final (终结)
  const known = idHashes.filter((h): h is string => !!h);
  let repeatOf: number | null = null;
  if (known.length) {
    const earlier = await ctx.db
      .select({ caseId: petitionDetails.caseId, final: petitionDetails.final, petitionType: petitionDetails.petitionType })
      .from(petitionDetails)
      .where(sql`EXISTS (SELECT 1 FROM jsonb_array_elements(${petitionDetails.petitioners}) e WHERE e->>'idHash' IN (${sql.join(known.map((h) => sql`${h}`), sql`, `)}))`)
      .orderBy(desc(petitionDetails.caseId));
    const same = earlier.find((e) => e.petitionType === body.petitionType);
    if (same?.final) throw new AppError('PETITION_FINAL');
    repeatOf = same?.caseId ?? null;
  }
  return createCase(
    ctx,
    actor,
    {
      kind: 'petition',
      title: body.title,
      description: body.matter,
      categoryCode: PETITION_CATEGORY[body.petitionType],
      areaCode: body.areaCode,
      people: [],
      source: body.channel === 'visit' ? 'visit' : 'intake',
      urgent: body.groupSize >= MAX_REPRESENTATIVES,
      reporterName: actor.displayName,
    },
    {
      afterInsert: async (tx, row, now) => {
        const due = intakeDue(now);
        await tx.update(cases).set({ dueAt: due, warnAt: computeWarnAt(now, due, 'day') }).where(eq(cases.id, row.id));
        await tx.insert(petitionDetails).values({
          caseId: row.id,
          areaCode: row.areaCode,
          petitionType: body.petitionType,
          channel: body.channel,
          petitioners: body.petitioners.map((p, i) => ({
            name: p.name,
            phoneEnc: p.phone ? encrypt(p.phone) : null,
            idHash: idHashes[i],
            representative: p.representative,
          })),
          groupSize: Math.max(body.groupSize, body.petitioners.length),
          matter: body.matter,
          complainedDepartmentId: body.complainedDepartmentId ?? null,
          proxied: body.proxied,
          registeredAt: now,
          intakeDueAt: due,
          repeatOf,
          backlog: repeatOf !== null,
        });
      },
    },
  );
}

// —— effects inside perform()

async function details(input: EffectInput) {
  const [d] = await input.tx.select().from(petitionDetails).where(eq(petitionDetails.caseId, input.row.id)).limit(1);
  if (!d) throw new AppError('NOT_FOUND');
  return d;
}
const setDetails = (input: EffectInput, values: Partial<typeof petitionDetails.$inferInsert>) =>
  input.tx.update(petitionDetails).set(values).where(eq(petitionDetails.caseId, input.row.id));

/** The 15-day step is met by the first of 受理/交办/转送/书面告知/不予受理; a late one is flagged. */
async function intakeStep(input: EffectInput, how: string) {
  const d = await details(input);
  if (d.intakeDoneAt) return d;
  await setDetails(input, { intakeDoneAt: input.now, intakeHow: how, intakeLate: input.now.getTime() > d.intakeDueAt.getTime() });
  return d;
}

function setClock(input: EffectInput, due: Date) {
  input.patch.dueStep = 'handle';
  input.patch.dueStartedAt = input.now;
  input.patch.dueAt = due;
  input.patch.warnAt = computeWarnAt(input.now, due, 'day');
  input.patch.pausedRemaining = null;
}

registerKindEffects('petition', {
  async accept(input) {
    await intakeStep(input, 'accepted');
    const due = handleDue(input.now);
    setClock(input, due);
    await setDetails(input, { handleDueAt: due });
  },
  reject: async (input) => {
    await intakeStep(input, 'rejected');
  },
  forward: async (input) => {
    await intakeStep(input, 'forwarded');
  },
  async notify_written(input) {
    await intakeStep(input, 'noticed');
    await setDetails(input, { noticeText: (input.payload as { content: string }).content });
  },
  async dispatch(input) {
    await intakeStep(input, 'assigned');
    await setDetails(input, { assignedAt: input.now, objectionDueAt: objectionDue(input.now) });
  },
  async return(input) {
    const d = await details(input);
    if (d.objectionDueAt && input.now.getTime() > d.objectionDueAt.getTime()) await setDetails(input, { objectionLate: true });
  },
  async extend(input) {
    const p = input.payload as { days: number; reason: string };
    const d = await details(input);
    if (d.extendedDays) throw new AppError('PETITION_EXTENDED_ALREADY');
    const due = extendedDue(input.row.dueAt ?? d.handleDueAt ?? input.now, p.days);
    input.patch.dueAt = due;
    input.patch.warnAt = computeWarnAt(input.row.dueStartedAt ?? input.now, due, 'day');
    await setDetails(input, { extendedDays: p.days, extensionReason: p.reason, handleDueAt: due });
  },
  async opinion(input) {
    const p = input.payload as { request: string; facts: string; decision: Decision; basis: string };
    const d = await details(input);
    const late = !!input.row.dueAt && input.now.getTime() > input.row.dueAt.getTime();
    await setDetails(input, {
      opinions: [...d.opinions, { stage: d.stage, ...p, at: input.now.toISOString() }],
      repliedAt: input.now,
      handleLate: d.handleLate || late,
      backlog: d.backlog || late,
    });
  },
  async close(input) {
    const d = await details(input);
    if (d.stage === 'recheck') await setDetails(input, { final: true });
  },
  async review(input) {
    const d = await details(input);
    const next = nextStage(d.stage as Stage);
    if (d.final || !next) throw new AppError('PETITION_FINAL');
    if (!d.repliedAt || input.now.getTime() > applyReviewDue(d.repliedAt).getTime()) throw new AppError('PETITION_REVIEW_LATE');
    const due = answerReviewDue(input.now);
    setClock(input, due);
    input.patch.closedAt = null;
    input.patch.closedOnTime = null;
    input.patch.handledAt = null;
    await setDetails(input, { stage: next, handleDueAt: due });
  },
});

// —— presenter: the one place petitioners are read

/** The department of the person complained about never learns who complained (检举控告). */
export function hidesIdentity(actor: Actor, d: { petitionType: string; complainedDepartmentId: number | null }): boolean {
  if (d.petitionType !== 'accusation') return false;
  if (actor.departmentId !== null && actor.departmentId === d.complainedDepartmentId) return true;
  // when the department complained about is not recorded, no department sees who complained
  return hasRole(actor, 'dept_staff') && !hasRole(actor, 'center_staff') && d.complainedDepartmentId === null;
}

function petitionersView(actor: Actor, d: typeof petitionDetails.$inferSelect) {
  if (hidesIdentity(actor, d)) return { hidden: true, petitioners: d.petitioners.map(() => ({ name: '(检举控告人信息保密)', phone: null, representative: false })) };
  return {
    hidden: false,
    petitioners: d.petitioners.map((p) => {
      let phone: string | null = null;
      if (p.phoneEnc) {
        try {
          phone = maskPhone(decrypt(p.phoneEnc));
        } catch {
          phone = '***';
        }
      }
      return { name: p.name, phone, representative: p.representative };
    }),
  };
}

function flags(now: Date, c: typeof cases.$inferSelect, d: typeof petitionDetails.$inferSelect) {
  const open = !c.closedAt && !['rejected', 'merged', 'closed', 'evaluated'].includes(c.status);
  return {
    intakeLate: d.intakeLate || (!d.intakeDoneAt && now.getTime() > d.intakeDueAt.getTime()),
    objectionLate: d.objectionLate,
    handleLate: d.handleLate || (open && !!c.dueAt && d.intakeDoneAt !== null && now.getTime() > c.dueAt.getTime()),
  };
}

function view(actor: Actor, now: Date, c: typeof cases.$inferSelect, d: typeof petitionDetails.$inferSelect) {
  const f = flags(now, c, d);
  const who = petitionersView(actor, d);
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    areaCode: c.areaCode,
    status: c.status,
    statusLabel: STATUS_LABEL[c.status as CaseStatus] ?? c.status,
    version: c.version,
    petitionType: d.petitionType,
    petitionTypeLabel: PETITION_TYPE_LABEL[d.petitionType as PetitionType],
    channel: d.channel,
    channelLabel: CHANNEL_LABEL[d.channel as Channel],
    identityHidden: who.hidden,
    petitioners: who.petitioners,
    groupSize: d.groupSize,
    matter: d.matter,
    proxied: d.proxied,
    stage: d.stage,
    stageLabel: STAGE_LABEL[d.stage as Stage],
    registeredAt: d.registeredAt.toISOString(),
    intakeDueAt: d.intakeDueAt.toISOString(),
    intakeDoneAt: isoOrNull(d.intakeDoneAt),
    intakeHow: d.intakeHow,
    objectionDueAt: isoOrNull(d.objectionDueAt),
    handleDueAt: isoOrNull(c.dueAt ?? d.handleDueAt),
    extendedDays: d.extendedDays,
    extensionReason: d.extensionReason,
    opinions: d.opinions.map((o) => ({ ...o, decisionLabel: DECISION_LABEL[o.decision as Decision] ?? o.decision })),
    repliedAt: isoOrNull(d.repliedAt),
    reviewApplyDueAt: d.repliedAt && !d.final ? applyReviewDue(d.repliedAt).toISOString() : null,
    final: d.final,
    backlog: d.backlog || f.handleLate,
    repeatOf: d.repeatOf,
    leaderPlan: d.leaderPlan,
    ownerLeaderId: c.ownerLeaderId,
    ...f,
  };
}

export async function getPetition(ctx: AppContext, actor: Actor, id: number) {
  const c = await loadKindCase(ctx.db, actor, id, 'petition');
  const [d] = await ctx.db.select().from(petitionDetails).where(eq(petitionDetails.caseId, id)).limit(1);
  if (!d) throw new AppError('NOT_FOUND');
  return view(actor, ctx.clock(), c, d);
}

export const listPetitionsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  area: z.string().regex(/^\d{2,18}$/).optional(),
  type: z.enum(PETITION_TYPES).optional(),
  channel: z.enum(CHANNELS).optional(),
  stage: z.enum(['first', 'review', 'recheck']).optional(),
  backlog: z.enum(['1']).optional(),
});

export async function listPetitions(ctx: AppContext, actor: Actor, q: z.infer<typeof listPetitionsQuery>) {
  const now = ctx.clock();
  const conds: SQL[] = [eq(cases.kind, 'petition'), visibleTo(actor), areaFilter(actor, cases.areaCode, q.area)];
  if (q.type) conds.push(eq(petitionDetails.petitionType, q.type));
  if (q.channel) conds.push(eq(petitionDetails.channel, q.channel));
  if (q.stage) conds.push(eq(petitionDetails.stage, q.stage));
  if (q.backlog)
    conds.push(
      sql`(${petitionDetails.backlog} OR ${petitionDetails.handleLate} OR (${cases.closedAt} IS NULL AND ${cases.dueAt} < ${now} AND ${petitionDetails.intakeDoneAt} IS NOT NULL))`,
    );
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ c: cases, d: petitionDetails })
      .from(cases)
      .innerJoin(petitionDetails, eq(petitionDetails.caseId, cases.id))
      .where(where)
      .orderBy(desc(cases.createdAt), desc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(cases).innerJoin(petitionDetails, eq(petitionDetails.caseId, cases.id)).where(where),
  ]);
  return { items: rows.map(({ c, d }) => view(actor, now, c, d)), total: Number(total?.n ?? 0) };
}

export const leaderPlanBody = z.object({ leader: text(50), team: text(500), plan: text(2000), measures: text(2000), followThrough: text(1000) });

/** 领导包案 "五个一": 一名包案领导、一个工作班子、一套化解方案、一套稳控措施、一抓到底. */
export async function setLeaderPlan(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof leaderPlanBody>) {
  const c = await loadKindCase(ctx.db, actor, id, 'petition');
  if (!hasRole(actor, 'leader', 'center_staff')) throw new AppError('FORBIDDEN');
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.update(petitionDetails).set({ leaderPlan: body }).where(eq(petitionDetails.caseId, id));
    await timelineNote(tx, c, actor, 'leader_plan', `领导包案(五个一)：包案领导${body.leader}；工作班子${body.team}`, now);
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'petition.leader_plan', targetType: 'case', targetId: id, areaCode: c.areaCode }, now);
  });
  return { id };
}

export const scheduleBody = z.object({
  areaCode: z.string().regex(/^\d{6,12}$/),
  leaderName: text(50),
  kind: z.enum(['receive', 'visit']),
  day: z.iso.date(),
  place: text(200),
  note: z.string().trim().max(500).optional(),
});

export async function addSchedule(ctx: AppContext, actor: Actor, body: z.infer<typeof scheduleBody>) {
  assertTargetInScope(actor, body.areaCode, 'areaCode');
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [s] = await tx.insert(petitionSchedules).values({ ...body, note: body.note ?? null, createdAt: now }).returning({ id: petitionSchedules.id });
    await recordAudit(tx, { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'petition.schedule', targetType: 'petition_schedule', targetId: s.id, areaCode: body.areaCode }, now);
    return { id: s.id };
  });
}

export async function listSchedules(ctx: AppContext, actor: Actor, q: { area?: string; from?: string }) {
  const conds: SQL[] = [areaScope(actor, petitionSchedules.areaCode), areaFilter(actor, petitionSchedules.areaCode, q.area)];
  if (q.from) conds.push(sql`${petitionSchedules.day} >= ${q.from}`);
  const rows = await ctx.db.select().from(petitionSchedules).where(and(...conds)).orderBy(asc(petitionSchedules.day)).limit(500);
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total: rows.length };
}
