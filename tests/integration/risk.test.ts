/**
 * 风险预警 over HTTP (DESIGN §8): 一周一结 with graded signals, a red signal in the town centre's inbox at once
 * and escalated to the county when nobody acknowledges it, the rule sweep raising seeded repeat disputes
 * exactly once, warning handling, missing reports, rule parameters, signal → event, 稳评.
 */
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWeeks, isoWeekOf } from '../../src/domain/risk/policy';
import { cases, notifications, riskWarnings, specialPersons, users } from '../../src/server/platform/db/schema';
import { runSweeps } from '../../src/server/platform/jobs';
import { type TestApp, startTestApp } from '../helpers/test-app';

const GRID = '620523101001001';
const HOUR = 3_600_000;

let t: TestApp;
let base: Date;
let week: string;

type Warning = {
  id: number;
  grade: string;
  tier: string;
  holderCode: string;
  status: string;
  version: number;
  escalations: number;
  ruleCode: string | null;
  signalId: number | null;
  links: { type: string; id: number; label: string }[];
  actions: string[];
};

beforeAll(async () => {
  t = await startTestApp();
  // Wednesday 09:30 China time of this week (the demo leaves it unfiled) keeps hour deadlines inside a working day
  const now = new Date();
  const day = new Date(now.getTime() + 8 * HOUR).getUTCDay() || 7;
  base = new Date(now.getTime() + (3 - day) * 24 * HOUR);
  base = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), 1, 30)); // 09:30 +08:00
  t.setNow(base);
  week = isoWeekOf(base);
});
afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

