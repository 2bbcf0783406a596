/**
 * 矛盾纠纷 (DESIGN §5): registration with parties, the ledger (台账) and its Excel export, mediation sessions,
 * 会商研判 meetings and tasks, the 调解协议书 with its 司法确认 window, and the kind's effects on perform().
 */
import ExcelJS from 'exceljs';
import { and, asc, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  confirmDeadline,
  DISPUTE_SOURCES,
  type DisputeOutcome,
  type DisputeSource,
  type FiveStep,
  OUTCOME_LABEL,
  RISK_LABEL,
  RISK_LEVELS,
  type RiskLevel,
  SOURCE_LABEL,
  STEP_NAME,
  stepAfter,
} from '../../../domain/cases/kinds/dispute';
import { STATUS_LABEL, type CaseStatus } from '../../../domain/cases/types';
import { maskPhone } from '../../../domain/id-card';
import { ROLE_LABEL, type Role } from '../../../domain/roles';
import { type Actor, areaFilter, can } from '../../platform/access';
import { recordAudit, recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import {
  cases,
  consultMeetings,
  departments,
  consultTasks,
  disputeDetails,
  disputeParties,
  mediationAgreements,
  mediationSessions,
  users,
} from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { loadVisibleCase, visibleTo } from '../cases/case-support';
import { createCase } from '../cases/cases.service';
import { type EffectInput, registerKindEffects } from '../cases/perform';
import { categoryNames, ensureKindCategories, isoOrNull, loadKindCase, loadKindCaseForWrite, policeUsers, timelineNote } from './disputes.shared';

const text = (max = 2000) => z.string().trim().min(1).max(max);
const date = z.iso.date();

export const partyBody = z.object({
  partyType: z.enum(['person', 'org']).default('person'),
  name: text(100),
  role: z.enum(['applicant', 'respondent', 'third']).default('applicant'),
  members: z.number().int().min(1).max(10_000).default(1),
  phone: z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/).optional(),
  address: z.string().trim().max(200).optional(),
  note: z.string().trim().max(500).optional(),
});

export const createDisputeBody = z.object({
  title: text(100),
  description: z.string().trim().max(5000).default(''),
  typeCode: z.string().min(1).max(40),
  riskLevel: z.enum(RISK_LEVELS).default('low'),
  source: z.enum(DISPUTE_SOURCES).default('screening'),
  peopleInvolved: z.number().int().min(1).max(100_000).default(2),
  isGroup: z.boolean().default(false),
  amountYuan: z.number().min(0).optional(),
  areaCode: z.string().regex(/^\d{9,18}$/).optional(),
  address: z.string().trim().max(200).optional(),
  parties: z.array(partyBody).min(1).max(100),
  fromCaseId: z.number().int().positive().optional(),
  violenceRisk: z.boolean().default(false),
});
export type CreateDisputeBody = z.infer<typeof createDisputeBody>;

const PARTY_ROLE: Record<string, string> = { applicant: '申请人', respondent: '被申请人', third: '第三人' };

async function tellPolice(tx: Db, row: { id: number; number: string; areaCode: string }, now: Date, note: string) {
  const ids = await policeUsers(tx, row.areaCode);
  await notify(
    tx,
    ids.map((userId) => ({
      userId,
      kind: 'dispute.violence',
      title: `紧急：矛盾纠纷 ${row.number} 有激化为暴力或刑事案件的风险`,
      body: note,
      link: `/disputes/${row.id}`,
      areaCode: row.areaCode,
    })),
    now,
  );
}

