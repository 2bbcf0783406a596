/**
 * The dashboard bench (part of `npm run bench`): the dashboard's cost on a generated larger dataset, against a full recomputation of the
 * same figures from the records, measured in one run on this machine. Quick (a few minutes): an in-memory
 * PGlite seeded with the demo, then N extra cases and visits generated inside the database.
 *
 *   BENCH_CASES=200000 BENCH_VISITS=100000 npm run bench
 *
 * Not a test: it asserts nothing; it prints a table and the ratio.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app';
import { rebuildAllRollups, refreshRollups } from '../src/server/modules/metrics/rollup';
import { loadConfig } from '../src/server/platform/config';
import { loadKey } from '../src/server/platform/crypto';
import type { AppContext } from '../src/server/platform/context';
import { type Db, openDatabase, queryRows } from '../src/server/platform/db/client';
import { DEMO_PASSWORD, seedDemo } from '../src/server/seed';
import type pg from 'pg';
import { type AppProcess, httpClient, ms, percentile } from './support';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const VISITS = Number(process.env.BENCH_VISITS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const COUNTY = '620523';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
async function timeIt(runs: number, f: () => Promise<unknown>): Promise<number> {
  await f(); // warm-up
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

export async function runDashboardBench(): Promise<void> {
  const t0 = performance.now();
  console.log(`枫桥 bench — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, ${os.platform()} ${os.release()}`);
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL ?? null });
  const ctx: AppContext = { db: database.db, dbKind: database.kind, config: { ...loadConfig({ ...process.env, FENGQIAO_DEMO: '1' }), dataDir: os.tmpdir() }, clock: () => new Date() };
  loadKey(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fq-bench-')), 'key'));
  await seedDemo(ctx);
  console.log(`demo seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s (${database.kind})`);

  // ---- generate: cases spread over the county's grids and the last 365 days, in every state the figures count
  const t1 = performance.now();
  // constant moduli, so that the joins below are hash joins
  const [sizes] = await queryRows<{ g: number | string; h: number | string }>(
    ctx.db,
    sql`SELECT (SELECT count(*) FROM areas WHERE level = 'grid' AND code LIKE ${`${COUNTY}%`}) AS g, (SELECT count(*) FROM households) AS h`,
  );
  const grids = Number(sizes.g);
  const hhs = Number(sizes.h);
  await ctx.db.execute(sql`
    INSERT INTO cases (number, kind, status, area_code, tier, resolved_tier, grade, category_code, title, source, rating, closed_on_time, closed_at, rework_count, created_at, updated_at, lng, lat)
    SELECT 'BENCH-' || i, CASE WHEN i % 10 = 0 THEN 'dispute' ELSE 'event' END,
      (ARRAY['reported','accepted','in_progress','handled','closed','evaluated','evaluated','closed','rejected','merged'])[1 + i % 10],
      g.code, 'grid', CASE WHEN i % 3 = 0 THEN 'grid' ELSE 'town' END, 'routine',
      (ARRAY['public_security','safety_hazard','sanitation','municipal','livelihood','other'])[1 + i % 6], '生成的测试事件', 'grid',
      CASE WHEN i % 10 IN (5, 6) THEN (ARRAY['satisfied','basically','unsatisfied'])[1 + i % 3] END,
      CASE WHEN i % 10 IN (4, 5, 6, 7) THEN i % 7 <> 0 END,
      CASE WHEN i % 10 IN (4, 5, 6, 7) THEN now() - ((i % 365) || ' days')::interval + interval '3 days' END,
      CASE WHEN i % 11 = 0 THEN 1 ELSE 0 END,
      now() - ((i % 365) || ' days')::interval, now() - ((i % 365) || ' days')::interval, NULL, NULL
    FROM generate_series(1, ${CASES}) AS i
    JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS n FROM areas WHERE level = 'grid' AND code LIKE ${`${COUNTY}%`}) g
      ON g.n = i % ${grids}`);
  await ctx.db.execute(sql`
    INSERT INTO visits (area_code, household_id, visited_at, visitor_id, visitor_name, people_met, created_at)
    SELECT h.area_code, h.id, now() - ((i % 365) || ' days')::interval, 1, '生成', 1 + i % 4, now() - ((i % 365) || ' days')::interval
    FROM generate_series(1, ${VISITS}) AS i
    JOIN (SELECT id, area_code, row_number() OVER (ORDER BY id) - 1 AS n FROM households) h ON h.n = i % ${hhs}`);
  // planner statistics after the bulk load (PostgreSQL's autovacuum would do this; PGlite has none)
  await ctx.db.execute(sql`ANALYZE cases, visits`);
  const [counts] = await queryRows<{ c: number | string; v: number | string }>(ctx.db, sql`SELECT (SELECT count(*) FROM cases) AS c, (SELECT count(*) FROM visits) AS v`);
  console.log(`generated in ${((performance.now() - t1) / 1000).toFixed(1)} s: ${Number(counts.c)} cases, ${Number(counts.v)} visits`);

  const t2 = performance.now();
  await ctx.db.transaction(async (tx) => rebuildAllRollups(tx as unknown as Db, new Date()));
  const rebuild = performance.now() - t2;
  const [rows] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM metric_case_days`);
  console.log(`full rollup build: ${(rebuild / 1000).toFixed(2)} s → ${Number(rows.n)} case rollup rows`);

  // ---- the dashboard over HTTP (inject: no network), as the county centre
  const app = await buildApp({ ...ctx, serveWeb: false });
  await app.ready();
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county_center', password: DEMO_PASSWORD }, headers: { 'x-requested-with': 'bench' } });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const now = new Date(Date.now() + 8 * 3_600_000);
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
  const dashUrl = `/api/metrics/dashboard?area=${COUNTY}&from=${from}&to=${to}`;
  const summaryUrl = `/api/metrics/summary?area=${COUNTY}&from=${from}&to=${to}`;
  const get = async (url: string) => {
    const r = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
  };
  const dash = await timeIt(RUNS, () => get(dashUrl));
  const summ = await timeIt(RUNS, () => get(summaryUrl));
  // the static map layer: the first load, then the browser's revalidation (304, no body)
  const mapUrl = `/api/metrics/map-areas?area=${COUNTY}`;
  const mapFirst = await timeIt(RUNS, () => get(mapUrl));
  const etag = String((await app.inject({ method: 'GET', url: mapUrl, headers: { cookie } })).headers.etag);
  const mapRevalidate = await timeIt(RUNS, async () => {
    const r = await app.inject({ method: 'GET', url: mapUrl, headers: { cookie, 'if-none-match': etag } });
    if (r.statusCode !== 304) throw new Error(`${mapUrl}: ${r.statusCode}`);
  });
  const dashBytes = (await app.inject({ method: 'GET', url: dashUrl, headers: { cookie } })).body.length;

  // ---- the same figures recomputed from the records (what a dashboard without rollups would do)
  const lo = new Date(`${from}T00:00:00+08:00`);
  const hi = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  const recompute = await timeIt(RUNS, async () => {
    await ctx.db.execute(sql`SELECT substr(c.area_code, 1, 9) AS a, count(*), sum(CASE WHEN c.status IN ('closed','evaluated') THEN 1 ELSE 0 END),
        sum(CASE WHEN c.status NOT IN ('reported','escalated','transferred','rejected') THEN 1 ELSE 0 END),
        sum(CASE WHEN c.status IN ('closed','evaluated') AND c.closed_on_time IS TRUE THEN 1 ELSE 0 END),
        sum(CASE WHEN c.rating IN ('satisfied','basically') THEN 1 ELSE 0 END), sum(CASE WHEN c.rating IS NOT NULL THEN 1 ELSE 0 END),
        sum(CASE WHEN c.status IN ('closed','evaluated') AND c.resolved_tier IN ('grid','village') THEN 1 ELSE 0 END)
      FROM cases c WHERE c.status <> 'merged' AND c.area_code >= ${COUNTY} AND c.area_code < '620524' AND c.created_at >= ${lo} AND c.created_at < ${hi} GROUP BY 1`);
    await ctx.db.execute(sql`SELECT substr(v.area_code, 1, 9), count(*), count(DISTINCT v.household_id) FROM visits v
      WHERE v.area_code >= ${COUNTY} AND v.area_code < '620524' AND v.visited_at >= ${lo} AND v.visited_at < ${hi} GROUP BY 1`);
  });

  // ---- the sweep after a handful of writes (incremental by changed day)
  await ctx.db.execute(sql`UPDATE cases SET status = 'closed', closed_at = now(), updated_at = now() WHERE id IN (SELECT id FROM cases WHERE status = 'in_progress' LIMIT 20)`);
  const t3 = performance.now();
  const inc = await ctx.db.transaction(async (tx) => refreshRollups(tx as unknown as Db, new Date()));
  const sweep = performance.now() - t3;

  await app.close();
  await database.close();
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log('');
  console.log('| measurement (median of runs) | time |');
  console.log('|---|---|');
  console.log(`| GET /api/metrics/dashboard (甘谷县, 近一年: KPIs, children, 12-month trend, map of grids, lists) | ${fmt(dash)} |`);
  console.log(`| GET /api/metrics/summary (甘谷县, 近一年) | ${fmt(summ)} |`);
  console.log(`| GET /api/metrics/map-areas (甘谷县 grid boundaries, first load / revalidated 304) | ${fmt(mapFirst)} / ${fmt(mapRevalidate)} |`);
  console.log(`| the summary's figures recomputed from the records (GROUP BY over cases + visits) | ${fmt(recompute)} |`);
  console.log(`| sweep after 20 changed cases (${inc.caseDays} town-days, ${inc.visitMonths} visit town-months recomputed) | ${fmt(sweep)} |`);
  console.log(`| full rollup rebuild | ${fmt(rebuild)} |`);
  console.log('');
  console.log(`dashboard answer: ${(dashBytes / 1024).toFixed(0)} KB`);
  console.log(`ratio: recomputation from records ÷ summary from rollups = ${(recompute / summ).toFixed(1)}×  (whole dashboard incl. live lists and map figures: ${(recompute / dash).toFixed(1)}×)`);
  console.log(`total bench time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}


/** The end of a code's prefix range: '4408' → '4409' (a last '9' becomes ':', which sorts right after it). */
function prefixEnd(code: string): string {
  return code.slice(0, -1) + String.fromCharCode(code.charCodeAt(code.length - 1) + 1);
}
const CHILD_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12, 12: 15 };

