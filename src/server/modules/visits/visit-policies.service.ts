import { asc, eq, sql } from 'drizzle-orm';
import type { SpecialCategory } from '../../../domain/people/categories';
import { checkPolicySet, DEFAULT_VISIT_POLICIES, dueAfterChange, policyFor, type VisitPolicy } from '../../../domain/people/visit-policy';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { specialPersons, visitPolicies } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { auditBy } from '../people/people.shared';

/** The policy set in force: the table, or the defaults of DESIGN §6 while the table is empty. */
export async function loadPolicies(db: Db): Promise<VisitPolicy[]> {
  const rows = await db.select().from(visitPolicies).orderBy(asc(visitPolicies.category), asc(visitPolicies.minLevel));
  if (rows.length === 0) return [...DEFAULT_VISIT_POLICIES];
  return rows.map((r) => ({
    category: r.category as SpecialCategory,
    minLevel: r.minLevel,
    maxLevel: r.maxLevel,
    intervalDays: r.intervalDays,
    notifyPolice: r.notifyPolice,
    referral: r.referral,
    note: r.note,
  }));
}

export function policyRows(policies: readonly VisitPolicy[], now: Date) {
  return policies.map((p) => ({
    category: p.category,
    minLevel: p.minLevel,
    maxLevel: p.maxLevel,
    intervalDays: p.intervalDays,
    notifyPolice: p.notifyPolice,
    referral: p.referral,
    note: p.note ?? null,
    updatedAt: now,
  }));
}

/**
 * Replaces the whole policy set (it must cover levels 0–5 of every category once) and moves the next due
 * date of every active record whose interval changed, as a change of risk level would.
 */
export async function replacePolicies(ctx: AppContext, actor: Actor, policies: VisitPolicy[]): Promise<{ rescheduled: number }> {
  const problems = checkPolicySet(policies);
  if (problems.length) throw new AppError('POLICY_INCOMPLETE', { details: problems });
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const old = await loadPolicies(tx);
    await tx.delete(visitPolicies);
    await tx.insert(visitPolicies).values(policyRows(policies, now));
    const active = await tx
      .select({
        id: specialPersons.id,
        category: specialPersons.category,
        riskLevel: specialPersons.riskLevel,
        lastVisitAt: specialPersons.lastVisitAt,
        nextVisitDue: specialPersons.nextVisitDue,
      })
      .from(specialPersons)
      .where(eq(specialPersons.status, 'active'));
    let rescheduled = 0;
    for (const r of active) {
      const cat = r.category as SpecialCategory;
      const before = policyFor(old, cat, r.riskLevel).intervalDays;
      const after = policyFor(policies, cat, r.riskLevel).intervalDays;
      if (before === after) continue;
      const due = dueAfterChange({
        changedAt: now,
        oldIntervalDays: before,
        newIntervalDays: after,
        previousDue: r.nextVisitDue,
        lastVisitAt: r.lastVisitAt,
      });
      await tx
        .update(specialPersons)
        .set({ nextVisitDue: due, version: sql`${specialPersons.version} + 1` })
        .where(eq(specialPersons.id, r.id));
      rescheduled++;
    }
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'visit_policy.replace', targetType: 'visit_policy', detail: { rules: policies.length, rescheduled } },
      now,
    );
    return { rescheduled };
  });
}