export async function createDispute(ctx: AppContext, actor: Actor, body: CreateDisputeBody) {
  await ensureKindCategories(ctx.db);
  const from = body.fromCaseId ? await loadVisibleCase(ctx.db, actor, body.fromCaseId) : null;
  if (body.fromCaseId && from?.kind !== 'event') throw new AppError('NOT_FOUND', { field: 'fromCaseId' });
  const source: DisputeSource = from ? 'event' : body.source;
  return createCase(
    ctx,
    actor,
    {
      kind: 'dispute',
      title: body.title,
      description: body.description,
      categoryCode: body.typeCode,
      grade: body.riskLevel === 'high' || body.riskLevel === 'major' ? 'hard' : 'routine',
      areaCode: body.areaCode ?? from?.areaCode,
      address: body.address,
      people: body.parties.map((p) => ({ name: p.name, role: PARTY_ROLE[p.role] })),
      source: source === 'grid' ? 'grid' : source === 'visit' ? 'visit' : 'intake',
      urgent: body.violenceRisk,
    },
    {
      afterInsert: async (tx, row, now) => {
        await tx.insert(disputeDetails).values({
          caseId: row.id,
          areaCode: row.areaCode,
          typeCode: body.typeCode,
          riskLevel: body.violenceRisk ? 'major' : body.riskLevel,
          source,
          peopleInvolved: Math.max(body.peopleInvolved, body.parties.reduce((n, p) => n + p.members, 0)),
          isGroup: body.isGroup,
          amountYuan: body.amountYuan ?? null,
          fromCaseId: from?.id ?? null,
          violenceRisk: body.violenceRisk,
          createdAt: now,
        });
        await tx.insert(disputeParties).values(
          body.parties.map((p) => ({
            caseId: row.id,
            partyType: p.partyType,
            name: p.name,
            role: p.role,
            members: p.members,
            phoneEnc: p.phone ? encrypt(p.phone) : null,
            address: p.address ?? null,
            note: p.note ?? null,
          })),
        );
        if (from) {
          await timelineNote(tx, from, actor, 'converted', `转为矛盾纠纷 ${row.number} 办理`, now, '已转为矛盾纠纷调处');
          await timelineNote(tx, row, actor, 'converted_from', `由网格事件 ${from.number} 转入`, now);
        }
        if (body.violenceRisk) await tellPolice(tx, row, now, '登记时发现暴力风险');
      },
    },
  );
}

// —— the kind's effects (run inside perform's transaction)

async function details(input: EffectInput) {
  const [d] = await input.tx.select().from(disputeDetails).where(eq(disputeDetails.caseId, input.row.id)).limit(1);
  if (!d) throw new AppError('NOT_FOUND');
  return d;
}

async function setDetails(input: EffectInput, values: Partial<typeof disputeDetails.$inferInsert>) {
  await input.tx.update(disputeDetails).set(values).where(eq(disputeDetails.caseId, input.row.id));
}

const onTime = (input: EffectInput) => input.row.overdueCount === 0 && (!input.row.dueAt || input.now.getTime() <= input.row.dueAt.getTime());

async function conclude(input: EffectInput, outcome: DisputeOutcome, extra: Partial<typeof disputeDetails.$inferInsert> = {}) {
  await setDetails(input, { outcome, outcomeAt: input.now, outcomeOnTime: onTime(input), ...extra });
}

const moveStep = async (input: EffectInput, action: string) => {
  const d = await details(input);
  const next = stepAfter(d.step as FiveStep, action);
  if (next !== d.step) await setDetails(input, { step: next });
};

