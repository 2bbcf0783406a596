/**
 * Demo areas (DESIGN §15): grids under the real villages, generated boundaries for every level from
 * the county down (marked boundaryGenerated), households and population per grid, the responsible
 * people of 新兴镇 and 红砂坝镇 by post, and 新兴镇's governance forces roster with the seed report's
 * counts. Names are obviously fictitious (网格员甲001). Deterministic: the same regions give the same data.
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { childCode } from '../../domain/area-code';
import {
  type AreaGeometry,
  type BBox,
  bboxOf,
  bboxUnion,
  boxAround,
  boxPolygon,
  type Quad,
  quadOfBox,
  quadPolygon,
  seededRandom,
  splitQuad,
} from '../../domain/geo';
import { maskPhone } from '../../domain/id-card';
import type { AppContext } from '../platform/context';
import { areaPosts, areas, forces, users } from '../platform/db/schema';

/** Grids per town as the seed reports give them; other towns get one grid per village. */
export const GRID_COUNTS: Record<string, number> = { '620523101': 115, '150981109': 79 };

/** 新兴镇's 群防群治 roster as its report counts it ("全镇共建立村综治信息员181人、治安户长447人 …"). */
export const XINXING_FORCE_COUNTS: Record<string, number> = {
  综治信息员: 181,
  治安户长: 447,
  护村联防队员: 266,
  流动人口协管员: 266,
  村民议事会: 181,
  村治保会: 181,
  村调委会: 160,
};

const FORCE_NAME_STEM: Record<string, string> = {
  综治信息员: '信息员',
  治安户长: '户长',
  护村联防队员: '联防队员',
  流动人口协管员: '协管员',
  村民议事会: '议事会成员',
  村治保会: '治保会成员',
  村调委会: '调委会成员',
};

/** Towns whose people by post are seeded, with the letter that makes their names fictitious. */
const POSTED_TOWNS: Record<string, string> = { '620523101': '甲', '150981109': '乙' };

/** Approximate real centres and a plausible size (km) of the seed counties. */
const COUNTY_PLACES: Record<string, { lng: number; lat: number; w: number; h: number }> = {
  '620523': { lng: 105.33, lat: 34.74, w: 44, h: 36 },
  '620621': { lng: 103.09, lat: 38.62, w: 70, h: 56 },
  '620722': { lng: 100.81, lat: 38.43, w: 56, h: 48 },
  '150981': { lng: 113.16, lat: 40.44, w: 50, h: 56 },
};
/** Cities whose counties share one box around the city centre (湛江's five districts). */
const CITY_PLACES: Record<string, { lng: number; lat: number }> = { '4408': { lng: 110.36, lat: 21.27 } };

/** Demo posts start here; the one ended post of the demo grid ends at HANDOVER. */
const POSTS_SINCE = new Date('2025-01-01T00:00:00+08:00');
const HANDOVER = new Date('2025-09-01T00:00:00+08:00');

type AreaInsert = typeof areas.$inferInsert;
type RegionRow = { code: string; name: string; level: string; parentCode: string | null };

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

/** Where each county sits: its own box, a cell of its city's box, or (unknown regions) a hashed place. */
function countyQuads(counties: RegionRow[]): Map<string, Quad> {
  const out = new Map<string, Quad>();
  const shared = groupBy(
    counties.filter((c) => !COUNTY_PLACES[c.code] && CITY_PLACES[c.code.slice(0, 4)]),
    (c) => c.code.slice(0, 4),
  );
  for (const [city, list] of shared) {
    const p = CITY_PLACES[city];
    const side = 36 * Math.sqrt(list.length);
    const cells = splitQuad(quadOfBox(boxAround(p.lng, p.lat, side * 1.2, side)), list.length, `city-${city}`);
    list.forEach((c, i) => {
      out.set(c.code, cells[i]);
    });
  }
  for (const c of counties) {
    if (out.has(c.code)) continue;
    const known = COUNTY_PLACES[c.code];
    if (known) {
      out.set(c.code, quadOfBox(boxAround(known.lng, known.lat, known.w, known.h)));
      continue;
    }
    const rand = seededRandom(`county-${c.code}`);
    out.set(c.code, quadOfBox(boxAround(100 + rand() * 18, 24 + rand() * 16, 45, 38)));
  }
  return out;
}

type PlannedGrid = AreaInsert & { code: string; name: string; parentCode: string };

