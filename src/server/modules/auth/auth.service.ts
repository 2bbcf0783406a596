import { and, eq, lt, ne } from 'drizzle-orm';
import { type Actor, buildActor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { loginChallenges, sessions, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { hashToken, newToken } from '../../platform/http';
import { hashPassword, passwordProblems, verifyPassword } from '../../platform/password';
import { checkAddress, recordAddressFailure } from './login-guard';
import {
  confirmEnrolment,
  confirmedFactor,
  recoveryCodesLeft,
  startEnrolment,
  totpRequiredFor,
  spendSecondFactor,
} from './totp.service';

type UserRow = typeof users.$inferSelect;
type Client = { ip: string | null; userAgent: string | null };

/** How long the step between password and second factor stays open, and how many codes it accepts. */
export const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;

export type LoginOutcome =
  | { kind: 'session'; token: string; actor: Actor }
  | { kind: 'challenge'; token: string; step: 'totp' | 'enrol' };

/** A new session id for a user: the only place a session row is created. */
async function grantSession(tx: Db, user: UserRow, client: Client, now: Date): Promise<string> {
  const token = newToken();
  await tx.insert(sessions).values({
    id: hashToken(token),
    userId: user.id,
    createdAt: now,
    lastSeenAt: now,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

/** Ends a user's sessions (all, or all but one): password reset, role or scope change, a new second factor. */
export async function endSessions(tx: Db, userId: number, keepTokenHash?: string): Promise<void> {
  await tx.delete(sessions).where(keepTokenHash ? and(eq(sessions.userId, userId), ne(sessions.id, keepTokenHash)) : eq(sessions.userId, userId));
}

/** A failed password or code: one more strike on the account (locks at the limit) and on the address. */
async function strike(ctx: AppContext, tx: Db, user: UserRow, ip: string | null, now: Date): Promise<boolean> {
  const failures = user.failedLogins + 1;
  const lock = failures >= ctx.config.lockAfterFailures;
  await tx
    .update(users)
    .set({
      failedLogins: lock ? 0 : failures,
      lockedUntil: lock ? new Date(now.getTime() + ctx.config.lockMinutes * 60_000) : user.lockedUntil,
    })
    .where(eq(users.id, user.id));
  await recordAddressFailure(tx, ctx.config, ip, now);
  return lock;
}

/** Refusals that come before any secret is checked (locked, disabled); audited and counted for the address. */
async function refuseIfBarred(ctx: AppContext, user: UserRow, ip: string | null, action: string, now: Date): Promise<void> {
  const locked = user.lockedUntil && user.lockedUntil.getTime() > now.getTime();
  if (!locked && user.status === 'active') return;
  const reason = locked ? 'locked' : 'disabled';
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await recordAddressFailure(tx, ctx.config, ip, now);
    await recordAudit(tx, { actorId: user.id, actorName: user.username, ip, action, targetType: 'user', targetId: user.id, result: 'denied', detail: { reason } }, now);
  });
  throw new AppError(locked ? 'ACCOUNT_LOCKED' : 'ACCOUNT_DISABLED');
}

async function openChallenge(tx: Db, user: UserRow, kind: 'totp' | 'enrol', ip: string | null, now: Date): Promise<string> {
  await tx.delete(loginChallenges).where(lt(loginChallenges.expiresAt, now));
  const token = newToken();
  await tx.insert(loginChallenges).values({
    id: hashToken(token),
    userId: user.id,
    kind,
    ip,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
  });
  return token;
}

export async function logIn(
  ctx: AppContext,
  input: { username: string; password: string } & Client,
): Promise<LoginOutcome> {
  const { db, clock } = ctx;
  await checkAddress(ctx, input.ip);
  const now = clock();
  const found = await db.select().from(users).where(eq(users.username, input.username)).limit(1);
  const user = found[0];
  const audit = { actorName: input.username, ip: input.ip, action: 'auth.login', targetType: 'user' };
  if (!user) {
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      await recordAddressFailure(tx, ctx.config, input.ip, now);
      await recordAudit(tx, { ...audit, result: 'failed', detail: { reason: 'unknown_user' } }, now);
    });
    throw new AppError('LOGIN_FAILED');
  }
  await refuseIfBarred(ctx, user, input.ip, 'auth.login', now);
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const lock = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const locked = await strike(ctx, tx, user, input.ip, now);
      await recordAudit(
        tx,
        { ...audit, actorId: user.id, targetId: user.id, result: 'failed', detail: { reason: 'bad_password', failures: user.failedLogins + 1, locked } },
        now,
      );
      return locked;
    });
    throw new AppError(lock ? 'ACCOUNT_LOCKED' : 'LOGIN_FAILED');
  }
  const step = (await confirmedFactor(db, user.id)) ? 'totp' : totpRequiredFor(ctx.config, user.roles) ? 'enrol' : null;
  if (step) {
    // the password strikes are not reset here: someone who knows the password still has to get past the code
    const token = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const t = await openChallenge(tx, user, step, input.ip, now);
      await recordAudit(tx, { ...audit, action: 'auth.login.password', actorId: user.id, targetId: user.id, result: 'ok', detail: { next: step } }, now);
      return t;
    });
    return { kind: 'challenge', token, step };
  }
  const token = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    const t = await grantSession(tx, user, input, now);
    await recordAudit(tx, { ...audit, actorId: user.id, targetId: user.id, result: 'ok' }, now);
    return t;
  });
  return { kind: 'session', token, actor: buildActor({ ...user, ip: input.ip }) };
}

