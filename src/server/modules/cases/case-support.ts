/** Loading a case with its live sub-records, and who the actor is in relation to it. */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { computeDue, computeWarnAt, type RuleRow, ruleFor } from '../../../domain/cases/deadline';
import type { DeadlineStep } from '../../../domain/cases/engine';
import { meaningfulTokens } from '../../../domain/cases/similarity';
import type {
  ActorFacts,
  CaseFacts,
  CaseRole,
  CaseStatus,
  DispatchFacts,
  Grade,
  Rating,
  RequestKind,
  Tier,
} from '../../../domain/cases/types';
import type { Role } from '../../../domain/roles';
import { type Actor, areaScope, caseVisibility, hasRole, inScope } from '../../platform/access';
import type { Db } from '../../platform/db/client';
import { caseDispatches, caseRequests, caseRules, cases, serviceOrders, users } from '../../platform/db/schema';

export type CaseRow = typeof cases.$inferSelect;
export type DispatchRow = typeof caseDispatches.$inferSelect;
export type RequestRow = typeof caseRequests.$inferSelect;

/** Sweeps act as the system: it sees every case and holds only the `system` case role. */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  roles: [],
  scopes: [''],
  departmentId: null,
  permissions: new Set(),
  ip: null,
};

export function isSystem(actor: Actor): boolean {
  return actor.userId === 0 && actor.username === 'system';
}

export function visibleTo(actor: Actor) {
  if (isSystem(actor)) return sql`true`;
  const base = caseVisibility(actor, { id: cases.id, areaCode: cases.areaCode, reporterId: cases.reporterId });
  // party members see the service orders of their area (the orders they may take)
  if (!hasRole(actor, 'party_member')) return base;
  return sql`(${base} OR (${cases.kind} = 'service' AND ${areaScope(actor, cases.areaCode)}))`;
}

export async function loadVisibleCase(db: Db, actor: Actor, id: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(and(eq(cases.id, id), visibleTo(actor))).limit(1);
  return row ?? null;
}

export async function loadLive(
  db: Db,
  caseId: number,
): Promise<{ dispatches: DispatchRow[]; requests: RequestRow[]; volunteerId: number | null }> {
  const [dispatches, requests, orders] = await Promise.all([
    db.select().from(caseDispatches).where(eq(caseDispatches.caseId, caseId)).orderBy(asc(caseDispatches.id)),
    db.select().from(caseRequests).where(eq(caseRequests.caseId, caseId)).orderBy(asc(caseRequests.id)),
    db.select({ volunteerId: serviceOrders.volunteerId }).from(serviceOrders).where(eq(serviceOrders.caseId, caseId)),
  ]);
  return { dispatches, requests, volunteerId: orders[0]?.volunteerId ?? null };
}

export function factsOf(row: CaseRow, dispatches: DispatchRow[], requests: RequestRow[], volunteerId: number | null = null): CaseFacts {
  return {
    volunteerId,
    kind: row.kind,
    status: row.status as CaseStatus,
    tier: row.tier as Tier,
    grade: row.grade as Grade,
    reporterId: row.reporterId,
    ownerLeaderId: row.ownerLeaderId,
    dispatches: dispatches.map(
      (d): DispatchFacts => ({
        id: d.id,
        departmentId: d.departmentId,
        role: d.role as DispatchFacts['role'],
        status: d.status as DispatchFacts['status'],
        acknowledgedAt: d.acknowledgedAt,
        returnedAt: d.returnedAt,
        handledAt: d.handledAt,
      }),
    ),
    pendingRequests: requests.filter((r) => r.status === 'pending').map((r) => r.kind as RequestKind),
    rating: row.rating as Rating | null,
  };
}

/** The tier of a centre user's scope that covers the area: a town scope makes a town centre. */
export function centreTierOf(actor: Actor, areaCode: string): Tier | null {
  if (!hasRole(actor, 'center_staff')) return null;
  const covering = actor.scopes.filter((s) => areaCode.startsWith(s)).sort((a, b) => b.length - a.length)[0];
  if (covering === undefined) return null;
  return covering.length >= 9 ? 'town' : 'county';
}