registerKindEffects('dispute', {
  accept: (i) => moveStep(i, 'accept'),
  mediate: (i) => moveStep(i, 'mediate'),
  dispatch: (i) => moveStep(i, 'dispatch'),
  own: (i) => moveStep(i, 'own'),
  supervise: (i) => moveStep(i, 'supervise'),
  urge: (i) => moveStep(i, 'urge'),
  async resolve_locally(input) {
    await moveStep(input, 'resolve_locally');
    await conclude(input, 'success', { resolvedLocally: true });
  },
  async appraisal_pause(input) {
    await setDetails(input, { appraisalInstitution: (input.payload as { institution: string }).institution });
  },
  async succeed(input) {
    const p = input.payload as { agreementId: number };
    const [a] = await input.tx
      .select()
      .from(mediationAgreements)
      .where(and(eq(mediationAgreements.id, p.agreementId), eq(mediationAgreements.caseId, input.row.id)))
      .limit(1);
    if (!a) throw new AppError('NOT_FOUND', { field: 'agreementId' });
    if (a.status !== 'signed') throw new AppError('DISPUTE_AGREEMENT_UNSIGNED', { field: 'agreementId' });
    const d = await details(input);
    await conclude(input, 'success', { resolvedLocally: input.row.tier === 'grid' || input.row.tier === 'village' || d.resolvedLocally });
    input.patch.resolvedLocally = input.row.tier === 'grid' || input.row.tier === 'village';
  },
  async litigate(input) {
    const p = input.payload as { court: string; filedOn: string };
    await conclude(input, 'litigation', { litigationCourt: p.court, litigationDate: p.filedOn });
    input.patch.closedAt = input.now;
    input.patch.closedOnTime = onTime(input);
  },
  async terminate(input) {
    await conclude(input, 'terminated', { terminateReason: (input.payload as { reason: string }).reason });
    input.patch.closedAt = input.now;
    input.patch.closedOnTime = onTime(input);
  },
  async close(input) {
    const d = await details(input);
    if (!d.outcome) await conclude(input, 'success');
  },
  async flag_violence(input) {
    const p = input.payload as { note: string };
    await setDetails(input, { violenceRisk: true, riskLevel: 'major' });
    input.patch.urgent = true;
    for (const userId of await policeUsers(input.tx, input.row.areaCode))
      input.notices.push({
        userId,
        kind: 'dispute.violence',
        title: `紧急：矛盾纠纷 ${input.row.number} 有激化为暴力或刑事案件的风险`,
        body: p.note,
        link: `/disputes/${input.row.id}`,
        areaCode: input.row.areaCode,
      });
  },
  async follow_up(input) {
    const p = input.payload as { performance?: string; rating?: string };
    if (p.performance) await setDetails(input, { performance: p.performance });
    if (p.rating && !input.row.rating) {
      input.patch.rating = p.rating;
      input.patch.ratedAt = input.now;
    }
  },
  async accountability(input) {
    const p = input.payload as { kind: string; target: string; reason: string };
    const d = await details(input);
    await setDetails(input, {
      accountability: [...d.accountability, { ...p, at: input.now.toISOString(), by: input.actor.displayName }],
    });
  },
});

// —— reading

function maskedPhone(enc: string | null): string | null {
  if (!enc) return null;
  try {
    return maskPhone(decrypt(enc));
  } catch {
    return '***';
  }
}

export async function getDispute(ctx: AppContext, actor: Actor, id: number) {
  const row = await loadKindCase(ctx.db, actor, id, 'dispute');
  const [[d], parties, sessions, meetings, tasks, agreements, names] = await Promise.all([
    ctx.db.select().from(disputeDetails).where(eq(disputeDetails.caseId, id)).limit(1),
    ctx.db.select().from(disputeParties).where(eq(disputeParties.caseId, id)).orderBy(asc(disputeParties.id)),
    ctx.db.select().from(mediationSessions).where(eq(mediationSessions.caseId, id)).orderBy(asc(mediationSessions.id)),
    ctx.db.select().from(consultMeetings).where(eq(consultMeetings.caseId, id)).orderBy(asc(consultMeetings.id)),
    ctx.db.select().from(consultTasks).where(eq(consultTasks.caseId, id)).orderBy(asc(consultTasks.id)),
    ctx.db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, id)).orderBy(asc(mediationAgreements.id)),
    categoryNames(ctx.db, 'dispute'),
  ]);
  if (!d) throw new AppError('NOT_FOUND');
  const today = new Date(ctx.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    statusLabel: STATUS_LABEL[row.status as CaseStatus] ?? row.status,
    version: row.version,
    title: row.title,
    description: row.description,
    areaCode: row.areaCode,
    tier: row.tier,
    typeCode: d.typeCode,
    typeName: names.get(d.typeCode) ?? d.typeCode,
    riskLevel: d.riskLevel,
    riskLabel: RISK_LABEL[d.riskLevel as RiskLevel] ?? d.riskLevel,
    source: d.source,
    sourceLabel: SOURCE_LABEL[d.source as DisputeSource] ?? d.source,
    peopleInvolved: d.peopleInvolved,
    isGroup: d.isGroup,
    amountYuan: d.amountYuan,
    step: d.step,
    stepName: STEP_NAME[d.step as FiveStep] ?? d.step,
    fromCaseId: d.fromCaseId,
    violenceRisk: d.violenceRisk,
    outcome: d.outcome,
    outcomeLabel: d.outcome ? OUTCOME_LABEL[d.outcome as DisputeOutcome] : null,
    outcomeAt: isoOrNull(d.outcomeAt),
    outcomeOnTime: d.outcomeOnTime,
    litigationCourt: d.litigationCourt,
    litigationDate: d.litigationDate,
    terminateReason: d.terminateReason,
    appraisalInstitution: d.appraisalInstitution,
    performance: d.performance,
    accountability: d.accountability,
    rating: row.rating,
    dueAt: isoOrNull(row.dueAt),
    parties: parties.map((p) => ({
      id: p.id,
      partyType: p.partyType,
      name: p.name,
      role: p.role,
      roleLabel: PARTY_ROLE[p.role] ?? p.role,
      members: p.members,
      phone: maskedPhone(p.phoneEnc),
      address: p.address,
      note: p.note,
    })),
    sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
    meetings: meetings.map((m) => ({
      ...m,
      createdAt: m.createdAt.toISOString(),
      tasks: tasks.filter((t) => t.meetingId === m.id).map((t) => ({ ...t, doneAt: isoOrNull(t.doneAt) })),
    })),
    agreements: agreements.map((a) => ({
      ...a,
      createdAt: a.createdAt.toISOString(),
      /** days left to apply for 司法确认, null when not signed or already applied */
      confirmDaysLeft:
        a.confirmDeadline && !a.confirmAppliedOn ? Math.round((Date.parse(a.confirmDeadline) - Date.parse(today)) / 86_400_000) : null,
    })),
  };
}

