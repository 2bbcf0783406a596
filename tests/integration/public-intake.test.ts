import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAttachments, caseTimeline, cases } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

const GRID = '620523101001001';
const VILLAGE = '620523101001';
const TOWN = '620523101';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF demo photo bytes'), Buffer.from([0xff, 0xd9])]);

let t: TestApp;
let anon: Client;
let ipSeq = 0;
/** each test speaks from its own address so the per-IP limit of one test never touches another */
const fromIp = () => ({ 'x-forwarded-for': `10.0.0.${++ipSeq}` });

const report = (over: Record<string, unknown> = {}, headers: Record<string, string> = fromIp()) =>
  anon.post('/api/public/reports', { description: '村口路灯一直不亮，晚上走路看不见', areaCode: GRID, phone: '13912345678', ...over }, headers);

beforeAll(async () => {
  t = await startTestApp();
  anon = t.anon();
});
afterAll(async () => {
  await t?.close();
});

describe('public 随手报', () => {
  it('files an anonymous event case without an account, tracked by number + phone; a wrong phone answers 404', async () => {
    const res = await report({ name: '张三', category: 'municipal', title: '村口路灯不亮' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(Object.keys(res.body)).toEqual(['number']);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.number, res.body.number));
    expect(row).toMatchObject({ kind: 'event', status: 'reported', source: 'resident', reporterId: null, areaCode: GRID, categoryCode: 'municipal', reporterName: '张三' });
    expect(row.reporterPhoneEnc).not.toContain('13912345678');

    const tracked = await anon.get(`/api/cases/track?number=${res.body.number}&phone=13912345678`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ number: res.body.number, title: '村口路灯不亮', status: 'reported' });
    expect(tracked.body.timeline.length).toBeGreaterThan(0);
    expect((await anon.get(`/api/cases/track?number=${res.body.number}&phone=13900000000`)).status).toBe(404);

    // the town centre sees it in its intake desk like any other report
    const centre = await t.login('town_center');
    const list = await centre.get(`/api/cases?desk=intake&q=${encodeURIComponent(res.body.number)}`);
    expect(list.body.items.map((i: { number: string }) => i.number)).toContain(res.body.number);
  });

  it('without title or category: a title from the text and 其他; a village code is accepted', async () => {
    const res = await report({ areaCode: VILLAGE });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.number, res.body.number));
    expect(row).toMatchObject({ areaCode: VILLAGE, categoryCode: 'other', title: '村口路灯一直不亮，晚上走路看不见', tier: 'village' });
  });

  it('validates with Chinese messages and a field', async () => {
    const badPhone = await report({ phone: '1391234' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
    expect(badPhone.body.error.message).toContain('手机号');
    const noPhone = await anon.post('/api/public/reports', { description: '村口路灯一直不亮', areaCode: GRID }, fromIp());
    expect(noPhone.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phone' });
    const short = await report({ description: '灯' });
    expect(short.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'description' });
    const town = await report({ areaCode: TOWN });
    expect(town.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'areaCode' });
    const unknown = await report({ areaCode: '620523101999' });
    expect(unknown.body.error).toMatchObject({ code: 'BAD_AREA_CODE', field: 'areaCode' });
    const nowhere = await report({ areaCode: undefined });
    expect(nowhere.body.error).toMatchObject({ code: 'CASE_AREA_REQUIRED', field: 'areaCode' });
    const badCategory = await report({ category: 'no_such_thing' });
    expect(badCategory.body.error).toMatchObject({ code: 'CASE_CATEGORY_UNKNOWN' });
  });

  it('limits each address to 5 reports in 10 minutes (429), then lets it report again', async () => {
    const ip = { 'x-forwarded-for': '10.9.9.9' };
    const start = new Date('2026-11-20T02:00:00Z');
    t.setNow(start);
    try {
      for (let i = 0; i < 5; i++) expect((await report({}, ip)).status).toBe(201);
      const sixth = await report({}, ip);
      expect(sixth.status).toBe(429);
      expect(sixth.body.error.code).toBe('RATE_LIMITED');
      expect((await report({}, fromIp())).status).toBe(201);
      t.setNow(new Date(start.getTime() + 10 * 60_000 + 1000));
      expect((await report({}, ip)).status).toBe(201);
    } finally {
      t.setNow(new Date());
    }
  });

  it('takes photos with the right phone while still 已上报, refuses them once accepted', async () => {
    const { body } = await report();
    const url = `/api/public/reports/${body.number}/photos`;
    const photo = { phone: '13912345678', filename: 'light.jpg', mime: 'image/jpeg', dataBase64: JPEG.toString('base64') };
    const wrongPhone = await anon.post(url, { ...photo, phone: '13700000000' }, fromIp());
    expect(wrongPhone.status).toBe(404);
    const notJpeg = await anon.post(url, { ...photo, dataBase64: Buffer.from('hello').toString('base64') }, fromIp());
    expect(notJpeg.body.error).toMatchObject({ code: 'ATTACHMENT_TYPE' });
    const ok = await anon.post(url, photo, fromIp());
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ mime: 'image/jpeg', size: JPEG.length });
    const [row] = await t.ctx.db.select().from(cases).where(eq(cases.number, body.number));
    const stored = await t.ctx.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, row.id));
    expect(stored).toHaveLength(1);
    const attach = await t.ctx.db.select().from(caseTimeline).where(and(eq(caseTimeline.caseId, row.id), eq(caseTimeline.action, 'attach')));
    expect(attach).toHaveLength(1);

    const centre = await t.login('town_center');
    const acc = await centre.post(`/api/cases/${row.id}/actions/accept`, { version: row.version, grade: 'routine' });
    expect(acc.status, JSON.stringify(acc.body)).toBe(200);
    const late = await anon.post(url, photo, fromIp());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('PUBLIC_PHOTO_LOCKED');
    expect((await anon.post('/api/public/reports/SJ-000000000-20260101-0001/photos', photo, fromIp())).status).toBe(404);
  });

  it('a signed-in resident case cannot take photos through the public route', async () => {
    const resident = await t.login('resident');
    const own = await resident.post('/api/cases', {
      kind: 'event',
      title: '楼道堆放杂物',
      description: '楼道堆放杂物，堵住了消防通道',
      categoryCode: 'safety_hazard',
      areaCode: '620523101001',
      reporterPhone: '13912345678',
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const res = await anon.post(
      `/api/public/reports/${own.body.number}/photos`,
      { phone: '13912345678', filename: 'a.jpg', mime: 'image/jpeg', dataBase64: JPEG.toString('base64') },
      fromIp(),
    );
    expect(res.status).toBe(404);
  });
});

