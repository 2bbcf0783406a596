/**
 * Several app instances on one PostgreSQL (DESIGN §14, issue #10): two apps built on two connection pools to the same
 * database, as two processes behind nginx would be. PostgreSQL only: PGlite is one process by design.
 */
import { and, eq, gt, inArray, like } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../src/domain/cases/deadline';
import { buildApp } from '../../src/server/app';
import type { AppContext } from '../../src/server/platform/context';
import { type Database, openDatabase } from '../../src/server/platform/db/client';
import { areas, caseCounters, caseTimeline, cases } from '../../src/server/platform/db/schema';
import { runSweeps } from '../../src/server/platform/jobs';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { onPostgres, testConfig, withDatabase } from '../helpers/db-template';
import { Client } from '../helpers/test-app';

const SWEEP_LOCK = 7_461_010;
const TOWN = '620523101';

type Instance = { app: FastifyInstance; ctx: AppContext; database: Database };

describe.skipIf(!onPostgres())('two app instances on one PostgreSQL', () => {
  const admin = () => new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  const dbName = `fq_t_multi_${process.pid}_${Date.now()}`;
  const url = () => withDatabase(process.env.TEST_DATABASE_URL!, dbName);
  let now: Date | null = null;
  let a: Instance;
  let b: Instance;
  let point: { lng: number; lat: number };
  const created: number[] = [];

  async function start(): Promise<Instance> {
    const database = await openDatabase({ databaseUrl: url() });
    const ctx: AppContext = { db: database.db, dbKind: database.kind, config: testConfig(), clock: () => now ?? new Date() };
    const app = await buildApp({ ...ctx, serveWeb: false });
    await app.ready();
    return { app, ctx, database };
  }

  async function login(inst: Instance, username: string): Promise<Client> {
    const c = new Client(inst.app);
    const r = await c.post('/api/auth/login', { username, password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    return c;
  }

  beforeAll(async () => {
    // the per-run seeded template the global setup made (tests/helpers/db-template.ts names it so)
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName} TEMPLATE fq_template_${process.env.FQ_TEST_RUN ?? 'local'}`);
    await c.end();
    a = await start();
    b = await start();
    const [grid] = await a.ctx.db
      .select({ boundary: areas.boundary })
      .from(areas)
      .where(and(eq(areas.level, 'grid'), like(areas.code, `${TOWN}%`)))
      .orderBy(areas.code)
      .limit(1);
    const ring = (grid.boundary as { coordinates: number[][][] }).coordinates[0].slice(0, -1);
    point = { lng: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
  });

  afterAll(async () => {
    for (const inst of [a, b]) {
      await inst?.app.close();
      await inst?.database.close();
    }
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  });

  it('accepts a session made on one instance on the other, and a logout on the other ends it everywhere', async () => {
    const onA = await login(a, 'town_center');
    const onB = new Client(b.app);
    onB.cookie = onA.cookie;
    const me = await onB.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('town_center');
    expect((await onB.post('/api/auth/logout')).status).toBeLessThan(300);
    expect((await onA.get('/api/auth/me')).status).toBe(401);
  });

  it('keeps case numbers unique and gapless per town and day under parallel intake through both', async () => {
    const [ca, cb] = [await login(a, 'town_center'), await login(b, 'town_center')];
    const report = (c: Client, i: number) =>
      c.post('/api/cases', { kind: 'event', categoryCode: 'municipal', title: `并发上报${i}`, description: '两个实例同时受理', ...point });
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => report(i % 2 ? cb : ca, i)));
    for (const r of results) expect(r.status).toBe(201);
    created.push(...results.map((r) => r.body.id as number));
    const day = chinaDate(new Date()).replaceAll('-', '');
    const rows = await a.ctx.db
      .select({ number: cases.number })
      .from(cases)
      .where(like(cases.number, `SJ-${TOWN}-${day}-%`));
    const seqs = rows.map((r) => Number(r.number.split('-')[3])).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(results.map((r) => r.body.number).every((n: string) => rows.some((x) => x.number === n))).toBe(true);
    const [counter] = await b.ctx.db
      .select({ value: caseCounters.value })
      .from(caseCounters)
      .where(and(eq(caseCounters.prefix, 'SJ'), eq(caseCounters.area, TOWN), eq(caseCounters.day, day)));
    expect(counter.value).toBe(seqs.length);
  });

  it('leaves nothing half-done when an instance dies mid-sweep, and the other takes over', async () => {
    const sweptSince = async () =>
      a.ctx.db
        .select({ id: caseTimeline.id })
        .from(caseTimeline)
        .where(and(inArray(caseTimeline.caseId, created), eq(caseTimeline.action, 'supervise')));
    expect(await sweptSince()).toHaveLength(0);
    const later = new Date(Date.now() + 12 * 86_400_000);
    now = later;
    const blocker = new pg.Client({ connectionString: url() });
    const watcher = new pg.Client({ connectionString: url() });
    await blocker.connect();
    await watcher.connect();
    try {
      // hold the rollup watermark row, so instance A stops inside its sweep transaction after supervising the overdue cases
      await blocker.query('BEGIN');
      await blocker.query(`SELECT source FROM metric_watermarks WHERE source = 'cases' FOR UPDATE`);

      const sweepA = runSweeps(a.ctx);
      let pid: number | null = null;
      for (let i = 0; i < 500 && pid === null; i++) {
        // a statement outside the blocker's transaction: pg_stat_activity is a snapshot per transaction
        const { rows } = await watcher.query<{ pid: number; wait: string | null; xid: string | null }>(
          `SELECT l.pid, s.wait_event_type AS wait, s.backend_xid::text AS xid FROM pg_locks l JOIN pg_stat_activity s ON s.pid = l.pid
           WHERE l.locktype = 'advisory' AND l.objid = $1 AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [SWEEP_LOCK],
        );
        if (rows[0]?.wait === 'Lock') {
          pid = rows[0].pid;
          // it has written (supervised the overdue cases) before it stopped on the held row
          expect(rows[0].xid).not.toBeNull();
        } else await new Promise((r) => setTimeout(r, 20));
      }
      expect(pid).not.toBeNull();
      // while A holds the sweep, B's timer skips rather than sweeping twice
      expect((await runSweeps(b.ctx)).ran).toBe(false);
      await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      await expect(sweepA).rejects.toThrow();
      await blocker.query('ROLLBACK');

      expect(await sweptSince()).toHaveLength(0);
      const untouched = await a.ctx.db
        .select({ id: cases.id })
        .from(cases)
        .where(and(inArray(cases.id, created), gt(cases.overdueCount, 0)));
      expect(untouched).toHaveLength(0);

      const takeover = await runSweeps(b.ctx);
      expect(takeover.ran).toBe(true);
      expect(takeover.supervised).toBeGreaterThanOrEqual(created.length);
      expect(await sweptSince()).toHaveLength(created.length);
      // and A's pool recovered from the killed connection
      expect((await runSweeps(a.ctx)).ran).toBe(true);
    } finally {
      now = null;
      await blocker.end();
      await watcher.end();
    }
  });

  it('sweeps once per period whichever instance fires first', async () => {
    // a minute after the sweeps above (13 days on), so the runs below only differ by their period
    const minute = Math.floor((Date.now() + 13 * 86_400_000) / 60_000) * 60_000;
    now = new Date(minute + 10_000);
    try {
      const both = await Promise.all([runSweeps(a.ctx, { periodMs: 60_000 }), runSweeps(b.ctx, { periodMs: 60_000 })]);
      expect(both.filter((r) => r.ran)).toHaveLength(1);
      // the other instance's timer fires later in the same minute: the period is done
      now = new Date(minute + 50_000);
      expect((await runSweeps(b.ctx, { periodMs: 60_000 })).ran).toBe(false);
      expect((await runSweeps(a.ctx, { periodMs: 60_000 })).ran).toBe(false);
      now = new Date(minute + 65_000);
      expect((await runSweeps(b.ctx, { periodMs: 60_000 })).ran).toBe(true);
    } finally {
      now = null;
    }
  });
});
