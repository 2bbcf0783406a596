/**
 * perform(): the ONLY writer of a case's status. Scope (visibility) → case role + state (the kind's table)
 * → compare-and-set on `version` → the action's effect, the new status and clock, a timeline entry, the audit
 * record and notices, all in one transaction. Sweeps call it too, with the system actor.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { extendDue, remainingAt, resumeDue, computeWarnAt, type DeadlineUnit } from '../../../domain/cases/deadline';
import { type Transition, resolveTransition } from '../../../domain/cases/engine';
import { kindOf } from '../../../domain/cases/kinds';
import { type CaseStatus, type Grade, STATUS_LABEL, TIER_CODE_LENGTH, TIERS, type Tier, nextTier, OPEN_STATUSES } from '../../../domain/cases/types';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import {
  areas,
  caseCategories,
  caseDispatches,
  caseRequests,
  caseSupervisions,
  caseTimeline,
  cases,
  departments,
  serviceOrders,
} from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { type Notice, notify } from '../../platform/notify';
import { emitCaseChange } from './case-events';
import {
  type CaseRow,
  type DispatchRow,
  type RequestRow,
  STOPPED_CLOCK,
  actorFactsOf,
  departmentUsers,
  factsOf,
  isSystem,
  loadLive,
  loadRules,
  loadVisibleCase,
  startClock,
  tierOfArea,
  usersAt,
  usersCovering,
} from './case-support';

export type PerformResult = { id: number; status: string; version: number };

type Patch = Partial<typeof cases.$inferInsert>;

export type EffectInput = {
  tx: Db;
  ctx: AppContext;
  actor: Actor;
  row: CaseRow;
  dispatches: DispatchRow[];
  requests: RequestRow[];
  payload: Record<string, unknown>;
  now: Date;
  patch: Patch;
  notices: Notice[];
};

const link = (id: number) => `/cases/${id}`;

function myDispatchRow(input: EffectInput, roles: string[], pred: (d: DispatchRow) => boolean): DispatchRow {
  const d = input.dispatches.find(
    (x) => x.departmentId === input.actor.departmentId && roles.includes(x.role) && x.status !== 'released' && pred(x),
  );
  if (!d) throw new AppError('CASE_WRONG_STATE');
  return d;
}

async function setDispatch(input: EffectInput, id: number, values: Partial<DispatchRow>) {
  await input.tx.update(caseDispatches).set(values).where(eq(caseDispatches.id, id));
  const d = input.dispatches.find((x) => x.id === id);
  if (d) Object.assign(d, values);
}

function pendingRequest(input: EffectInput, kind: string): RequestRow {
  const r = input.requests.find((x) => x.kind === kind && x.status === 'pending');
  if (!r) throw new AppError('CASE_WRONG_STATE');
  return r;
}

async function decideRequest(input: EffectInput, kind: string, status: 'approved' | 'denied', reason?: string) {
  const r = pendingRequest(input, kind);
  await input.tx
    .update(caseRequests)
    .set({ status, decidedBy: input.actor.userId, decidedAt: input.now, decisionReason: reason ?? null })
    .where(eq(caseRequests.id, r.id));
  r.status = status;
  return r;
}

async function addRequest(input: EffectInput, kind: string, days: number | null, reason: string | null) {
  const [r] = await input.tx
    .insert(caseRequests)
    .values({ caseId: input.row.id, kind, days, reason, requestedBy: input.actor.userId || null, requestedAt: input.now })
    .returning();
  input.requests.push(r);
}

async function reactivateLead(input: EffectInput) {
  const lead = input.dispatches.find((d) => d.role === 'lead' && d.status === 'done');
  if (lead) await setDispatch(input, lead.id, { status: 'active', handledAt: null });
}

async function checkCategory(tx: Db, kind: string, code: string) {
  const [c] = await tx.select().from(caseCategories).where(and(eq(caseCategories.code, code), eq(caseCategories.kind, kind))).limit(1);
  if (!c?.active) throw new AppError('CASE_CATEGORY_UNKNOWN', { field: 'categoryCode' });
}

function clockUnit(row: CaseRow, rules: Awaited<ReturnType<typeof loadRules>>): DeadlineUnit {
  const r = rules.find((x) => x.kind === row.kind && x.grade === row.grade && x.step === row.dueStep);
  if (r) return r.unit;
  return row.dueStep === 'accept' && row.grade === 'key' ? 'hour' : 'workday';
}

/** Kind-neutral effects, keyed by action name; a new kind reuses them or adds its own. */
const EFFECTS: Record<string, (input: EffectInput) => Promise<void>> = {
  async accept(input) {
    const p = input.payload as { grade: Grade; categoryCode?: string };
    if (p.categoryCode) {
      await checkCategory(input.tx, input.row.kind, p.categoryCode);
      input.patch.categoryCode = p.categoryCode;
    }
    input.patch.grade = p.grade;
    input.patch.acceptedAt = input.now;
    const facts = actorFactsOf(input.actor, input.row, input.dispatches);
    if (facts.centreTier && TIERS.indexOf(facts.centreTier) > TIERS.indexOf(input.row.tier as Tier)) input.patch.tier = facts.centreTier;
  },
  async escalate(input) {
    const next = nextTier(input.row.tier as Tier);
    if (!next) throw new AppError('CASE_WRONG_STATE');
    input.patch.tier = next;
    const code = input.row.areaCode.slice(0, TIER_CODE_LENGTH[next]);
    const ids = next === 'village' ? await usersAt(input.tx, 'village_cadre', [code]) : await usersAt(input.tx, 'center_staff', [code]);
    for (const userId of ids)
      input.notices.push({ userId, kind: 'case.escalated', title: `收到上报事件 ${input.row.number}`, link: link(input.row.id), areaCode: input.row.areaCode });
  },
  async escalate_skip(input) {
    const p = input.payload as { toTier: Tier };
    const from = TIERS.indexOf(input.row.tier as Tier);
    const to = TIERS.indexOf(p.toTier);
    if (to < from + 2) throw new AppError('CASE_SKIP_INVALID', { field: 'toTier' });
    input.patch.tier = p.toTier;
    input.patch.urgent = true;
    const area = input.row.areaCode;
    // the skipped levels are told, as the rule for 越级上报 requires
    for (const skipped of TIERS.slice(from + 1, to)) {
      const code = area.slice(0, TIER_CODE_LENGTH[skipped]);
      const ids = skipped === 'village' ? await usersAt(input.tx, 'village_cadre', [code]) : await usersAt(input.tx, 'center_staff', [code]);
      for (const userId of ids)
        input.notices.push({ userId, kind: 'case.skipped', title: `越级上报告知：${input.row.number} 已直接上报上级`, link: link(input.row.id), areaCode: area });
    }
    const target = area.slice(0, TIER_CODE_LENGTH[p.toTier]);
    for (const userId of await usersAt(input.tx, 'center_staff', [target]))
      input.notices.push({ userId, kind: 'case.escalated', title: `收到越级上报的紧急事件 ${input.row.number}`, link: link(input.row.id), areaCode: area });
  },
  async resolve_locally(input) {
    input.patch.resolvedLocally = true;
    input.patch.resolvedTier = input.row.tier;
    input.patch.handledAt = input.now;
  },
  async transfer(input) {
    const p = input.payload as { toArea: string };
    const [a] = await input.tx.select({ code: areas.code }).from(areas).where(eq(areas.code, p.toArea)).limit(1);
    if (!a) throw new AppError('BAD_AREA_CODE', { field: 'toArea' });
    input.patch.areaCode = p.toArea;
    input.patch.tier = tierOfArea(p.toArea) === 'grid' || tierOfArea(p.toArea) === 'village' ? 'town' : tierOfArea(p.toArea);
    for (const d of input.dispatches.filter((x) => x.status !== 'released')) await setDispatch(input, d.id, { status: 'released' });
  },
  async merge(input) {
    const p = input.payload as { intoCaseId: number };
    const target = await loadVisibleCase(input.tx, input.actor, p.intoCaseId);
    if (!target || target.id === input.row.id || target.kind !== input.row.kind || !OPEN_STATUSES.includes(target.status as CaseStatus)) {
      throw new AppError('CASE_MERGE_TARGET', { field: 'intoCaseId' });
    }
    input.patch.mergedIntoId = target.id;
    await input.tx.insert(caseTimeline).values({
      caseId: target.id,
      at: input.now,
      actorId: input.actor.userId || null,
      actorName: input.actor.displayName,
      action: 'merged_in',
      text: `合并了重复上报的事件 ${input.row.number}`,
      publicText: '其他群众反映的同一问题已合并到本事件',
    });
  },
  async dispatch(input) {
    const p = input.payload as { lead: number; co: number[]; notify: number[] };
    const co = [...new Set(p.co)].filter((d) => d !== p.lead);
    const notifyIds = [...new Set(p.notify)].filter((d) => d !== p.lead && !co.includes(d));
    const ids = [p.lead, ...co, ...notifyIds];
    const found = await input.tx.select().from(departments).where(inArray(departments.id, ids));
    // a centre whistles departments of its own area or of the areas above the case (the county's bureaux)
    const serves = (code: string) => input.row.areaCode.startsWith(code) || input.actor.scopes.some((s) => code.startsWith(s));
    for (const id of ids) {
      const d = found.find((x) => x.id === id);
      if (!d || !serves(d.areaCode)) throw new AppError('CASE_DEPARTMENT_UNKNOWN', { field: id === p.lead ? 'lead' : 'co' });
    }
    const rules = await loadRules(input.tx);
    const grade = input.row.grade as Grade;
    const ack = startClock(rules, input.row.kind, grade, 'acknowledge', input.now);
    const round = Math.max(0, ...input.dispatches.map((d) => d.round)) + 1;
    const rows = [
      { departmentId: p.lead, role: 'lead' },
      ...co.map((departmentId) => ({ departmentId, role: 'co' })),
      ...notifyIds.map((departmentId) => ({ departmentId, role: 'notify' })),
    ].map((r) => ({ ...r, caseId: input.row.id, round, dispatchedAt: input.now, ackDueAt: ack.dueAt }));
    const inserted = await input.tx.insert(caseDispatches).values(rows).returning();
    input.dispatches.push(...inserted);
    for (const u of await departmentUsers(input.tx, ids)) {
      const role = rows.find((r) => r.departmentId === u.departmentId)?.role ?? 'lead';
      input.notices.push({
        userId: u.id,
        kind: 'case.dispatched',
        title: `吹哨：${input.row.number} 请${role === 'lead' ? '主办' : role === 'co' ? '协办' : '知悉'}并报到`,
        link: link(input.row.id),
        areaCode: input.row.areaCode,
      });
    }
  },
  async acknowledge(input) {
    const d = myDispatchRow(input, ['lead', 'co', 'notify'], (x) => x.status === 'active' && !x.acknowledgedAt);
    await setDispatch(input, d.id, { acknowledgedAt: input.now });
  },
  async return(input) {
    const p = input.payload as { reason: string };
    const d = myDispatchRow(input, ['lead', 'co'], (x) => x.status === 'active');
    await setDispatch(input, d.id, { status: 'returned', returnedAt: input.now, returnReason: p.reason, returnJudgement: null });
  },
  async accept_return(input) {
    const p = input.payload as { dispatchId?: number };
    const d = pickReturned(input, p.dispatchId);
    await setDispatch(input, d.id, { status: 'released', returnJudgement: 'accepted', returnJudgedAt: input.now });
    if (d.role === 'lead') {
      // the centre redispatches: the other departments of that round are released too
      for (const other of input.dispatches.filter((x) => x.status !== 'released'))
        await setDispatch(input, other.id, { status: 'released' });
    }
  },
  async reject_return(input) {
    const p = input.payload as { dispatchId?: number };
    const d = pickReturned(input, p.dispatchId);
    await setDispatch(input, d.id, { status: 'active', returnJudgement: 'rejected', returnJudgedAt: input.now });
    for (const u of await departmentUsers(input.tx, [d.departmentId]))
      input.notices.push({ userId: u.id, kind: 'case.return_rejected', title: `退回未获同意，请继续办理 ${input.row.number}`, link: link(input.row.id) });
  },
  async feedback(input) {
    const p = input.payload as { result: string };
    if (input.actor.departmentId !== null && input.dispatches.some((d) => d.role === 'lead' && d.status === 'active' && d.departmentId === input.actor.departmentId)) {
      const d = myDispatchRow(input, ['lead'], (x) => x.status === 'active');
      await setDispatch(input, d.id, { status: 'done', handledAt: input.now, feedback: p.result });
    }
  },
  async co_handle(input) {
    const p = input.payload as { result: string };
    const d = myDispatchRow(input, ['co'], (x) => x.status === 'active');
    await setDispatch(input, d.id, { status: 'done', handledAt: input.now, feedback: p.result });
  },
  async request_extension(input) {
    const p = input.payload as { days: number; reason: string };
    await addRequest(input, 'extension', p.days, p.reason);
  },
  async approve_extension(input) {
    const r = await decideRequest(input, 'extension', 'approved');
    if (input.row.dueAt && r.days) {
      const rules = await loadRules(input.tx);
      const dueAt = extendDue(input.row.dueAt, r.days);
      input.patch.dueAt = dueAt;
      input.patch.warnAt = computeWarnAt(input.row.dueStartedAt ?? input.now, dueAt, clockUnit(input.row, rules));
    }
  },
  async deny_extension(input) {
    await decideRequest(input, 'extension', 'denied', (input.payload as { reason: string }).reason);
  },
  async request_pause(input) {
    await addRequest(input, 'pause', null, (input.payload as { reason: string }).reason);
  },
  async approve_pause(input) {
    await decideRequest(input, 'pause', 'approved');
  },
  async deny_pause(input) {
    await decideRequest(input, 'pause', 'denied', (input.payload as { reason: string }).reason);
  },
  async close(input) {
    const onTime = input.row.overdueCount === 0 && (!input.row.dueAt || input.now.getTime() <= input.row.dueAt.getTime());
    input.patch.closedAt = input.now;
    input.patch.closedOnTime = onTime;
    await input.tx.update(caseSupervisions).set({ resolvedAt: input.now }).where(and(eq(caseSupervisions.caseId, input.row.id), sql`${caseSupervisions.resolvedAt} IS NULL`));
  },
  async rework(input) {
    input.patch.reworkCount = input.row.reworkCount + 1;
    input.patch.handledAt = null;
    await reactivateLead(input);
  },
  async rate(input) {
    const p = input.payload as { rating: string; comment?: string };
    input.patch.rating = p.rating;
    input.patch.ratingComment = p.comment ?? null;
    input.patch.ratedAt = input.now;
    if (p.rating === 'unsatisfied') {
      await addRequest(input, 'reopen', null, p.comment ?? '上报人不满意');
      for (const userId of await usersCovering(input.tx, 'center_staff', input.row.areaCode))
        input.notices.push({ userId, kind: 'case.unsatisfied', title: `${input.row.number} 上报人不满意，请决定是否重新办理`, link: link(input.row.id) });
    }
  },
  async follow_up(input) {
    const p = input.payload as { rating?: string; note: string };
    if (p.rating && !input.row.rating) {
      input.patch.rating = p.rating;
      input.patch.ratedAt = input.now;
      if (p.rating === 'unsatisfied' && !input.requests.some((r) => r.kind === 'reopen' && r.status === 'pending'))
        await addRequest(input, 'reopen', null, `回访不满意：${p.note}`);
    }
  },
  async reopen(input) {
    await decideRequest(input, 'reopen', 'approved', (input.payload as { reason: string }).reason);
    input.patch.reopenCount = input.row.reopenCount + 1;
    input.patch.closedAt = null;
    input.patch.closedOnTime = null;
    input.patch.handledAt = null;
    await reactivateLead(input);
  },
  async uphold(input) {
    await decideRequest(input, 'reopen', 'denied', (input.payload as { reason: string }).reason);
  },
  async own(input) {
    input.patch.ownerLeaderId = input.actor.userId;
  },
  async supervise(input) {
    const p = input.payload as { note: string; overdueStep?: string };
    const target = nextTier(input.row.tier as Tier) ?? (input.row.tier as Tier);
    const targetArea = input.row.areaCode.slice(0, TIER_CODE_LENGTH[target]);
    const rules = await loadRules(input.tx);
    const clock = startClock(rules, input.row.kind, input.row.grade as Grade, 'supervise', input.now);
    await input.tx.insert(caseSupervisions).values({
      caseId: input.row.id,
      kind: 'supervise',
      byUserId: isSystem(input.actor) ? null : input.actor.userId,
      targetArea,
      targetTier: target,
      step: p.overdueStep ?? input.row.dueStep,
      note: p.note,
      dueAt: clock.dueAt,
      createdAt: input.now,
    });
    if (p.overdueStep) {
      input.patch.supervisedStep = p.overdueStep;
      input.patch.overdueCount = input.row.overdueCount + 1;
      input.patch.overdueAt = input.now;
    }
    const ids = new Set([...(await usersCovering(input.tx, 'leader', input.row.areaCode)), ...(await usersAt(input.tx, 'center_staff', [targetArea]))]);
    for (const userId of ids)
      input.notices.push({ userId, kind: 'case.supervised', title: `督办：${input.row.number} ${p.note}`, link: link(input.row.id), areaCode: input.row.areaCode });
  },
  // —— 为民服务 (service kind): the order's volunteer lives in service_orders
  async dispatch_volunteer(input) {
    for (const userId of await usersCovering(input.tx, 'party_member', input.row.areaCode))
      input.notices.push({ userId, kind: 'service.dispatched', title: `新的为民服务单 ${input.row.number}，可接单`, link: link(input.row.id), areaCode: input.row.areaCode });
  },
  async claim(input) {
    await input.tx
      .insert(serviceOrders)
      .values({ caseId: input.row.id, volunteerId: input.actor.userId, claimedAt: input.now })
      .onConflictDoUpdate({ target: serviceOrders.caseId, set: { volunteerId: input.actor.userId, claimedAt: input.now } });
  },
  async complete(input) {
    const p = input.payload as { result: string; hours?: number };
    await input.tx
      .update(serviceOrders)
      .set({ completedAt: input.now, result: p.result, hours: p.hours ?? null })
      .where(eq(serviceOrders.caseId, input.row.id));
    input.patch.handledAt = input.now;
    input.patch.closedAt = input.now;
    input.patch.closedOnTime = input.row.overdueCount === 0 && (!input.row.dueAt || input.now.getTime() <= input.row.dueAt.getTime());
  },
  async urge(input) {
    const p = input.payload as { note: string };
    await input.tx.insert(caseSupervisions).values({
      caseId: input.row.id,
      kind: 'urge',
      byUserId: input.actor.userId || null,
      targetArea: input.row.areaCode,
      targetTier: input.row.tier,
      step: input.row.dueStep,
      note: p.note,
      createdAt: input.now,
      resolvedAt: input.now,
    });
    const deptIds = input.dispatches.filter((d) => d.status === 'active').map((d) => d.departmentId);
    for (const u of await departmentUsers(input.tx, deptIds))
      input.notices.push({ userId: u.id, kind: 'case.urged', title: `催办：${input.row.number} ${p.note}`, link: link(input.row.id) });
  },
};

