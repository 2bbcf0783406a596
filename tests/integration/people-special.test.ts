import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areas, auditLog, users } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let center: Client;
let ownGrid: string;
let otherGrid: string;
const uid: Record<string, number> = {};
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp();
  for (const u of await t.ctx.db.select({ id: users.id, username: users.username }).from(users)) uid[u.username] = u.id;
  center = await t.login('town_center');
  const me = (await (await t.login('grid_worker')).get('/api/auth/me')).body;
  ownGrid = me.scopes[0].code;
  const rows = await t.ctx.db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), like(areas.code, '620523101%')))
    .orderBy(asc(areas.code));
  otherGrid = rows.find((r) => r.code !== ownGrid)!.code;
});
afterAll(async () => {
  await t?.close();
});

let seq = 0;
async function newPerson(grid: string): Promise<number> {
  seq++;
  const res = await center.post('/api/people', { areaCode: grid, name: `重点测试某${seq}` });
  expect(res.status).toBe(201);
  return res.body.id;
}

const team = (withGridWorker: boolean) => [
  { role: 'guardian', name: '监护人某甲' },
  { role: 'village_cadre', name: '村干部某乙' },
  { role: 'doctor', name: '精防医生某丙' },
  { role: 'police', name: '民警 赵演示', userId: uid.dept_police },
  ...(withGridWorker ? [{ role: 'grid_worker', name: '网格员 李演示', userId: uid.grid_worker }] : []),
];

const mental = { diagnosis: '精神分裂症', treatment: '规律服药', guardianName: '监护人某甲', guardianshipAgreement: true };

