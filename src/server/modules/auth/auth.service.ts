import { eq } from 'drizzle-orm';
import { type Actor, buildActor } from '../../platform/access';
import { recordAudit, recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { sessions, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { hashToken, newToken } from '../../platform/http';
import { hashPassword, passwordProblems, verifyPassword } from '../../platform/password';

export async function logIn(
  ctx: AppContext,
  input: { username: string; password: string; ip: string | null; userAgent: string | null },
): Promise<{ token: string; actor: Actor }> {
  const { db, config, clock } = ctx;
  const now = clock();
  const found = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  const user = found[0];
  const audit = { actorName: input.username, ip: input.ip, action: 'auth.login', targetType: 'user' };
  if (!user) {
    await recordAuditAlone(db, { ...audit, result: 'failed', detail: { reason: 'unknown_user' } });
    throw new AppError('LOGIN_FAILED');
  }
  if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
    await recordAuditAlone(db, { ...audit, actorId: user.id, targetId: user.id, result: 'denied', detail: { reason: 'locked' } });
    throw new AppError('ACCOUNT_LOCKED');
  }
  if (user.status !== 'active') {
    await recordAuditAlone(db, { ...audit, actorId: user.id, targetId: user.id, result: 'denied', detail: { reason: 'disabled' } });
    throw new AppError('ACCOUNT_DISABLED');
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= config.lockAfterFailures;
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          failedLogins: lock ? 0 : failures,
          lockedUntil: lock ? new Date(now.getTime() + config.lockMinutes * 60_000) : user.lockedUntil,
        })
        .where(eq(users.id, user.id));
      await recordAudit(tx, {
        ...audit,
        actorId: user.id,
        targetId: user.id,
        result: 'failed',
        detail: { reason: 'bad_password', failures, locked: lock },
      });
    });
    throw new AppError(lock ? 'ACCOUNT_LOCKED' : 'LOGIN_FAILED');
  }
  const token = newToken();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    await tx.insert(sessions).values({
      id: hashToken(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(tx, { ...audit, actorId: user.id, targetId: user.id, result: 'ok' });
  });
  return { token, actor: buildActor({ ...user, ip: input.ip }) };
}

export async function logOut(ctx: AppContext, token: string | undefined, actor: Actor | null): Promise<void> {
  if (!token) return;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, hashToken(token)));
    if (actor) {
      await recordAudit(tx, {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'auth.logout',
        targetType: 'user',
        targetId: actor.userId,
      });
    }
  });
}

export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  currentToken: string | undefined,
): Promise<void> {
  const { db } = ctx;
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('LOGIN_FAILED', { field: 'currentPassword', message: '原密码不正确' });
  }
  if (passwordProblems(input.newPassword)) throw new AppError('WEAK_PASSWORD', { field: 'newPassword' });
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_REUSED', { field: 'newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: ctx.clock(), version: user.version + 1 })
      .where(eq(users.id, user.id));
    // other sessions of this user end; the current one stays
    const keep = currentToken ? hashToken(currentToken) : '';
    const all = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
    for (const s of all) if (s.id !== keep) await tx.delete(sessions).where(eq(sessions.id, s.id));
    await recordAudit(tx, {
      actorId: actor.userId,
      actorName: actor.username,
      ip: actor.ip,
      action: 'auth.password_change',
      targetType: 'user',
      targetId: actor.userId,
    });
  });
}
