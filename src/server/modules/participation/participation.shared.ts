/**
 * What every participation verb shares: who may manage, which areas a reader sees (their scope and the
 * village around it), the area checks for new records, and the audit entry.
 */
import { type Column, eq, or, type SQL, sql } from 'drizzle-orm';
import { isAreaCode, LEVEL_LENGTH } from '../../../domain/area-code';
import type { Role } from '../../../domain/roles';
import { type Actor, areaScope, assertTargetInScope, hasRole, inScope, prefixRange } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db/client';
import { areas } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';

/** Who convenes meetings, opens votes, runs 四议两公开 and publishes 三公开 (DESIGN §1). */
export const MANAGER_ROLES: Role[] = ['village_cadre', 'center_staff'];
/** Tellers may enter paper ballots and confirm each other's. */
export const TELLER_ROLES: Role[] = ['village_cadre', 'center_staff', 'grid_worker'];

export function isManager(actor: Actor): boolean {
  return hasRole(actor, ...MANAGER_ROLES);
}

export function requireManager(actor: Actor): void {
  if (!isManager(actor)) throw new AppError('FORBIDDEN');
}

/** The villages that hold a reader's scope when the scope is a grid below them. */
function villagesAbove(actor: Actor): string[] {
  const v = LEVEL_LENGTH.village;
  return [...new Set(actor.scopes.filter((s) => s.length > v).map((s) => s.slice(0, v)))];
}

/**
 * Village records a reader sees: everything inside their scope, plus the records of the village their grid
 * lies in (a grid worker or a resident registered at grid level still reads the village's board).
 */
export function readScope(actor: Actor, column: Column | SQL): SQL {
  const up = villagesAbove(actor);
  if (up.length === 0) return areaScope(actor, column);
  return or(areaScope(actor, column), ...up.map((v) => sql`${column} = ${v}`))!;
}

export function canRead(actor: Actor, code: string): boolean {
  return inScope(actor, code) || villagesAbove(actor).includes(code);
}

export function assertReadable(actor: Actor, code: string | null | undefined): void {
  if (!code || !canRead(actor, code)) throw new AppError('NOT_FOUND');
}

/** A new record's area: a real, active code of one of the allowed levels, inside the actor's scope. */
export async function checkArea(db: Db, actor: Actor, code: string, levels: readonly number[], field = 'areaCode'): Promise<void> {
  if (!isAreaCode(code) || !levels.includes(code.length)) throw new AppError('BAD_AREA_CODE', { field });
  assertTargetInScope(actor, code, field);
  const [row] = await db.select({ code: areas.code }).from(areas).where(eq(areas.code, code)).limit(1);
  if (!row) throw new AppError('BAD_AREA_CODE', { field, message: '区域不存在' });
}

/** When the actor's scope is one village (or below), the village is implied. */
export function defaultVillage(actor: Actor): string | null {
  const v = LEVEL_LENGTH.village;
  const villages = new Set(actor.scopes.filter((s) => s.length >= v).map((s) => s.slice(0, v)));
  return villages.size === 1 ? [...villages][0] : null;
}

export async function audit(
  tx: Db,
  actor: Actor,
  now: Date,
  action: string,
  target: { type: string; id: number; areaCode: string | null },
  detail?: Record<string, unknown>,
): Promise<void> {
  await recordAudit(
    tx,
    {
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action,
      targetType: target.type,
      targetId: target.id,
      areaCode: target.areaCode,
      detail: detail ?? null,
    },
    now,
  );
}

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

export function bump(column: Column): SQL {
  return sql`${column} + 1`;
}

/** Optional area filter narrowed to what the reader sees. */
export function readFilter(actor: Actor, column: Column, area: string | undefined): SQL {
  const base = readScope(actor, column);
  if (!area) return base;
  return sql`(${base} AND ${prefixRange(column, area)})`;
}
