import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { ancestorsOf, isAreaCode, normaliseScopes } from '../../../domain/area-code';
import { ROLES, type Role } from '../../../domain/roles';
import { type Actor, areaScope, inScope, prefixRange } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas, departments, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { hashPassword, passwordProblems } from '../../platform/password';
import { endSessions } from '../auth/auth.service';

export type UserView = {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  scopes: string[];
  departmentId: number | null;
  departmentName: string | null;
  status: string;
  mustChangePassword: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  version: number;
};

/** Users the administrator may manage: those whose scopes all lie inside the administrator's. */
function manageable(actor: Actor, scopes: string[]): boolean {
  return scopes.length > 0 && scopes.every((s) => inScope(actor, s));
}

function userScopeFilter(actor: Actor): SQL {
  if (actor.scopes.includes('')) return sql`true`;
  // a user is listed when its first scope is inside the actor's scope
  return areaScope(actor, sql`(${users.scopes} ->> 0)`);
}

export async function listUsers(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; q?: string; role?: string },
): Promise<{ items: UserView[]; total: number }> {
  const conds: SQL[] = [userScopeFilter(actor)];
  if (q.q) conds.push(or(ilike(users.username, `%${q.q}%`), ilike(users.displayName, `%${q.q}%`))!);
  if (q.role) conds.push(sql`${users.roles} @> ${JSON.stringify([q.role])}::jsonb`);
  const where = and(...conds);
  const [rows, totalRows] = await Promise.all([
    ctx.db
      .select({ u: users, deptName: departments.name })
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(where)
      .orderBy(asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(users).where(where),
  ]);
  const now = ctx.clock().getTime();
  return {
    total: Number(totalRows[0]?.n ?? 0),
    items: rows.map(({ u, deptName }) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      scopes: u.scopes,
      departmentId: u.departmentId,
      departmentName: deptName,
      status: u.status,
      mustChangePassword: u.mustChangePassword,
      locked: !!u.lockedUntil && u.lockedUntil.getTime() > now,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      version: u.version,
    })),
  };
}

async function checkAssignment(ctx: AppContext, actor: Actor, roles: string[], scopes: string[], departmentId: number | null | undefined) {
  for (const r of roles) if (!ROLES.includes(r as Role)) throw new AppError('VALIDATION_FAILED', { field: 'roles', message: `未知角色：${r}` });
  if (roles.length === 0) throw new AppError('FIELD_REQUIRED', { field: 'roles', message: '请至少选择一个角色' });
  if (scopes.length === 0) throw new AppError('FIELD_REQUIRED', { field: 'scopes', message: '请至少选择一个管辖区域' });
  for (const s of scopes) {
    if (s !== '' && !isAreaCode(s)) throw new AppError('BAD_AREA_CODE', { field: 'scopes' });
    if (!inScope(actor, s)) throw new AppError('OUT_OF_SCOPE', { field: 'scopes' });
  }
  const codes = scopes.filter((s) => s !== '');
  if (codes.length) {
    const found = await ctx.db.select({ code: areas.code }).from(areas).where(inArray(areas.code, codes));
    if (found.length !== new Set(codes).size) throw new AppError('BAD_AREA_CODE', { field: 'scopes', message: '管辖区域不存在' });
  }
  if (roles.includes('dept_staff') && !departmentId) {
    throw new AppError('FIELD_REQUIRED', { field: 'departmentId', message: '职能部门人员须选择所属部门' });
  }
  if (departmentId) {
    const [d] = await ctx.db.select().from(departments).where(eq(departments.id, departmentId)).limit(1);
    if (!d || !inScope(actor, d.areaCode)) throw new AppError('NOT_FOUND', { field: 'departmentId', message: '部门不存在' });
  }
}

