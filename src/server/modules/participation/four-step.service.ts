/**
 * 四议两公开: 村党组织提议 → 村"两委"会议商议 → 党员大会审议 → 村民会议或村民代表会议决议 → 决议公开 → 实施结果公开.
 * Steps are recorded strictly in order; a failed meeting or vote ends the procedure; the two publications are
 * posted to the 三公开 board (村务) in the same transaction.
 */
import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { procedureInput, stepInput } from '../../../contracts/participation';
import { LEVEL_LENGTH } from '../../../domain/area-code';
import {
  addDays,
  checkStep,
  DEFAULT_PUBLICATION_DAYS,
  ELECTORATE_LABEL,
  type ElectorateKind,
  FOUR_STEP_LABEL,
  type FourStepKey,
  nextStep,
  type ProcedureStatus,
  quorum,
  STEP_ELECTORATES,
  statusAfter,
  turnoutPercent,
} from '../../../domain/participation/rules';
import { type Actor, assertInScope } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { fourStepProcedures as procedures, fourStepRecords as records, meetingAttendance, meetings, votes } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { insertPost } from './disclosure.service';
import { assertReadable, audit, bump, checkArea, readFilter, requireManager } from './participation.shared';

type Page = { page: number; pageSize: number };
type Procedure = typeof procedures.$inferSelect;

function procedureOut(p: Procedure) {
  const next = p.status === 'in_progress' ? nextStep(p.stepsDone) : null;
  return {
    id: p.id,
    areaCode: p.areaCode,
    title: p.title,
    matter: p.matter,
    status: p.status,
    stepsDone: p.stepsDone,
    nextStep: next,
    nextStepLabel: next ? FOUR_STEP_LABEL[next] : null,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
  };
}

function recordOut(r: typeof records.$inferSelect) {
  return {
    seq: r.seq,
    step: r.step,
    label: FOUR_STEP_LABEL[r.step as FourStepKey] ?? r.step,
    meetingId: r.meetingId,
    voteId: r.voteId,
    expected: r.expected,
    attended: r.attended,
    result: r.result,
    summary: r.summary,
    documents: r.documents,
    disclosurePostId: r.disclosurePostId,
    recordedByName: r.recordedByName,
    recordedAt: r.recordedAt.toISOString(),
  };
}

export async function startProcedure(ctx: AppContext, actor: Actor, input: z.infer<typeof procedureInput>) {
  requireManager(actor);
  await checkArea(ctx.db, actor, input.areaCode, [LEVEL_LENGTH.village]);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [p] = await tx
      .insert(procedures)
      .values({ areaCode: input.areaCode, title: input.title, matter: input.matter, createdBy: actor.userId, createdAt: now, updatedAt: now })
      .returning();
    await audit(tx, actor, now, 'four_step.start', { type: 'four_step', id: p.id, areaCode: p.areaCode });
    return procedureOut(p);
  });
}

export async function listProcedures(ctx: AppContext, actor: Actor, q: Page & { area?: string; status?: string }) {
  const conds: SQL[] = [readFilter(actor, procedures.areaCode, q.area)];
  if (q.status) conds.push(eq(procedures.status, q.status));
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(procedures).where(where).orderBy(desc(procedures.createdAt), desc(procedures.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(procedures).where(where),
  ]);
  return { items: rows.map(procedureOut), total: Number(total?.n ?? 0) };
}

async function loadProcedure(db: Db, actor: Actor, id: number): Promise<Procedure> {
  const [p] = await db.select().from(procedures).where(eq(procedures.id, id)).limit(1);
  assertReadable(actor, p?.areaCode);
  return p!;
}

export async function getProcedure(ctx: AppContext, actor: Actor, id: number) {
  const p = await loadProcedure(ctx.db, actor, id);
  const rows = await ctx.db.select().from(records).where(eq(records.procedureId, id)).orderBy(asc(records.seq));
  return { ...procedureOut(p), records: rows.map(recordOut) };
}

type StepFacts = { passed: boolean; expected: number | null; attended: number | null; meetingId: number | null; voteId: number | null; voteText: string | null };

