/** Helpers the dispute, petition and hotline modules share: scoped case loading, timeline notes, categories. */
import { and, eq, inArray } from 'drizzle-orm';
import { DISPUTE_FAMILY_CATEGORIES } from '../../../domain/cases/kinds/dispute';
import { type Actor, hasRole, inScope } from '../../platform/access';
import type { Db } from '../../platform/db/client';
import { caseCategories, caseTimeline, departments } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { type CaseRow, departmentUsers, loadVisibleCase } from '../cases/case-support';

/** The case of this kind if the actor may see it; missing, other kinds and out-of-scope records all answer 404. */
export async function loadKindCase(db: Db, actor: Actor, id: number, kind: string): Promise<CaseRow> {
  const row = await loadVisibleCase(db, actor, id);
  if (!row || row.kind !== kind) throw new AppError('NOT_FOUND');
  return row;
}

/** Staff who keep a case's records (sessions, meetings, agreements): area staff of the case's area. */
export async function loadKindCaseForWrite(db: Db, actor: Actor, id: number, kind: string): Promise<CaseRow> {
  const row = await loadKindCase(db, actor, id, kind);
  const keeper = hasRole(actor, 'center_staff', 'village_cadre', 'grid_worker', 'mediator') && inScope(actor, row.areaCode);
  if (!keeper) throw new AppError('FORBIDDEN');
  return row;
}

export async function timelineNote(tx: Db, row: CaseRow, actor: Actor, action: string, text: string, at: Date, publicText: string | null = null) {
  await tx.insert(caseTimeline).values({
    caseId: row.id,
    at,
    actorId: actor.userId || null,
    actorName: actor.displayName,
    action,
    fromStatus: row.status,
    toStatus: row.status,
    text,
    publicText,
  });
}

/** The dispute types, petition types and 12345 order types are case categories (editable code table). */
export async function ensureKindCategories(db: Db): Promise<void> {
  await db.insert(caseCategories).values([...DISPUTE_FAMILY_CATEGORIES]).onConflictDoNothing();
}

export async function categoryNames(db: Db, kind: string): Promise<Map<string, string>> {
  const rows = await db.select({ code: caseCategories.code, name: caseCategories.name }).from(caseCategories).where(eq(caseCategories.kind, kind));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Users of the police stations (派出所) serving the town of an area: told at once of a risk of violence. */
export async function policeUsers(db: Db, areaCode: string): Promise<number[]> {
  const town = areaCode.slice(0, 9);
  const county = areaCode.slice(0, 6);
  const rows = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(inArray(departments.areaCode, [town, county]), inArray(departments.kind, ['派出所', '公安'])));
  const users = await departmentUsers(
    db,
    rows.map((r) => r.id),
  );
  return users.map((u) => u.id);
}

export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