describe('public figures of a village or town', () => {
  it('answers only aggregate counts that match the database', async () => {
    const res = await anon.get(`/api/public/areas/${VILLAGE}/figures`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['areaCode', 'areaName', 'closed', 'open', 'rated', 'satisfactionRate', 'total', 'year'].sort());
    for (const v of Object.values(res.body)) expect(typeof v === 'object' && v !== null).toBe(false);
    const year = res.body.year;
    const from = new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000);
    const [db] = await t.ctx.db
      .select({ n: sql<number>`count(*)`, open: sql<number>`count(*) FILTER (WHERE ${cases.status} IN ('reported','escalated','transferred','accepted','assigned','in_progress','returned','suspended','handled'))` })
      .from(cases)
      .where(sql`${cases.kind} = 'event' AND ${cases.areaCode} LIKE ${`${VILLAGE}%`} AND ${cases.status} <> 'merged' AND ${cases.createdAt} >= ${from}`);
    expect(res.body.total).toBe(Number(db.n));
    expect(res.body.open).toBe(Number(db.open));
    expect(res.body.total).toBeGreaterThanOrEqual(res.body.open + res.body.closed);

    const before = res.body.total;
    expect((await report({ areaCode: VILLAGE })).status).toBe(201);
    const after = await anon.get(`/api/public/areas/${VILLAGE}/figures`);
    expect(after.body.total).toBe(before + 1);
    const town = await anon.get(`/api/public/areas/${TOWN}/figures`);
    expect(town.status).toBe(200);
    expect(town.body.total).toBeGreaterThanOrEqual(after.body.total);
    if (town.body.rated > 0) expect(town.body.satisfactionRate).toBeGreaterThanOrEqual(0);
    else expect(town.body.satisfactionRate).toBeNull();
  });

  it('refuses grids, counties and unknown codes', async () => {
    expect((await anon.get(`/api/public/areas/${GRID}/figures`)).status).toBe(400);
    expect((await anon.get('/api/public/areas/620523/figures')).status).toBe(400);
    expect((await anon.get('/api/public/areas/620523101999/figures')).status).toBe(404);
  });
});

describe('public village search', () => {
  it('finds villages by name with their town, nothing else', async () => {
    const [v] = await t.ctx.db.select({ name: sql<string>`name` }).from(sql`areas`).where(sql`code = ${VILLAGE}`);
    const res = await anon.get(`/api/public/villages?q=${encodeURIComponent(v.name.slice(0, 2))}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { code: string }) => i.code)).toContain(VILLAGE);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['code', 'name', 'townName']);
    expect((await anon.get('/api/public/villages?q=a')).status).toBe(400);
  });
});