export const ledgerQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  area: z.string().regex(/^\d{2,18}$/).optional(),
  type: z.string().max(40).optional(),
  risk: z.enum(RISK_LEVELS).optional(),
  step: z.enum(['screening', 'graded', 'joint', 'leader', 'supervise']).optional(),
  outcome: z.enum(['success', 'litigation', 'terminated', 'open']).optional(),
  source: z.enum(DISPUTE_SOURCES).optional(),
  status: z.string().max(20).optional(),
  q: z.string().max(64).optional(),
  from: date.optional(),
  to: date.optional(),
});
export type LedgerQuery = z.infer<typeof ledgerQuery>;

function ledgerWhere(actor: Actor, q: LedgerQuery): SQL {
  const conds: SQL[] = [eq(cases.kind, 'dispute'), visibleTo(actor), areaFilter(actor, cases.areaCode, q.area)];
  if (q.type) conds.push(eq(disputeDetails.typeCode, q.type));
  if (q.risk) conds.push(eq(disputeDetails.riskLevel, q.risk));
  if (q.step) conds.push(eq(disputeDetails.step, q.step));
  if (q.source) conds.push(eq(disputeDetails.source, q.source));
  if (q.outcome === 'open') conds.push(sql`${disputeDetails.outcome} IS NULL`);
  else if (q.outcome) conds.push(eq(disputeDetails.outcome, q.outcome));
  if (q.status) conds.push(eq(cases.status, q.status));
  if (q.q) conds.push(or(ilike(cases.title, `%${q.q}%`), ilike(cases.number, `%${q.q}%`))!);
  if (q.from) conds.push(sql`${cases.createdAt} >= ${new Date(`${q.from}T00:00:00+08:00`)}`);
  if (q.to) conds.push(sql`${cases.createdAt} < ${new Date(Date.parse(`${q.to}T00:00:00+08:00`) + 86_400_000)}`);
  return and(...conds)!;
}