export type CityDashboardFigure = { view: string; requests: number; p50: number; p99: number; kb: number };
export type CityDashboardResult = { figures: CityDashboardFigure[]; recompute: { view: string; p50: number; p99: number }[] };

/**
 * The dashboard on the generated city in PostgreSQL (issue #10: "county and town views vs a full recomputation"),
 * over HTTP to the started app as the generated centre account, against the same figures recomputed from the
 * records with plain SQL in the same run: the city root, one county and one town, a year each.
 */
export async function runDashboardOnDatabase(
  server: AppProcess,
  pool: pg.Pool,
  root: string,
  user: string,
  password: string,
  runs: number,
): Promise<CityDashboardResult> {
  const client = httpClient(server.base, 1);
  await client.login(user, password);
  const { rows: picks } = await pool.query<{ county: string; town: string }>(
    `SELECT substr(area_code, 1, 6) AS county, substr(area_code, 1, 9) AS town FROM cases
     WHERE area_code >= $1 AND area_code < $2 GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    [root, prefixEnd(root)],
  );
  const views = [
    { view: `city ${root}`, area: root },
    { view: `county ${picks[0].county}`, area: picks[0].county },
    { view: `town ${picks[0].town}`, area: picks[0].town },
  ];
  const now = new Date(Date.now() + 8 * 3_600_000);
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 364 * 86_400_000).toISOString().slice(0, 10);
  const figures: CityDashboardFigure[] = [];
  const timed = async (url: string) => {
    const latencies: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      const r = await client.request('GET', url);
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.body.slice(0, 200)}`);
      if (i > 0) latencies.push(performance.now() - t); // the first is the warm-up
      bytes = r.body.length;
    }
    return { latencies, bytes };
  };
  for (const v of views) {
    for (const [what, path] of [
      ['summary', 'summary'],
      ['dashboard', 'dashboard'],
    ] as const) {
      const r = await timed(`/api/metrics/${path}?area=${v.area}&from=${from}&to=${to}`);
      figures.push({ view: `${what} · ${v.view}`, requests: r.latencies.length, p50: percentile(r.latencies, 50), p99: percentile(r.latencies, 99), kb: r.bytes / 1024 });
    }
  }
  client.close();

  // the summary's figures from the records: per child area, cases by state, on time, rating, tier; visits and households
  const lo = new Date(`${from}T00:00:00+08:00`);
  const hi = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  const recompute: CityDashboardResult['recompute'] = [];
  for (const v of views) {
    const child = CHILD_LENGTH[v.area.length] ?? v.area.length;
    const latencies: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const t = performance.now();
      await pool.query(
        `SELECT substr(c.area_code, 1, $5) AS a, count(*), sum(CASE WHEN c.status IN ('closed','evaluated') THEN 1 ELSE 0 END),
           sum(CASE WHEN c.status NOT IN ('reported','escalated','transferred','rejected') THEN 1 ELSE 0 END),
           sum(CASE WHEN c.status IN ('closed','evaluated') AND c.closed_on_time IS TRUE THEN 1 ELSE 0 END),
           sum(CASE WHEN c.rating IN ('satisfied','basically') THEN 1 ELSE 0 END), sum(CASE WHEN c.rating IS NOT NULL THEN 1 ELSE 0 END),
           sum(CASE WHEN c.status IN ('closed','evaluated') AND c.resolved_tier IN ('grid','village') THEN 1 ELSE 0 END)
         FROM cases c WHERE c.status <> 'merged' AND c.area_code >= $1 AND c.area_code < $2 AND c.created_at >= $3 AND c.created_at < $4 GROUP BY 1`,
        [v.area, prefixEnd(v.area), lo, hi, child],
      );
      await pool.query(
        `SELECT substr(v.area_code, 1, $5), count(*), count(DISTINCT v.household_id) FROM visits v
         WHERE v.area_code >= $1 AND v.area_code < $2 AND v.visited_at >= $3 AND v.visited_at < $4 GROUP BY 1`,
        [v.area, prefixEnd(v.area), lo, hi, child],
      );
      if (i > 0) latencies.push(performance.now() - t);
    }
    recompute.push({ view: v.view, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
  }
  return { figures, recompute };
}

export function printDashboardOnDatabase(r: CityDashboardResult): void {
  console.log('');
  console.log('| dashboard on the generated data (over HTTP, one year) | requests | p50 | p99 | answer | recomputed from records p50 | ratio recompute ÷ rollups (p50) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const f of r.figures) {
    const view = f.view.split(' · ')[1];
    const rc = r.recompute.find((x) => x.view === view);
    console.log(
      `| ${f.view} | ${f.requests} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.kb.toFixed(0)} KB | ${rc ? ms(rc.p50) : '—'} | ${rc ? `${(rc.p50 / f.p50).toFixed(1)}×` : '—'} |`,
    );
  }
}
