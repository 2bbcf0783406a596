import { bigint, bigserial, index, integer, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** One TOTP (RFC 6238) factor per user. The base32 secret is encrypted like 身份证号 (platform/crypto.ts). */
export const totpFactors = pgTable('totp_factors', {
  userId: integer('user_id').primaryKey(),
  secret: text('secret').notNull(),
  /** null while the user has scanned nothing yet: the factor counts only once a code confirmed it */
  confirmedAt: ts('confirmed_at'),
  /** the highest time step accepted so far: a code (or an older one) is never accepted twice */
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** Ten one-time recovery codes per enrolment, stored as a keyed hash (HMAC with the key outside the database). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/**
 * The step between a correct password and a session: the browser holds the token in an httpOnly cookie,
 * the table its hash. kind `totp` asks for a code, `enrol` for a first enrolment (required but not enrolled).
 */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull(),
    kind: text('kind').notNull(),
    ip: text('ip'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('login_challenges_user_idx').on(t.userId)],
);

/** Failed logins by client address, in the database so that every instance sees the same count. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ip: text('ip').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('login_failures_ip_at_idx').on(t.ip, t.at), index('login_failures_at_idx').on(t.at)],
);