export async function listDisputes(ctx: AppContext, actor: Actor, q: LedgerQuery) {
  const where = ledgerWhere(actor, q);
  const [rows, [total], names] = await Promise.all([
    ctx.db
      .select({ c: cases, d: disputeDetails })
      .from(cases)
      .innerJoin(disputeDetails, eq(disputeDetails.caseId, cases.id))
      .where(where)
      .orderBy(desc(cases.createdAt), desc(cases.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(cases).innerJoin(disputeDetails, eq(disputeDetails.caseId, cases.id)).where(where),
    categoryNames(ctx.db, 'dispute'),
  ]);
  return {
    items: rows.map(({ c, d }) => ledgerItem(c, d, names)),
    total: Number(total?.n ?? 0),
  };
}

function ledgerItem(c: typeof cases.$inferSelect, d: typeof disputeDetails.$inferSelect, names: Map<string, string>) {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    areaCode: c.areaCode,
    status: c.status,
    statusLabel: STATUS_LABEL[c.status as CaseStatus] ?? c.status,
    version: c.version,
    typeCode: d.typeCode,
    typeName: names.get(d.typeCode) ?? d.typeCode,
    riskLevel: d.riskLevel,
    riskLabel: RISK_LABEL[d.riskLevel as RiskLevel] ?? d.riskLevel,
    source: d.source,
    sourceLabel: SOURCE_LABEL[d.source as DisputeSource] ?? d.source,
    step: d.step,
    stepName: STEP_NAME[d.step as FiveStep] ?? d.step,
    peopleInvolved: d.peopleInvolved,
    isGroup: d.isGroup,
    outcome: d.outcome,
    outcomeLabel: d.outcome ? OUTCOME_LABEL[d.outcome as DisputeOutcome] : null,
    createdAt: c.createdAt.toISOString(),
    dueAt: isoOrNull(c.dueAt),
  };
}

/** The ledger as clerks keep it (矛盾纠纷排查化解台账), one row per dispute; the export is audited. */
export async function exportDisputes(ctx: AppContext, actor: Actor, q: LedgerQuery): Promise<{ file: Buffer; count: number }> {
  const where = ledgerWhere(actor, q);
  const [rows, names] = await Promise.all([
    ctx.db
      .select({ c: cases, d: disputeDetails })
      .from(cases)
      .innerJoin(disputeDetails, eq(disputeDetails.caseId, cases.id))
      .where(where)
      .orderBy(asc(cases.createdAt))
      .limit(10_000),
    categoryNames(ctx.db, 'dispute'),
  ]);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('矛盾纠纷台账', { pageSetup: { paperSize: 9, orientation: 'landscape' } });
  ws.mergeCells('A1:L1');
  ws.getCell('A1').value = '矛盾纠纷排查化解工作台账';
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  const header = ['序号', '编号', '登记日期', '纠纷类型', '纠纷简要情况', '涉及人数', '是否群体性', '风险等级', '来源', '所处环节', '办理状态', '化解结果'];
  ws.addRow(header).font = { bold: true };
  rows.forEach(({ c, d }, i) => {
    const item = ledgerItem(c, d, names);
    ws.addRow([
      i + 1,
      c.number,
      new Date(c.createdAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
      item.typeName,
      c.title,
      d.peopleInvolved,
      d.isGroup ? '是' : '否',
      item.riskLabel,
      item.sourceLabel,
      item.stepName,
      item.statusLabel,
      item.outcomeLabel ?? '办理中',
    ]);
  });
  [6, 24, 12, 12, 40, 10, 10, 10, 10, 12, 14, 22].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  const file = Buffer.from(await wb.xlsx.writeBuffer());
  await recordAuditAlone(ctx.db, {
    actorId: actor.userId,
    actorName: actor.username,
    ip: actor.ip,
    action: 'dispute.export',
    targetType: 'dispute',
    areaCode: q.area ?? null,
    detail: { count: rows.length, filters: { type: q.type, risk: q.risk, step: q.step, outcome: q.outcome } },
  });
  return { file, count: rows.length };
}

// —— records kept on a dispute (each one transaction with its audit record and a timeline entry)

async function withRecord<T>(
  ctx: AppContext,
  actor: Actor,
  id: number,
  action: string,
  work: (tx: Db, row: Awaited<ReturnType<typeof loadKindCaseForWrite>>, now: Date) => Promise<{ result: T; text: string; detail?: Record<string, unknown> }>,
): Promise<T> {
  const row = await loadKindCaseForWrite(ctx.db, actor, id, 'dispute');
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { result, text, detail } = await work(tx, row, now);
    await timelineNote(tx, row, actor, action, text, now);
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: `dispute.${action}`, targetType: 'case', targetId: id, areaCode: row.areaCode, detail: { number: row.number, ...detail } },
      now,
    );
    return result;
  });
}

export const sessionBody = z.object({
  heldOn: date,
  place: z.string().trim().max(100).optional(),
  mediators: z.array(text(50)).min(1).max(20),
  partiesPresent: z.array(text(100)).min(1).max(50),
  record: text(5000),
  result: z.enum(['progress', 'stalemate', 'agreed']).default('progress'),
});
const SESSION_RESULT: Record<string, string> = { progress: '有进展', stalemate: '陷入僵局', agreed: '达成一致' };

