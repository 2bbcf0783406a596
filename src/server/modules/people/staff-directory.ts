/**
 * The staff directory behind the console pickers (五帮一 helper team, 平安夜访 participants): active staff
 * whose area overlaps the caller's — inside it, or above it (a county police officer serves the town) —
 * found by name. It shows names, roles, area and department, never contact data.
 */
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { StaffView } from '../../../contracts/people';
import { ancestorsOf } from '../../../domain/area-code';
import { ROLE_LABEL, type Role } from '../../../domain/roles';
import { type Actor, inScopeOrAncestor, prefixRange } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { departments, users } from '../../platform/db/schema';
import { areaNames } from './people.shared';

/** Roles a picker offers: the people who visit and help, not administrators or residents. */
export const STAFF_ROLES: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member'];

/** Some scope of the user lies inside `code` or is one of its ancestors. */
function overlaps(code: string): SQL {
  const above = ancestorsOf(code);
  const parts: SQL[] = [prefixRange(sql`s.code`, code)];
  if (above.length) parts.push(sql`s.code IN (${sql.join(above.map((a) => sql`${a}`), sql`, `)})`);
  return sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${users.scopes}) AS s(code) WHERE ${sql.join(parts, sql` OR `)})`;
}

export type StaffQuery = { page: number; pageSize: number; q?: string; area?: string; role?: Role; ids?: number[] };

export async function findStaff(ctx: AppContext, actor: Actor, q: StaffQuery): Promise<{ items: StaffView[]; total: number }> {
  // an area outside (and not above) the caller's own finds nobody, like every other scoped list
  if (q.area && !inScopeOrAncestor(actor, q.area)) return { items: [], total: 0 };
  const conds: SQL[] = [
    eq(users.status, 'active'),
    or(...STAFF_ROLES.map((r) => sql`${users.roles} @> ${JSON.stringify([r])}::jsonb`))!,
  ];
  if (!actor.scopes.includes('')) {
    if (actor.scopes.length === 0) return { items: [], total: 0 };
    conds.push(or(...actor.scopes.map(overlaps))!);
  }
  if (q.area) conds.push(overlaps(q.area));
  if (q.role) conds.push(sql`${users.roles} @> ${JSON.stringify([q.role])}::jsonb`);
  if (q.q) conds.push(ilike(users.displayName, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (q.ids?.length) conds.push(inArray(users.id, q.ids));
  const where = and(...conds);
  const [rows, total] = await Promise.all([
    ctx.db
      .select({ u: users, dept: departments.name })
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(where)
      .orderBy(asc(users.displayName), asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(users).where(where),
  ]);
  const names = await areaNames(
    ctx.db,
    rows.map((r) => r.u.scopes[0]).filter((c): c is string => !!c),
  );
  return {
    total: Number(total[0]?.n ?? 0),
    items: rows.map(({ u, dept }) => {
      const roles = u.roles.filter((r): r is Role => STAFF_ROLES.includes(r as Role));
      const areaCode = u.scopes[0] || null;
      return {
        id: u.id,
        displayName: u.displayName,
        roles,
        roleLabels: roles.map((r) => ROLE_LABEL[r]),
        areaCode,
        areaName: areaCode ? (names.get(areaCode) ?? null) : null,
        departmentName: dept,
      };
    }),
  };
}