export async function createUser(
  ctx: AppContext,
  actor: Actor,
  input: { username: string; displayName: string; password: string; roles: string[]; scopes: string[]; departmentId?: number | null },
): Promise<{ id: number }> {
  if (!/^[A-Za-z0-9_.-]{3,64}$/.test(input.username)) {
    throw new AppError('VALIDATION_FAILED', { field: 'username', message: '用户名为3-64位字母、数字、下划线、点或横线' });
  }
  if (passwordProblems(input.password)) throw new AppError('WEAK_PASSWORD', { field: 'password' });
  const scopes = normaliseScopes(input.scopes);
  await checkAssignment(ctx, actor, input.roles, scopes, input.departmentId);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(users)
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        roles: input.roles,
        scopes,
        departmentId: input.departmentId ?? null,
        mustChangePassword: true,
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (!inserted[0]) throw new AppError('USERNAME_TAKEN', { field: 'username' });
    await recordAudit(tx, {
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action: 'user.create',
      targetType: 'user',
      targetId: inserted[0].id,
      areaCode: scopes[0] ?? null,
      detail: { roles: input.roles, scopes },
    });
    return { id: inserted[0].id };
  });
}

export async function loadManageable(ctx: AppContext, actor: Actor, id: number) {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!u || !manageable(actor, u.scopes)) throw new AppError('NOT_FOUND');
  return u;
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: {
    version: number;
    displayName?: string;
    roles?: string[];
    scopes?: string[];
    departmentId?: number | null;
    status?: 'active' | 'disabled';
  },
): Promise<{ version: number }> {
  const u = await loadManageable(ctx, actor, id);
  const roles = input.roles ?? u.roles;
  const scopes = input.scopes ? normaliseScopes(input.scopes) : u.scopes;
  const departmentId = input.departmentId === undefined ? u.departmentId : input.departmentId;
  await checkAssignment(ctx, actor, roles, scopes, departmentId);
  return ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({
        displayName: input.displayName ?? u.displayName,
        roles,
        scopes,
        departmentId,
        status: input.status ?? u.status,
        version: sql`${users.version} + 1`,
        updatedAt: ctx.clock(),
      })
      .where(and(eq(users.id, id), eq(users.version, input.version)))
      .returning({ version: users.version });
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    // a change of privilege (roles, areas, department, status) ends the user's sessions: the next login gets a new id
    const privilegeChanged =
      JSON.stringify(roles) !== JSON.stringify(u.roles) ||
      JSON.stringify(scopes) !== JSON.stringify(u.scopes) ||
      departmentId !== u.departmentId ||
      (input.status ?? u.status) !== u.status;
    if (privilegeChanged) await endSessions(tx as unknown as Db, id);
    await recordAudit(tx, {
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action: 'user.update',
      targetType: 'user',
      targetId: id,
      areaCode: scopes[0] ?? null,
      detail: { fields: Object.keys(input).filter((k) => k !== 'version') },
    });
    return { version: updated[0].version };
  });
}

export async function resetPassword(ctx: AppContext, actor: Actor, id: number, password: string): Promise<void> {
  const u = await loadManageable(ctx, actor, id);
  if (passwordProblems(password)) throw new AppError('WEAK_PASSWORD', { field: 'password' });
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null, version: sql`${users.version} + 1` })
      .where(eq(users.id, u.id));
    await endSessions(tx as unknown as Db, u.id);
    await recordAudit(tx, {
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action: 'user.reset_password',
      targetType: 'user',
      targetId: id,
      areaCode: u.scopes[0] ?? null,
    });
  });
}

/**
 * Departments serving an area: those inside the actor's scope and those at its ancestors (a town centre
 * dispatches to the county's 住建局 as well as to its own 派出所). `area` narrows to one area's servers.
 */
export async function listDepartments(ctx: AppContext, actor: Actor, area?: string) {
  const ancestors = new Set<string>();
  for (const s of actor.scopes) if (s) for (const a of ancestorsOf(s)) ancestors.add(a);
  const visible = ancestors.size
    ? or(areaScope(actor, departments.areaCode), inArray(departments.areaCode, [...ancestors]))!
    : areaScope(actor, departments.areaCode);
  const conds: SQL[] = [visible];
  if (area) {
    const serving = [...ancestorsOf(area), area];
    conds.push(or(inArray(departments.areaCode, serving), prefixRange(departments.areaCode, area))!);
  }
  const rows = await ctx.db.select().from(departments).where(and(...conds)).orderBy(asc(departments.areaCode), asc(departments.id));
  return rows.map((d) => ({ id: d.id, areaCode: d.areaCode, name: d.name, kind: d.kind }));
}
