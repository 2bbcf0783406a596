/**
 * Assessment and the dashboard (issue 9): figures equal the ledgers' counts, the rollups agree exactly with
 * a recomputation from the records after a series of writes, drill-downs list exactly the records behind a
 * figure, rankings are reproducible from the records, and everything stays inside the actor's scope.
 */
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { THREE_NONE } from '../../src/domain/indicators/indicators';
import { rank, weeksBetween } from '../../src/domain/indicators/ranking';
import type { SpecialCategory } from '../../src/domain/people/categories';
import { DEFAULT_VISIT_POLICIES, type VisitPolicy, policyFor } from '../../src/domain/people/visit-policy';
import { isoWeekOf } from '../../src/domain/risk/policy';
import { queryRows } from '../../src/server/platform/db/client';
import { households } from '../../src/server/platform/db/schema';
import { runSweeps } from '../../src/server/platform/jobs';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let county: Client;
let town: Client;
let gridCode: string;
const FROM = '2000-01-01';
const TO = '2099-12-31';
const OPEN_OR_DONE = 'accepted,assigned,in_progress,returned,suspended,handled,closed,evaluated';

type Fig = { id: string; numerator: number; denominator: number | null; value: number | null };
const fig = (body: { indicators: Fig[] }, id: string) => body.indicators.find((f) => f.id === id)!;