export function actorFactsOf(actor: Actor, row: CaseRow, dispatches: DispatchRow[]): ActorFacts {
  if (isSystem(actor)) return { userId: 0, caseRoles: ['system'], centreTier: null, departmentId: null };
  const roles: CaseRole[] = [];
  const inArea = inScope(actor, row.areaCode);
  const has = (r: Role) => actor.roles.includes(r);
  if (row.reporterId === actor.userId) roles.push('reporter');
  if (inArea && has('grid_worker')) roles.push('grid');
  if (inArea && has('village_cadre')) roles.push('village');
  if (inArea && has('center_staff')) roles.push('centre');
  if (inArea && has('leader')) roles.push('leader');
  if (inArea && has('party_member')) roles.push('volunteer');
  if (has('dept_staff') && actor.departmentId !== null) {
    for (const d of dispatches) {
      if (d.departmentId !== actor.departmentId || d.status === 'released') continue;
      const r: CaseRole = d.role === 'lead' ? 'dept_lead' : d.role === 'co' ? 'dept_co' : 'dept_notify';
      if (!roles.includes(r)) roles.push(r);
    }
  }
  return { userId: actor.userId, caseRoles: roles, centreTier: centreTierOf(actor, row.areaCode), departmentId: actor.departmentId };
}

export function tierOfArea(areaCode: string): Tier {
  if (areaCode.length >= 15) return 'grid';
  if (areaCode.length >= 12) return 'village';
  if (areaCode.length >= 9) return 'town';
  return 'county';
}

export async function loadRules(db: Db): Promise<RuleRow[]> {
  const rows = await db.select().from(caseRules);
  return rows.map((r) => ({ kind: r.kind, grade: r.grade as Grade, step: r.step as DeadlineStep, amount: r.amount, unit: r.unit as RuleRow['unit'] }));
}

/** The columns of a clock that starts now for a step. */
export function startClock(rules: RuleRow[], kind: string, grade: Grade, step: DeadlineStep, now: Date) {
  const rule = ruleFor(rules, kind, grade, step);
  const dueAt = computeDue(now, rule);
  return { dueStep: step, dueStartedAt: now, dueAt, warnAt: computeWarnAt(now, dueAt, rule.unit), pausedRemaining: null };
}

export const STOPPED_CLOCK = { dueStep: null, dueStartedAt: null, dueAt: null, warnAt: null, pausedRemaining: null };

/** The token that marks which overdue clock has raised its 督办 (so a sweep raises it once). */
export function overdueToken(step: string | null, dueAt: Date | null): string | null {
  return step && dueAt ? `${step}@${dueAt.getTime()}` : null;
}

const OUR_WORDS = ['网格员', '综治中心', '吹哨报到', '就地化解', '随手报', '矛盾纠纷', '安全隐患', '治安隐患', '环境卫生', '市政设施', '井盖', '路灯', '占道经营', '私搭乱建', '垃圾'];
let jieba: Jieba | null = null;

/** Words of a text for duplicate search (jieba with our own vocabulary). */
export function tokenize(text: string): string[] {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(OUR_WORDS.map((w) => `${w} 100000 n`).join('\n')));
  }
  return meaningfulTokens(jieba.cut(text, false));
}

/** Users holding a role whose scopes include exactly one of the given area codes. */
export async function usersAt(db: Db, role: Role, codes: string[]): Promise<number[]> {
  if (codes.length === 0) return [];
  const rows = await db
    .select({ id: users.id, scopes: users.scopes })
    .from(users)
    .where(and(sql`${users.roles} @> ${JSON.stringify([role])}::jsonb`, eq(users.status, 'active')));
  return rows.filter((u) => u.scopes.some((s) => codes.includes(s))).map((u) => u.id);
}

/** Users holding a role whose scope covers the area (any level above it). */
export async function usersCovering(db: Db, role: Role, areaCode: string): Promise<number[]> {
  const rows = await db
    .select({ id: users.id, scopes: users.scopes })
    .from(users)
    .where(and(sql`${users.roles} @> ${JSON.stringify([role])}::jsonb`, eq(users.status, 'active')));
  return rows.filter((u) => u.scopes.some((s) => areaCode.startsWith(s) && s !== '')).map((u) => u.id);
}

export async function departmentUsers(db: Db, departmentIds: number[]): Promise<{ id: number; departmentId: number }[]> {
  if (departmentIds.length === 0) return [];
  const rows = await db
    .select({ id: users.id, departmentId: users.departmentId })
    .from(users)
    .where(and(inArray(users.departmentId, departmentIds), eq(users.status, 'active')));
  return rows.map((r) => ({ id: r.id, departmentId: r.departmentId! }));
}
