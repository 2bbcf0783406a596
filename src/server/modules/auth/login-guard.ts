/**
 * Failed logins per client address (等保2.0 入侵防范): after `loginIpMaxFailures` failures within
 * `loginIpWindowMinutes` the address gets 429 with Retry-After until the oldest of those failures ages out.
 * Counted in the database, so several app instances on one database share the count. The per-account lock
 * (5 failures → 30 minutes) lives in users.failed_logins beside it.
 */
import { and, desc, eq, gt, lt } from 'drizzle-orm';
import type { Config } from '../../platform/config';
import type { Db } from '../../platform/db/client';
import { loginFailures } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';

type Guard = { db: Db; config: Config; clock: () => Date };

export async function checkAddress(ctx: Guard, ip: string | null): Promise<void> {
  if (!ip) return;
  const now = ctx.clock();
  const windowMs = ctx.config.loginIpWindowMinutes * 60_000;
  // the max-th newest failure inside the window: while it exists the address is over the limit,
  // and the limit lifts when it ages out of the window
  const [nth] = await ctx.db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.ip, ip), gt(loginFailures.at, new Date(now.getTime() - windowMs))))
    .orderBy(desc(loginFailures.at))
    .offset(Math.max(0, ctx.config.loginIpMaxFailures - 1))
    .limit(1);
  if (!nth) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((nth.at.getTime() + windowMs - now.getTime()) / 1000));
  throw new AppError('LOGIN_RATE_LIMITED', { details: { retryAfterSeconds } });
}

/** Call inside the transaction that audits the failure. Rows older than the window are no longer needed. */
export async function recordAddressFailure(tx: Db, config: Config, ip: string | null, now: Date): Promise<void> {
  if (!ip) return;
  await tx.insert(loginFailures).values({ ip, at: now });
  await tx.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - config.loginIpWindowMinutes * 60_000)));
}
