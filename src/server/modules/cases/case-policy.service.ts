/** Policy data of the engine: time-limit rules and the category code table (administrators edit both). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { DEFAULT_EVENT_CATEGORIES } from '../../../domain/cases/categories';
import { DEFAULT_RULES, type RuleRow } from '../../../domain/cases/deadline';
import { kindOf } from '../../../domain/cases/kinds';
import { DISPUTE_FAMILY_CATEGORIES } from '../../../domain/cases/kinds/dispute';
import { DEFAULT_SERVICE_CATEGORIES } from '../../../domain/cases/kinds/service';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { caseCategories, caseRules } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { loadRules } from './case-support';

/** Inserts the default categories once (first start, demo or production). */
export async function ensureCaseCategories(db: Db): Promise<void> {
  policies.delete(db);
  await db
    .insert(caseCategories)
    .values(DEFAULT_EVENT_CATEGORIES.map((c) => ({ ...c, kind: 'event' })))
    .onConflictDoNothing();
  await db
    .insert(caseCategories)
    .values(DEFAULT_SERVICE_CATEGORIES.map((c) => ({ ...c, kind: 'service' })))
    .onConflictDoNothing();
  await db.insert(caseCategories).values([...DISPUTE_FAMILY_CATEGORIES]).onConflictDoNothing();
}

/**
 * What intake reads of the policy on every report — the time-limit rules and the active categories — kept for a few
 * seconds per database handle. An edit here clears it at once; another instance sees it within POLICY_TTL_MS.
 */
export const POLICY_TTL_MS = 5_000;
type PolicySnapshot = { at: number; rules: RuleRow[]; activeCategories: Set<string> };
const policies = new WeakMap<Db, PolicySnapshot>();

export async function intakePolicy(ctx: AppContext): Promise<PolicySnapshot> {
  const cached = policies.get(ctx.db);
  if (cached && performance.now() - cached.at < POLICY_TTL_MS) return cached;
  const [rules, cats] = await Promise.all([
    loadRules(ctx.db),
    ctx.db.select({ kind: caseCategories.kind, code: caseCategories.code }).from(caseCategories).where(eq(caseCategories.active, true)),
  ]);
  const snapshot = { at: performance.now(), rules, activeCategories: new Set(cats.map((c) => `${c.kind}:${c.code}`)) };
  policies.set(ctx.db, snapshot);
  return snapshot;
}

export function invalidatePolicy(ctx: AppContext): void {
  policies.delete(ctx.db);
}

export async function listRules(ctx: AppContext): Promise<RuleRow[]> {
  const overrides = await loadRules(ctx.db);
  return DEFAULT_RULES.map((d) => overrides.find((o) => o.kind === d.kind && o.grade === d.grade && o.step === d.step) ?? d).concat(
    overrides.filter((o) => !DEFAULT_RULES.some((d) => d.kind === o.kind && d.grade === o.grade && d.step === o.step)),
  );
}

export async function saveRules(ctx: AppContext, actor: Actor, rules: RuleRow[]): Promise<RuleRow[]> {
  for (const r of rules) if (!kindOf(r.kind)) throw new AppError('CASE_RULE_INVALID', { field: 'kind' });
  const now = ctx.clock();
  invalidatePolicy(ctx);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const r of rules) {
      await tx
        .insert(caseRules)
        .values({ ...r, updatedBy: actor.userId, updatedAt: now })
        .onConflictDoUpdate({
          target: [caseRules.kind, caseRules.grade, caseRules.step],
          set: { amount: r.amount, unit: r.unit, updatedBy: actor.userId, updatedAt: now },
        });
    }
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'case_rules.update', targetType: 'case_rules', detail: { rules } },
      now,
    );
  });
  invalidatePolicy(ctx);
  return listRules(ctx);
}

export async function listCategories(ctx: AppContext, kind: string | undefined, includeInactive: boolean) {
  await ensureCaseCategories(ctx.db);
  const conds = [];
  if (kind) conds.push(eq(caseCategories.kind, kind));
  if (!includeInactive) conds.push(eq(caseCategories.active, true));
  const rows = await ctx.db
    .select()
    .from(caseCategories)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(caseCategories.kind), asc(caseCategories.sortOrder), asc(caseCategories.code));
  return rows.map((r) => ({ code: r.code, kind: r.kind, name: r.name, sortOrder: r.sortOrder, active: r.active, version: r.version }));
}

export async function createCategory(ctx: AppContext, actor: Actor, input: { code: string; name: string; kind: string; sortOrder: number }) {
  if (!kindOf(input.kind)) throw new AppError('CASE_KIND_UNKNOWN', { field: 'kind' });
  const now = ctx.clock();
  invalidatePolicy(ctx);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx.insert(caseCategories).values({ ...input, updatedAt: now }).onConflictDoNothing().returning();
    if (!row) throw new AppError('CATEGORY_EXISTS', { field: 'code' });
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'case_category.create', targetType: 'case_category', targetId: input.code, detail: { name: input.name } },
      now,
    );
    return { code: row.code, kind: row.kind, name: row.name, sortOrder: row.sortOrder, active: row.active, version: row.version };
  });
}

export async function updateCategory(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: { version: number; name?: string; sortOrder?: number; active?: boolean },
) {
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [exists] = await tx.select({ code: caseCategories.code }).from(caseCategories).where(eq(caseCategories.code, code)).limit(1);
    if (!exists) throw new AppError('NOT_FOUND');
    const { version, ...fields } = input;
    const [row] = await tx
      .update(caseCategories)
      .set({ ...fields, version: sql`${caseCategories.version} + 1`, updatedAt: now })
      .where(and(eq(caseCategories.code, code), eq(caseCategories.version, version)))
      .returning();
    if (!row) throw new AppError('VERSION_CONFLICT');
    invalidatePolicy(ctx);
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'case_category.update', targetType: 'case_category', targetId: code, detail: { fields: Object.keys(fields) } },
      now,
    );
    return { code: row.code, kind: row.kind, name: row.name, sortOrder: row.sortOrder, active: row.active, version: row.version };
  });
}
