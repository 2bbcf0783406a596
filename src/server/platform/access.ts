/**
 * The access module: the one place that decides who may see or touch what (DESIGN §3).
 * Scope is an area-code prefix; checks on lists become index range scans on `area_code`.
 */
import { type Column, type SQL, sql } from 'drizzle-orm';
import { nextPrefix } from '../../domain/area-code';
import { type Permission, type Role, permissionsOf } from '../../domain/roles';
import { AppError } from './errors';

export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  roles: Role[];
  /** area-code prefixes; '' means every area (administrators) */
  scopes: string[];
  departmentId: number | null;
  permissions: Set<Permission>;
  ip: string | null;
};

export function buildActor(u: {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  scopes: string[];
  departmentId: number | null;
  ip?: string | null;
}): Actor {
  const roles = u.roles as Role[];
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    roles,
    scopes: u.scopes,
    departmentId: u.departmentId,
    permissions: permissionsOf(roles),
    ip: u.ip ?? null,
  };
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('FORBIDDEN');
}

/** True when `code` lies inside one of the actor's scopes. */
export function inScope(actor: Actor, code: string | null | undefined): boolean {
  if (code === null || code === undefined) return false;
  return actor.scopes.some((s) => code.startsWith(s));
}

/** Scope-or-ancestor: the actor may read an ancestor's name to navigate down to their own area. */
export function inScopeOrAncestor(actor: Actor, code: string): boolean {
  return actor.scopes.some((s) => code.startsWith(s) || s.startsWith(code));
}

/** Records: a record outside the scope answers 404 exactly like a missing one. */
export function assertInScope(actor: Actor, code: string | null | undefined): void {
  if (!inScope(actor, code)) throw new AppError('NOT_FOUND');
}

/** Writes aimed at a place: a target outside the scope is refused, naming the field. */
export function assertTargetInScope(actor: Actor, code: string, field: string): void {
  if (!inScope(actor, code)) throw new AppError('OUT_OF_SCOPE', { field });
}

export function prefixRange(column: Column | SQL, prefix: string): SQL {
  if (prefix === '') return sql`true`;
  return sql`(${column} >= ${prefix} AND ${column} < ${nextPrefix(prefix)})`;
}

/** The predicate every scoped list query adds: `area_code` inside one of the actor's scopes. */
export function areaScope(actor: Actor, column: Column | SQL): SQL {
  if (actor.scopes.length === 0) return sql`false`;
  if (actor.scopes.includes('')) return sql`true`;
  return sql`(${sql.join(
    actor.scopes.map((s) => prefixRange(column, s)),
    sql` OR `,
  )})`;
}

/** Narrows a filter prefix to the actor's scopes: a filter outside them matches nothing. */
export function areaFilter(actor: Actor, column: Column | SQL, filter: string | undefined): SQL {
  if (!filter) return areaScope(actor, column);
  return sql`(${areaScope(actor, column)} AND ${prefixRange(column, filter)})`;
}

/**
 * Special-population records (重点人员, DESIGN §3/§6) are sensitive: the actor needs the `sensitive`
 * permission and the record in scope. A grid worker, who does the follow-up visits, also sees the records
 * of their own grid on whose helper team (五帮一) they sit. `onHelperTeam(userId)` is the caller's SQL test
 * of team membership for the record row. Everyone else sees nothing, and lists never hint otherwise.
 */
export function specialPopulationScope(actor: Actor, column: Column | SQL, onHelperTeam: (userId: number) => SQL): SQL {
  if (can(actor, 'sensitive')) return areaScope(actor, column);
  if (hasRole(actor, 'grid_worker')) return sql`(${areaScope(actor, column)} AND ${onHelperTeam(actor.userId)})`;
  return sql`false`;
}

/** The single-record form of specialPopulationScope; callers answer 404 when it is false. */
export function canSeeSpecialPopulation(actor: Actor, areaCode: string, onHelperTeam: boolean): boolean {
  if (!inScope(actor, areaCode)) return false;
  if (can(actor, 'sensitive')) return true;
  return hasRole(actor, 'grid_worker') && onHelperTeam;
}

/**
 * Cases (DESIGN §3): staff who read cases see those in their area scope — except department staff, who see
 * only cases dispatched to their department (a dispatch not released); everyone sees the cases they reported
 * and, after a merge, the case theirs was merged into. Residents therefore see only their own.
 */
export function caseVisibility(actor: Actor, t: { id: Column | SQL; areaCode: Column | SQL; reporterId: Column | SQL }): SQL {
  const parts: SQL[] = [];
  const areaReader = actor.roles.some((r) => r !== 'dept_staff' && permissionsOf([r]).has('case:read'));
  if (areaReader) parts.push(areaScope(actor, t.areaCode));
  if (hasRole(actor, 'dept_staff') && actor.departmentId !== null) {
    parts.push(
      sql`${t.id} IN (SELECT d.case_id FROM case_dispatches d WHERE d.department_id = ${actor.departmentId} AND d.status <> 'released')`,
    );
  }
  parts.push(
    sql`(${t.reporterId} = ${actor.userId} OR ${t.id} IN (SELECT m.merged_into_id FROM cases m WHERE m.reporter_id = ${actor.userId} AND m.merged_into_id IS NOT NULL))`,
  );
  return sql`(${sql.join(parts, sql` OR `)})`;
}
