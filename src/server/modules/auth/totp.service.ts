/**
 * The second factor (DESIGN §13, 等保2.0 身份鉴别 "两种或两种以上组合的鉴别技术"): TOTP enrolment with ten
 * one-time recovery codes, code checks that refuse a replay, and who must have one.
 */
import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt, searchHash } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { recoveryCodes, totpFactors } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { matchTotp, newRecoveryCode, newTotpSecret, normaliseRecoveryCode, otpauthUri } from '../../platform/totp';

export const TOTP_ISSUER = '枫桥';
/** 等保2.0 三级: privileged accounts — administrators, 综治中心 staff and 包抓领导 (they see sensitive records). */
export const TOTP_ROLES: readonly Role[] = ['admin', 'center_staff', 'leader'];
export const RECOVERY_CODE_COUNT = 10;

export function totpRequiredFor(config: AppContext['config'], roles: readonly string[]): boolean {
  return config.totpRequired && roles.some((r) => (TOTP_ROLES as readonly string[]).includes(r));
}

/** The confirmed factor of a user, if any. */
export async function confirmedFactor(db: Db, userId: number) {
  const [f] = await db
    .select()
    .from(totpFactors)
    .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt)))
    .limit(1);
  return f ?? null;
}

function recoveryHash(userId: number, code: string): string {
  // keyed with the key that lives outside the database: a copied table alone cannot be brute-forced
  return searchHash(`recovery:${userId}:${normaliseRecoveryCode(code)}`);
}

/** A fresh secret for a user who has no confirmed factor; replaces an unconfirmed one. */
export async function startEnrolment(db: Db, userId: number, username: string) {
  if (await confirmedFactor(db, userId)) throw new AppError('TOTP_ALREADY_ENROLLED');
  const secret = newTotpSecret();
  await db
    .insert(totpFactors)
    .values({ userId, secret: encrypt(secret), confirmedAt: null, lastStep: null })
    .onConflictDoUpdate({ target: totpFactors.userId, set: { secret: encrypt(secret), confirmedAt: null, lastStep: null, createdAt: new Date() } });
  return { secret, uri: otpauthUri(TOTP_ISSUER, username, secret), issuer: TOTP_ISSUER, account: username };
}

async function issueRecoveryCodes(tx: Db, userId: number, now: Date): Promise<string[]> {
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: recoveryHash(userId, c), createdAt: now })));
  return codes;
}

/** Confirms the pending secret with a code from the app; returns the ten recovery codes (shown once). */
export async function confirmEnrolment(tx: Db, userId: number, code: string, now: Date): Promise<string[]> {
  const [f] = await tx.select().from(totpFactors).where(eq(totpFactors.userId, userId)).limit(1);
  if (!f) throw new AppError('TOTP_NOT_ENROLLED');
  if (f.confirmedAt) throw new AppError('TOTP_ALREADY_ENROLLED');
  const step = matchTotp(decrypt(f.secret), code.trim(), now);
  if (step === null) throw new AppError('TOTP_INVALID', { field: 'code' });
  const done = await tx
    .update(totpFactors)
    .set({ confirmedAt: now, lastStep: step })
    .where(and(eq(totpFactors.userId, userId), isNull(totpFactors.confirmedAt)))
    .returning({ userId: totpFactors.userId });
  if (!done[0]) throw new AppError('TOTP_ALREADY_ENROLLED');
  return issueRecoveryCodes(tx, userId, now);
}

export type FactorUse = { factor: 'totp' | 'recovery' } | null;

/**
 * Accepts a six-digit code (once: the step must be above the last accepted one, set by compare-and-set so
 * two instances cannot both accept it) or an unused recovery code (used up by the same statement).
 */
export async function spendSecondFactor(tx: Db, userId: number, code: string, now: Date): Promise<FactorUse> {
  const given = code.trim();
  if (/^\d{6}$/.test(given)) {
    const f = await confirmedFactor(tx, userId);
    if (!f) return null;
    const step = matchTotp(decrypt(f.secret), given, now);
    if (step === null) return null;
    const won = await tx
      .update(totpFactors)
      .set({ lastStep: step })
      .where(and(eq(totpFactors.userId, userId), or(isNull(totpFactors.lastStep), lt(totpFactors.lastStep, step))))
      .returning({ userId: totpFactors.userId });
    return won[0] ? { factor: 'totp' } : null;
  }
  const used = await tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, recoveryHash(userId, given)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return used[0] ? { factor: 'recovery' } : null;
}

export async function recoveryCodesLeft(db: Db, userId: number): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return r?.n ?? 0;
}

/** New recovery codes replace the old ones; the caller proves possession with a current code first. */
export async function regenerateRecoveryCodes(tx: Db, userId: number, now: Date): Promise<string[]> {
  return issueRecoveryCodes(tx, userId, now);
}

export async function removeFactor(tx: Db, userId: number): Promise<void> {
  await tx.delete(totpFactors).where(eq(totpFactors.userId, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
}
