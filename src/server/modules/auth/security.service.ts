/** 账号安全: a signed-in user's own second factor, recovery codes and sessions. */
import { desc, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { sessions, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { hashToken } from '../../platform/http';
import { verifyPassword } from '../../platform/password';
import { loadManageable } from '../users/users.service';
import { endSessions, rotateSession } from './auth.service';
import {
  confirmEnrolment,
  confirmedFactor,
  recoveryCodesLeft,
  regenerateRecoveryCodes,
  removeFactor,
  startEnrolment,
  totpRequiredFor,
  spendSecondFactor,
} from './totp.service';

type Client = { ip: string | null; userAgent: string | null };

function who(actor: Actor) {
  return { actorId: actor.userId, actorName: actor.username, ip: actor.ip, targetType: 'user', targetId: actor.userId };
}

async function loadUser(ctx: AppContext, actor: Actor) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user) throw new AppError('AUTH_REQUIRED');
  return user;
}

export async function accountSecurity(ctx: AppContext, actor: Actor, currentToken: string | undefined) {
  const factor = await confirmedFactor(ctx.db, actor.userId);
  const current = currentToken ? hashToken(currentToken) : '';
  const own = await ctx.db.select().from(sessions).where(eq(sessions.userId, actor.userId)).orderBy(desc(sessions.lastSeenAt)).limit(20);
  return {
    totp: {
      enrolled: !!factor,
      enrolledAt: factor?.confirmedAt?.toISOString() ?? null,
      required: totpRequiredFor(ctx.config, actor.roles),
      recoveryCodesLeft: factor ? await recoveryCodesLeft(ctx.db, actor.userId) : 0,
    },
    sessions: own.map((s) => ({
      current: s.id === current,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
    })),
  };
}

export async function startOwnEnrolment(ctx: AppContext, actor: Actor) {
  return startEnrolment(ctx.db, actor.userId, actor.username);
}

/** Enrolment confirmed: the account's other sessions end and this one gets a new id. */
export async function confirmOwnEnrolment(ctx: AppContext, actor: Actor, code: string, client: Client) {
  const user = await loadUser(ctx, actor);
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const recoveryCodes = await confirmEnrolment(tx, actor.userId, code, now);
    const token = await rotateSession(tx, user, client, now);
    await recordAudit(tx, { ...who(actor), action: 'auth.totp.enrol', result: 'ok', detail: { forced: false } }, now);
    return { token, recoveryCodes };
  });
}

/** Removing the factor needs the password; accounts that must have one cannot remove it. */
export async function disableOwnTotp(ctx: AppContext, actor: Actor, password: string): Promise<void> {
  if (totpRequiredFor(ctx.config, actor.roles)) throw new AppError('TOTP_REQUIRED');
  const user = await loadUser(ctx, actor);
  if (!(await verifyPassword(user.passwordHash, password))) throw new AppError('LOGIN_FAILED', { field: 'password', message: '密码不正确' });
  if (!(await confirmedFactor(ctx.db, actor.userId))) throw new AppError('TOTP_NOT_ENROLLED');
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await removeFactor(tx, actor.userId);
    await recordAudit(tx, { ...who(actor), action: 'auth.totp.disable', result: 'ok' }, ctx.clock());
  });
}

/** Ten new recovery codes (the old ones stop working), after a current code from the app. */
export async function renewRecoveryCodes(ctx: AppContext, actor: Actor, code: string): Promise<string[]> {
  if (!(await confirmedFactor(ctx.db, actor.userId))) throw new AppError('TOTP_NOT_ENROLLED');
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const used = /^\d{6}$/.test(code.trim()) ? await spendSecondFactor(tx, actor.userId, code, now) : null;
    if (!used) throw new AppError('TOTP_INVALID', { field: 'code' });
    const codes = await regenerateRecoveryCodes(tx, actor.userId, now);
    await recordAudit(tx, { ...who(actor), action: 'auth.recovery_codes.renew', result: 'ok' }, now);
    return codes;
  });
}

/**
 * An administrator removes another user's second factor (phone and recovery codes lost). Their sessions end;
 * where the factor is required they bind a new one at the next login.
 */
export async function resetSecondFactor(ctx: AppContext, actor: Actor, userId: number): Promise<void> {
  const user = await loadManageable(ctx, actor, userId);
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await removeFactor(tx, user.id);
    await endSessions(tx, user.id);
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'user.reset_second_factor',
        targetType: 'user',
        targetId: user.id,
        areaCode: user.scopes[0] ?? null,
      },
      ctx.clock(),
    );
  });
}
