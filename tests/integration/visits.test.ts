import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VISIT_POLICIES } from '../../src/domain/people/visit-policy';
import { auditLog, users } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let center: Client;
let worker: Client;
let ownGrid: string;
const uid: Record<string, number> = {};
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of await t.ctx.db.select({ id: users.id, username: users.username }).from(users)) uid[u.username] = u.id;
  center = await t.login('town_center');
  worker = await t.login('grid_worker');
  ownGrid = (await worker.get('/api/auth/me')).body.scopes[0].code;
});
afterAll(async () => {
  await t?.close();
});

describe('visits', () => {
  it('records a household visit and counts households and person-visits per grid', async () => {
    const hh = (await worker.get(`/api/households?area=${ownGrid}&pageSize=1`)).body.items[0];
    const before = (await center.get(`/api/visits/stats?area=${ownGrid}`)).body;
    const res = await worker.post('/api/visits', {
      householdId: hh.id,
      peopleMet: 3,
      findings: '反映路灯损坏',
      location: { lat: 34.73, lng: 105.33 },
    });
    expect(res.status).toBe(201);
    const again = await worker.post('/api/visits', { householdId: hh.id, peopleMet: 2 });
    expect(again.status).toBe(201);
    const after = (await center.get(`/api/visits/stats?area=${ownGrid}`)).body;
    expect(after.totals.visits).toBe(before.totals.visits + 2);
    expect(after.totals.personVisits).toBe(before.totals.personVisits + 5);
    // the same household counts once per period
    expect(after.totals.households - before.totals.households).toBeLessThanOrEqual(1);
    expect(after.items).toHaveLength(1);
    expect(after.items[0].gridCode).toBe(ownGrid);

    const town = (await center.get('/api/visits/stats?area=620523101')).body;
    expect(town.items.length).toBeGreaterThan(1);
    expect(town.totals.households).toBeGreaterThan(500);
    expect(town.totals.personVisits).toBeGreaterThan(town.totals.households);
    // a period narrows the figures
    // periods are China dates (UTC+8), as the server counts them
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const todayOnly = (await center.get(`/api/visits/stats?area=620523101&from=${today}&to=${today}`)).body;
    expect(todayOnly.totals.visits).toBeLessThan(town.totals.visits);
    expect(todayOnly.totals.visits).toBeGreaterThanOrEqual(2);
    // out of scope: nothing
    const hsb = await t.login('hsb_center');
    expect((await hsb.get('/api/visits/stats?area=620523101')).body.totals.visits).toBe(0);

    const list = (await worker.get('/api/visits?mine=1&pageSize=5')).body;
    expect(list.items[0]).toMatchObject({ householdId: hh.id, photos: [], peopleMet: 2 });
    expect(list.items[1]).toMatchObject({ findings: '反映路灯损坏', photos: [], lat: 34.73 });
  });

  it('turns a finding into an event in one step, once', async () => {
    const hh = (await worker.get(`/api/households?area=${ownGrid}&pageSize=1`)).body.items[0];
    const v = await worker.post('/api/visits', { householdId: hh.id, peopleMet: 2, findings: '院墙开裂有倒塌危险' });
    const res = await worker.post(`/api/visits/${v.body.id}/case`, { categoryCode: 'safety_hazard', title: '院墙开裂' });
    expect(res.status).toBe(201);
    expect(res.body.number).toBeTruthy();
    const c = await worker.get(`/api/cases/${res.body.caseId}`);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ kind: 'event', areaCode: ownGrid, title: '院墙开裂' });
    const again = await worker.post(`/api/visits/${v.body.id}/case`, { categoryCode: 'safety_hazard', title: '院墙开裂' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('VISIT_ALREADY_REPORTED');
    const listed = (await worker.get('/api/visits?mine=1&pageSize=1')).body.items[0];
    expect(listed.caseId).toBe(res.body.caseId);
    const hsb = await t.login('hsb_grid_worker');
    expect((await hsb.post(`/api/visits/${v.body.id}/case`, { categoryCode: 'other', title: 'x' })).status).toBe(404);
  });

  it('refuses a visit in the future or outside the scope', async () => {
    const future = await worker.post('/api/visits', { areaCode: ownGrid, visitedAt: new Date(Date.now() + DAY).toISOString() });
    expect(future.body.error.code).toBe('VISIT_IN_FUTURE');
    const out = await worker.post('/api/visits', { areaCode: '150981109200001' });
    expect(out.status).toBe(403);
    const hsbHousehold = await worker.post('/api/visits', { householdId: 999999 });
    expect(hsbHousehold.status).toBe(404);
  });

  it('a follow-up visit moves the next due date; due lists per responsible person', async () => {
    const mine = (await worker.get('/api/visits/due?scope=mine&withinDays=90&pageSize=200')).body;
    expect(mine.total).toBeGreaterThan(0);
    for (const i of mine.items) {
      expect(i.myRoles).toContain('grid_worker');
      expect(i.areaCode).toBe(ownGrid);
    }
    const first = mine.items[0];
    const res = await worker.post('/api/visits', { specialPersonId: first.id, householdId: null, peopleMet: 1, findings: '情绪稳定' });
    expect(res.status).toBe(201);
    const rec = (await worker.get(`/api/special-persons/${first.id}`)).body;
    expect(rec.nextVisitDue).toBe(res.body.nextVisitDue);
    expect(new Date(rec.nextVisitDue).getTime() - Date.now()).toBeCloseTo(rec.policy.intervalDays * DAY, -6);
    expect(rec.visits[0].findings).toBe('情绪稳定');
    const area = (await center.get('/api/visits/due?scope=area&withinDays=0')).body;
    expect(area.total).toBe(area.overdue);
    for (const i of area.items) expect(i.dueStatus).toBe('overdue');
    // visits of special-population persons stay out of sight of those who may not see the person
    const cadre = await t.login('village_cadre');
    const seen = (await cadre.get(`/api/visits?specialPersonId=${first.id}`)).body;
    expect(seen.total).toBe(0);
  });

  it('平安夜访: a leader schedules evening visits and the visits count against the campaign', async () => {
    const leader = await t.login('leader');
    const start = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
    const created = await leader.post('/api/visit-campaigns', {
      name: '测试平安夜访',
      areaCode: '620523101',
      weekday: 2,
      startDate: start,
      endDate: end,
      participantIds: [uid.grid_worker, uid.village_cadre],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const notes = (await worker.get('/api/notifications')).body.items;
    expect(notes[0]).toMatchObject({ kind: 'visit_campaign', title: '平安夜访：测试平安夜访' });
    expect((await worker.post('/api/visit-campaigns', { name: 'x', areaCode: '620523101', weekday: 1, startDate: start, endDate: end, participantIds: [uid.grid_worker] })).status).toBe(403);
    const hh = (await worker.get(`/api/households?area=${ownGrid}&pageSize=3`)).body.items;
    for (const h of hh) expect((await worker.post('/api/visits', { householdId: h.id, campaignId: id, peopleMet: 2 })).status).toBe(201);
    const late = await worker.post('/api/visits', {
      householdId: hh[0].id,
      campaignId: id,
      visitedAt: new Date(Date.now() - 60 * DAY).toISOString(),
    });
    expect(late.body.error.code).toBe('CAMPAIGN_NOT_ACTIVE');
    const detail = (await leader.get(`/api/visit-campaigns/${id}`)).body;
    expect(detail).toMatchObject({ visits: 3, households: 3, personVisits: 6, eveningsWithVisits: 1 });
    expect(detail.sessionsScheduled).toBeGreaterThanOrEqual(4);
    expect(detail.participants.find((p: { userId: number }) => p.userId === uid.grid_worker)).toMatchObject({ visits: 3 });
    const list = (await worker.get('/api/visit-campaigns')).body;
    expect(list.items.map((c: { id: number }) => c.id)).toContain(id);
    const hsb = await t.login('hsb_center');
    expect((await hsb.get(`/api/visit-campaigns/${id}`)).status).toBe(404);
  });
});

describe('visit policies', () => {
  it('serves the defaults of DESIGN §6', async () => {
    const res = await worker.get('/api/visit-policies');
    expect(res.status).toBe(200);
    const mental = res.body.items.filter((p: { category: string }) => p.category === 'mental');
    expect(mental.map((p: { minLevel: number; maxLevel: number; intervalDays: number }) => [p.minLevel, p.maxLevel, p.intervalDays])).toEqual([
      [0, 0, 90],
      [1, 2, 14],
      [3, 5, 14],
    ]);
  });

  it('only a policy manager changes them; an incomplete set is refused; a change reschedules at once', async () => {
    const items = DEFAULT_VISIT_POLICIES.map((p) => ({ ...p, note: p.note ?? null }));
    expect((await center.request('PUT', '/api/visit-policies', { items })).status).toBe(403);
    const admin = await t.login('admin');
    const gap = await admin.request('PUT', '/api/visit-policies', { items: items.filter((p) => p.category !== 'cult') });
    expect(gap.status).toBe(400);
    expect(gap.body.error.code).toBe('POLICY_INCOMPLETE');
    const leader = await t.login('leader');
    const before = (await leader.get('/api/special-persons?category=three_one&pageSize=200')).body.items;
    const changed = items.map((p) => (p.category === 'three_one' ? { ...p, intervalDays: 3 } : p));
    const res = await admin.request('PUT', '/api/visit-policies', { items: changed });
    expect(res.status).toBe(200);
    expect(res.body.rescheduled).toBe(before.length);
    const after = (await leader.get('/api/special-persons?category=three_one&pageSize=200')).body.items;
    for (const a of after) {
      const b = before.find((x: { id: number }) => x.id === a.id);
      expect(new Date(a.nextVisitDue).getTime()).toBeLessThanOrEqual(new Date(b.nextVisitDue).getTime());
      expect(new Date(a.nextVisitDue).getTime()).toBeLessThanOrEqual(Date.now() + 3 * DAY + 60_000);
    }
    const audit = await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'visit_policy.replace')));
    expect(audit).toHaveLength(1);
  });
});