/** Reads the meeting and vote a deliberative step rests on, and decides whether the step passed. */
async function deliberativeFacts(db: Db, p: Procedure, step: FourStepKey, input: z.infer<typeof stepInput>): Promise<StepFacts> {
  let expected = input.expected ?? null;
  let attended = input.attended ?? null;
  if (input.meetingId) {
    const [m] = await db.select().from(meetings).where(eq(meetings.id, input.meetingId)).limit(1);
    if (!m || m.areaCode !== p.areaCode) throw new AppError('NOT_FOUND', { field: 'meetingId', message: '会议不存在或不属于该村(社区)' });
    const [{ n }] = await db.select({ n: count() }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
    expected ??= m.expected || null;
    attended ??= Number(n);
  }
  const allowed = STEP_ELECTORATES[step];
  if (step === 'resolve' && !input.voteId) {
    throw new AppError('FOUR_STEP_VOTE_REQUIRED', { field: 'voteId', message: '“村民会议或村民代表会议决议”须关联一次已结束的表决' });
  }
  if (input.voteId) {
    const [v] = await db.select().from(votes).where(eq(votes.id, input.voteId)).limit(1);
    if (!v || v.areaCode !== p.areaCode) throw new AppError('NOT_FOUND', { field: 'voteId', message: '表决不存在或不属于该村(社区)' });
    if (!allowed?.includes(v.electorate as ElectorateKind)) {
      throw new AppError('FOUR_STEP_VOTE_REQUIRED', {
        field: 'voteId',
        message: `此步骤须由${(allowed ?? []).map((k) => ELECTORATE_LABEL[k]).join('或') || '会议'}表决`,
      });
    }
    if (v.status !== 'closed' || !v.outcome) throw new AppError('FOUR_STEP_VOTE_REQUIRED', { field: 'voteId', message: '关联的表决尚未结束(未达到法定人数的会议不能作出决定)' });
    if (v.procedureId && v.procedureId !== p.id) throw new AppError('CONFLICT', { field: 'voteId', message: '该表决已用于其他事项' });
    const turnout = turnoutPercent(v);
    return {
      passed: v.outcome === 'passed',
      expected: v.eligible,
      attended: v.present,
      meetingId: input.meetingId ?? v.meetingId,
      voteId: v.id,
      voteText: `${ELECTORATE_LABEL[v.electorate as ElectorateKind]}应到${v.eligible}人，实到${v.present}人(${turnout}%)；同意${v.yes}票，不同意${v.no}票，弃权${v.abstain}票；${v.outcome === 'passed' ? '获得通过' : '未获通过'}。`,
    };
  }
  if (input.passed === undefined) throw new AppError('FIELD_REQUIRED', { field: 'passed', message: '请填写会议结果(同意或不同意)' });
  if (step === 'review') {
    // 党员大会 without a recorded vote: the attendance still has to make a quorum
    if (expected === null || attended === null) throw new AppError('FIELD_REQUIRED', { field: 'attended', message: '请填写应到和实到党员人数' });
    const q = quorum('party_members', { eligible: expected, present: attended, households: 0, householdsPresent: 0 });
    if (!q.met) throw new AppError('VOTE_NO_QUORUM', { message: `到会${attended}人，未达到法定人数(至少${q.required}人)：${q.rule}`, details: { required: q.required } });
  }
  return { passed: input.passed, expected, attended, meetingId: input.meetingId ?? null, voteId: null, voteText: null };
}

/** Records the next step; anything but the next step in order is refused with the step that is due. */
export async function recordStep(ctx: AppContext, actor: Actor, id: number, input: z.infer<typeof stepInput>) {
  requireManager(actor);
  const p = await loadProcedure(ctx.db, actor, id);
  assertInScope(actor, p.areaCode);
  const step = input.step as FourStepKey;
  const check = checkStep(p.status as ProcedureStatus, p.stepsDone, step);
  if (!check.ok) {
    if (check.reason === 'out_of_order') {
      const expected = check.expected!;
      throw new AppError('FOUR_STEP_OUT_OF_ORDER', {
        field: 'step',
        message: `须按“四议两公开”的顺序办理：下一步应为“${FOUR_STEP_LABEL[expected]}”，不能办理“${FOUR_STEP_LABEL[step]}”`,
        details: { expected, expectedLabel: FOUR_STEP_LABEL[expected] },
      });
    }
    throw new AppError('FOUR_STEP_FINISHED');
  }
  const now = ctx.clock();
  const isPublication = step === 'publish_resolution' || step === 'publish_result';
  const facts: StepFacts = isPublication
    ? { passed: true, expected: null, attended: null, meetingId: null, voteId: null, voteText: null }
    : await deliberativeFacts(ctx.db, p, step, input);
  return ctx.db.transaction(async (tx) => {
    let postId: number | null = null;
    if (isPublication) {
      const previous = await tx.select().from(records).where(eq(records.procedureId, id)).orderBy(asc(records.seq));
      const resolution = previous.find((r) => r.step === 'resolve');
      const body =
        step === 'publish_resolution'
          ? `事项：${p.matter}\n\n决议：${resolution?.summary ?? ''}\n\n${input.summary}`
          : `事项：${p.matter}\n\n实施结果：${input.summary}`;
      const post = await insertPost(tx, actor, now, {
        areaCode: p.areaCode,
        category: 'village',
        title: `${step === 'publish_resolution' ? '决议公开' : '实施结果公开'}：${p.title}`,
        body,
        attachments: input.documents,
        publishFrom: now,
        publishUntil: addDays(now, input.publishDays ?? DEFAULT_PUBLICATION_DAYS),
        source: 'four_step',
        procedureId: p.id,
      });
      postId = post.id;
    }
    const summary = facts.voteText ? `${input.summary}\n${facts.voteText}` : input.summary;
    const inserted = await tx
      .insert(records)
      .values({
        procedureId: id,
        seq: p.stepsDone + 1,
        step,
        meetingId: facts.meetingId,
        voteId: facts.voteId,
        expected: facts.expected,
        attended: facts.attended,
        result: isPublication ? 'published' : facts.passed ? 'passed' : 'failed',
        summary,
        documents: input.documents,
        disclosurePostId: postId,
        recordedBy: actor.userId,
        recordedByName: actor.displayName,
        recordedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: records.id });
    if (!inserted[0]) throw new AppError('VERSION_CONFLICT');
    const status = statusAfter(step, facts.passed);
    const [u] = await tx
      .update(procedures)
      .set({ stepsDone: p.stepsDone + 1, status, version: bump(procedures.version), updatedAt: now })
      .where(and(eq(procedures.id, id), eq(procedures.version, input.version)))
      .returning();
    if (!u) throw new AppError('VERSION_CONFLICT');
    if (facts.voteId) await tx.update(votes).set({ procedureId: id }).where(eq(votes.id, facts.voteId));
    await audit(tx, actor, now, 'four_step.step', { type: 'four_step', id, areaCode: p.areaCode }, { step, result: facts.passed ? 'passed' : 'failed', postId });
    const rows = await tx.select().from(records).where(eq(records.procedureId, id)).orderBy(asc(records.seq));
    return { ...procedureOut(u), records: rows.map(recordOut) };
  });
}