export function addSession(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof sessionBody>) {
  return withRecord(ctx, actor, id, 'session', async (tx, row, now) => {
    const [s] = await tx
      .insert(mediationSessions)
      .values({ caseId: row.id, ...body, place: body.place ?? null, createdBy: actor.userId, createdAt: now })
      .returning({ id: mediationSessions.id });
    return { result: { id: s.id }, text: `调解记录(${body.heldOn}，调解员${body.mediators.join('、')})：${SESSION_RESULT[body.result]}`, detail: { sessionId: s.id } };
  });
}

export const meetingBody = z.object({
  heldOn: date,
  topic: text(200),
  participants: z.array(z.object({ name: text(50), unit: text(100), kind: z.enum(['party_committee', 'police', 'discipline', 'justice', 'court', 'department', 'elder', 'lawyer', 'other']) })).min(3).max(50),
  conclusions: text(5000),
  tasks: z.array(z.object({ task: text(500), ownerUnit: text(100), departmentId: z.number().int().positive().optional(), dueOn: date.optional() })).max(50).default([]),
});

/** 会商研判 (3+X): a meeting with participants and conclusions; its tasks become assignments with owners. */
export function addMeeting(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof meetingBody>) {
  return withRecord(ctx, actor, id, 'consult', async (tx, row, now) => {
    const [m] = await tx
      .insert(consultMeetings)
      .values({ caseId: row.id, heldOn: body.heldOn, topic: body.topic, participants: body.participants, conclusions: body.conclusions, createdBy: actor.userId, createdAt: now })
      .returning({ id: consultMeetings.id });
    if (body.tasks.length)
      await tx.insert(consultTasks).values(
        body.tasks.map((t) => ({ meetingId: m.id, caseId: row.id, task: t.task, ownerUnit: t.ownerUnit, departmentId: t.departmentId ?? null, dueOn: t.dueOn ?? null })),
      );
    const [d] = await tx.select().from(disputeDetails).where(eq(disputeDetails.caseId, row.id)).limit(1);
    if (d) {
      const next = stepAfter(d.step as FiveStep, 'consult');
      if (next !== d.step) await tx.update(disputeDetails).set({ step: next }).where(eq(disputeDetails.caseId, row.id));
    }
    const units = [...new Set(body.participants.map((p) => p.unit))].join('、');
    return { result: { id: m.id }, text: `会商研判(${body.heldOn})：${body.topic}；参加：${units}；结论：${body.conclusions}`, detail: { meetingId: m.id, tasks: body.tasks.length } };
  });
}

export const taskDoneBody = z.object({ result: text() });
export function completeTask(ctx: AppContext, actor: Actor, id: number, taskId: number, body: z.infer<typeof taskDoneBody>) {
  return withRecord(ctx, actor, id, 'consult_task', async (tx, row, now) => {
    const [t] = await tx
      .update(consultTasks)
      .set({ status: 'done', doneAt: now, result: body.result })
      .where(and(eq(consultTasks.id, taskId), eq(consultTasks.caseId, row.id), eq(consultTasks.status, 'open')))
      .returning();
    if (!t) throw new AppError('NOT_FOUND');
    return { result: { id: t.id }, text: `会商任务完成(${t.ownerUnit})：${t.task} — ${body.result}` };
  });
}

export const agreementBody = z.object({
  committee: text(100),
  partiesText: text(5000),
  facts: text(5000),
  issues: text(5000),
  responsibility: text(5000),
  terms: z.array(text(2000)).min(1).max(50),
  performance: text(2000),
  mediators: z.array(text(50)).min(1).max(10),
  copies: z.number().int().min(1).max(20).default(3),
  oral: z.boolean().default(false),
});

export function addAgreement(ctx: AppContext, actor: Actor, id: number, body: z.infer<typeof agreementBody>) {
  return withRecord(ctx, actor, id, 'agreement', async (tx, row, now) => {
    const [a] = await tx
      .insert(mediationAgreements)
      .values({ caseId: row.id, ...body, createdBy: actor.userId, createdAt: now })
      .returning({ id: mediationAgreements.id });
    return { result: { id: a.id }, text: `${body.oral ? '记录口头协议' : '制作调解协议书'}(共${body.terms.length}条)`, detail: { agreementId: a.id } };
  });
}