/** Grids per village: a town's total spread evenly, the first villages taking the remainder. */
function planGrids(villages: RegionRow[]): PlannedGrid[] {
  const rows: PlannedGrid[] = [];
  for (const [town, vs] of groupBy(villages, (v) => v.code.slice(0, 9))) {
    const total = GRID_COUNTS[town] ?? vs.length;
    vs.forEach((v, i) => {
      const n = Math.floor(total / vs.length) + (i < total % vs.length ? 1 : 0);
      const rand = seededRandom(`households-${v.code}`);
      for (let k = 1; k <= n; k++) {
        // 新兴镇's grids hold 150–400 households, 红砂坝镇's rural ones fewer, single-grid villages a whole village
        const [lo, hi] = town === '620523101' ? [150, 400] : town === '150981109' ? [110, 280] : [180, 650];
        const households = lo + Math.floor(rand() * (hi - lo + 1));
        const population = Math.round(households * (2.6 + rand() * 0.9));
        const specialised = town in GRID_COUNTS && v.name.endsWith('社区') && n >= 3 && k === n;
        rows.push({
          code: childCode(v.code, k),
          name: `${v.name}第${k}网格`,
          level: 'grid',
          parentCode: v.code,
          gridType: specialised ? '专属网格' : '综合网格',
          households,
          population,
          boundaryGenerated: true,
        });
      }
    });
  }
  return rows;
}

/**
 * Boundaries from the county down as nested convex quads; cities get the box of their counties and
 * provinces the boxes of their cities.
 */
function planBoundaries(regions: RegionRow[], grids: PlannedGrid[]): Map<string, AreaGeometry> {
  const geo = new Map<string, AreaGeometry>();
  const quads = new Map<string, Quad>();
  const childrenOf = groupBy(
    [...regions, ...grids.map((g) => ({ code: g.code, name: g.name, level: 'grid', parentCode: g.parentCode }))].filter((r) => r.parentCode),
    (r) => r.parentCode!,
  );
  const counties = regions.filter((r) => r.level === 'county').sort((a, b) => a.code.localeCompare(b.code));
  for (const [code, q] of countyQuads(counties)) quads.set(code, q);
  // breadth-first: each parent's quad is split among its children in code order
  let frontier = counties.map((c) => c.code);
  while (frontier.length) {
    const next: string[] = [];
    for (const parent of frontier) {
      const kids = (childrenOf.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code));
      if (!kids.length) continue;
      const cells = splitQuad(quads.get(parent)!, kids.length, `split-${parent}`);
      kids.forEach((k, i) => {
        quads.set(k.code, cells[i]);
        next.push(k.code);
      });
    }
    frontier = next;
  }
  for (const [code, q] of quads) geo.set(code, quadPolygon(q));
  const boxOf = (codes: string[]): BBox => bboxUnion(codes.map((c) => bboxOf(geo.get(c)!)));
  const cities = regions.filter((r) => r.level === 'city');
  for (const city of cities) {
    const kids = counties.filter((c) => c.parentCode === city.code && geo.has(c.code)).map((c) => c.code);
    if (kids.length) geo.set(city.code, boxPolygon(boxOf(kids)));
  }
  for (const prov of regions.filter((r) => r.level === 'province')) {
    const parts = cities.filter((c) => c.parentCode === prov.code && geo.has(c.code)).map((c) => geo.get(c.code)!);
    if (parts.length === 1) geo.set(prov.code, parts[0]);
    else if (parts.length > 1) {
      geo.set(prov.code, { type: 'MultiPolygon', coordinates: parts.map((p) => (p.type === 'Polygon' ? p.coordinates : p.coordinates[0])) });
    }
  }
  return geo;
}

type PostInsert = typeof areaPosts.$inferInsert;

