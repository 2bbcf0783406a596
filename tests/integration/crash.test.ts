/**
 * Crash safety of the real server (child process) on PGlite and, in the PostgreSQL pass, on PostgreSQL:
 * a write load (cases created with Idempotency-Key), SIGKILL in the middle of it, restart on the same data —
 * several times. After each restart every write answered 2xx before is served and its retry replays the answer;
 * at the end, directly in the database: every acknowledged write is there; nothing is
 * half-written (every case has its timeline entry and its audit record, case numbers of the day have no gaps and
 * match their counter); the audit chain verifies.
 */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numberArea, numberDay } from '../../src/domain/cases/case-number';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { areas, auditLog, caseCounters, caseTimeline, cases } from '../../src/server/platform/db/schema';
import { cloneTemplateData, killHard, loginOver, type RunningServer, type ServerData, startServer } from '../helpers/server-process';

const RUNS = 3;
/** the kill comes once this many writes of the run were answered (a different point of the load each run) … */
const KILL_AFTER_ACKS = [4, 9, 14];
/** … or after this long, whichever is first */
const KILL_AFTER_MS = 20_000;
const WORKERS = 6;

let data: ServerData;
let server: RunningServer | null = null;
let gridCode = '';
const port = 4100 + (process.pid % 500) + (process.env.FQ_TEST_DB === 'postgres' ? 500 : 0);

type Write = { key: string; title: string; body: Record<string, unknown>; status?: number; answer?: { id: number; number: string } };

beforeAll(async () => {
  data = await cloneTemplateData();
  const database = await data.open();
  const [grid] = await database.db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), like(areas.code, '620523101%')))
    .limit(1);
  gridCode = grid.code;
  await database.close();
}, 120_000);

afterAll(async () => {
  if (server) await killHard(server);
  await data?.remove();
});

/** Sends creates from several workers until stopped; records what each request was answered, if anything. */
function writeLoad(url: string, cookie: string, run: number, writes: Write[]) {
  let stopped = false;
  let n = 0;
  let acked = 0;
  const worker = async (w: number) => {
    while (!stopped) {
      const title = `断电测试 第${run}轮 ${w}-${n++}`;
      const body = { kind: 'event', title, description: '崩溃安全测试：写入后立即强制结束进程', categoryCode: 'municipal', areaCode: gridCode };
      const write: Write = { key: `crash-${run}-${w}-${n}`, title, body };
      writes.push(write);
      try {
        const res = await fetch(`${url}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'fengqiao-test', 'idempotency-key': write.key, cookie },
          body: JSON.stringify(body),
        });
        write.status = res.status;
        const text = await res.text();
        if (res.status === 201) {
          write.answer = JSON.parse(text);
          acked++;
        }
      } catch {
        // the connection died with the server: the outcome of this request is unknown to the client
        return;
      }
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  return {
    acked: () => acked,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe('crash safety: SIGKILL during a write load', () => {
  it('loses no acknowledged write and leaves nothing half-written', async () => {
    const writes: Write[] = [];
    const acknowledgedSoFar = () => writes.filter((w) => w.status === 201 && w.answer);
    for (let run = 0; run < RUNS; run++) {
      server = await startServer(data, port);
      const cookie = await loginOver(server.url, 'town_center');
      // after a restart, every write acknowledged before a kill is served, and a retry replays its answer
      for (const w of acknowledgedSoFar()) {
        const res = await fetch(`${server.url}/api/cases/${w.answer!.id}`, { headers: { cookie } });
        expect(res.status, w.key).toBe(200);
        expect(await res.json()).toMatchObject({ number: w.answer!.number, title: w.title });
      }
      for (const w of acknowledgedSoFar().slice(-3)) {
        const retry = await fetch(`${server.url}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'fengqiao-test', 'idempotency-key': w.key, cookie },
          body: JSON.stringify(w.body),
        });
        expect(retry.status).toBe(201);
        expect(((await retry.json()) as { id: number }).id).toBe(w.answer!.id);
      }
      if (run > 0) {
        const admin = await loginOver(server.url, 'admin');
        const verify = await fetch(`${server.url}/api/audit/verify`, { headers: { cookie: admin } });
        expect(verify.status).toBe(200);
        expect(((await verify.json()) as { ok: boolean }).ok).toBe(true);
      }
      const load = writeLoad(server.url, cookie, run, writes);
      const deadline = Date.now() + KILL_AFTER_MS;
      while (load.acked() < KILL_AFTER_ACKS[run % KILL_AFTER_ACKS.length] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await killHard(server);
      await load.stop();
      server = null;
    }
    const acknowledged = acknowledgedSoFar();
    const unexpected = writes.filter((w) => w.status !== undefined && w.status !== 201);
    expect(unexpected.map((w) => `${w.key}: ${w.status}`)).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(RUNS);

    // then directly in the database, opened after the last kill (PGlite recovers its folder here)
    const database = await data.open();
    try {
      const db = database.db;
      const rows = await db.select().from(cases).where(like(cases.title, '断电测试%'));
      const byId = new Map(rows.map((r) => [r.id, r]));
      const lost = acknowledged.filter((w) => byId.get(w.answer!.id)?.number !== w.answer!.number);
      expect(lost.map((w) => w.key)).toEqual([]);
      expect(new Set(rows.map((r) => r.title)).size).toBe(rows.length);

      const ids = rows.map((r) => r.id);
      const timeline = await db
        .select({ caseId: caseTimeline.caseId, n: sql<number>`count(*)` })
        .from(caseTimeline)
        .where(and(inArray(caseTimeline.caseId, ids), eq(caseTimeline.action, 'report')))
        .groupBy(caseTimeline.caseId);
      const audits = await db
        .select({ targetId: auditLog.targetId, n: sql<number>`count(*)` })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'case.report'), inArray(auditLog.targetId, ids.map(String))))
        .groupBy(auditLog.targetId);
      const withoutTimeline = ids.filter((id) => Number(timeline.find((t) => t.caseId === id)?.n ?? 0) !== 1);
      const withoutAudit = ids.filter((id) => Number(audits.find((a) => a.targetId === String(id))?.n ?? 0) !== 1);
      expect({ withoutTimeline, withoutAudit }).toEqual({ withoutTimeline: [], withoutAudit: [] });

      // the numbers of every day this load wrote on run 1…max without a gap, and the counter agrees
      const days = new Set(rows.map((r) => numberDay(r.createdAt)));
      for (const day of days) {
        const prefix = `SJ-${numberArea(gridCode)}-${day}-`;
        const numbers = await db.select({ number: cases.number }).from(cases).where(like(cases.number, `${prefix}%`));
        const seqs = numbers.map((r) => Number(r.number.slice(prefix.length))).sort((a, b) => a - b);
        expect(seqs, `numbers of ${day}`).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        const [counter] = await db
          .select({ value: caseCounters.value })
          .from(caseCounters)
          .where(and(eq(caseCounters.prefix, 'SJ'), eq(caseCounters.area, numberArea(gridCode)), eq(caseCounters.day, day)));
        expect(counter.value).toBe(seqs.length);
      }

      const chain = await verifyAuditChain(db);
      expect(chain.ok, JSON.stringify(chain)).toBe(true);
      console.log(
        `crash: ${RUNS} runs, ${acknowledged.length} acknowledged writes, ${lost.length} lost (${data.kind}; ${rows.length} cases found, ${writes.length - acknowledged.length} requests cut off by the kill)`,
      );
    } finally {
      await database.close();
    }
  }, 600_000);
});
