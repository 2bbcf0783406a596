import { createHash } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import { type Db, queryRows } from './db/client';
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
  return createHash('sha256').update(prevHash).update(auditBody(row)).digest('hex');
}

/** The hashed body of a record: the hash is sha256(prevHash ‖ body), in JS (auditHash) and in SQL (recordAudit) alike. */
export function auditBody(row: HashedFields): string {
  return canonical([
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
}

/**
 * Appends one record to the chain. Call it with the transaction that makes the change, so that the change and its
 * audit record commit together. One statement moves the chain's head row and inserts the record: the head's row lock,
 * held to commit, orders appends across instances (a waiting UPDATE re-reads the head its predecessor committed), and
 * the serial part of every write is this one round trip and the commit.
 */
export async function recordAudit(tx: Db, entry: AuditEntry, now: Date = new Date()): Promise<void> {
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
  const append = () =>
    queryRows<{ id: number }>(
      tx,
      sql`WITH head AS (
            UPDATE audit_head SET prev_hash = hash, hash = encode(sha256(convert_to(hash || ${auditBody(row)}::text, 'UTF8')), 'hex')
            WHERE id = 1 RETURNING prev_hash, hash)
          INSERT INTO audit_log (at, actor_id, actor_name, ip, action, target_type, target_id, area_code, result, detail, prev_hash, hash)
          SELECT ${row.at.toISOString()}::timestamptz, ${row.actorId}::integer, ${row.actorName}::text, ${row.ip}::text, ${row.action}::text,
                 ${row.targetType}::text, ${row.targetId}::text, ${row.areaCode}::text, ${row.result}::text,
                 ${row.detail === null ? null : JSON.stringify(row.detail)}::jsonb, head.prev_hash, head.hash
          FROM head RETURNING id`,
    );
  if ((await append()).length === 1) return;
  // no head row (a database restored from a dump taken without it): start it from the last record, then append
  await tx.execute(
    sql`INSERT INTO audit_head (id, prev_hash, hash)
        SELECT 1, coalesce((SELECT prev_hash FROM audit_log ORDER BY id DESC LIMIT 1), ${GENESIS}), coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), ${GENESIS})
        ON CONFLICT (id) DO NOTHING`,
  );
  if ((await append()).length !== 1) throw new Error('audit chain head missing');
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