/**
 * Kind-specific effects (side tables keyed by case_id): run after the kind-neutral effect of the same action,
 * in the same transaction. A kind's module registers them once at start-up.
 */
export type KindEffect = (input: EffectInput) => Promise<void>;
const KIND_EFFECTS: Record<string, Record<string, KindEffect>> = {};
export function registerKindEffects(kind: string, effects: Record<string, KindEffect>): void {
  KIND_EFFECTS[kind] = { ...(KIND_EFFECTS[kind] ?? {}), ...effects };
}

function pickReturned(input: EffectInput, id?: number): DispatchRow {
  const returned = input.dispatches.filter((d) => d.status === 'returned');
  const d = id ? returned.find((x) => x.id === id) : (returned.find((x) => x.role === 'lead') ?? returned[0]);
  if (!d) throw new AppError('CASE_WRONG_STATE', { field: 'dispatchId' });
  return d;
}

function refuse(reason: 'unknown_action' | 'forbidden' | 'wrong_state'): AppError {
  if (reason === 'unknown_action') return new AppError('CASE_ACTION_UNKNOWN');
  if (reason === 'forbidden') return new AppError('CASE_ACTION_FORBIDDEN');
  return new AppError('CASE_WRONG_STATE');
}

function parsePayload(t: Transition, input: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, ...rest } = input;
  const parsed = t.payload.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    throw new AppError('VALIDATION_FAILED', { field, message: `${field ? `${field}: ` : ''}${issue?.message ?? '填写的内容有误'}` });
  }
  return parsed.data as Record<string, unknown>;
}