export const signBody = z.object({ signedOn: date, version: z.number().int() });
/** All parties signed (or sealed / fingerprinted) and the mediator signed with the seal: it takes effect. */
export function signAgreement(ctx: AppContext, actor: Actor, id: number, agreementId: number, body: z.infer<typeof signBody>) {
  return withRecord(ctx, actor, id, 'agreement_signed', async (tx, row) => {
    const deadline = confirmDeadline(body.signedOn);
    const [a] = await tx
      .update(mediationAgreements)
      .set({ status: 'signed', signedOn: body.signedOn, confirmDeadline: deadline, version: sql`${mediationAgreements.version} + 1` })
      .where(
        and(
          eq(mediationAgreements.id, agreementId),
          eq(mediationAgreements.caseId, row.id),
          eq(mediationAgreements.version, body.version),
          eq(mediationAgreements.status, 'draft'),
        ),
      )
      .returning({ id: mediationAgreements.id, version: mediationAgreements.version });
    if (!a) {
      const [exists] = await tx.select({ id: mediationAgreements.id }).from(mediationAgreements).where(and(eq(mediationAgreements.id, agreementId), eq(mediationAgreements.caseId, row.id)));
      throw new AppError(exists ? 'VERSION_CONFLICT' : 'NOT_FOUND');
    }
    return { result: { id: a.id, version: a.version, confirmDeadline: deadline }, text: `调解协议书各方签字生效(${body.signedOn})，司法确认申请期限至${deadline}` };
  });
}

export const confirmBody = z.object({ appliedOn: date, court: text(100) });
export function applyConfirmation(ctx: AppContext, actor: Actor, id: number, agreementId: number, body: z.infer<typeof confirmBody>) {
  return withRecord(ctx, actor, id, 'judicial_confirmation', async (tx, row) => {
    const [a] = await tx
      .select()
      .from(mediationAgreements)
      .where(and(eq(mediationAgreements.id, agreementId), eq(mediationAgreements.caseId, row.id)))
      .limit(1);
    if (!a) throw new AppError('NOT_FOUND');
    if (a.status !== 'signed' || !a.confirmDeadline) throw new AppError('DISPUTE_AGREEMENT_UNSIGNED');
    if (body.appliedOn > a.confirmDeadline) throw new AppError('DISPUTE_CONFIRM_LATE', { field: 'appliedOn' });
    await tx.update(mediationAgreements).set({ confirmAppliedOn: body.appliedOn, confirmCourt: body.court }).where(eq(mediationAgreements.id, a.id));
    return { result: { id: a.id }, text: `双方共同向${body.court}申请司法确认(${body.appliedOn})` };
  });
}

const STAFF_ROLES: Role[] = ['mediator', 'center_staff', 'dept_staff', 'village_cadre', 'grid_worker', 'leader'];

/**
 * The people who may be picked as mediators or meeting participants of a dispute: active staff whose area is the
 * dispute's town, inside it or above it (a county centre). Names, roles and departments only — no contact data.
 */
