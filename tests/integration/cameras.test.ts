import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AreaGeometry, pointInside } from '../../src/domain/geo';
import { areas, auditLog, cases, caseTimeline } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

const INSIDE_GRID = '620523101001001';
const OUTSIDE_GRID = '150981109200001';

let t: TestApp;
let tc: Client;
let inside: [number, number];
let outside: [number, number];

async function pointOf(code: string): Promise<[number, number]> {
  const [a] = await t.ctx.db.select({ boundary: areas.boundary }).from(areas).where(eq(areas.code, code));
  return pointInside(a.boundary as AreaGeometry) as [number, number];
}

beforeAll(async () => {
  t = await startTestApp();
  t.setNow(new Date('2026-11-10T10:00:00+08:00'));
  tc = await t.login('town_center');
  inside = await pointOf(INSIDE_GRID);
  outside = await pointOf(OUTSIDE_GRID);
});
afterAll(async () => {
  await t?.close();
});

type Cam = { id: number; code: string; areaCode: string; gridCode: string | null; gridName: string | null; videoUrl: string | null; version: number; categoryLabel: string };

describe('camera register (雪亮工程)', () => {
  it('demo cameras are listed in scope only, with the video link; per grid by class', async () => {
    const list = (await tc.get('/api/cameras?pageSize=1000')).body as { items: Cam[]; total: number };
    expect(list.total).toBeGreaterThanOrEqual(30);
    expect(list.items.every((c) => c.areaCode.startsWith('620523101') && c.gridCode === c.areaCode)).toBe(true);
    const c = list.items[0];
    expect(c.videoUrl).toBe(`https://video.example/play?id=${c.code}&t=20261110100000`);
    expect(new Set(list.items.map((i) => i.categoryLabel))).toEqual(new Set(['一类', '二类', '三类']));

    const hsb = await t.login('hsb_center');
    expect((await hsb.get('/api/cameras')).body.total).toBe(0);
    expect((await hsb.get(`/api/cameras/${c.id}`)).status).toBe(404);
    const gw = await t.login('grid_worker'); // reads its own grid only
    const mine = (await gw.get('/api/cameras?pageSize=1000')).body.items as Cam[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((m) => m.areaCode === INSIDE_GRID)).toBe(true);

    const byGrid = (await tc.get('/api/cameras/by-grid?area=620523101')).body.items as { gridCode: string; gridName: string; class1: number; class2: number; class3: number; total: number }[];
    const first = byGrid.find((g) => g.gridCode === INSIDE_GRID)!;
    expect(first.total).toBe(first.class1 + first.class2 + first.class3);
    expect(first.total).toBe(mine.filter((m) => (m as unknown as { status: string }).status !== 'retired').length);
    expect(byGrid.reduce((s, g) => s + g.total, 0)).toBe(list.items.filter((i) => (i as unknown as { status: string }).status !== 'retired').length);
  });

  it('create places the camera in the grid holding its location; scope, codes and versions are checked', async () => {
    const created = await tc.post('/api/cameras', { code: 'TEST-CAM-001', name: '测试点位', category: 'class3', lng: inside[0], lat: inside[1], address: '姚庄社区' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ gridCode: INSIDE_GRID, areaCode: INSIDE_GRID, categoryLabel: '三类', statusLabel: '在线' });
    expect(created.body.gridName).toBeTruthy();

    const dup = await tc.post('/api/cameras', { code: 'TEST-CAM-001', name: '重复', category: 'class3', areaCode: '620523101' });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'CAMERA_CODE_TAKEN', field: 'code' });
    const far = await tc.post('/api/cameras', { code: 'TEST-CAM-002', name: '外镇', category: 'class1', lng: outside[0], lat: outside[1] });
    expect(far.status).toBe(403);
    expect(far.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', field: 'lng' });
    const nowhere = await tc.post('/api/cameras', { code: 'TEST-CAM-003', name: '无位置', category: 'class1' });
    expect(nowhere.body.error).toMatchObject({ code: 'CAMERA_NO_AREA', field: 'areaCode' });
    const byArea = await tc.post('/api/cameras', { code: 'TEST-CAM-004', name: '无坐标', category: 'class2', areaCode: '620523101' });
    expect(byArea.body).toMatchObject({ areaCode: '620523101', gridCode: null, lng: null });
    const gw = await t.login('grid_worker');
    expect((await gw.post('/api/cameras', { code: 'TEST-CAM-005', name: '网格员', category: 'class3', areaCode: INSIDE_GRID })).status).toBe(403);

    const id = created.body.id as number;
    const moved = await tc.patch(`/api/cameras/${id}`, { version: 1, status: 'fault', lng: null, lat: null, areaCode: '620523101001' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ version: 2, status: 'fault', gridCode: null, areaCode: '620523101001' });
    expect((await tc.patch(`/api/cameras/${id}`, { version: 1, name: '旧版本' })).status).toBe(409);
    const hsb = await t.login('hsb_center');
    expect((await hsb.patch(`/api/cameras/${id}`, { version: 2, name: '越权' })).status).toBe(404);
    expect((await hsb.request('DELETE', `/api/cameras/${byArea.body.id}`)).status).toBe(404);
    expect((await tc.request('DELETE', `/api/cameras/${byArea.body.id}`)).status).toBe(200);
    expect((await tc.get(`/api/cameras/${byArea.body.id}`)).status).toBe(404);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.targetType, 'camera'));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['cameras.create', 'cameras.update', 'cameras.delete']));
  });

  it('the video link template is the administrator’s; a case cites a camera and a time, linked to the footage', async () => {
    expect((await tc.request('PUT', '/api/cameras/settings', { linkTemplate: 'https://x.example/{code}' })).status).toBe(403);
    const admin = await t.login('admin');
    const bad = await admin.request('PUT', '/api/cameras/settings', { linkTemplate: 'https://x.example/play' });
    expect(bad.status).toBe(400);
    const set = await admin.request('PUT', '/api/cameras/settings', { linkTemplate: 'https://vms.example/replay?dev={code}&start={time}&ts={ts}' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    const [c] = await t.ctx.db
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.areaCode, INSIDE_GRID), eq(cases.kind, 'event')))
      .limit(1);
    const cams = (await tc.get(`/api/cameras?grid=${INSIDE_GRID}`)).body.items as Cam[];
    const cam = cams[0];
    const at = '2026-11-09T21:30:00+08:00';
    const cited = await tc.post(`/api/cases/${c.id}/cameras`, { cameraId: cam.id, at, note: '事发时段' });
    expect(cited.status, JSON.stringify(cited.body)).toBe(201);
    const ts = Math.floor(new Date(at).getTime() / 1000);
    expect(cited.body).toMatchObject({ cameraId: cam.id, code: cam.code, note: '事发时段', videoUrl: `https://vms.example/replay?dev=${cam.code}&start=20261109213000&ts=${ts}` });
    const listed = (await tc.get(`/api/cases/${c.id}/cameras`)).body.items;
    expect(listed).toHaveLength(1);
    const tl = await t.ctx.db.select().from(caseTimeline).where(and(eq(caseTimeline.caseId, c.id), eq(caseTimeline.action, 'camera_cite')));
    expect(tl[0].text).toContain(cam.code);
    expect(tl[0].text).toContain('2026-11-09 21:30');

    // others: another town's centre sees no such case; a resident reads no cases; a camera outside scope is not found
    const hsb = await t.login('hsb_center');
    expect((await hsb.get(`/api/cases/${c.id}/cameras`)).status).toBe(404);
    expect((await hsb.post(`/api/cases/${c.id}/cameras`, { cameraId: cam.id, at })).status).toBe(404);
    expect((await (await t.login('resident')).get(`/api/cases/${c.id}/cameras`)).status).toBe(403);
    const gw = await t.login('grid_worker');
    const other = ((await tc.get('/api/cameras?pageSize=1000')).body.items as Cam[]).find((x) => x.areaCode !== INSIDE_GRID)!;
    const refused = await gw.post(`/api/cases/${c.id}/cameras`, { cameraId: other.id, at });
    expect(refused.status).toBe(404);
    expect(refused.body.error.field).toBe('cameraId');

    // a cited camera is kept (停用 instead); removing the citation frees it
    const del = await tc.request('DELETE', `/api/cameras/${cam.id}`);
    expect(del.status).toBe(409);
    expect(del.body.error.code).toBe('CAMERA_CITED');
    expect((await tc.request('DELETE', `/api/cases/${c.id}/cameras/${cited.body.id}`)).status).toBe(200);
    expect((await tc.get(`/api/cases/${c.id}/cameras`)).body.items).toEqual([]);
  });

  it('imports an Excel register: rows placed by location, bad rows reported', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('点位');
    ws.addRow(['设备编码', '点位名称', '类别', '经度', '纬度', '所属区划', '地址', '状态']);
    ws.addRow(['IMP-001', '导入点位一', '一类', inside[0], inside[1], '', '姚庄路口', '在线']);
    ws.addRow(['IMP-002', '导入点位二', '二类', '', '', '620523101', '新兴镇', '离线']);
    ws.addRow(['IMP-003', '外镇点位', '三类', outside[0], outside[1], '', '', '']);
    ws.addRow(['IMP-004', '类别错误', '四类', '', '', '620523101', '', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await tc.request('POST', '/api/cameras/import', file, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.imported.map((r: { code: string }) => r.code)).toEqual(['IMP-001', 'IMP-002']);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([4, 5]);
    expect(res.body.errors[0].reason).toBe('超出本人管辖范围');
    const one = (await tc.get('/api/cameras?q=IMP-001')).body.items[0];
    expect(one).toMatchObject({ gridCode: INSIDE_GRID, categoryLabel: '一类' });
    expect((await tc.get('/api/cameras?q=IMP-002')).body.items[0]).toMatchObject({ statusLabel: '离线', areaCode: '620523101' });
  });
});