describe('重点人群', () => {
  let patient: number;

  it('validates per-category details with the category schema', async () => {
    const personId = await newPerson(ownGrid);
    const bad = await center.post('/api/special-persons', { personId, category: 'mental', details: { diagnosis: '感冒' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('details.diagnosis');
    const badCorrection = await center.post('/api/special-persons', {
      personId,
      category: 'correction',
      details: { correctionType: '缓刑' },
    });
    expect(badCorrection.status).toBe(400);
    expect(badCorrection.body.error.field).toBe('details.periodStart');
    const ok = await center.post('/api/special-persons', {
      personId,
      category: 'correction',
      details: { correctionType: '缓刑', periodStart: '2025-06-01', periodEnd: '2026-12-01' },
    });
    expect(ok.status).toBe(201);
    const dup = await center.post('/api/special-persons', {
      personId,
      category: 'correction',
      details: { correctionType: '假释', periodStart: '2025-06-01', periodEnd: '2026-12-01' },
    });
    expect(dup.body.error.code).toBe('SPECIAL_PERSON_EXISTS');
  });

  it('a mental-disorder patient raised from level 0 to 3 is due within 2 weeks and the police member is notified', async () => {
    const now = Date.now();
    const personId = await newPerson(ownGrid);
    const created = await center.post('/api/special-persons', { personId, category: 'mental', riskLevel: 0, details: mental, team: team(true) });
    expect(created.status).toBe(201);
    patient = created.body.id;
    // level 0: every 3 months
    const due0 = new Date(created.body.nextVisitDue).getTime();
    expect(due0 - now).toBeGreaterThan(85 * DAY);

    const police = await t.login('dept_police');
    const before = (await police.get('/api/notifications')).body.total;

    const rec = (await center.get(`/api/special-persons/${patient}`)).body;
    expect(rec.team.map((m: { roleLabel: string }) => m.roleLabel)).toEqual(['监护人', '村干部', '精防医生', '民警', '网格员']);
    const raised = await center.patch(`/api/special-persons/${patient}`, { version: rec.version, riskLevel: 3, reason: '近期持续打砸' });
    expect(raised.status).toBe(200);
    expect(raised.body.policeNotified).toBe(1);
    const due3 = new Date(raised.body.nextVisitDue!).getTime();
    expect(due3).toBeLessThanOrEqual(Date.now() + 14 * DAY);
    expect(due3).toBeGreaterThan(now);

    const after = (await center.get(`/api/special-persons/${patient}`)).body;
    expect(after.riskLevel).toBe(3);
    expect(after.policy).toMatchObject({ intervalDays: 14, notifyPolice: true, referral: true });
    expect(after.nextVisitDue).toBe(raised.body.nextVisitDue);

    const notes = (await police.get('/api/notifications')).body;
    expect(notes.total).toBe(before + 1);
    expect(notes.items[0]).toMatchObject({ kind: 'special_population.risk', link: `/console/people/special/${patient}` });
    expect(notes.items[0].title).toContain('3级');

    const audit = await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'special_person.risk_change'), eq(auditLog.targetId, String(patient))));
    expect(audit[0]?.detail).toMatchObject({ from: 0, to: 3, reason: '近期持续打砸' });

    // a stale version is refused
    const stale = await center.patch(`/api/special-persons/${patient}`, { version: rec.version, riskLevel: 4 });
    expect(stale.status).toBe(409);
  });

  it('the grid worker sees the records of their own grid whose team they are on, and nothing else', async () => {
    const notOnTeam = (
      await center.post('/api/special-persons', { personId: await newPerson(ownGrid), category: 'drug', team: team(false) })
    ).body.id;
    const otherGridRecord = (
      await center.post('/api/special-persons', { personId: await newPerson(otherGrid), category: 'drug', team: team(true) })
    ).body.id;
    const worker = await t.login('grid_worker');
    expect((await worker.get(`/api/special-persons/${patient}`)).status).toBe(200);
    for (const id of [notOnTeam, otherGridRecord]) {
      const res = await worker.get(`/api/special-persons/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      expect((await worker.patch(`/api/special-persons/${id}`, { version: 1, riskLevel: 1 })).status).toBe(404);
    }
    const list = await worker.get('/api/special-persons?pageSize=200');
    const ids = list.body.items.map((i: { id: number }) => i.id);
    expect(ids).toContain(patient);
    expect(ids).not.toContain(notOnTeam);
    expect(ids).not.toContain(otherGridRecord);
    for (const item of list.body.items) expect(item.areaCode).toBe(ownGrid);
    // the grid worker records risk, but closing a record is the centre's
    const rec = (await worker.get(`/api/special-persons/${patient}`)).body;
    expect((await worker.patch(`/api/special-persons/${patient}`, { version: rec.version, status: 'closed' })).status).toBe(403);
    expect((await worker.post('/api/special-persons', { personId: await newPerson(ownGrid), category: 'cult' })).status).toBe(403);
  });

  it('dept_police (no `sensitive`) sees none, even of a team they sit on; lists do not hint they exist', async () => {
    for (const user of ['dept_police', 'village_cadre', 'mediator', 'resident', 'admin']) {
      const c = await t.login(user);
      const list = await c.get('/api/special-persons');
      expect(list.status).toBe(200);
      expect(list.body).toEqual({ items: [], total: 0 });
      const one = await c.get(`/api/special-persons/${patient}`);
      expect(one.status).toBe(404);
      const due = await c.get('/api/visits/due?scope=area&withinDays=90');
      expect(due.body.total).toBe(0);
    }
    // out of scope centre: 404 as well
    const hsb = await t.login('hsb_center');
    expect((await hsb.get(`/api/special-persons/${patient}`)).status).toBe(404);
  });

  it('the centre and the leader see the town: about 100 demo records across the six categories and 三失一偏', async () => {
    const leader = await t.login('leader');
    const all = await leader.get('/api/special-persons?pageSize=200');
    expect(all.body.total).toBeGreaterThanOrEqual(100);
    const cats = new Set(all.body.items.map((i: { category: string }) => i.category));
    expect([...cats].sort()).toEqual(['correction', 'cult', 'drug', 'mental', 'petition', 'released', 'three_one']);
    for (const i of all.body.items) expect(i.idCardMasked === null || /\*{8}/.test(i.idCardMasked)).toBe(true);
    const overdue = await leader.get('/api/special-persons?due=overdue&pageSize=200');
    expect(overdue.body.total).toBeGreaterThan(0);
    for (const i of overdue.body.items) expect(i.dueStatus).toBe('overdue');
  });

  it('replaces a helper team (centre only) and links members to users', async () => {
    const rec = (await center.get(`/api/special-persons/${patient}`)).body;
    const worker = await t.login('grid_worker');
    expect((await worker.request('PUT', `/api/special-persons/${patient}/team`, { version: rec.version, members: [] })).status).toBe(403);
    const res = await center.request('PUT', `/api/special-persons/${patient}/team`, {
      version: rec.version,
      members: [...team(true), { role: 'other', name: '志愿者某丁', phone: '13700001111' }],
    });
    expect(res.status).toBe(200);
    const after = (await center.get(`/api/special-persons/${patient}`)).body;
    expect(after.team).toHaveLength(6);
    expect(after.team[5]).toMatchObject({ roleLabel: '其他帮扶人', phoneMasked: '137****1111', userId: null });
  });
});