export async function listDisputeStaff(ctx: AppContext, actor: Actor, id: number) {
  const row = await loadKindCase(ctx.db, actor, id, 'dispute');
  const town = row.areaCode.slice(0, 9);
  const rows = await ctx.db
    .select({ id: users.id, displayName: users.displayName, roles: users.roles, department: departments.name, departmentKind: departments.kind })
    .from(users)
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(
      and(
        eq(users.status, 'active'),
        sql`${users.roles} ?| array[${sql.join(
          STAFF_ROLES.map((r) => sql`${r}`),
          sql`, `,
        )}]`,
        sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${users.scopes}) s(code) WHERE s.code <> '' AND (starts_with(s.code, ${town}) OR starts_with(${town}, s.code)))`,
      ),
    )
    .orderBy(asc(users.id))
    .limit(300);
  const items = rows.map((u) => {
    const role = (u.roles as Role[]).find((r) => STAFF_ROLES.includes(r)) ?? (u.roles[0] as Role);
    return { id: u.id, name: u.displayName, role, roleLabel: ROLE_LABEL[role] ?? role, department: u.department, departmentKind: u.departmentKind };
  });
  return { items, total: items.length };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

/** The printable 调解协议书 (A4, Chinese fonts); reading it is audited. `nonce` allows its one script (the 打印 button) under the page's CSP. */
export async function agreementPrint(ctx: AppContext, actor: Actor, id: number, agreementId: number, nonce: string): Promise<string> {
  const row = await loadKindCase(ctx.db, actor, id, 'dispute');
  if (!can(actor, 'case:read')) throw new AppError('NOT_FOUND');
  const [a] = await ctx.db
    .select()
    .from(mediationAgreements)
    .where(and(eq(mediationAgreements.id, agreementId), eq(mediationAgreements.caseId, id)))
    .limit(1);
  if (!a) throw new AppError('NOT_FOUND');
  await recordAuditAlone(ctx.db, {
    actorId: actor.userId,
    actorName: actor.username,
    ip: actor.ip,
    action: 'dispute.agreement_print',
    targetType: 'case',
    targetId: id,
    areaCode: row.areaCode,
    detail: { number: row.number, agreementId },
  });
  const para = (s: string) => esc(s).replace(/\n/g, '<br>');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>人民调解协议书 ${esc(row.number)}</title>
<style>
@page { size: A4; margin: 25mm 22mm; }
body { font-family: "FangSong", "STFangsong", "WenQuanYi Zen Hei", "Noto Serif CJK SC", "SimSun", serif; font-size: 15pt; line-height: 1.8; color: #000; max-width: 170mm; margin: 0 auto; }
h1 { font-family: "SimHei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; text-align: center; font-size: 22pt; letter-spacing: 4pt; margin: 0 0 6pt; }
.no { text-align: right; font-size: 12pt; }
h2 { font-size: 15pt; margin: 12pt 0 2pt; font-family: "SimHei", "WenQuanYi Zen Hei", sans-serif; }
ol { margin: 0; padding-left: 2em; }
.sign { margin-top: 28pt; display: grid; grid-template-columns: 1fr 1fr; gap: 18pt; }
.foot { margin-top: 18pt; font-size: 12pt; }
.bar { font-family: "WenQuanYi Zen Hei", "Noto Sans CJK SC", sans-serif; font-size: 11pt; line-height: 1.5; border: 1px solid #d9d9d9; background: #fafafa; padding: 6pt 10pt; margin: 10pt 0 18pt; display: flex; gap: 12pt; align-items: center; }
.bar button { font-size: 12pt; padding: 3pt 18pt; cursor: pointer; }
.state { font-weight: bold; color: ${a.status === 'signed' ? '#389e0d' : '#d46b08'}; }
@media screen { body { padding: 0 6mm 12mm; } }
@media print { .noprint { display: none; } }
</style></head><body>
<div class="bar noprint" data-testid="print-bar"><span class="state">${a.status === 'signed' ? `已签字生效(${esc(a.signedOn ?? '')})` : '草稿：尚未签字生效'}</span>${
    a.confirmDeadline ? `<span>司法确认申请期限：${esc(a.confirmDeadline)}${a.confirmAppliedOn ? `(已于${esc(a.confirmAppliedOn)}向${esc(a.confirmCourt ?? '')}申请)` : ''}</span>` : ''
  }<button id="print" type="button">打印</button></div>
<h1>人民调解协议书</h1>
<div class="no">编号：${esc(row.number)}-${a.id}</div>
<h2>当事人基本情况</h2><p>${para(a.partiesText)}</p>
<h2>纠纷主要事实、争议事项及各方当事人的责任</h2><p>${para(a.facts)}</p><p>争议事项：${para(a.issues)}</p><p>各方责任：${para(a.responsibility)}</p>
<h2>经调解，自愿达成如下协议</h2><ol>${a.terms.map((t) => `<li>${para(t)}</li>`).join('')}</ol>
<h2>履行方式、时限</h2><p>${para(a.performance)}</p>
<p>本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式${a.copies}份，当事人、人民调解委员会各执一份。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。</p>
<div class="sign"><div>当事人(签名/盖章/按指印)：</div><div>当事人(签名/盖章/按指印)：</div>
<div>人民调解员(签名)：${a.mediators.map(esc).join('、')}</div><div>${esc(a.committee)}(印章)</div></div>
<div class="foot">${a.signedOn ? `签订日期：${esc(a.signedOn)}　司法确认申请期限：${esc(a.confirmDeadline ?? '')}` : '(草稿，尚未签字生效)'}</div>
<script nonce="${nonce}">document.getElementById('print').addEventListener('click', function () { window.print(); });</script>
</body></html>`;
}
