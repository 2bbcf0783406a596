import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

type Staff = { id: number; displayName: string; roles: string[]; roleLabels: string[]; areaCode: string | null; departmentName: string | null };
type StaffPage = { items: Staff[]; total: number };

let t: TestApp;
let center: Client;

beforeAll(async () => {
  t = await startTestApp();
  center = await t.login('town_center');
});
afterAll(async () => {
  await t?.close();
});

describe('staff directory for the pickers', () => {
  it('finds the staff of the caller’s town and of the areas above it, by name, role and area', async () => {
    const all = (await center.get<StaffPage>('/api/staff?pageSize=200')).body;
    expect(all.total).toBeGreaterThan(3);
    // 新兴镇 staff, and county-level staff above the town; never 红砂坝镇, never administrators or residents
    for (const s of all.items) {
      expect(s.areaCode === null || s.areaCode.startsWith('620523101') || '620523101'.startsWith(s.areaCode)).toBe(true);
      expect(s.roles).not.toContain('admin');
      expect(s.roles).not.toContain('resident');
      expect(s.roleLabels.length).toBe(s.roles.length);
      expect(Object.keys(s)).not.toContain('phone');
    }
    const names = all.items.map((s) => s.displayName);
    const worker = all.items.find((s) => s.roles.includes('grid_worker'));
    expect(worker).toBeDefined();
    const police = all.items.find((s) => s.roles.includes('dept_staff') && s.departmentName?.includes('派出所'));
    expect(police).toBeDefined();

    const byName = (await center.get<StaffPage>(`/api/staff?q=${encodeURIComponent(worker!.displayName.slice(0, 2))}`)).body;
    expect(byName.items.map((s) => s.id)).toContain(worker!.id);
    expect(byName.items.every((s) => s.displayName.includes(worker!.displayName.slice(0, 2)))).toBe(true);

    const workers = (await center.get<StaffPage>('/api/staff?role=grid_worker&pageSize=200')).body;
    expect(workers.items.length).toBeGreaterThan(0);
    expect(workers.items.every((s) => s.roles.includes('grid_worker'))).toBe(true);
    expect(workers.total).toBeLessThan(all.total);

    // an area narrows to staff working in it or above it
    const grid = worker!.areaCode!;
    const inGrid = (await center.get<StaffPage>(`/api/staff?area=${grid}&pageSize=200`)).body;
    expect(inGrid.items.map((s) => s.id)).toContain(worker!.id);
    expect(inGrid.items.every((s) => s.areaCode !== null && (s.areaCode.startsWith(grid) || grid.startsWith(s.areaCode)))).toBe(true);

    // selected ids come back for the picker's labels
    const echo = (await center.get<StaffPage>(`/api/staff?ids=${worker!.id},${police!.id}`)).body;
    expect(echo.items.map((s) => s.id).sort()).toEqual([worker!.id, police!.id].sort());
    expect(names.length).toBe(new Set(all.items.map((s) => s.id)).size);
  });

  it('answers nothing for an area outside the caller’s, and is closed to roles that pick nobody', async () => {
    expect((await center.get<StaffPage>('/api/staff?area=150981109')).body).toEqual({ items: [], total: 0 });
    const hsb = await t.login('hsb_center');
    const theirs = (await hsb.get<StaffPage>('/api/staff?pageSize=200')).body;
    expect(theirs.items.length).toBeGreaterThan(0);
    expect(theirs.items.every((s) => s.areaCode === null || !s.areaCode.startsWith('620523'))).toBe(true);
    const worker = await t.login('grid_worker');
    expect((await worker.get('/api/staff')).status).toBe(403);
  });
});

describe('helper team edits from the console', () => {
  it('keeps a member’s phone on file when the team is saved again without a new number', async () => {
    const grid = (await center.get<{ items: { areaCode: string }[] }>('/api/households?pageSize=1')).body.items[0].areaCode;
    const person = (await center.post<{ id: number }>('/api/people', { areaCode: grid, name: '帮扶电话测试' })).body.id;
    const police = (await center.get<StaffPage>('/api/staff?role=dept_staff')).body.items[0];
    const created = await center.post<{ id: number }>('/api/special-persons', {
      personId: person,
      category: 'mental',
      details: { diagnosis: '精神分裂症' },
      team: [
        { role: 'guardian', name: '监护人某丁', phone: '13912345678' },
        { role: 'police', name: police.displayName, userId: police.id, phone: '13887654321' },
      ],
    });
    expect(created.status).toBe(201);
    type Detail = { version: number; team: { role: string; name: string; userId: number | null; phoneMasked: string | null }[] };
    const before = (await center.get<Detail>(`/api/special-persons/${created.body.id}`)).body;
    expect(before.team.map((m) => m.phoneMasked)).toEqual(['139****5678', '138****4321']);
    // the editor sends back who is on the team; numbers are only retyped when they change
    const saved = await center.request('PUT', `/api/special-persons/${created.body.id}/team`, {
      version: before.version,
      members: [
        { role: 'guardian', name: '监护人某丁' },
        { role: 'police', name: police.displayName, userId: police.id },
        { role: 'grid_worker', name: '新网格员' },
      ],
    });
    expect(saved.status).toBe(200);
    const after = (await center.get<Detail>(`/api/special-persons/${created.body.id}`)).body;
    expect(after.team.map((m) => [m.role, m.phoneMasked])).toEqual([
      ['guardian', '139****5678'],
      ['police', '138****4321'],
      ['grid_worker', null],
    ]);
    // a different person in the post does not inherit the number
    const replaced = await center.request('PUT', `/api/special-persons/${created.body.id}/team`, {
      version: after.version,
      members: [{ role: 'guardian', name: '另一监护人' }],
    });
    expect(replaced.status).toBe(200);
    const last = (await center.get<Detail>(`/api/special-persons/${created.body.id}`)).body;
    expect(last.team).toMatchObject([{ role: 'guardian', name: '另一监护人', phoneMasked: null }]);
  });
});

describe('households from the console', () => {
  it('names the head of a household when its 户主 is registered', async () => {
    const grid = (await center.get<{ items: { areaCode: string }[] }>('/api/households?pageSize=1')).body.items[0].areaCode;
    const hh = await center.post<{ id: number }>('/api/households', { areaCode: grid, householdNo: `HC-${Date.now() % 100000}` });
    expect(hh.status).toBe(201);
    expect((await center.get<{ headName: string | null }>(`/api/households/${hh.body.id}`)).body.headName).toBeNull();
    await center.post('/api/people', { areaCode: grid, householdId: hh.body.id, name: '户主某戊', relation: '户主' });
    await center.post('/api/people', { areaCode: grid, householdId: hh.body.id, name: '配偶某己', relation: '配偶' });
    const after = (await center.get<{ headName: string | null; members: number }>(`/api/households/${hh.body.id}`)).body;
    expect(after).toMatchObject({ headName: '户主某戊', members: 2 });
  });
});