/** 包抓领导 of each posted town and its villages; 网格长 and 专职网格员 per grid; 1+N+X teams on every tenth grid. */
function planPosts(regions: RegionRow[], grids: PlannedGrid[]): PostInsert[] {
  const posts: PostInsert[] = [];
  const at = { startedAt: POSTS_SINCE };
  for (const [town, letter] of Object.entries(POSTED_TOWNS)) {
    if (!regions.some((r) => r.code === town)) continue;
    posts.push({ areaCode: town, post: '包抓领导', personName: `镇包抓领导${letter}`, ...at });
    const villages = regions.filter((r) => r.level === 'village' && r.parentCode === town).sort((a, b) => a.code.localeCompare(b.code));
    villages.forEach((v, i) => {
      posts.push({ areaCode: v.code, post: '包抓领导', personName: `包抓干部${letter}${pad(i + 1, 2)}`, ...at });
    });
    const townGrids = grids.filter((g) => g.code.startsWith(town));
    townGrids.forEach((g, i) => {
      const n = pad(i + 1, 3);
      posts.push({ areaCode: g.code, post: '网格长', personName: `网格长${letter}${n}`, ...at });
      posts.push({
        areaCode: g.code,
        post: '专职网格员',
        personName: `网格员${letter}${n}`,
        phoneMasked: maskPhone(`1390000${pad(i + 1, 4)}`),
        ...at,
      });
      if (i % 10 === 0) {
        const team = i / 10 + 1;
        for (const specialty of ['民警', '调解员', '法律顾问', '社会力量']) {
          posts.push({ areaCode: g.code, post: '1+N+X成员', specialty, personName: `${specialty}${letter}${pad(team, 2)}`, ...at });
        }
      }
    });
  }
  return posts;
}

function planForces(regions: RegionRow[]): (typeof forces.$inferInsert)[] {
  const town = '620523101';
  const villages = regions.filter((r) => r.level === 'village' && r.parentCode === town).sort((a, b) => a.code.localeCompare(b.code));
  if (!villages.length) return [];
  const rows: (typeof forces.$inferInsert)[] = [];
  for (const [kind, total] of Object.entries(XINXING_FORCE_COUNTS)) {
    let serial = 0;
    villages.forEach((v, i) => {
      const n = Math.floor(total / villages.length) + (i < total % villages.length ? 1 : 0);
      for (let k = 0; k < n; k++) {
        serial++;
        rows.push({ areaCode: v.code, kind, personName: `${FORCE_NAME_STEM[kind]}甲${pad(serial, 3)}`, createdAt: POSTS_SINCE });
      }
    });
  }
  return rows;
}

async function insertBatched<T>(rows: T[], size: number, insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function seedDemoAreas(ctx: AppContext): Promise<void> {
  const regions: RegionRow[] = await ctx.db
    .select({ code: areas.code, name: areas.name, level: areas.level, parentCode: areas.parentCode })
    .from(areas)
    .orderBy(areas.code);
  const villages = regions.filter((r) => r.level === 'village');
  const grids = planGrids(villages);
  const geo = planBoundaries(regions, grids);

  const regionRows: AreaInsert[] = regions
    .filter((r) => geo.has(r.code))
    .map((r) => ({ ...r, boundary: geo.get(r.code), boundaryGenerated: true }));
  await insertBatched(regionRows, 500, (batch) =>
    ctx.db
      .insert(areas)
      .values(batch)
      .onConflictDoUpdate({
        target: areas.code,
        set: { boundary: sql`excluded.boundary`, boundaryGenerated: sql`excluded.boundary_generated` },
      }),
  );
  const gridRows = grids.map((g) => ({ ...g, boundary: geo.get(g.code) ?? null }));
  await insertBatched(gridRows, 500, (batch) => ctx.db.insert(areas).values(batch));
  await insertBatched(planPosts(regions, grids), 500, (batch) => ctx.db.insert(areaPosts).values(batch));
  await insertBatched(planForces(regions), 1000, (batch) => ctx.db.insert(forces).values(batch));
}

/**
 * After the demo accounts exist: the grid workers take the 专职网格员 post of their grid (the
 * previous holder's post ends, so the demo grid shows a history), the 新兴镇 leader the town's 包抓领导.
 */
export async function linkDemoUserPosts(ctx: AppContext): Promise<void> {
  const demo = await ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, scopes: users.scopes })
    .from(users)
    .where(inArray(users.username, ['grid_worker', 'hsb_grid_worker', 'leader']));
  for (const u of demo) {
    const area = u.scopes[0];
    if (!area) continue;
    const post = u.username === 'leader' ? '包抓领导' : '专职网格员';
    const personName = u.displayName.split(' ').pop() ?? u.displayName;
    const current = and(eq(areaPosts.areaCode, area), eq(areaPosts.post, post), isNull(areaPosts.endedAt));
    if (u.username === 'leader') {
      await ctx.db.update(areaPosts).set({ personName, userId: u.id }).where(current);
      continue;
    }
    await ctx.db.update(areaPosts).set({ endedAt: HANDOVER }).where(current);
    await ctx.db.insert(areaPosts).values({
      areaCode: area,
      post,
      personName,
      userId: u.id,
      phoneMasked: maskPhone('13900009999'),
      startedAt: HANDOVER,
    });
  }
}