async function ledgerTotal(c: Client, area: string, status?: string): Promise<number> {
  const all = 'reported,escalated,transferred,accepted,rejected,assigned,in_progress,returned,suspended,handled,closed,evaluated';
  const res = await c.get(`/api/cases?area=${area}&pageSize=1&status=${status ?? all}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.total as number;
}

async function act(c: Client, id: number, action: string, payload: Record<string, unknown> = {}) {
  const cur = await c.get(`/api/cases/${id}`);
  const res = await c.post(`/api/cases/${id}/actions/${action}`, { version: cur.body.version, ...payload });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
}

beforeAll(async () => {
  t = await startTestApp();
  county = await t.login('county_center');
  town = await t.login('town_center');
  const gw = await t.login('grid_worker');
  gridCode = (await gw.get('/api/auth/me')).body.scopes[0].code;
});
afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

describe('figures equal the ledgers', () => {
  for (const [who, area] of [
    ['county_center', '620523'],
    ['town_center', '620523101'],
  ] as const) {
    it(`${who}: 上报/应结/结案 equal the case list's counts for ${area}`, async () => {
      const c = who === 'county_center' ? county : town;
      const res = await c.get(`/api/metrics/dashboard?area=${area}&from=${FROM}&to=${TO}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(fig(res.body, 'reported').numerator).toBe(await ledgerTotal(c, area));
      expect(fig(res.body, 'close_rate').denominator).toBe(await ledgerTotal(c, area, OPEN_OR_DONE));
      expect(fig(res.body, 'close_rate').numerator).toBe(await ledgerTotal(c, area, 'closed,evaluated'));
      expect(fig(res.body, 'rework_rate').denominator).toBe(await ledgerTotal(c, area, 'handled,closed,evaluated'));
      expect(fig(res.body, 'reported').numerator).toBeGreaterThan(0);
      // children add up to the parent
      const childSum = (res.body.children as { indicators: Fig[] }[]).reduce((a, ch) => a + fig(ch, 'reported').numerator, 0);
      expect(childSum).toBeLessThanOrEqual(fig(res.body, 'reported').numerator);
      // the trend's months equal the summary of each month
      const last = res.body.trend.at(-1) as { month: string; reported: number; closeRate: number | null };
      const month = (await c.get(`/api/metrics/summary?area=${area}&period=${last.month}`)).body;
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      if (month.period.to <= today) {
        expect([last.reported, last.closeRate]).toEqual([fig(month, 'reported').numerator, fig(month, 'close_rate').value]);
      }
      const tr = (await c.get(`/api/metrics/trend?area=${area}&indicator=satisfaction_rate&months=3&to=2026-10-31`)).body;
      const sep = (await c.get(`/api/metrics/summary?area=${area}&period=2026-09`)).body;
      expect(tr.points[1]).toMatchObject({ month: '2026-09', numerator: fig(sep, 'satisfaction_rate').numerator, denominator: fig(sep, 'satisfaction_rate').denominator });
      expect(res.body.overdue.total).toBe((await c.get(`/api/cases?area=${area}&pageSize=1&deadline=red`)).body.total);
    });
  }

  it('the rollups agree exactly with the records as seeded', async () => {
    const res = await county.get('/api/metrics/consistency');
    expect(res.status).toBe(200);
    expect(res.body.differences).toEqual([]);
    expect(res.body.ok).toBe(true);
    expect(res.body.checked).toBeGreaterThan(100);
  });
});

describe('after a series of writes', () => {
  it('the sweep folds changes in and the consistency check still agrees; drills list the records', async () => {
    const before = (await town.get(`/api/metrics/summary?area=${gridCode}&from=${FROM}&to=${TO}`)).body;
    const gw = await t.login('grid_worker');
    const body = { kind: 'event', title: '路灯不亮影响夜间出行', description: '村口两盏路灯连续三晚不亮', categoryCode: 'municipal', areaCode: gridCode };
    const a = await gw.post('/api/cases', body);
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    const b = await gw.post('/api/cases', { ...body, title: '邻居装修噪音扰民', description: '邻居夜间装修噪音', categoryCode: 'other' });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    // a: handled on the spot, closed by the centre, rated by the reporter
    await act(gw, a.body.id, 'resolve_locally', { result: '已联系电工更换灯泡' });
    await act(town, a.body.id, 'close');
    await act(gw, a.body.id, 'rate', { rating: 'satisfied' });
    // b: accepted and handled by the centre, sent back for rework once
    await act(town, b.body.id, 'accept', { grade: 'routine' });
    await act(town, b.body.id, 'handle_self');
    await act(town, b.body.id, 'feedback', { result: '已上门劝导' });
    await act(town, b.body.id, 'rework', { reason: '仍有噪音' });
    // a household visit in the grid
    const [hh] = await t.ctx.db.select({ id: households.id }).from(households).where(eq(households.areaCode, gridCode)).limit(1);
    const v = await gw.post('/api/visits', { householdId: hh.id, peopleMet: 3, findings: '无异常' });
    expect(v.status, JSON.stringify(v.body)).toBe(201);

    // not yet folded in: the dashboard reads rollups
    const stale = (await town.get(`/api/metrics/summary?area=${gridCode}&from=${FROM}&to=${TO}`)).body;
    expect(fig(stale, 'reported').numerator).toBe(fig(before, 'reported').numerator);
    expect((await runSweeps(t.ctx)).ran).toBe(true);

    const after = (await town.get(`/api/metrics/summary?area=${gridCode}&from=${FROM}&to=${TO}`)).body;
    expect(fig(after, 'reported').numerator).toBe(fig(before, 'reported').numerator + 2);
    expect(fig(after, 'close_rate').numerator).toBe(fig(before, 'close_rate').numerator + 1);
    expect(fig(after, 'close_rate').denominator).toBe((fig(before, 'close_rate').denominator ?? 0) + 2);
    expect(fig(after, 'local_rate').numerator).toBe(fig(before, 'local_rate').numerator + 1);
    expect(fig(after, 'satisfaction_rate').numerator).toBe(fig(before, 'satisfaction_rate').numerator + 1);
    expect(fig(after, 'rework_rate').numerator).toBe(fig(before, 'rework_rate').numerator);
    expect(fig(after, 'visit_coverage').numerator).toBeGreaterThanOrEqual(fig(before, 'visit_coverage').numerator);

    const check = await county.get('/api/metrics/consistency');
    expect(check.body.differences).toEqual([]);

    // drill-down: the numerator's records, exactly as many as the figure says
    const drill = await town.get(`/api/metrics/drill?indicator=close_rate&part=numerator&area=${gridCode}&from=${FROM}&to=${TO}&pageSize=200`);
    expect(drill.status, JSON.stringify(drill.body)).toBe(200);
    expect(drill.body.total).toBe(fig(after, 'close_rate').numerator);
    expect(drill.body.items.map((i: { id: number }) => i.id)).toContain(a.body.id);
    const den = await town.get(`/api/metrics/drill?indicator=close_rate&part=denominator&area=${gridCode}&from=${FROM}&to=${TO}&pageSize=1`);
    expect(den.body.total).toBe(fig(after, 'close_rate').denominator);
    const visits = await town.get(`/api/metrics/drill?indicator=visit_coverage&part=numerator&area=${gridCode}&from=${FROM}&to=${TO}&pageSize=1`);
    expect(visits.body.total).toBe(fig(after, 'visit_coverage').numerator);
    const hhs = await town.get(`/api/metrics/drill?indicator=visit_coverage&part=denominator&area=${gridCode}&from=${FROM}&to=${TO}&pageSize=1`);
    expect(hhs.body.total * 1200).toBe(fig(after, 'visit_coverage').denominator);

    // a second sweep with nothing new changes nothing
    await runSweeps(t.ctx);
    expect((await county.get('/api/metrics/consistency')).body.ok).toBe(true);
  });
});

describe('周报提交率, 三无 and 重点人员随访率 from the records', () => {
  const XINXING = '620523101';
  const count = async (q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number | string }>(t.ctx.db, q))[0].n);

  it('周报提交率 = weekly reports filed ÷ (grids × weeks ended); a new report counts after the sweep', async () => {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const range = `from=${month}-01&to=${TO}`;
    const weekEnd = sql.raw(`to_char(to_date(week, 'IYYY-"W"IW') + 6, 'YYYY-MM-DD')`);
    const filed = () => count(sql`SELECT count(*) AS n FROM risk_weekly_reports WHERE area_code LIKE ${`${XINXING}%`} AND ${weekEnd} >= ${`${month}-01`} AND ${weekEnd} <= ${TO}`);
    const grids = (await town.get(`/api/risk/weekly-reports/missing?area=${XINXING}`)).body.grids as number;
    expect(grids).toBeGreaterThan(100);
    const before = fig((await town.get(`/api/metrics/summary?area=${XINXING}&${range}`)).body, 'weekly_report_rate');
    expect(before.numerator).toBe(await filed());
    expect(before.denominator).toBe(grids * weeksBetween(`${month}-01`, TO));
    // the grid worker files this week's report of their grid (if the demo has not)
    const week = isoWeekOf(t.ctx.clock());
    const gw = await t.login('grid_worker');
    const res = await gw.post('/api/risk/weekly-reports', { week, gridCode, summary: '本周平稳', signals: [] });
    expect([201, 409]).toContain(res.status);
    if (res.status === 201) {
      await runSweeps(t.ctx);
      const after = fig((await town.get(`/api/metrics/summary?area=${XINXING}&${range}`)).body, 'weekly_report_rate');
      expect(after.numerator).toBe(before.numerator + 1);
    }
    const now = fig((await town.get(`/api/metrics/summary?area=${XINXING}&${range}`)).body, 'weekly_report_rate');
    expect(now.numerator).toBe(await filed());
    const drill = await town.get(`/api/metrics/drill?indicator=weekly_report_rate&part=numerator&area=${XINXING}&${range}&pageSize=1`);
    expect(drill.body.total).toBe(now.numerator);
    // a ranking weight like any other rate
    const cur = (await county.get('/api/metrics/weights?target=children')).body;
    const put = await county.request('PUT', '/api/metrics/weights', {
      target: 'children',
      version: cur.version,
      weights: [...cur.weights.filter((w: { indicator: string }) => w.indicator !== 'weekly_report_rate'), { indicator: 'weekly_report_rate', weight: 10 }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const rk = await town.get(`/api/metrics/ranking?area=${XINXING}&period=${month}`);
    expect(rk.body.rows[0].figures.map((f: Fig) => f.id)).toContain('weekly_report_rate');
  });

  it('三无 counts 刑事/治安案件 and 安全事故 by category and petitions by kind', async () => {
    const gw = await t.login('grid_worker');
    const base = { kind: 'event', description: '网格员现场核实', areaCode: gridCode };
    const crime = await gw.post('/api/cases', { ...base, title: '村民家中财物被盗', categoryCode: 'criminal_case' });
    expect(crime.status, JSON.stringify(crime.body)).toBe(201);
    const accident = await gw.post('/api/cases', { ...base, title: '农用车侧翻一人受伤', categoryCode: 'safety_accident' });
    expect(accident.status, JSON.stringify(accident.body)).toBe(201);
    await runSweeps(t.ctx);
    for (const area of [gridCode, XINXING, '620523']) {
      const c = area === '620523' ? county : town;
      const body = (await c.get(`/api/metrics/summary?area=${area}&from=${FROM}&to=${TO}`)).body;
      const under = (col: string) => sql`${sql.raw(col)} LIKE ${`${area}%`} AND status <> 'merged'`;
      const cats = (xs: readonly string[]) => sql.raw(xs.map((x) => `'${x}'`).join(','));
      expect(body.threeNone).toMatchObject({
        petitions: await count(sql`SELECT count(*) AS n FROM cases WHERE ${under('area_code')} AND kind = 'petition'`),
        cases: await count(sql`SELECT count(*) AS n FROM cases WHERE ${under('area_code')} AND category_code IN (${cats(THREE_NONE.caseCategories)})`),
        accidents: await count(sql`SELECT count(*) AS n FROM cases WHERE ${under('area_code')} AND category_code IN (${cats(THREE_NONE.accidentCategories)})`),
        noCase: false,
        noAccident: false,
      });
    }
    // a grid without any: 无案件/无事故 (治安隐患 and 安全隐患 are hazards, not cases or accidents)
    const children = (await town.get(`/api/metrics/summary?area=${gridCode.slice(0, 12)}&from=${FROM}&to=${TO}`)).body.children as { code: string; threeNone: { noCase: boolean; noAccident: boolean } }[];
    const other = children.find((ch) => ch.code !== gridCode)!;
    expect(other.threeNone).toMatchObject({ noCase: true, noAccident: true });
    expect((await county.get('/api/metrics/consistency')).body.differences).toEqual([]);
  });

  it('重点人员随访率 = follow-ups made on time ÷ follow-ups the visit policy made due', async () => {
    const policies = (await queryRows<{ category: string; min_level: number; max_level: number; interval_days: number }>(t.ctx.db, sql`SELECT * FROM visit_policies`)).map(
      (p): VisitPolicy => ({ category: p.category as SpecialCategory, minLevel: p.min_level, maxLevel: p.max_level, intervalDays: p.interval_days, notifyPolice: false, referral: false }),
    );
    const persons = await queryRows<{ id: number; category: string; risk_level: number; created_at: Date | string }>(
      t.ctx.db,
      sql`SELECT id, category, risk_level, created_at FROM special_persons WHERE status = 'active' AND area_code LIKE ${`${XINXING}%`}`,
    );
    const visits = await queryRows<{ special_person_id: number; visited_at: Date | string }>(
      t.ctx.db,
      sql`SELECT special_person_id, visited_at FROM visits WHERE special_person_id IS NOT NULL ORDER BY visited_at, id`,
    );
    expect(persons.length).toBeGreaterThan(0);
    const [from, to] = ['2026-01-01', '2026-12-31'];
    const lo = Date.parse(`${from}T00:00:00+08:00`);
    const hi = Date.parse(`${to}T00:00:00+08:00`) + 86_400_000;
    let due = 0;
    let onTime = 0;
    for (const p of persons) {
      const days = (policies.length ? policyFor(policies, p.category as SpecialCategory, p.risk_level) : policyFor(DEFAULT_VISIT_POLICIES, p.category as SpecialCategory, p.risk_level)).intervalDays;
      const times = visits.filter((v) => v.special_person_id === p.id).map((v) => new Date(v.visited_at).getTime());
      const reg = new Date(p.created_at).getTime();
      const starts = times.length && times[0] <= reg ? times : [reg, ...times];
      starts.forEach((start, i) => {
        const dueAt = start + days * 86_400_000;
        if (dueAt < lo || dueAt >= hi) return;
        due++;
        if (i + 1 < starts.length && starts[i + 1] <= dueAt) onTime++;
      });
    }
    const f = fig((await town.get(`/api/metrics/summary?area=${XINXING}&from=${from}&to=${to}`)).body, 'special_follow_rate');
    expect([f.numerator, f.denominator]).toEqual([onTime, due]);
    expect(due).toBeGreaterThan(0);
  });

  it('serves the map boundaries once (ETag, 304) and the dashboard figures without them', async () => {
    const first = await t.app.inject({ method: 'GET', url: `/api/metrics/map-areas?area=${XINXING}`, headers: { cookie: town.cookie! } });
    expect(first.statusCode).toBe(200);
    const body = JSON.parse(first.body) as { grids: { code: string; boundary: unknown }[] };
    expect(body.grids.length).toBeGreaterThan(100);
    expect(body.grids[0].boundary).toBeTruthy();
    const again = await t.app.inject({ method: 'GET', url: `/api/metrics/map-areas?area=${XINXING}`, headers: { cookie: town.cookie!, 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const dash = (await town.get(`/api/metrics/dashboard?area=${XINXING}&from=${FROM}&to=${TO}`)).body;
    expect(dash.map.grids.map((g: { code: string }) => g.code)).toEqual(body.grids.map((g) => g.code));
    expect(dash.map.grids[0].boundary).toBeUndefined();
    const sum = dash.map.grids.reduce((a: number, g: { values: Fig[] }) => a + g.values.find((v) => v.id === 'reported')!.numerator, 0);
    expect(sum).toBeLessThanOrEqual(fig(dash, 'reported').numerator);
  });
});

describe('ranking', () => {
  it('is reproducible from the records (drill totals → same figures → same ranks)', async () => {
    const res = await town.get('/api/metrics/ranking?area=620523101&from=2000-01-01&to=2099-12-31');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = res.body.rows as { key: string; rank: number; score: number; figures: Fig[] }[];
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows.slice(0, 6)) {
      for (const id of ['close_rate', 'satisfaction_rate']) {
        const f = r.figures.find((x) => x.id === id)!;
        const num = await town.get(`/api/metrics/drill?indicator=${id}&part=numerator&area=${r.key}&from=${FROM}&to=${TO}&pageSize=1`);
        const den = await town.get(`/api/metrics/drill?indicator=${id}&part=denominator&area=${r.key}&from=${FROM}&to=${TO}&pageSize=1`);
        expect([num.body.total, den.body.total]).toEqual([f.numerator, f.denominator]);
      }
    }
    const again = rank(
      rows.map((r) => ({ key: r.key, values: Object.fromEntries(r.figures.map((f) => [f.id, f.value])) })),
      res.body.weights,
    );
    expect(again.map((r) => [r.key, r.rank, r.score])).toEqual(rows.map((r) => [r.key, r.rank, r.score]));
  });

  it('weights are policy data with optimistic concurrency; departments rank by 报到及时率', async () => {
    const cur = (await county.get('/api/metrics/weights?target=children')).body;
    expect((await town.request('PUT', '/api/metrics/weights', { target: 'children', version: cur.version, weights: [{ indicator: 'close_rate', weight: 1 }] })).status).toBe(403);
    const bad = await county.request('PUT', '/api/metrics/weights', { target: 'children', version: cur.version, weights: [{ indicator: 'ack_on_time_rate', weight: 5 }] });
    expect(bad.body.error.code).toBe('METRIC_BAD_WEIGHTS');
    const ok = await county.request('PUT', '/api/metrics/weights', { target: 'children', version: cur.version, weights: [{ indicator: 'close_rate', weight: 100 }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const stale = await county.request('PUT', '/api/metrics/weights', { target: 'children', version: cur.version, weights: [{ indicator: 'close_rate', weight: 50 }] });
    expect(stale.status).toBe(409);
    const res = await town.get('/api/metrics/ranking?area=620523101&period=2026-Q4');
    expect(res.body.weights).toEqual([{ indicator: 'close_rate', weight: 100 }]);
    const first = res.body.rows[0];
    expect(first.score).toBe(first.figures[0].value ?? 0);
    const depts = await town.get('/api/metrics/ranking?area=620523101&from=2000-01-01&to=2099-12-31&target=departments');
    expect(depts.status).toBe(200);
    expect(depts.body.rows.some((r: { name: string }) => r.name === '新兴派出所')).toBe(true);
    expect(depts.body.rows.every((r: { name: string }) => !r.name.includes('红砂坝'))).toBe(true);
  });

  it('exports the ranking and the monthly report to Excel', async () => {
    const x = await town.request('GET', '/api/metrics/ranking.xlsx?area=620523101&period=2026-11');
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toContain('spreadsheetml');
    const raw = await t.app.inject({ method: 'GET', url: '/api/metrics/report.xlsx?area=620523101&month=2026-11', headers: { cookie: town.cookie! } });
    expect(raw.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
    expect(String(wb.getWorksheet('主要指标')!.getCell(1, 1).value)).toContain('新兴镇');
    const rep = await town.get('/api/metrics/report?area=620523101&month=2026-11');
    expect(rep.status, JSON.stringify(rep.body)).toBe(200);
    expect(rep.body.ranking.length).toBeGreaterThan(0);
  });
});

describe('scope', () => {
  it('a 新兴镇 account sees 新兴镇 only; other areas answer 404', async () => {
    const leader = await t.login('leader');
    const own = await leader.get('/api/metrics/dashboard');
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.area.code).toBe('620523101');
    expect(own.body.path).toEqual([]);
    expect(own.body.map.grids.every((g: { code: string }) => g.code.startsWith('620523101'))).toBe(true);
    for (const url of ['/api/metrics/summary?area=150981109', '/api/metrics/summary?area=620523', '/api/metrics/drill?indicator=close_rate&part=numerator&area=150981109']) {
      expect((await leader.get(url)).status).toBe(404);
    }
    const resident = await t.login('resident');
    expect((await resident.get('/api/metrics/summary')).status).toBe(403);
    const bad = await town.get('/api/metrics/summary?period=2026-13');
    expect(bad.body.error.code).toBe('METRIC_BAD_PERIOD');
  });
});