async function openedChallenge(ctx: AppContext, token: string | undefined, kind: 'totp' | 'enrol', now: Date) {
  if (!token) throw new AppError('LOGIN_STEP_EXPIRED');
  const [ch] = await ctx.db.select().from(loginChallenges).where(eq(loginChallenges.id, hashToken(token))).limit(1);
  if (!ch || ch.kind !== kind || ch.expiresAt.getTime() <= now.getTime()) throw new AppError('LOGIN_STEP_EXPIRED');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, ch.userId)).limit(1);
  if (!user) throw new AppError('LOGIN_STEP_EXPIRED');
  return { ch, user };
}

/** Second step: a code from the app (or a recovery code) turns the challenge into a session. */
export async function completeTotp(
  ctx: AppContext,
  challengeToken: string | undefined,
  code: string,
  client: Client,
): Promise<{ token: string; actor: Actor }> {
  await checkAddress(ctx, client.ip);
  const now = ctx.clock();
  const { ch, user } = await openedChallenge(ctx, challengeToken, 'totp', now);
  const audit = { actorId: user.id, actorName: user.username, ip: client.ip, action: 'auth.login', targetType: 'user', targetId: user.id };
  await refuseIfBarred(ctx, user, client.ip, 'auth.login', now);
  const outcome = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const used = await spendSecondFactor(tx, user.id, code, now);
    if (!used) {
      const locked = await strike(ctx, tx, user, client.ip, now);
      if (locked || ch.attempts + 1 >= CHALLENGE_ATTEMPTS) await tx.delete(loginChallenges).where(eq(loginChallenges.id, ch.id));
      else await tx.update(loginChallenges).set({ attempts: ch.attempts + 1 }).where(eq(loginChallenges.id, ch.id));
      await recordAudit(tx, { ...audit, result: 'failed', detail: { reason: 'bad_code', failures: user.failedLogins + 1, locked } }, now);
      return { ok: false as const, locked };
    }
    await tx.delete(loginChallenges).where(eq(loginChallenges.id, ch.id));
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
    const token = await grantSession(tx, user, client, now);
    const left = used.factor === 'recovery' ? await recoveryCodesLeft(tx, user.id) : undefined;
    await recordAudit(tx, { ...audit, result: 'ok', detail: { factor: used.factor, ...(left === undefined ? {} : { recoveryCodesLeft: left }) } }, now);
    return { ok: true as const, token };
  });
  if (!outcome.ok) throw new AppError(outcome.locked ? 'ACCOUNT_LOCKED' : 'TOTP_INVALID', { field: 'code' });
  return { token: outcome.token, actor: buildActor({ ...user, ip: client.ip }) };
}

/** Forced enrolment (second factor required, none yet): the secret to scan, under the login challenge. */
export async function startForcedEnrolment(ctx: AppContext, challengeToken: string | undefined) {
  const { user } = await openedChallenge(ctx, challengeToken, 'enrol', ctx.clock());
  return startEnrolment(ctx.db, user.id, user.username);
}

/** Forced enrolment confirmed with a first code: the factor counts from now on and the session is granted. */
export async function confirmForcedEnrolment(
  ctx: AppContext,
  challengeToken: string | undefined,
  code: string,
  client: Client,
): Promise<{ token: string; actor: Actor; recoveryCodes: string[] }> {
  const now = ctx.clock();
  const { ch, user } = await openedChallenge(ctx, challengeToken, 'enrol', now);
  await refuseIfBarred(ctx, user, client.ip, 'auth.login', now);
  try {
    return await ctx.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const codes = await confirmEnrolment(tx, user.id, code, now);
      await tx.delete(loginChallenges).where(eq(loginChallenges.id, ch.id));
      await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
      const token = await grantSession(tx, user, client, now);
      const who = { actorId: user.id, actorName: user.username, ip: client.ip, targetType: 'user', targetId: user.id };
      await recordAudit(tx, { ...who, action: 'auth.totp.enrol', result: 'ok', detail: { forced: true } }, now);
      await recordAudit(tx, { ...who, action: 'auth.login', result: 'ok', detail: { factor: 'totp' } }, now);
      return { token, actor: buildActor({ ...user, ip: client.ip }), recoveryCodes: codes };
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'TOTP_INVALID') {
      // a fumbled first code costs a try of this challenge, not the account
      if (ch.attempts + 1 >= CHALLENGE_ATTEMPTS) await ctx.db.delete(loginChallenges).where(eq(loginChallenges.id, ch.id));
      else await ctx.db.update(loginChallenges).set({ attempts: ch.attempts + 1 }).where(eq(loginChallenges.id, ch.id));
    }
    throw e;
  }
}

export async function logOut(ctx: AppContext, token: string | undefined, actor: Actor | null): Promise<void> {
  if (!token) return;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, hashToken(token)));
    if (actor) {
      await recordAudit(tx as unknown as Db, {
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

/** Changes the password; every session of the user ends and the caller gets a new session id. */
export async function changePassword(
  ctx: AppContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  client: Client,
): Promise<{ token: string }> {
  const { db } = ctx;
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('LOGIN_FAILED', { field: 'currentPassword', message: '原密码不正确' });
  }
  if (passwordProblems(input.newPassword)) throw new AppError('WEAK_PASSWORD', { field: 'newPassword' });
  if (input.newPassword === input.currentPassword) throw new AppError('PASSWORD_REUSED', { field: 'newPassword' });
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.clock();
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: now, version: user.version + 1 })
      .where(eq(users.id, user.id));
    await endSessions(tx, user.id);
    const token = await grantSession(tx, user, client, now);
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'auth.password_change', targetType: 'user', targetId: actor.userId },
      now,
    );
    return { token };
  });
}

/** A privilege step of the session itself (a second factor enrolled): all sessions end, the caller gets a new id. */
export async function rotateSession(tx: Db, user: UserRow, client: Client, now: Date): Promise<string> {
  await endSessions(tx, user.id);
  return grantSession(tx, user, client, now);
}
