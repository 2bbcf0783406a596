import ExcelJS from 'exceljs';
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS } from '../../src/contracts/people';
import { makeIdCard } from '../../src/domain/id-card';
import { areas, auditLog } from '../../src/server/platform/db/schema';
import { type TestApp, startTestApp } from '../helpers/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestApp;
let grids: string[];

beforeAll(async () => {
  t = await startTestApp();
  const rows = await t.ctx.db
    .select({ code: areas.code })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), like(areas.code, '620523101%')))
    .orderBy(asc(areas.code));
  grids = rows.map((r) => r.code);
});
afterAll(async () => {
  await t?.close();
});

async function workbook(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('实有人口');
  ws.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const birthOf = (i: number) => {
  const d = new Date(Date.UTC(1950, 0, 1) + i * 86_400_000 * 7);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
};
const goodId = (i: number) => makeIdCard('110101', birthOf(i), i % 1000);

describe('实有人口 import', () => {
  const bad = new Map<number, { column: string; reason: RegExp }>();
  let ids: string[] = [];

  it('imports a 2,000-row household workbook, reporting exactly the 20 bad rows', async () => {
    const rows: (string | null)[][] = [];
    ids = [];
    for (let i = 0; i < 2000; i++) {
      const id = goodId(i);
      ids.push(id);
      rows.push([
        grids[(Math.floor(i / 4) % 5) + 10],
        `IMP${String(Math.floor(i / 4)).padStart(4, '0')}`,
        `导入居民${String(i).padStart(4, '0')}`,
        '',
        id,
        i % 3 === 0 ? `139${String(i).padStart(8, '0')}` : '',
        i % 4 === 0 ? '户主' : '子女',
        '户籍',
        i % 10 === 0 ? '党员、退役军人' : '',
        `导入村${i}号`,
      ]);
    }
    const breakRow = (i: number, col: number, value: string, column: string, reason: RegExp) => {
      rows[i][col] = value;
      bad.set(i + 2, { column, reason });
    };
    const flip = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    for (const i of [3, 250, 777, 1200, 1999]) breakRow(i, 4, flip(ids[i]), '身份证号', /校验位/);
    for (const i of [10, 500, 1500, 1800]) breakRow(i, 4, makeIdCard('110101', '19990231', i), '身份证号', /出生日期/);
    for (const i of [20, 600, 1300, 1700]) breakRow(i, 0, '620523101999999', '网格编码', /不存在/);
    for (const i of [30, 700, 1400, 1900]) breakRow(i, 2, '', '姓名', /姓名不能为空/);
    breakRow(40, 5, '12345', '手机号', /手机号/);
    breakRow(41, 8, '神仙', '标签', /未知标签/);
    breakRow(42, 0, '150981109200001', '网格编码', /管辖范围/);
    expect(bad.size).toBe(20);

    const c = await t.login('town_center');
    const res = await c.post('/api/people/import', await workbook(rows), { 'content-type': XLSX });
    expect(res.status).toBe(200);
    expect(res.body.totalRows).toBe(2000);
    expect(res.body.badRows).toBe(20);
    expect(res.body.imported).toBe(1980);
    expect(res.body.newHouseholds).toBeGreaterThan(490);
    const reported = new Set<number>(res.body.errors.map((e: { row: number }) => e.row));
    expect([...reported].sort((a, b) => a - b)).toEqual([...bad.keys()].sort((a, b) => a - b));
    for (const e of res.body.errors) {
      const expected = bad.get(e.row)!;
      expect(e.column).toBe(expected.column);
      expect(e.reason).toMatch(expected.reason);
    }

    // imported rows are searchable through the keyed hash, bad ones are not there
    const found = await c.get(`/api/people?idCard=${ids[5]}`);
    expect(found.body.total).toBe(1);
    expect(found.body.items[0].name).toBe('导入居民0005');
    expect(found.body.items[0].idCardMasked).toBe(`110101********${ids[5].slice(-4)}`);
    expect((await c.get(`/api/people?idCard=${ids[3]}`)).body.total).toBe(0);

    // households were grouped by 户号 within the grid
    const hh = await c.get(`/api/households?q=IMP0001&area=${grids[11]}`);
    expect(hh.body.total).toBe(1);
    expect(hh.body.items[0].members).toBe(4);
    expect(hh.body.items[0].headName).toBe('导入居民0004');
    // a bad row leaves its household one member short, not half-imported
    const first = await c.get(`/api/households?q=IMP0000&area=${grids[10]}`);
    expect(first.body.items[0].members).toBe(3);

    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'person.import'));
    expect(audits.at(-1)?.detail).toMatchObject({ imported: 1980, badRows: 20 });
  });

  it('refuses to import the same people twice, naming each row', async () => {
    const c = await t.login('town_center');
    const rows = [0, 1, 2].map((i) => [grids[10], `IMP${String(Math.floor(i / 4)).padStart(4, '0')}`, `导入居民${i}`, '', ids[i], '', '', '', '', '']);
    const res = await c.post('/api/people/import', await workbook(rows), { 'content-type': XLSX });
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(0);
    expect(res.body.errors.map((e: { row: number; reason: string }) => [e.row, e.reason])).toEqual([
      [2, '该身份证号已登记，不能重复导入'],
      [3, '该身份证号已登记，不能重复导入'],
      [4, '该身份证号已登记，不能重复导入'],
    ]);
  });

  it('answers a file that is not a workbook with a Chinese message', async () => {
    const c = await t.login('town_center');
    const res = await c.post('/api/people/import', Buffer.from('not a workbook'), { 'content-type': XLSX });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('IMPORT_BAD_FILE');
  });

  it('serves the template with the documented columns', async () => {
    const c = await t.login('grid_worker');
    const res = await c.app.inject({ method: 'GET', url: '/api/people/import-template', headers: { cookie: c.cookie! } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([...IMPORT_COLUMNS]);
  });
});

describe('身份证号 and phones', () => {
  let personId: number;
  const id = makeIdCard('620523', '19800315', 777);

  it('validates the check digit and the birth date on entry', async () => {
    const c = await t.login('grid_worker');
    const me = (await c.get('/api/auth/me')).body;
    const grid = me.scopes[0].code;
    const badCheck = await c.post('/api/people', { areaCode: grid, name: '测试某甲', idCard: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') });
    expect(badCheck.status).toBe(400);
    expect(badCheck.body.error).toMatchObject({ code: 'BAD_ID_CARD', field: 'idCard', message: '身份证号校验位不正确' });
    const badDate = await c.post('/api/people', { areaCode: grid, name: '测试某甲', idCard: makeIdCard('620523', '19810229', 1) });
    expect(badDate.body.error.message).toBe('身份证号中的出生日期不存在');
    const badPhone = await c.post('/api/people', { areaCode: grid, name: '测试某甲', idCard: id, phone: '12' });
    expect(badPhone.body.error.code).toBe('BAD_PHONE');
    const ok = await c.post('/api/people', { areaCode: grid, name: '测试某甲', idCard: id, phone: '13912345678', tags: ['独居老人'] });
    expect(ok.status).toBe(201);
    personId = ok.body.id;
    const again = await c.post('/api/people', { areaCode: grid, name: '测试某乙', idCard: id });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('PERSON_EXISTS');
    // a grid worker cannot register people in another grid
    const other = await c.post('/api/people', { areaCode: grids[1], name: '测试某丙' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('OUT_OF_SCOPE');
  });

  it('finds the person by 身份证号 and by phone through the keyed hash, showing masked numbers only', async () => {
    const c = await t.login('village_cadre');
    const byId = await c.get(`/api/people?idCard=${id.toLowerCase()}`);
    expect(byId.body.total).toBe(1);
    expect(byId.body.items[0]).toMatchObject({ id: personId, idCardMasked: '620523********7771'.slice(0, 14) + id.slice(-4), phoneMasked: '139****5678' });
    expect(byId.body.items[0].birthDate).toBe('1980-03-15');
    expect(byId.body.items[0].gender).toBe('男');
    const byPhone = await c.get('/api/people?phone=13912345678');
    expect(byPhone.body.items.map((p: { id: number }) => p.id)).toEqual([personId]);
    expect(JSON.stringify(byId.body)).not.toContain(id);
    // nothing outside the scope, even by exact number
    const hsb = await t.login('hsb_center');
    expect((await hsb.get(`/api/people?idCard=${id}`)).body.total).toBe(0);
    expect((await hsb.get(`/api/people/${personId}`)).status).toBe(404);
  });

  it('lists show masked numbers only', async () => {
    const c = await t.login('town_center');
    const list = await c.get('/api/people?pageSize=200');
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(2000);
    for (const p of list.body.items) {
      if (p.idCardMasked) expect(p.idCardMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      if (p.phoneMasked) expect(p.phoneMasked).toMatch(/^\d{3}\*+\d{4}$/);
    }
    expect(JSON.stringify(list.body)).not.toMatch(/\d{17}[\dX]/);
  });

  it('reveal needs `sensitive`, a reason, and writes an audit record', async () => {
    const cadre = await t.login('village_cadre');
    expect((await cadre.post(`/api/people/${personId}/reveal`, { field: 'idCard', reason: '核实身份' })).status).toBe(403);
    const c = await t.login('town_center');
    const noReason = await c.post(`/api/people/${personId}/reveal`, { field: 'idCard' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('REASON_REQUIRED');
    const before = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'person.reveal'));
    const res = await c.post(`/api/people/${personId}/reveal`, { field: 'idCard', reason: '办理低保核实身份' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ field: 'idCard', value: id });
    const phone = await c.post(`/api/people/${personId}/reveal`, { field: 'phone', reason: '联系本人' });
    expect(phone.body.value).toBe('13912345678');
    const after = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'person.reveal'));
    expect(after.length).toBe(before.length + 2);
    const row = after.find((a) => (a.detail as { field?: string }).field === 'idCard' && a.targetId === String(personId));
    expect(row).toMatchObject({ actorName: 'town_center', targetType: 'person', result: 'ok' });
    expect(row?.detail).toEqual({ field: 'idCard', reason: '办理低保核实身份' });
    expect(JSON.stringify(after)).not.toContain(id);
    const hsb = await t.login('hsb_center');
    expect((await hsb.post(`/api/people/${personId}/reveal`, { field: 'idCard', reason: '核实' })).status).toBe(404);
  });

  it('exports masked for those without `sensitive`, in clear for those with it, and audits both', async () => {
    const read = async (user: string) => {
      const c = await t.login(user);
      const res = await c.app.inject({ method: 'GET', url: `/api/people/export?idCard=x&area=${grids[0]}`, headers: { cookie: c.cookie! } });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const idCol = (ws.getRow(1).values as unknown[]).indexOf('身份证号');
      const values: string[] = [];
      ws.eachRow((r, n) => {
        if (n > 1) values.push(String(r.getCell(idCol).value));
      });
      return { values, masked: res.headers['x-export-masked'] };
    };
    const cadre = await read('village_cadre');
    expect(cadre.masked).toBe('1');
    expect(cadre.values.length).toBeGreaterThan(10);
    expect(cadre.values).toContain(`620523********${id.slice(-4)}`);
    for (const v of cadre.values) expect(v).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const center = await read('town_center');
    expect(center.masked).toBe('0');
    expect(center.values).toContain(id);
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'person.export'));
    expect(audits.map((a) => [a.actorName, (a.detail as { masked: boolean }).masked])).toEqual([
      ['village_cadre', true],
      ['town_center', false],
    ]);
  });

  it('moves a person out and back in, keeping the history', async () => {
    const c = await t.login('town_center');
    const p = (await c.get(`/api/people/${personId}`)).body;
    const out = await c.post(`/api/people/${personId}/move`, { version: p.version, kind: 'out', reason: '外出务工' });
    expect(out.status).toBe(200);
    const stale = await c.post(`/api/people/${personId}/move`, { version: p.version, kind: 'in', toArea: grids[2] });
    expect(stale.status).toBe(409);
    const back = await c.post(`/api/people/${personId}/move`, { version: out.body.version, kind: 'in', toArea: grids[2], reason: '返乡' });
    expect(back.status).toBe(200);
    const after = (await c.get(`/api/people/${personId}`)).body;
    expect(after.areaCode).toBe(grids[2]);
    expect(after.moves.map((m: { kind: string }) => m.kind)).toEqual(['in', 'out']);
  });
});

describe('demo population', () => {
  it('marks the resident account household and gives households of 1–6', async () => {
    const c = await t.login('town_center');
    const hh = await c.get(`/api/households?area=${grids[0]}&pageSize=200`);
    expect(hh.body.total).toBeGreaterThan(100);
    for (const h of hh.body.items) {
      expect(h.members).toBeGreaterThanOrEqual(1);
      expect(h.members).toBeLessThanOrEqual(6);
    }
    const resident = await c.get('/api/people?q=郑演示');
    expect(resident.body.total).toBe(1);
    expect(resident.body.items[0].householdId).not.toBeNull();
    expect(resident.body.items[0].relation).toBe('户主');
  });
});
