/**
 * The 群防群治 forces roster (综治信息员, 治安户长, 护村联防队员 …): one row per member, counted over a
 * subtree the way the reports count them. Counts and lists cover only what lies inside the actor's
 * scope, also when the actor looks at an ancestor of it.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import { type Actor, areaScope, prefixRange } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { areas, forces } from '../../platform/db/schema';
import { FORCE_KINDS, type ForceView } from './areas.schemas';
import { findManagedArea, findReadableArea } from './areas.service';

export async function forcesSummary(ctx: AppContext, actor: Actor, code: string) {
  const area = await findReadableArea(ctx.db, actor, code);
  const rows = await ctx.db
    .select({ kind: forces.kind, n: count() })
    .from(forces)
    .where(and(prefixRange(forces.areaCode, area.code), areaScope(actor, forces.areaCode)))
    .groupBy(forces.kind);
  const counts = new Map(rows.map((r) => [r.kind, Number(r.n)]));
  const kinds = [...FORCE_KINDS, ...[...counts.keys()].filter((k) => !(FORCE_KINDS as readonly string[]).includes(k)).sort()];
  const items = kinds.map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
  return { items, total: items.reduce((s, i) => s + i.count, 0) };
}

export async function listForces(ctx: AppContext, actor: Actor, code: string, q: { kind?: string; page: number; pageSize: number }) {
  const area = await findReadableArea(ctx.db, actor, code);
  const where = and(
    prefixRange(forces.areaCode, area.code),
    areaScope(actor, forces.areaCode),
    q.kind ? eq(forces.kind, q.kind) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ f: forces, areaName: areas.name })
      .from(forces)
      .leftJoin(areas, eq(areas.code, forces.areaCode))
      .where(where)
      .orderBy(asc(forces.areaCode), asc(forces.kind), asc(forces.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(forces).where(where),
  ]);
  const items: ForceView[] = rows.map(({ f, areaName }) => ({
    id: f.id,
    areaCode: f.areaCode,
    areaName,
    kind: f.kind,
    personName: f.personName,
    createdAt: f.createdAt.toISOString(),
  }));
  return { items, total: Number(total?.n ?? 0) };
}

export async function addForce(ctx: AppContext, actor: Actor, code: string, input: { kind: string; personName: string }): Promise<ForceView> {
  const area = await findManagedArea(ctx.db, actor, code, { active: true });
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(forces).values({ areaCode: area.code, kind: input.kind, personName: input.personName, createdAt: now }).returning();
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'area.force.add',
        targetType: 'force',
        targetId: row.id,
        areaCode: area.code,
        detail: { kind: input.kind },
      },
      now,
    );
    return { id: row.id, areaCode: row.areaCode, areaName: area.name, kind: row.kind, personName: row.personName, createdAt: row.createdAt.toISOString() };
  });
}
