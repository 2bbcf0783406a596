/**
 * The read shapes changed for city scale (issue #10), on PGlite and PostgreSQL: a case list stops counting at
 * LIST_TOTAL_CAP and says so; the duplicate search, which now looks only at the grids around a report, still finds a
 * duplicate across a grid boundary; the desk counts (one indexed count per desk) equal the lists behind them.
 */
import { and, eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaGeometry } from '../../src/domain/geo';
import { gridsAt } from '../../src/server/modules/areas/grid-index';
import { DESK_COUNT_CAP, LIST_TOTAL_CAP } from '../../src/server/modules/cases/cases.service';
import { areas, cases } from '../../src/server/platform/db/schema';
import { type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe('case reads at scale', () => {
  it('caps the list total at LIST_TOTAL_CAP and says the real number is larger', async () => {
    const centre = await t.login('county_center');
    const [grid] = await t.ctx.db
      .select({ code: areas.code })
      .from(areas)
      .where(and(eq(areas.level, 'grid'), like(areas.code, '620523101%')))
      .limit(1);
    // copies of one reported case under a title of their own, numbered apart from the real ones
    const centreAtGrid = await t.login('town_center');
    const made = await centreAtGrid.post('/api/cases', {
      kind: 'event',
      title: '上限测试原件',
      description: '列表总数上限测试',
      categoryCode: 'municipal',
      areaCode: grid.code,
    });
    expect(made.status).toBe(201);
    await t.ctx.db.execute(sql`
      INSERT INTO cases (number, kind, status, area_code, tier, grade, category_code, title, description, tokens, people, source, urgent,
                         reporter_id, reporter_name, created_at, updated_at)
      SELECT 'CAPTEST-' || i, kind, status, area_code, tier, grade, category_code, '上限测试', description, tokens, people, source, urgent,
             reporter_id, reporter_name, created_at, updated_at
      FROM cases, generate_series(1, ${LIST_TOTAL_CAP + 5}) AS i WHERE id = ${made.body.id}`);

    const over = await centre.get('/api/cases?q=上限测试&pageSize=5');
    expect(over.status).toBe(200);
    expect(over.body).toMatchObject({ total: LIST_TOTAL_CAP, totalCapped: true });
    expect(over.body.items).toHaveLength(5);

    const exact = await centre.get('/api/cases?q=上限测试原件');
    expect(exact.body).toMatchObject({ total: 1, totalCapped: false });
    // the desk tabs stop counting at DESK_COUNT_CAP too (the badge shows 999+)
    expect((await centre.get('/api/cases/counts')).body.intake).toBe(DESK_COUNT_CAP);
    await t.ctx.db.delete(cases).where(like(cases.number, 'CAPTEST-%'));
  });

  it('finds a duplicate reported just across the boundary in the next grid', async () => {
    const centre = await t.login('town_center');
    const rows = await t.ctx.db
      .select({ code: areas.code, boundary: areas.boundary })
      .from(areas)
      .where(and(eq(areas.level, 'grid'), like(areas.code, '620523101%')));
    // walk the edges of the town's grids: a point 20 m inside one edge, and 20 m outside it inside another grid
    let pair: { a: [number, number]; b: [number, number]; ga: string; gb: string } | null = null;
    for (const r of rows) {
      const g = r.boundary as AreaGeometry | null;
      if (g?.type !== 'Polygon') continue;
      const ring = g.coordinates[0];
      for (let i = 0; i + 1 < ring.length && !pair; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[i + 1];
        const mx = (x1 + x2) / 2;
        const my = (y1 + y2) / 2;
        const len = Math.hypot(x2 - x1, y2 - y1);
        if (len === 0) continue;
        const d = 20 / 111_000; // ≈ 20 m in degrees
        const nx = (-(y2 - y1) / len) * d;
        const ny = ((x2 - x1) / len) * d;
        for (const s of [1, -1]) {
          const a: [number, number] = [mx + s * nx, my + s * ny];
          const b: [number, number] = [mx - s * nx, my - s * ny];
          const [ga] = await gridsAt(t.ctx, a[0], a[1]);
          const [gb] = await gridsAt(t.ctx, b[0], b[1]);
          if (ga?.code === r.code && gb && gb.code !== r.code) {
            pair = { a, b, ga: ga.code, gb: gb.code };
            break;
          }
        }
      }
      if (pair) break;
    }
    expect(pair, 'two neighbouring grids in the demo town').not.toBeNull();
    const body = (lng: number, lat: number) => ({
      kind: 'event',
      title: '边界处路灯不亮',
      description: '两个网格交界处的路灯夜间不亮',
      categoryCode: 'municipal',
      lng,
      lat,
    });
    const first = await centre.post('/api/cases', body(...pair!.a));
    expect(first.status).toBe(201);
    const second = await centre.post('/api/cases', body(...pair!.b));
    expect(second.status).toBe(201);
    const [a, b] = await Promise.all([first.body.id, second.body.id].map((id) => t.ctx.db.select({ area: cases.areaCode }).from(cases).where(eq(cases.id, id))));
    expect([a[0].area, b[0].area]).toEqual([pair!.ga, pair!.gb]);
    expect(second.body.duplicates.map((d: { id: number }) => d.id)).toContain(first.body.id);
  });

  it('counts each desk exactly as its list does', async () => {
    for (const user of ['town_center', 'county_center', 'dept_police', 'leader', 'grid_worker']) {
      const c = await t.login(user);
      const counts = (await c.get('/api/cases/counts')).body as Record<string, number>;
      expect(Object.keys(counts).length).toBeGreaterThan(0);
      for (const [desk, n] of Object.entries(counts)) {
        const list = await c.get(`/api/cases?desk=${desk}&pageSize=1`);
        expect(list.status).toBe(200);
        expect(list.body.total, `${user} ${desk}`).toBe(n);
      }
    }
  });
});
