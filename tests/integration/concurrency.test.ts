/**
 * Races on one record and on one Idempotency-Key, on PGlite and (second pass of the integration project)
 * PostgreSQL: 50 parallel actions on one case at one version → exactly one wins, 49 get 409, the timeline has one
 * entry and the audit chain verifies; 50 parallel retries with one key → one record and 50 identical answers;
 * 50 different keys, each retried at once → one record per key.
 */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { areas, auditLog, caseTimeline, cases } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

const N = 50;
let t: TestApp;
let centre: Client;
let gridCode: string;

beforeAll(async () => {
  t = await startTestApp();
  centre = await t.login('town_center');
  const [grid] = await t.ctx.db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), like(areas.code, '620523101%')))
    .limit(1);
  gridCode = grid.code;
});

afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

const caseBody = (title: string) => ({
  kind: 'event',
  title,
  description: '并发测试：路灯损坏，夜间照明不足',
  categoryCode: 'municipal',
  areaCode: gridCode,
});

async function timelineCount(caseId: number, action: string) {
  const [r] = await t.ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(caseTimeline)
    .where(and(eq(caseTimeline.caseId, caseId), eq(caseTimeline.action, action)));
  return Number(r.n);
}

async function auditCount(caseId: number, action: string) {
  const [r] = await t.ctx.db
    .select({ n: sql<number>`count(*)` })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, 'case'), eq(auditLog.targetId, String(caseId)), eq(auditLog.action, action)));
  return Number(r.n);
}

describe('concurrency', () => {
  it(`${N} parallel actions on one case at one version: one wins, ${N - 1} get 409`, async () => {
    const created = await centre.post('/api/cases', caseBody('并发受理测试'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    const version = created.body.version as number;

    // 受理 changes the status; 督办 keeps it: both must let exactly one writer through per version
    const accepts = await Promise.all(
      Array.from({ length: N }, (_, i) => centre.post(`/api/cases/${id}/actions/accept`, { version, grade: 'routine', note: `受理${i}` })),
    );
    const won = accepts.filter((r) => r.status === 200);
    const lost = accepts.filter((r) => r.status === 409);
    expect(won.length, JSON.stringify(accepts.filter((r) => r.status !== 409).map((r) => r.body))).toBe(1);
    expect(lost.length).toBe(N - 1);
    for (const r of lost) {
      expect(['CASE_VERSION_CONFLICT', 'CASE_WRONG_STATE']).toContain(r.body.error.code);
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await timelineCount(id, 'accept')).toBe(1);
    expect(await auditCount(id, 'case.accept')).toBe(1);

    const v2 = won[0].body.version as number;
    const supervised = await Promise.all(
      Array.from({ length: N }, (_, i) => centre.post(`/api/cases/${id}/actions/supervise`, { version: v2, note: `督办${i}` })),
    );
    expect(supervised.filter((r) => r.status === 200).length, JSON.stringify(supervised.find((r) => r.status !== 409)?.body)).toBe(1);
    expect(supervised.filter((r) => r.status === 409 && r.body.error.code === 'CASE_VERSION_CONFLICT').length).toBe(N - 1);
    expect(await timelineCount(id, 'supervise')).toBe(1);
    expect(await auditCount(id, 'case.supervise')).toBe(1);

    const [row] = await t.ctx.db.select({ version: cases.version, status: cases.status }).from(cases).where(eq(cases.id, id));
    expect(row).toEqual({ version: v2 + 1, status: 'accepted' });
    const chain = await verifyAuditChain(t.ctx.db);
    expect(chain.ok, JSON.stringify(chain)).toBe(true);
  });

  it(`${N} parallel retries with one Idempotency-Key: one record, ${N} identical answers`, async () => {
    const title = '幂等并发测试：同一请求重试';
    const key = `concurrency-same-${Date.now()}`;
    const answers = await Promise.all(Array.from({ length: N }, () => centre.post('/api/cases', caseBody(title), { 'idempotency-key': key })));
    const statuses = [...new Set(answers.map((a) => a.status))];
    expect(statuses, JSON.stringify(answers.find((a) => a.status !== 201)?.body)).toEqual([201]);
    const bodies = new Set(answers.map((a) => JSON.stringify(a.body)));
    expect(bodies.size).toBe(1);
    const rows = await t.ctx.db.select({ id: cases.id }).from(cases).where(eq(cases.title, title));
    expect(rows.length).toBe(1);
    expect(rows[0].id).toBe(answers[0].body.id);
    expect(await timelineCount(rows[0].id, 'report')).toBe(1);
    expect(await auditCount(rows[0].id, 'case.report')).toBe(1);
  });

  it(`${N} different keys under load, each retried at once: one record per key`, async () => {
    const stamp = Date.now();
    const titles = Array.from({ length: N }, (_, i) => `幂等负载测试${stamp}-${i}`);
    const answers = await Promise.all(
      titles.flatMap((title, i) => [0, 1].map(() => centre.post('/api/cases', caseBody(title), { 'idempotency-key': `load-${stamp}-${i}` }))),
    );
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body)).toEqual([]);
    for (let i = 0; i < N; i++) expect(answers[2 * i].body).toEqual(answers[2 * i + 1].body);
    const rows = await t.ctx.db.select({ id: cases.id, title: cases.title, number: cases.number }).from(cases).where(inArray(cases.title, titles));
    expect(rows.length).toBe(N);
    expect(new Set(rows.map((r) => r.title)).size).toBe(N);
    expect(new Set(rows.map((r) => r.number)).size).toBe(N);
    const chain = await verifyAuditChain(t.ctx.db);
    expect(chain.ok, JSON.stringify(chain)).toBe(true);
  });
});
