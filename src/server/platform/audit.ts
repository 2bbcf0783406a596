import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from './db/client';
import { auditLog } from './db/schema';

export type AuditEntry = {
  actorId?: number | null;
  actorName?: string | null;
  ip?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  areaCode?: string | null;
  result?: 'ok' | 'denied' | 'failed';
  /** never personal data in clear: ids, field names, reasons */
  detail?: Record<string, unknown> | null;
};

/** Who did it and from where; every audited action carries one. */
export type AuditContext = { actorId: number | null; actorName: string | null; ip: string | null };

const AUDIT_LOCK = 7_461_002;
export const GENESIS = '0'.repeat(64);

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type HashedFields = {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  areaCode: string | null;
  result: string;
  detail: unknown;
};

export function auditHash(prevHash: string, row: HashedFields): string {
  const body = canonical([
    row.at.toISOString(),
    row.actorId,
    row.actorName,
    row.ip,
    row.action,
    row.targetType,
    row.targetId,
    row.areaCode,
    row.result,
    row.detail ?? null,
  ]);
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * Appends one record to the chain. Call it with the transaction that makes the change, so that the
 * change and its audit record commit together. The advisory lock orders appends across instances.
 */
export async function recordAudit(tx: Db, entry: AuditEntry, now: Date = new Date()): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS;
  const row: HashedFields = {
    at: now,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    ip: entry.ip ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    areaCode: entry.areaCode ?? null,
    result: entry.result ?? 'ok',
    detail: entry.detail ?? null,
  };
  await tx.insert(auditLog).values({ ...row, prevHash, hash: auditHash(prevHash, row) });
}

/** Appends in a transaction of its own (logins, reads, exports: actions with no other write). */
export function recordAuditAlone(db: Db, entry: AuditEntry): Promise<void> {
  return db.transaction((tx) => recordAudit(tx as unknown as Db, entry));
}

export type AuditVerification = { ok: boolean; checked: number; brokenAt?: number; reason?: string };

/** Walks the whole chain; an edited row breaks its own hash, a deleted one its successor's link. */
export async function verifyAuditChain(db: Db): Promise<AuditVerification> {
  let prev = GENESIS;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(2000);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, brokenAt: r.id, reason: '链接断开：前一条记录被删除或修改' };
      const expect = auditHash(prev, {
        at: r.at,
        actorId: r.actorId,
        actorName: r.actorName,
        ip: r.ip,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        areaCode: r.areaCode,
        result: r.result,
        detail: r.detail,
      });
      if (expect !== r.hash) return { ok: false, checked, brokenAt: r.id, reason: '记录内容与哈希不符：记录被修改' };
      prev = r.hash;
      lastId = r.id;
      checked++;
    }
  }
  return { ok: true, checked };
}
