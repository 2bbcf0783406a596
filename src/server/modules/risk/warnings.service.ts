/**
 * 预警 inbox and handling (DESIGN §8): acknowledge → handle → close, each a compare-and-set on `version` with
 * its audit record; the sweep escalates warnings nobody acknowledged in time to the next level.
 */
import { and, asc, count, desc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { WARNING_STATUS_LABEL, type WarningView, type warningActionBody, type warningListQuery } from '../../../contracts/risk';
import {
  RISK_GRADE_LABEL,
  RISK_GRADES,
  RISK_TIER_LABEL,
  type RiskGrade,
  type RiskTier,
  SIGNAL_CATEGORY_LABEL,
  type SignalCategory,
  ackDueAt,
  holderCodeAt,
  nextTier,
  ruleDeclaration,
} from '../../../domain/risk/policy';
import { type Actor, areaFilter, areaScope, hasRole, inScope } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, riskWarnings } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notify';
import { RISK_RESPONDERS, type WarningRow, holdersOf, iso, loadPolicy } from './risk.shared';

type Action = 'acknowledge' | 'handle' | 'close';

/** Responders at the holding level or above (in whose scope the holder area lies) act on a warning. */
function actionsFor(actor: Actor, w: WarningRow): Action[] {
  if (!hasRole(actor, ...RISK_RESPONDERS) || !inScope(actor, w.holderCode)) return [];
  if (w.status === 'open') return ['acknowledge', 'handle', 'close'];
  if (w.status === 'acknowledged') return ['handle', 'close'];
  if (w.status === 'handled') return ['close'];
  return [];
}

function categoryLabel(c: string): string {
  return SIGNAL_CATEGORY_LABEL[c as SignalCategory] ?? ruleDeclaration(c)?.name ?? c;
}

export function warningView(w: WarningRow, areaName: string | null, actor: Actor, now: Date): WarningView {
  return {
    id: w.id,
    source: w.source,
    ruleCode: w.ruleCode,
    ruleName: w.ruleCode ? (ruleDeclaration(w.ruleCode)?.name ?? w.ruleCode) : null,
    signalId: w.signalId,
    areaCode: w.areaCode,
    areaName,
    grade: w.grade,
    gradeLabel: RISK_GRADE_LABEL[w.grade as RiskGrade] ?? w.grade,
    category: w.category,
    categoryLabel: categoryLabel(w.category),
    title: w.title,
    detail: w.detail,
    links: w.links,
    status: w.status,
    statusLabel: WARNING_STATUS_LABEL[w.status] ?? w.status,
    tier: w.tier,
    tierLabel: RISK_TIER_LABEL[w.tier as RiskTier] ?? w.tier,
    holderCode: w.holderCode,
    ackDueAt: iso(w.ackDueAt),
    ackOverdue: w.status === 'open' && !!w.ackDueAt && w.ackDueAt.getTime() < now.getTime(),
    escalations: w.escalations,
    raisedAt: w.raisedAt.toISOString(),
    acknowledgedAt: iso(w.acknowledgedAt),
    acknowledgedByName: w.acknowledgedByName,
    handledAt: iso(w.handledAt),
    handledNote: w.handledNote,
    closedAt: iso(w.closedAt),
    closedNote: w.closedNote,
    version: w.version,
    actions: actionsFor(actor, w),
  };
}

/** The inbox: warnings held exactly at one of the actor's own areas (their level), not closed. */
function inboxPredicate(actor: Actor) {
  if (actor.scopes.length === 0) return sql`false`;
  return and(inArray(riskWarnings.holderCode, actor.scopes), ne(riskWarnings.status, 'closed'));
}

export async function listWarnings(ctx: AppContext, actor: Actor, q: z.infer<typeof warningListQuery>) {
  const inbox = q.inbox === '1' || q.inbox === 'true';
  const where = and(
    areaFilter(actor, riskWarnings.areaCode, q.area),
    inbox ? inboxPredicate(actor) : undefined,
    q.status === 'active' ? ne(riskWarnings.status, 'closed') : q.status ? eq(riskWarnings.status, q.status) : undefined,
    q.grade ? eq(riskWarnings.grade, q.grade) : undefined,
    q.category ? eq(riskWarnings.category, q.category) : undefined,
    q.source ? eq(riskWarnings.source, q.source) : undefined,
  );
  const gradeOrder = sql`CASE ${riskWarnings.grade} ${sql.join(
    RISK_GRADES.map((g, i) => sql`WHEN ${g} THEN ${i}`),
    sql` `,
  )} ELSE 0 END`;
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ w: riskWarnings, areaName: areas.name })
      .from(riskWarnings)
      .leftJoin(areas, eq(areas.code, riskWarnings.areaCode))
      .where(where)
      .orderBy(sql`CASE WHEN ${riskWarnings.status} = 'closed' THEN 1 ELSE 0 END`, desc(gradeOrder), desc(riskWarnings.raisedAt), desc(riskWarnings.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(riskWarnings).where(where),
  ]);
  const now = ctx.clock();
  return { items: rows.map((r) => warningView(r.w, r.areaName, actor, now)), total: Number(total?.n ?? 0) };
}