export async function perform(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  action: string,
  input: { version: number } & Record<string, unknown>,
): Promise<PerformResult> {
  const seen = await loadVisibleCase(ctx.db, actor, caseId);
  if (!seen) throw new AppError('NOT_FOUND');
  const kind = kindOf(seen.kind);
  if (!kind) throw new AppError('CASE_KIND_UNKNOWN');
  if (seen.version !== input.version) throw new AppError('CASE_VERSION_CONFLICT');

  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // compare-and-set first: the loser of a race stops here, before any effect
    const [row] = await tx
      .update(cases)
      .set({ version: sql`${cases.version} + 1` })
      .where(and(eq(cases.id, caseId), eq(cases.version, input.version)))
      .returning();
    if (!row) throw new AppError('CASE_VERSION_CONFLICT');
    const { dispatches, requests, volunteerId } = await loadLive(tx, caseId);
    const before = factsOf(row, dispatches, requests, volunteerId);
    const actorFacts = actorFactsOf(actor, row, dispatches);
    const resolved = resolveTransition(kind, action, before, actorFacts);
    if (!resolved.ok) throw refuse(resolved.reason);
    const t = resolved.transition;
    const payload = parsePayload(t, input);
    const now = ctx.clock();
    const patch: Patch = {};
    const notices: Notice[] = [];
    const effectInput: EffectInput = { tx, ctx, actor, row, dispatches, requests, payload, now, patch, notices };
    await EFFECTS[action]?.(effectInput);
    await KIND_EFFECTS[row.kind]?.[action]?.(effectInput);

    const after = factsOf({ ...row, ...patch } as CaseRow, dispatches, requests, volunteerId);
    const target = t.to(after, payload);
    const status = target === 'same' ? (row.status as CaseStatus) : target;

    // the clock
    const rules = await loadRules(tx);
    const grade = (patch.grade ?? row.grade) as Grade;
    if (t.clock === 'pause' && row.dueAt && row.dueStep) {
      const left = remainingAt(now, row.dueAt, clockUnit(row, rules));
      Object.assign(patch, { ...STOPPED_CLOCK, dueStep: row.dueStep, pausedRemaining: { ...left, step: row.dueStep } });
    } else if (t.clock === 'resume' && row.pausedRemaining) {
      const left = row.pausedRemaining;
      const dueAt = resumeDue(now, { unit: left.unit as DeadlineUnit, amount: left.amount });
      Object.assign(patch, { dueStep: left.step, dueStartedAt: now, dueAt, warnAt: computeWarnAt(now, dueAt, left.unit as DeadlineUnit), pausedRemaining: null });
    } else if (patch.dueAt !== undefined && t.clock === undefined) {
      // a kind effect set the clock itself (e.g. a statutory period in calendar days): keep it
    } else if (status !== row.status && t.deadline !== undefined) {
      Object.assign(patch, t.deadline === null ? STOPPED_CLOCK : startClock(rules, row.kind, grade, t.deadline, now));
    }
    if (status === 'handled' && row.status !== 'handled') {
      patch.handledAt ??= now;
      patch.resolvedTier ??= (patch.tier ?? row.tier) as string;
    }

    const [updated] = await tx
      .update(cases)
      .set({ ...patch, status, updatedAt: now })
      .where(eq(cases.id, caseId))
      .returning({ id: cases.id, status: cases.status, version: cases.version, areaCode: cases.areaCode });

    const deptIds = new Set<number>([...dispatches.map((d) => d.departmentId), ...(actor.departmentId ? [actor.departmentId] : [])]);
    const deptNames = deptIds.size
      ? await tx.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, [...deptIds]))
      : [];
    const nameOf = (id: number) => deptNames.find((d) => d.id === id)?.name ?? `部门${id}`;
    await tx.insert(caseTimeline).values({
      caseId,
      at: now,
      actorId: actor.userId || null,
      actorName: actor.displayName,
      action,
      fromStatus: row.status,
      toStatus: status,
      text: t.timeline(payload, {
        actorName: actor.displayName,
        actorDepartment: actor.departmentId ? nameOf(actor.departmentId) : null,
        departmentName: nameOf,
        before,
      }),
      publicText: t.publicText ? t.publicText(payload) : null,
    });
    await emitCaseChange(tx, { ...row, areaCode: updated.areaCode }, { action, from: row.status, to: status, at: now });
    await recordAudit(
      tx,
      {
        actorId: actor.userId || null,
        actorName: actor.username,
        ip: actor.ip,
        action: `case.${action}`,
        targetType: 'case',
        targetId: caseId,
        areaCode: updated.areaCode,
        detail: { number: row.number, from: row.status, to: status },
      },
      now,
    );
    if (status !== row.status && row.reporterId && row.reporterId !== actor.userId && t.publicText) {
      notices.push({ userId: row.reporterId, kind: 'case.progress', title: `您上报的 ${row.number} ${STATUS_LABEL[status]}`, link: link(caseId) });
    }
    await notify(tx, notices.filter((n) => n.userId !== actor.userId), now);
    return { id: updated.id, status: updated.status, version: updated.version };
  });
}
