import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AreaGeometry, bboxOf, pointInGeometry, pointInside, type Position } from '../../src/domain/geo';
import { GRID_INDEX_MAX_AGE_MS, locateGrid } from '../../src/server/modules/areas/grid-index';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { areaPosts, areas, auditLog } from '../../src/server/platform/db/schema';
import { XINXING_FORCE_COUNTS } from '../../src/server/seed/demo-areas';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

const XINXING = '620523101';
const GANGU = '620523';
const FIRST_VILLAGE = '620523101001';
const WORKER_GRID = '620523101001001';
const HSB = '150981109';
const HSB_VILLAGE = '150981109200';
const HSB_GRID = '150981109200001';

let t: TestApp;
const clients = new Map<string, Client>();
const as = async (username: string) => {
  if (!clients.has(username)) clients.set(username, await t.login(username));
  return clients.get(username)!;
};

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A small square (side in degrees) centred on a point. */
function squareAt([x, y]: Position, side: number): AreaGeometry {
  const h = side / 2;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x - h, y - h],
        [x + h, y - h],
        [x + h, y + h],
        [x - h, y + h],
        [x - h, y - h],
      ],
    ],
  };
}

describe('area reads', () => {
  it('shows a town to its centre with path, counts, totals and a generated boundary', async () => {
    const c = await as('town_center');
    const res = await c.get(`/api/areas/${XINXING}`);
    expect(res.status).toBe(200);
    const a = res.body;
    expect(a).toMatchObject({ code: XINXING, name: '新兴镇', level: 'town', levelLabel: '乡镇(街道)', parentCode: GANGU, status: 'active' });
    expect(a.path.map((p: { code: string }) => p.code)).toEqual(['62', '6205', GANGU]);
    expect(a.path[2].name).toBe('甘谷县');
    expect(a.childCount).toBe(48);
    expect(a.boundary.type).toBe('Polygon');
    expect(a.boundaryGenerated).toBe(true);
    expect(a.version).toBeGreaterThan(0);
    // totals are the sums over the town's grids
    const [sum] = await t.ctx.db
      .select({ h: sql<string>`sum(${areas.households})`, p: sql<string>`sum(${areas.population})`, n: sql<string>`count(*)` })
      .from(areas)
      .where(and(eq(areas.level, 'grid'), sql`${areas.code} like ${`${XINXING}%`}`));
    expect(Number(sum.n)).toBe(115);
    expect(a.households).toBe(Number(sum.h));
    expect(a.population).toBe(Number(sum.p));
    expect(a.households / 115).toBeGreaterThanOrEqual(150);
    expect(a.households / 115).toBeLessThanOrEqual(400);
  });

  it('lists a town’s villages with their grid counts, without boundaries', async () => {
    const res = await (await as('town_center')).get(`/api/areas/${XINXING}/children`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(48);
    const grids = res.body.items.reduce((s: number, v: { childCount: number }) => s + v.childCount, 0);
    expect(grids).toBe(115);
    const first = res.body.items[0];
    expect(first.code).toBe(FIRST_VILLAGE);
    expect(first.level).toBe('village');
    expect(first.boundary).toBeUndefined();
    expect(first.hasBoundary).toBe(true);
    expect(first.path.at(-1)).toEqual({ code: XINXING, name: '新兴镇' });
    const villageGrids = await (await as('town_center')).get(`/api/areas/${FIRST_VILLAGE}/children`);
    expect(villageGrids.body.items.reduce((s: number, g: { households: number }) => s + g.households, 0)).toBe(first.households);
  });

  it('keeps 红砂坝镇 invisible to 新兴镇: area, children, boundaries, posts, forces all 404', async () => {
    const c = await as('town_center');
    for (const url of [
      `/api/areas/${HSB_GRID}`,
      `/api/areas/${HSB_GRID}/boundaries`,
      `/api/areas/${HSB}`,
      `/api/areas/${HSB}/children`,
      `/api/areas/${HSB}/boundaries`,
      `/api/areas/${HSB_VILLAGE}/posts`,
      `/api/areas/${HSB}/forces/summary`,
      `/api/areas/${HSB}/forces`,
      '/api/areas/150981',
    ]) {
      const res = await c.get(url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    // and the other way round
    expect((await (await as('hsb_center')).get(`/api/areas/${XINXING}`)).status).toBe(404);
    expect((await (await as('hsb_center')).get(`/api/areas/${HSB_GRID}/boundaries`)).status).toBe(200);
  });

  it('lets an actor read the ancestors of its scope to navigate, seeing only its own branch', async () => {
    const c = await as('town_center');
    const county = await c.get(`/api/areas/${GANGU}`);
    expect(county.status).toBe(200);
    expect(county.body.childCount).toBe(1);
    // the county's figures are those of the part the actor may see
    const town = await c.get(`/api/areas/${XINXING}`);
    expect(county.body.households).toBe(town.body.households);
    const kids = await c.get(`/api/areas/${GANGU}/children`);
    expect(kids.body.items.map((k: { code: string }) => k.code)).toEqual([XINXING]);
    const shapes = await c.get(`/api/areas/${GANGU}/boundaries`);
    expect(shapes.body.features.map((f: { id: string }) => f.id)).toEqual([XINXING]);
    expect((await c.get('/api/areas/62')).status).toBe(200);
    // a sibling town is not an ancestor
    expect((await c.get('/api/areas/620523102')).status).toBe(404);
  });

  it('gives a grid worker its grid and the way up to it, nothing beside it', async () => {
    const c = await as('grid_worker');
    const grid = await c.get(`/api/areas/${WORKER_GRID}`);
    expect(grid.status).toBe(200);
    expect(grid.body).toMatchObject({ level: 'grid', gridType: '综合网格', levelLabel: '网格' });
    expect(grid.body.households).toBeGreaterThanOrEqual(150);
    expect((await c.get('/api/areas/620523101001002')).status).toBe(404);
    const village = await c.get(`/api/areas/${FIRST_VILLAGE}/children`);
    expect(village.body.items.map((g: { code: string }) => g.code)).toEqual([WORKER_GRID]);
    const roots = await c.get('/api/areas/roots');
    expect(roots.body.items.map((g: { code: string }) => g.code)).toEqual([WORKER_GRID]);
  });

  it('gives each actor its scope as the tree roots', async () => {
    const admin = await (await as('admin')).get('/api/areas/roots');
    expect(admin.body.items.map((a: { code: string }) => a.code)).toEqual(['15', '44', '62']);
    expect(admin.body.items[2].childCount).toBe(3);
    const county = await (await as('county_center')).get('/api/areas/roots');
    expect(county.body.items).toHaveLength(1);
    expect(county.body.items[0]).toMatchObject({ code: GANGU, name: '甘谷县', childCount: 15 });
    expect(county.body.items[0].path.map((p: { name: string }) => p.name)).toEqual(['甘肃省', '天水市']);
  });

  it('refuses residents, who have no area:read', async () => {
    const res = await (await as('resident')).get(`/api/areas/${FIRST_VILLAGE}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it('answers malformed and unknown codes with 400 / 404', async () => {
    const c = await as('admin');
    expect((await c.get('/api/areas/abc')).status).toBe(400);
    expect((await c.get('/api/areas/620')).status).toBe(404);
    expect((await c.get('/api/areas/620523101999999')).status).toBe(404);
  });

  it('searches by name inside the scope only', async () => {
    const town = await as('town_center');
    const res = await town.get(`/api/areas/search?q=${encodeURIComponent('社区')}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
    expect(res.body.total).toBeGreaterThanOrEqual(res.body.items.length);
    expect(res.body.items.every((a: { code: string }) => a.code.startsWith(XINXING))).toBe(true);
    // villages come before grids
    expect(res.body.items[0].level).toBe('village');
    const tucheng = encodeURIComponent('土城');
    expect((await town.get(`/api/areas/search?q=${tucheng}`)).body.total).toBe(0);
    const hsb = await (await as('hsb_center')).get(`/api/areas/search?q=${tucheng}`);
    expect(hsb.body.items[0]).toMatchObject({ code: HSB_VILLAGE, name: '土城村' });
    // LIKE wildcards are taken literally
    expect((await town.get('/api/areas/search?q=%25')).body.total).toBe(0);
    expect((await town.get('/api/areas/search?q=_')).body.total).toBe(0);
  });

  it('serves boundaries as a GeoJSON FeatureCollection for the map', async () => {
    const c = await as('town_center');
    const town = await c.get(`/api/areas/${XINXING}/boundaries`);
    expect(town.status).toBe(200);
    expect(town.body.type).toBe('FeatureCollection');
    expect(town.body.features).toHaveLength(48);
    expect(town.body.bbox).toHaveLength(4);
    expect(town.body.features[0].properties).toEqual({ code: FIRST_VILLAGE, name: expect.any(String), level: 'village', generated: true });
    const village = await c.get(`/api/areas/${FIRST_VILLAGE}/boundaries`);
    expect(village.body.features.length).toBeGreaterThanOrEqual(2);
    expect(village.body.features.every((f: { properties: { level: string } }) => f.properties.level === 'grid')).toBe(true);
    const grid = await c.get(`/api/areas/${WORKER_GRID}/boundaries`);
    expect(grid.body.features.map((f: { id: string }) => f.id)).toEqual([WORKER_GRID]);
    // each grid lies inside its village
    const villageShape = (await c.get(`/api/areas/${FIRST_VILLAGE}`)).body.boundary as AreaGeometry;
    for (const f of village.body.features) {
      const [x, y] = pointInside(f.geometry);
      expect(pointInGeometry(villageShape, x, y)).toBe(true);
    }
  });
});

describe('locating a point', () => {
  it('finds the generated grid that contains a point', async () => {
    const c = await as('town_center');
    const grid = (await c.get('/api/areas/620523101002002')).body;
    const [lng, lat] = pointInside(grid.boundary);
    const res = await c.get(`/api/areas/locate?lng=${lng}&lat=${lat}`);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('620523101002002');
    expect(await locateGrid(t.ctx, lng, lat)).toEqual({ code: '620523101002002', name: grid.name });
  });

  it('answers 404 outside every grid and outside the scope', async () => {
    const town = await as('town_center');
    expect((await town.get('/api/areas/locate?lng=0&lat=0')).status).toBe(404);
    expect(await locateGrid(t.ctx, 0, 0)).toBeNull();
    const hsbGrid = (await (await as('hsb_center')).get(`/api/areas/${HSB_GRID}`)).body;
    const [lng, lat] = pointInside(hsbGrid.boundary);
    expect((await town.get(`/api/areas/locate?lng=${lng}&lat=${lat}`)).status).toBe(404);
    expect((await (await as('hsb_center')).get(`/api/areas/locate?lng=${lng}&lat=${lat}`)).body.code).toBe(HSB_GRID);
  });

  it('picks up boundary changes made by another instance once the index is a minute old', async () => {
    const code = '620523101003001';
    const before = (await (await as('town_center')).get(`/api/areas/${code}`)).body;
    const [lng, lat] = pointInside(before.boundary);
    expect((await locateGrid(t.ctx, lng, lat))?.code).toBe(code);
    // another instance moves the grid far away (bumping version and updated_at, as every write does)
    const moved = squareAt([0.5, 0.5], 0.01);
    const now = new Date();
    const bump = { version: sql`${areas.version} + 1`, updatedAt: now };
    await t.ctx.db.update(areas).set({ boundary: moved, ...bump }).where(eq(areas.code, code));
    expect((await locateGrid(t.ctx, lng, lat))?.code).toBe(code);
    t.setNow(new Date(now.getTime() + GRID_INDEX_MAX_AGE_MS + 5000));
    try {
      expect(await locateGrid(t.ctx, lng, lat)).toBeNull();
      expect((await locateGrid(t.ctx, 0.5, 0.5))?.code).toBe(code);
    } finally {
      await t.ctx.db.update(areas).set({ boundary: before.boundary, ...bump }).where(eq(areas.code, code));
      t.setNow(new Date(now.getTime() + 3 * GRID_INDEX_MAX_AGE_MS));
      const restored = await locateGrid(t.ctx, lng, lat);
      t.setNow(new Date());
      expect(restored?.code).toBe(code);
    }
  });
});

describe('grid management', () => {
  let villageShape: AreaGeometry;
  let newCode: string;
  let spot: Position;

  beforeAll(async () => {
    villageShape = (await (await as('town_center')).get(`/api/areas/${FIRST_VILLAGE}`)).body.boundary;
  });

  it('creates a grid with the next free serial and a drawn boundary, found by locate at once', async () => {
    const c = await as('town_center');
    const before = await c.get(`/api/areas/${FIRST_VILLAGE}/children?status=all`);
    const last = before.body.items.at(-1).code as string;
    spot = pointInside(villageShape);
    const b = bboxOf(villageShape);
    const boundary = squareAt(spot, Math.min(b.maxX - b.minX, b.maxY - b.minY) / 20);
    const res = await c.post('/api/areas', {
      parentCode: FIRST_VILLAGE,
      name: '姚庄社区新建网格',
      households: 210,
      population: 640,
      boundary,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    newCode = res.body.code;
    expect(newCode).toBe(FIRST_VILLAGE + String(Number(last.slice(12)) + 1).padStart(3, '0'));
    expect(res.body).toMatchObject({ level: 'grid', gridType: '综合网格', households: 210, population: 640, version: 1, boundaryGenerated: false });
    expect(res.body.boundary.type).toBe('Polygon');
    // the smaller, newer grid wins the point over the generated grid underneath
    const located = await c.get(`/api/areas/locate?lng=${spot[0]}&lat=${spot[1]}`);
    expect(located.body.code).toBe(newCode);
    const [audit] = await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'area.create'), eq(auditLog.targetId, newCode)));
    expect(audit.actorName).toBe('town_center');
  });

  it('refuses a taken code, a wrong parent, a parent out of scope, and non-managers', async () => {
    const c = await as('town_center');
    const taken = await c.post('/api/areas', { parentCode: FIRST_VILLAGE, code: WORKER_GRID, name: '重复' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'AREA_EXISTS', field: 'code' });
    const town = await c.post('/api/areas', { parentCode: XINXING, name: '镇下网格' });
    expect(town.status).toBe(400);
    expect(town.body.error).toMatchObject({ code: 'AREA_BAD_PARENT', field: 'parentCode' });
    const wrongShape = await c.post('/api/areas', { parentCode: FIRST_VILLAGE, code: '620523101002009', name: '错位编码' });
    expect(wrongShape.body.error).toMatchObject({ code: 'BAD_AREA_CODE', field: 'code' });
    const outside = await c.post('/api/areas', { parentCode: HSB_VILLAGE, name: '越界网格' });
    expect(outside.status).toBe(403);
    expect(outside.body.error).toMatchObject({ code: 'OUT_OF_SCOPE', field: 'parentCode' });
    const worker = await (await as('grid_worker')).post('/api/areas', { parentCode: FIRST_VILLAGE, name: '网格员建网格' });
    expect(worker.status).toBe(403);
    expect(worker.body.error.code).toBe('FORBIDDEN');
  });

  it('rejects bad geometry with BAD_GEOMETRY on the boundary field', async () => {
    const c = await as('town_center');
    const bowTie = {
      type: 'Polygon',
      coordinates: [
        [
          [105.3, 34.7],
          [105.31, 34.71],
          [105.31, 34.7],
          [105.3, 34.71],
          [105.3, 34.7],
        ],
      ],
    };
    for (const boundary of [bowTie, { type: 'Point', coordinates: [105.3, 34.7] }, { type: 'Polygon', coordinates: [[[105.3, 34.7], [105.31, 34.7], [105.31, 34.71]]] }]) {
      const res = await c.post('/api/areas', { parentCode: FIRST_VILLAGE, name: '坏边界', boundary });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_GEOMETRY');
      expect(res.body.error.field).toBe('boundary');
      expect(res.body.error.message).toMatch(/网格边界无效/);
    }
    const patch = await c.patch(`/api/areas/${WORKER_GRID}`, { version: 1, boundary: bowTie });
    expect(patch.body.error).toMatchObject({ code: 'BAD_GEOMETRY', field: 'boundary' });
    expect(patch.body.error.details.problem).toBe('self_intersection');
  });

  it('edits a grid with a version check: a stale version answers 409', async () => {
    const c = await as('town_center');
    const res = await c.patch(`/api/areas/${newCode}`, { version: 1, name: '姚庄社区第九网格', gridType: '专属网格', households: 230, note: '学校周边' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ name: '姚庄社区第九网格', gridType: '专属网格', households: 230, population: 640, note: '学校周边', version: 2 });
    const stale = await c.patch(`/api/areas/${newCode}`, { version: 1, name: '晚到的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect((await c.get(`/api/areas/${newCode}`)).body.name).toBe('姚庄社区第九网格');
  });

  it('edits only grids and micro-grids, and only inside the scope', async () => {
    const c = await as('town_center');
    const village = await c.patch(`/api/areas/${FIRST_VILLAGE}`, { version: 1, name: '改村名' });
    expect(village.status).toBe(400);
    expect(village.body.error.code).toBe('AREA_NOT_EDITABLE');
    expect((await c.patch(`/api/areas/${HSB_GRID}`, { version: 1, name: '越界' })).status).toBe(404);
    // an ancestor is readable, not editable
    expect((await (await as('grid_worker')).get(`/api/areas/${FIRST_VILLAGE}`)).status).toBe(200);
  });

  it('clears a boundary when PATCHed with null, dropping the grid from locate', async () => {
    const c = await as('town_center');
    const version = (await c.get(`/api/areas/${newCode}`)).body.version;
    const cleared = await c.patch(`/api/areas/${newCode}`, { version, boundary: null });
    expect(cleared.body).toMatchObject({ boundary: null, hasBoundary: false });
    const located = await c.get(`/api/areas/locate?lng=${spot[0]}&lat=${spot[1]}`);
    expect(located.body.code).not.toBe(newCode);
    expect(located.body.code.startsWith(FIRST_VILLAGE)).toBe(true);
  });

  it('refuses to retire a grid with active micro-grids, then retires bottom-up', async () => {
    const c = await as('town_center');
    const micro = await c.post('/api/areas', { parentCode: newCode, name: '1号楼', households: 36, population: 98 });
    expect(micro.status, JSON.stringify(micro.body)).toBe(201);
    expect(micro.body.code).toBe(`${newCode}001`);
    expect(micro.body.level).toBe('microgrid');
    expect(micro.body.gridType).toBeNull();
    expect((await c.get(`/api/areas/${newCode}`)).body.childCount).toBe(1);

    const refused = await c.post(`/api/areas/${newCode}/retire`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('AREA_HAS_CHILDREN');
    expect((await c.get(`/api/areas/${newCode}`)).body.status).toBe('active');

    const stale = await c.post(`/api/areas/${micro.body.code}/retire`, { version: 7 });
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    const retiredMicro = await c.post(`/api/areas/${micro.body.code}/retire`, { version: 1 });
    expect(retiredMicro.status).toBe(200);
    expect(retiredMicro.body.status).toBe('retired');

    await c.post(`/api/areas/${newCode}/posts`, { post: '专职网格员', personName: '网格员测试' });
    const retired = await c.post(`/api/areas/${newCode}/retire`, {});
    expect(retired.status, JSON.stringify(retired.body)).toBe(200);
    expect(retired.body.status).toBe('retired');
    // its posts end with it
    expect((await c.get(`/api/areas/${newCode}/posts`)).body.total).toBe(0);
    expect((await c.get(`/api/areas/${newCode}/posts?history=1`)).body.items[0].endedAt).not.toBeNull();

    const again = await c.patch(`/api/areas/${newCode}`, { version: retired.body.version, name: '复活' });
    expect(again.body.error.code).toBe('AREA_RETIRED');
    const under = await c.post('/api/areas', { parentCode: newCode, name: '撤销网格下的楼' });
    expect(under.body.error).toMatchObject({ code: 'AREA_RETIRED', field: 'parentCode' });
    const active = await c.get(`/api/areas/${FIRST_VILLAGE}/children`);
    expect(active.body.items.map((g: { code: string }) => g.code)).not.toContain(newCode);
    const gone = await c.get(`/api/areas/${FIRST_VILLAGE}/children?status=retired`);
    expect(gone.body.items.map((g: { code: string }) => g.code)).toEqual([newCode]);
    // retired codes are not reused
    const next = await c.post('/api/areas', { parentCode: FIRST_VILLAGE, name: '又一个网格' });
    expect(next.body.code > newCode).toBe(true);
  });
});

describe('posts', () => {
  it('shows the demo grid worker on its grid, linked to the account, with the previous holder in history', async () => {
    const c = await as('grid_worker');
    const current = await c.get(`/api/areas/${WORKER_GRID}/posts`);
    expect(current.status).toBe(200);
    const workers = current.body.items.filter((p: { post: string }) => p.post === '专职网格员');
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatchObject({ personName: '李演示', endedAt: null });
    const me = await c.get('/api/auth/me');
    expect(workers[0].userId).toBe(me.body.id);
    expect(current.body.items.some((p: { post: string }) => p.post === '网格长')).toBe(true);
    const history = await c.get(`/api/areas/${WORKER_GRID}/posts?history=1`);
    const previous = history.body.items.find((p: { post: string; endedAt: string | null }) => p.post === '专职网格员' && p.endedAt);
    expect(previous.personName).toMatch(/^网格员甲\d{3}$/);
  });

  it('seeds 包抓领导 for 新兴镇 and each of its villages, and 1+N+X teams on some grids', async () => {
    const c = await as('town_center');
    const town = await c.get(`/api/areas/${XINXING}/posts`);
    expect(town.body.items.map((p: { post: string }) => p.post)).toContain('包抓领导');
    const village = await c.get(`/api/areas/${FIRST_VILLAGE}/posts`);
    expect(village.body.items[0].post).toBe('包抓领导');
    const team = await c.get(`/api/areas/${WORKER_GRID}/posts`);
    const specialties = team.body.items.filter((p: { post: string }) => p.post === '1+N+X成员').map((p: { specialty: string }) => p.specialty);
    expect(specialties).toEqual(expect.arrayContaining(['民警', '调解员', '法律顾问', '社会力量']));
    const hsb = await (await as('hsb_center')).get(`/api/areas/${HSB_GRID}/posts`);
    expect(hsb.body.items.some((p: { personName: string }) => p.personName === '张演示')).toBe(true);
  });

  it('adds a post with a masked phone only, ends it and keeps it as history', async () => {
    const c = await as('town_center');
    const added = await c.post(`/api/areas/${WORKER_GRID}/posts`, { post: '兼职网格员', personName: '兼职测试员', phone: '138 1234 5678' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ post: '兼职网格员', phoneMasked: '138****5678', endedAt: null, areaCode: WORKER_GRID });
    const [row] = await t.ctx.db.select().from(areaPosts).where(eq(areaPosts.id, added.body.id));
    expect(JSON.stringify(row)).not.toContain('12345678');

    const ended = await c.post(`/api/areas/${WORKER_GRID}/posts/${added.body.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.endedAt).not.toBeNull();
    const current = await c.get(`/api/areas/${WORKER_GRID}/posts`);
    expect(current.body.items.map((p: { id: number }) => p.id)).not.toContain(added.body.id);
    const history = await c.get(`/api/areas/${WORKER_GRID}/posts?history=1`);
    expect(history.body.items.map((p: { id: number }) => p.id)).toContain(added.body.id);
    const twice = await c.post(`/api/areas/${WORKER_GRID}/posts/${added.body.id}/end`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('AREA_POST_ENDED');
    // the post id under another area is not found
    expect((await c.post(`/api/areas/${FIRST_VILLAGE}/posts/${added.body.id}/end`)).status).toBe(404);
  });

  it('validates posts: 1+N+X needs a specialty, phones must be numbers, out-of-scope areas are 404', async () => {
    const c = await as('town_center');
    const noSpecialty = await c.post(`/api/areas/${WORKER_GRID}/posts`, { post: '1+N+X成员', personName: '某某' });
    expect(noSpecialty.body.error).toMatchObject({ code: 'FIELD_REQUIRED', field: 'specialty' });
    const badPhone = await c.post(`/api/areas/${WORKER_GRID}/posts`, { post: '楼栋长', personName: '某某', phone: 'abc' });
    expect(badPhone.body.error).toMatchObject({ code: 'BAD_PHONE', field: 'phone' });
    const badPost = await c.post(`/api/areas/${WORKER_GRID}/posts`, { post: '村长', personName: '某某' });
    expect(badPost.body.error.code).toBe('VALIDATION_FAILED');
    const noUser = await c.post(`/api/areas/${WORKER_GRID}/posts`, { post: '网格长', personName: '某某', userId: 99999 });
    expect(noUser.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'userId' });
    expect((await c.post(`/api/areas/${HSB_GRID}/posts`, { post: '网格长', personName: '某某' })).status).toBe(404);
    const team = await c.post(`/api/areas/${WORKER_GRID}/posts`, { post: '1+N+X成员', personName: '法律顾问测试', specialty: '法律顾问' });
    expect(team.status).toBe(201);
    expect(team.body.specialty).toBe('法律顾问');
  });
});

describe('governance forces', () => {
  it('counts 新兴镇’s roster exactly as its report does', async () => {
    for (const [user, area] of [
      ['town_center', XINXING],
      ['county_center', XINXING],
      ['county_center', GANGU],
      // from an ancestor, only the actor's own part is counted
      ['town_center', GANGU],
    ]) {
      const res = await (await as(user)).get(`/api/areas/${area}/forces/summary`);
      expect(res.status).toBe(200);
      expect(Object.fromEntries(res.body.items.map((i: { kind: string; count: number }) => [i.kind, i.count]))).toEqual(XINXING_FORCE_COUNTS);
      expect(res.body.total).toBe(1682);
    }
    const hsb = await (await as('hsb_center')).get(`/api/areas/${HSB}/forces/summary`);
    expect(hsb.body.total).toBe(0);
    expect(hsb.body.items).toHaveLength(7);
  });

  it('lists members by kind with paging and adds one', async () => {
    const c = await as('town_center');
    const page = await c.get(`/api/areas/${XINXING}/forces?kind=${encodeURIComponent('村调委会')}&pageSize=50&page=2`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(160);
    expect(page.body.items).toHaveLength(50);
    expect(page.body.items[0]).toMatchObject({ kind: '村调委会', areaName: expect.any(String) });
    const village = await c.get(`/api/areas/${FIRST_VILLAGE}/forces/summary`);
    const before = village.body.items.find((i: { kind: string }) => i.kind === '治安户长').count;
    expect(before).toBe(Math.ceil(447 / 48));
    const added = await c.post(`/api/areas/${FIRST_VILLAGE}/forces`, { kind: '治安户长', personName: '户长测试' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ areaCode: FIRST_VILLAGE, kind: '治安户长', personName: '户长测试' });
    const after = await c.get(`/api/areas/${FIRST_VILLAGE}/forces/summary`);
    expect(after.body.items.find((i: { kind: string }) => i.kind === '治安户长').count).toBe(before + 1);
    expect((await c.post(`/api/areas/${FIRST_VILLAGE}/forces`, { kind: '保安', personName: 'x' })).status).toBe(400);
    expect((await c.post(`/api/areas/${HSB_VILLAGE}/forces`, { kind: '治安户长', personName: 'x' })).status).toBe(404);
    expect((await (await as('grid_worker')).post(`/api/areas/${WORKER_GRID}/forces`, { kind: '治安户长', personName: 'x' })).status).toBe(403);
  });
});

describe('map settings', () => {
  it('has no basemap by default; only an administrator sets an https tile template', async () => {
    const worker = await as('grid_worker');
    expect((await worker.get('/api/settings/map')).body).toEqual({ tileUrl: null });
    const url = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=demo';
    expect((await (await as('town_center')).request('PUT', '/api/settings/map', { tileUrl: url })).status).toBe(403);
    const admin = await as('admin');
    const http = await admin.request('PUT', '/api/settings/map', { tileUrl: 'http://tiles.example/{z}/{x}/{y}.png' });
    expect(http.body.error).toMatchObject({ code: 'BAD_TILE_URL', field: 'tileUrl' });
    const noPlaceholders = await admin.request('PUT', '/api/settings/map', { tileUrl: 'https://tiles.example/tile.png' });
    expect(noPlaceholders.body.error.code).toBe('BAD_TILE_URL');
    const ok = await admin.request('PUT', '/api/settings/map', { tileUrl: url });
    expect(ok.status).toBe(200);
    expect((await worker.get('/api/settings/map')).body).toEqual({ tileUrl: url });
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'settings.map.update'));
    expect(JSON.stringify(audit.detail)).not.toContain('tk=');
    await admin.request('PUT', '/api/settings/map', { tileUrl: null });
    expect((await worker.get('/api/settings/map')).body).toEqual({ tileUrl: null });
  });
});

describe('records and documents', () => {
  it('audits every write in an intact chain', async () => {
    const rows = await t.ctx.db.select({ action: auditLog.action }).from(auditLog).where(sql`${auditLog.action} like 'area.%' or ${auditLog.action} like 'settings.%'`);
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['area.create', 'area.update', 'area.retire', 'area.post.add', 'area.post.end', 'area.force.add', 'settings.map.update']) {
      expect(actions, a).toContain(a);
    }
    expect((await verifyAuditChain(t.ctx.db)).ok).toBe(true);
  });

  it('describes the area endpoints in the OpenAPI document', async () => {
    const doc = (await t.anon().get('/api/openapi.json')).body;
    for (const p of ['/api/areas/{code}', '/api/areas/{code}/children', '/api/areas/locate', '/api/areas/{code}/forces/summary', '/api/settings/map']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(doc.paths['/api/areas/{code}'].get.summary).toMatch(/[\u4e00-\u9fa5]/);
  });
});