async function loadWarning(db: Db, actor: Actor, id: number): Promise<WarningRow> {
  const [w] = await db.select().from(riskWarnings).where(and(eq(riskWarnings.id, id), areaScope(actor, riskWarnings.areaCode))).limit(1);
  if (!w) throw new AppError('NOT_FOUND');
  return w;
}

export async function getWarning(ctx: AppContext, actor: Actor, id: number): Promise<WarningView> {
  const w = await loadWarning(ctx.db, actor, id);
  const [area] = await ctx.db.select({ name: areas.name }).from(areas).where(eq(areas.code, w.areaCode)).limit(1);
  return warningView(w, area?.name ?? null, actor, ctx.clock());
}

export async function actOnWarning(ctx: AppContext, actor: Actor, id: number, action: Action, body: z.infer<typeof warningActionBody>): Promise<WarningView> {
  const w = await loadWarning(ctx.db, actor, id);
  if (!hasRole(actor, ...RISK_RESPONDERS) || !inScope(actor, w.holderCode)) throw new AppError('FORBIDDEN');
  if (!actionsFor(actor, w).includes(action)) throw new AppError('RISK_WARNING_WRONG_STATE');
  const note = body.note?.trim() || null;
  // handling needs a word on what was done; closing a warning nobody handled (误报) needs the reason
  if (action === 'handle' && !note) throw new AppError('FIELD_REQUIRED', { field: 'note' });
  if (action === 'close' && w.status !== 'handled' && !note) throw new AppError('FIELD_REQUIRED', { field: 'note' });
  const now = ctx.clock();
  const ack = w.acknowledgedAt ? {} : { acknowledgedAt: now, acknowledgedBy: actor.userId, acknowledgedByName: actor.displayName };
  const set =
    action === 'acknowledge'
      ? { status: 'acknowledged', ...ack }
      : action === 'handle'
        ? { status: 'handled', ...ack, handledAt: now, handledNote: note }
        : { status: 'closed', ...ack, closedAt: now, closedNote: note };
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .update(riskWarnings)
      .set({ ...set, updatedAt: now, version: sql`${riskWarnings.version} + 1` })
      .where(and(eq(riskWarnings.id, id), eq(riskWarnings.version, body.version)))
      .returning();
    if (!row) throw new AppError('VERSION_CONFLICT');
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: `risk.warning.${action}`,
        targetType: 'risk_warning',
        targetId: id,
        areaCode: w.areaCode,
        detail: { from: w.status, to: row.status, tier: w.tier },
      },
      now,
    );
    const [area] = await tx.select({ name: areas.name }).from(areas).where(eq(areas.code, w.areaCode)).limit(1);
    return warningView(row, area?.name ?? null, actor, now);
  });
}

/** Open warnings past their acknowledge deadline move up one level (grid → village → town → county), once per deadline. */
export async function escalateWarnings(ctx: AppContext, tx: Db): Promise<number> {
  const now = ctx.clock();
  const due = await tx
    .select()
    .from(riskWarnings)
    .where(and(eq(riskWarnings.status, 'open'), lt(riskWarnings.ackDueAt, now)))
    .orderBy(asc(riskWarnings.ackDueAt))
    .limit(500);
  if (due.length === 0) return 0;
  const policy = await loadPolicy(tx);
  let moved = 0;
  for (const w of due) {
    const next = nextTier(w.tier as RiskTier);
    // at the top nobody is above: the clock stops and the county centre keeps it
    const holderCode = next ? holderCodeAt(w.areaCode, next) : w.holderCode;
    const [row] = await tx
      .update(riskWarnings)
      .set({
        tier: next ?? w.tier,
        holderCode,
        ackDueAt: next ? ackDueAt(policy, w.grade as RiskGrade, now) : null,
        escalations: next ? w.escalations + 1 : w.escalations,
        updatedAt: now,
        version: sql`${riskWarnings.version} + 1`,
      })
      .where(and(eq(riskWarnings.id, w.id), eq(riskWarnings.version, w.version)))
      .returning();
    if (!row || !next) continue;
    moved++;
    const holders = await holdersOf(tx, next, holderCode);
    await notify(
      tx,
      holders.map((userId) => ({
        userId,
        kind: 'risk_warning_escalated',
        title: `预警超时未签收，已升级：${w.title}`,
        body: `${RISK_TIER_LABEL[w.tier as RiskTier] ?? w.tier}未在时限内签收`,
        link: `/risk/warnings?id=${w.id}`,
        areaCode: w.areaCode,
      })),
      now,
    );
    await recordAudit(
      tx,
      {
        actorId: null,
        actorName: 'system',
        action: 'risk.warning.escalate',
        targetType: 'risk_warning',
        targetId: w.id,
        areaCode: w.areaCode,
        detail: { from: w.tier, to: next },
      },
      now,
    );
  }
  return moved;
}