async function inbox(username: string): Promise<Warning[]> {
  const c = await t.login(username);
  const res = await c.get('/api/risk/warnings?inbox=1&pageSize=200');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

describe('一周一结 and signal warnings', () => {
  let reportId: number;
  let redSignal: number;
  let orangeSignal: number;
  let firstBody: Record<string, unknown>;

  it('a grid worker files the week; a red signal reaches the town centre inbox at once', async () => {
    const gw = await t.login('grid_worker');
    firstBody = {
      week,
      gridCode: GRID,
      summary: '本周总体平稳，群众关注冬季取暖。',
      signals: [
        { category: 'mass_incident_sign', grade: 'red', description: '部分务工人员商议到镇政府集体讨要工资', location: '幸福路工地' },
        { category: 'safety_hazard', grade: 'orange', description: '自建房外墙出现裂缝' },
        { category: 'livelihood', grade: 'blue', description: '独居老人取暖困难' },
      ],
    };
    const res = await gw.post('/api/risk/weekly-reports', firstBody, { 'idempotency-key': 'risk-week-1' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    reportId = res.body.id;
    [redSignal, orangeSignal] = res.body.signalIds;

    const town = await inbox('town_center');
    const red = town.find((w) => w.signalId === redSignal)!;
    expect(red).toMatchObject({ grade: 'red', tier: 'town', holderCode: '620523101', status: 'open', escalations: 0 });
    expect(red.actions).toContain('acknowledge');
    expect(red.links.map((l) => l.type)).toEqual(['signal', 'report']);
    // blue signals are recorded without a warning
    expect(town.some((w) => w.signalId === res.body.signalIds[2])).toBe(false);
    expect((await inbox('county_center')).some((w) => w.signalId === redSignal)).toBe(false);

    const [centre] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'town_center'));
    const notes = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, centre.id), eq(notifications.link, `/risk/warnings?id=${red.id}`)));
    expect(notes).toHaveLength(1);

    // the grid worker reads it but cannot answer for the town
    const seen = await gw.get(`/api/risk/warnings/${red.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.actions).toEqual([]);
    expect((await gw.post(`/api/risk/warnings/${red.id}/acknowledge`, { version: red.version })).status).toBe(403);
    // another town's centre does not see it at all
    expect((await (await t.login('hsb_center')).get(`/api/risk/warnings/${red.id}`)).status).toBe(404);
  });

  it('one report per grid and week; edits keep linked signals; the retried POST answers once', async () => {
    const gw = await t.login('grid_worker');
    const again = await gw.post('/api/risk/weekly-reports', { week, gridCode: GRID, summary: '重复', signals: [] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RISK_REPORT_EXISTS');
    // the phone retrying the same POST gets the first answer back, not a second report
    const replay = await gw.post('/api/risk/weekly-reports', firstBody, { 'idempotency-key': 'risk-week-1' });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(reportId);

    const detail = (await gw.get(`/api/risk/weekly-reports/${reportId}`)).body;
    expect(detail.signals).toHaveLength(3);
    expect(detail.editable).toBe(true);
    const stale = await gw.patch(`/api/risk/weekly-reports/${reportId}`, { version: detail.version + 5, summary: 'x' });
    expect(stale.status).toBe(409);
    const dropRed = await gw.patch(`/api/risk/weekly-reports/${reportId}`, {
      version: detail.version,
      signals: detail.signals.filter((s: { id: number }) => s.id !== redSignal).map((s: Record<string, unknown>) => ({ id: s.id, category: s.category, grade: s.grade, description: s.description })),
    });
    expect(dropRed.status).toBe(409);
    expect(dropRed.body.error.code).toBe('RISK_SIGNAL_LINKED');
    const keep = await gw.patch(`/api/risk/weekly-reports/${reportId}`, {
      version: detail.version,
      summary: '本周总体平稳；新增一条线索。',
      signals: [
        ...detail.signals.map((s: Record<string, unknown>) => ({ id: s.id, category: s.category, grade: s.grade, description: s.description })),
        { category: 'public_opinion', grade: 'blue', description: '微信群流传不实消息' },
      ],
    });
    expect(keep.status, JSON.stringify(keep.body)).toBe(200);
    expect((await gw.get(`/api/risk/weekly-reports/${reportId}`)).body.signals).toHaveLength(4);
    // another town's grid is refused by name
    const out = await gw.post('/api/risk/weekly-reports', { week, gridCode: '150981109200001', summary: '', signals: [] });
    expect(out.status).toBe(403);
    // a closed week cannot be filed
    const old = await gw.post('/api/risk/weekly-reports', { week: addWeeks(week, -3), gridCode: GRID, summary: '', signals: [] });
    expect(old.body.error?.code).toBe('RISK_WEEK_CLOSED');
  });

  it('escalates the unacknowledged red warning to the county centre, once', async () => {
    const acknowledgedOrange = (await inbox('town_center')).find((w) => w.signalId === orangeSignal)!;
    const tc = await t.login('town_center');
    const ack = await tc.post(`/api/risk/warnings/${acknowledgedOrange.id}/acknowledge`, { version: acknowledgedOrange.version });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body.status).toBe('acknowledged');

    t.setNow(new Date(base.getTime() + 30 * 60_000));
    await runSweeps(t.ctx);
    expect((await inbox('town_center')).find((w) => w.signalId === redSignal)?.tier).toBe('town');

    t.setNow(new Date(base.getTime() + 2 * HOUR));
    const sweep = await runSweeps(t.ctx);
    expect(sweep.ran).toBe(true);
    const county = (await inbox('county_center')).find((w) => w.signalId === redSignal)!;
    expect(county).toMatchObject({ tier: 'county', holderCode: '620523', escalations: 1, status: 'open' });
    expect((await inbox('town_center')).some((w) => w.signalId === redSignal)).toBe(false);
    // the acknowledged one stays where it is
    expect((await inbox('town_center')).find((w) => w.signalId === orangeSignal)?.escalations).toBe(0);

    t.setNow(new Date(base.getTime() + 6 * HOUR));
    await runSweeps(t.ctx);
    const still = (await inbox('county_center')).find((w) => w.signalId === redSignal)!;
    expect(still.escalations).toBe(1);
    const [row] = await t.ctx.db.select().from(riskWarnings).where(eq(riskWarnings.id, still.id));
    expect(row.ackDueAt).toBeNull();
  });

  it('acknowledge → handle (with a note) → close, with compare-and-set on version', async () => {
    const cc = await t.login('county_center');
    const w = (await inbox('county_center')).find((x) => x.signalId === redSignal)!;
    const ack = await cc.post(`/api/risk/warnings/${w.id}/acknowledge`, { version: w.version });
    expect(ack.status).toBe(200);
    expect((await cc.post(`/api/risk/warnings/${w.id}/acknowledge`, { version: ack.body.version })).status).toBe(409);
    const noNote = await cc.post(`/api/risk/warnings/${w.id}/handle`, { version: ack.body.version });
    expect(noNote.status).toBe(400);
    const stale = await cc.post(`/api/risk/warnings/${w.id}/handle`, { version: w.version, note: '已约谈' });
    expect(stale.status).toBe(409);
    const handled = await cc.post(`/api/risk/warnings/${w.id}/handle`, { version: ack.body.version, note: '已协调劳动监察介入，工资分期结清' });
    expect(handled.body.status).toBe('handled');
    const closed = await cc.post(`/api/risk/warnings/${w.id}/close`, { version: handled.body.version });
    expect(closed.body).toMatchObject({ status: 'closed', actions: [] });
  });

  it('turns a signal into an event in one step, once', async () => {
    const tc = await t.login('town_center');
    const res = await tc.post(`/api/risk/signals/${orangeSignal}/convert`, { to: 'event' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const c = await tc.get(`/api/cases/${res.body.caseId}`);
    expect(c.body).toMatchObject({ kind: 'event', categoryCode: 'safety_hazard', areaCode: GRID });
    expect((await tc.post(`/api/risk/signals/${orangeSignal}/convert`, { to: 'event' })).status).toBe(409);
    const w = (await inbox('town_center')).find((x) => x.signalId === orangeSignal)!;
    expect(w.links.some((l) => l.type === 'case' && l.id === res.body.caseId)).toBe(true);
    const signals = (await tc.get(`/api/risk/signals?week=${week}&area=${GRID}`)).body.items as { id: number; caseId: number | null }[];
    expect(signals.find((s) => s.id === orangeSignal)?.caseId).toBe(res.body.caseId);
  });

  it('lists the grids that have not filed, per area', async () => {
    const vc = await t.login('village_cadre');
    const res = await vc.get(`/api/risk/weekly-reports/missing?week=${week}`);
    expect(res.status).toBe(200);
    expect(res.body.items.some((g: { code: string }) => g.code === GRID)).toBe(false);
    expect(res.body.total).toBe(res.body.grids - res.body.filed);
    expect(res.body.items.every((g: { code: string }) => g.code.startsWith('620523101001'))).toBe(true);
    const tc = await t.login('town_center');
    const past = (await tc.get(`/api/risk/weekly-reports/missing?week=${addWeeks(week, -2)}&area=620523101`)).body;
    expect(past.filed).toBeGreaterThan(0);
    expect(past.total).toBeGreaterThan(0);
    const list = await tc.get(`/api/risk/weekly-reports?week=${addWeeks(week, -2)}&pageSize=5`);
    expect(list.body.total).toBe(past.filed);
  });
});

describe('rules over the data', () => {
  it('raises the seeded repeat disputes exactly once, linking all three', async () => {
    t.setNow(new Date(base.getTime() + 7 * HOUR));
    await runSweeps(t.ctx);
    await runSweeps(t.ctx);
    const tc = await t.login('town_center');
    const seeded = await t.ctx.db.select({ id: cases.id }).from(cases).where(sql`${cases.title} LIKE '赵某甲与钱某乙%'`);
    expect(seeded).toHaveLength(3);
    const res = await tc.get('/api/risk/warnings?source=rule&category=repeat_dispute_parties&pageSize=200');
    expect(res.status).toBe(200);
    const found = (res.body.items as Warning[]).filter((w) => w.ruleCode === 'repeat_dispute_parties' && seeded.some((c) => w.links.some((l) => l.id === c.id)));
    expect(found).toHaveLength(1);
    expect(found[0].links.map((l) => l.id).sort()).toEqual(seeded.map((c) => c.id).sort());
    expect(found[0].links.filter((l) => l.type === 'case')).toHaveLength(3);
    expect(found[0].grade).toBe('orange');
    for (const l of found[0].links) {
      const c = await tc.get(`/api/cases/${l.id}`);
      expect(c.body.people.map((p: { name: string }) => p.name)).toContain('赵某甲(示例)');
    }
    // 红砂坝镇 sees none of it
    const hsb = (await (await t.login('hsb_center')).get('/api/risk/warnings?category=repeat_dispute_parties&pageSize=200')).body;
    expect(hsb.items.some((w: Warning) => w.links.some((l) => seeded.some((c) => c.id === l.id)))).toBe(false);
  });

  it('raises a red warning for a dispute lead with threats, and an overdue high-risk visit, once each', async () => {
    const gw = await t.login('grid_worker');
    const ev = await gw.post('/api/cases', {
      kind: 'event',
      title: '村民因土地补偿扬言到县里上访',
      description: '当事人扬言若不解决将采取极端行为',
      categoryCode: 'dispute_lead',
      areaCode: GRID,
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const [sp] = await t.ctx.db
      .select({ id: specialPersons.id })
      .from(specialPersons)
      .where(and(sql`${specialPersons.areaCode} LIKE '620523101%'`, eq(specialPersons.status, 'active')))
      .orderBy(desc(specialPersons.id))
      .limit(1);
    expect(sp).toBeTruthy();
    const due = new Date(base.getTime() - 3 * 24 * HOUR);
    await t.ctx.db.update(specialPersons).set({ riskLevel: 4, nextVisitDue: due }).where(eq(specialPersons.id, sp.id));

    t.setNow(new Date(base.getTime() + 8 * HOUR));
    await runSweeps(t.ctx);
    await runSweeps(t.ctx);
    const rows = await t.ctx.db.select().from(riskWarnings).where(gte(riskWarnings.raisedAt, base));
    const flags = rows.filter((w) => w.ruleCode === 'dispute_flags' && w.links.some((l) => l.id === ev.body.id));
    expect(flags).toHaveLength(1);
    expect(flags[0].grade).toBe('red');
    expect(flags[0].tier).toBe('town');
    const visits = rows.filter((w) => w.ruleCode === 'overdue_special_visit' && w.links.some((l) => l.type === 'special_person' && l.id === sp.id));
    expect(visits).toHaveLength(1);
    expect(visits[0].title).not.toMatch(/某/);
  });

  it('reads and edits rule parameters (administrator only), refusing bad ones', async () => {
    const admin = await t.login('admin');
    const tc = await t.login('town_center');
    const rules = (await tc.get('/api/risk/rules')).body;
    expect(rules.rules.map((r: { code: string }) => r.code)).toEqual(['repeat_dispute_parties', 'event_cluster', 'repeat_petition', 'overdue_special_visit', 'dispute_flags']);
    expect(rules.policy.grades.red).toEqual({ tier: 'town', ack: { amount: 1, unit: 'hour' } });
    const body = { rules: [{ code: 'event_cluster', enabled: true, params: { minEvents: 4, radiusM: 300, windowDays: 7 } }] };
    expect((await tc.request('PUT', '/api/risk/rules', body)).status).toBe(403);
    const ok = await admin.request('PUT', '/api/risk/rules', body);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.rules.find((r: { code: string }) => r.code === 'event_cluster').params).toEqual({ minEvents: 4, radiusM: 300, windowDays: 7 });
    const bad = await admin.request('PUT', '/api/risk/rules', { rules: [{ code: 'event_cluster', enabled: true, params: { minEvents: 0, radiusM: 300, windowDays: 7 } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('RISK_RULE_INVALID');
    const policy = { ...rules.policy, grades: { ...rules.policy.grades, red: { tier: 'county', ack: { amount: 2, unit: 'hour' } } } };
    const saved = await admin.request('PUT', '/api/risk/rules', { policy });
    expect(saved.body.policy.grades.red.tier).toBe('county');
  });
});

describe('map, trend and 稳评', () => {
  it('answers the map and the weekly trend inside the scope', async () => {
    const tc = await t.login('town_center');
    const map = (await tc.get('/api/risk/map')).body;
    expect(map.items.every((i: { areaCode: string }) => i.areaCode.startsWith('620523101'))).toBe(true);
    const trend = (await tc.get('/api/risk/trend?weeks=8')).body;
    expect(trend.weeks).toHaveLength(8);
    expect(trend.weeks[7].week).toBe(isoWeekOf(t.ctx.clock()));
    expect(trend.weeks.slice(0, 7).some((w: { reports: number }) => w.reports > 0)).toBe(true);
  });

  it('records a 稳评 with its decision and lists matters per area and year', async () => {
    const tc = await t.login('town_center');
    const created = await tc.post('/api/risk/assessments', {
      areaCode: '620523101',
      title: '镇区道路拓宽工程',
      matterType: 'project',
      owner: '新兴镇人民政府',
      assessor: '某评估机构(示例)',
      assessorType: 'third_party',
      risks: [{ description: '涉及少量房屋征收', level: 'high' }],
      level: 'medium',
      measures: '征收方案公示，逐户协商',
      documents: [{ name: '稳评报告.pdf' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patched = await tc.patch(`/api/risk/assessments/${created.body.id}`, { version: created.body.version, decision: 'postpone' });
    expect(patched.status).toBe(200);
    const one = (await tc.get(`/api/risk/assessments/${created.body.id}`)).body;
    expect(one).toMatchObject({ decision: 'postpone', decisionLabel: '暂缓实施', level: 'medium' });
    expect(one.decidedAt).not.toBeNull();
    const list = (await tc.get(`/api/risk/assessments?year=${one.year}&area=620523101`)).body;
    expect(list.items.some((a: { id: number }) => a.id === created.body.id)).toBe(true);
    expect((await (await t.login('hsb_center')).get(`/api/risk/assessments/${created.body.id}`)).status).toBe(404);
    expect((await (await t.login('grid_worker')).post('/api/risk/assessments', { areaCode: '620523101' })).status).toBe(403);
  });
});
