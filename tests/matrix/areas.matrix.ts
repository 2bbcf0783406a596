/**
 * Scope-matrix rows of the areas module (DESIGN §2). Areas are read by everyone holding `area:read`
 * (every role but the resident): inside their scope and up its ancestors, 404 elsewhere. Only
 * `area:manage` (administrator, centre staff) edits grids, posts and the forces roster. The record
 * "inside" is the first 新兴镇 grid; reads of its village are added because a grid has no children.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Role } from '../../src/domain/roles';
import { areaPosts, areas } from '../../src/server/platform/db/schema';
import { emptyPage, must, noOutside } from './support';
import type { MatrixEntry, MatrixFixtures, MatrixRequest, MatrixSetup } from './types';
import { INSIDE_GRID, INSIDE_VILLAGE, OUTSIDE_GRID, OUTSIDE_VILLAGE } from './types';

/** `area:read`: every role but the resident */
const READERS: Role[] = ['admin', 'center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member'];
/** `area:manage` */
const MANAGERS: Role[] = ['admin', 'center_staff'];
const EVERYONE: Role[] = [...READERS, 'resident'];

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const post = (url: string, body: unknown = {}): MatrixRequest => ({ method: 'POST', url, body });
const patch = (url: string, body: unknown): MatrixRequest => ({ method: 'PATCH', url, body });

/** A read of one area (and what hangs off it): `inside` and `outside` codes substituted for `:code`. */
function readArea(path: string, inside = INSIDE_GRID, outside = OUTSIDE_GRID, lists = true): MatrixEntry {
  return {
    endpoint: `GET /api/areas/:code${path}`,
    inside: get(`/api/areas/${inside}${path}`),
    outside: get(`/api/areas/${outside}${path}`),
    allowed: READERS,
    check: lists ? noOutside : undefined,
  };
}

/** The centre of a generated grid boundary (quadrilaterals, so the vertex mean lies inside). */
function centreOf(boundary: unknown): { lng: number; lat: number } {
  const b = boundary as { type: string; coordinates: unknown } | null;
  if (!b) throw new Error('scope matrix setup: grid without boundary');
  const ring = (b.type === 'Polygon' ? (b.coordinates as number[][][])[0] : (b.coordinates as number[][][][])[0][0]).slice(0, -1);
  return { lng: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
}

export const setup: MatrixSetup = async (t) => {
  const fx: MatrixFixtures = {};
  const admin = await t.login('admin');
  for (const [key, code] of [
    ['inside', INSIDE_GRID],
    ['outside', OUTSIDE_GRID],
  ] as const) {
    const [row] = await t.ctx.db.select({ boundary: areas.boundary }).from(areas).where(eq(areas.code, code));
    const c = centreOf(row?.boundary);
    const hit = must(await admin.get(`/api/areas/locate?lng=${c.lng}&lat=${c.lat}`), `locate ${code}`) as { code: string };
    if (hit.code !== code) throw new Error(`scope matrix setup: the centre of ${code} locates ${hit.code}`);
    fx[`${key}Lng`] = c.lng;
    fx[`${key}Lat`] = c.lat;
    const [p] = await t.ctx.db
      .select({ id: areaPosts.id })
      .from(areaPosts)
      .where(and(eq(areaPosts.areaCode, code), isNull(areaPosts.endedAt)))
      .orderBy(asc(areaPosts.id))
      .limit(1);
    if (!p) throw new Error(`scope matrix setup: no post on ${code}`);
    fx[`${key}AreaPost`] = p.id;
  }
  return fx;
};

export const entries: MatrixEntry[] = [
  { endpoint: 'GET /api/areas/roots', inside: get('/api/areas/roots'), outside: null, allowed: READERS, check: noOutside },
  // every grid's name contains 网格, so a leak of 红砂坝镇's grids (sorted first by code) would show
  { endpoint: 'GET /api/areas/search', inside: get(`/api/areas/search?q=${encodeURIComponent('网格')}`), outside: null, allowed: READERS, check: noOutside },
  // searching 红砂坝镇 by name finds nothing outside the caller's reach
  { endpoint: 'GET /api/areas/search', inside: get(`/api/areas/search?q=${encodeURIComponent('红砂坝')}`), outside: null, allowed: READERS, check: emptyPage },
  {
    endpoint: 'GET /api/areas/locate',
    inside: get('/api/areas/locate?lng={insideLng}&lat={insideLat}'),
    outside: get('/api/areas/locate?lng={outsideLng}&lat={outsideLat}'),
    allowed: READERS,
  },
  readArea('', INSIDE_GRID, OUTSIDE_GRID, false),
  readArea('', INSIDE_VILLAGE, OUTSIDE_VILLAGE, false),
  readArea('/children'),
  readArea('/children', INSIDE_VILLAGE, OUTSIDE_VILLAGE),
  readArea('/boundaries'),
  readArea('/boundaries', INSIDE_VILLAGE, OUTSIDE_VILLAGE),
  readArea('/posts'),
  readArea('/posts', INSIDE_VILLAGE, OUTSIDE_VILLAGE),
  readArea('/forces/summary'),
  readArea('/forces/summary', INSIDE_VILLAGE, OUTSIDE_VILLAGE),
  readArea('/forces'),
  readArea('/forces', INSIDE_VILLAGE, OUTSIDE_VILLAGE),

  {
    endpoint: 'POST /api/areas',
    inside: post('/api/areas', { parentCode: INSIDE_VILLAGE, name: '矩阵网格{role}' }),
    outside: post('/api/areas', { parentCode: OUTSIDE_VILLAGE, name: '矩阵网格{role}' }),
    allowed: MANAGERS,
  },
  {
    endpoint: 'PATCH /api/areas/:code',
    inside: patch(`/api/areas/${INSIDE_GRID}`, { version: 1, note: '矩阵' }),
    outside: patch(`/api/areas/${OUTSIDE_GRID}`, { version: 1, note: '矩阵' }),
    allowed: MANAGERS,
    denialsOnly: true,
  },
  {
    endpoint: 'POST /api/areas/:code/retire',
    inside: post(`/api/areas/${INSIDE_GRID}/retire`, {}),
    outside: post(`/api/areas/${OUTSIDE_GRID}/retire`, {}),
    allowed: MANAGERS,
    denialsOnly: true,
  },
  {
    endpoint: 'POST /api/areas/:code/posts',
    inside: post(`/api/areas/${INSIDE_GRID}/posts`, { post: '楼栋长', personName: '矩阵{role}' }),
    outside: post(`/api/areas/${OUTSIDE_GRID}/posts`, { post: '楼栋长', personName: '矩阵{role}' }),
    allowed: MANAGERS,
  },
  {
    endpoint: 'POST /api/areas/:code/posts/:id/end',
    inside: post(`/api/areas/${INSIDE_GRID}/posts/{insideAreaPost}/end`),
    outside: post(`/api/areas/${OUTSIDE_GRID}/posts/{outsideAreaPost}/end`),
    allowed: MANAGERS,
    denialsOnly: true,
  },
  // a 红砂坝镇 post reached through a 新兴镇 grid's path: nobody, not even the administrator, ends it there
  {
    endpoint: 'POST /api/areas/:code/posts/:id/end',
    inside: null,
    outside: post(`/api/areas/${INSIDE_GRID}/posts/{outsideAreaPost}/end`),
    allowed: [],
  },
  {
    endpoint: 'POST /api/areas/:code/forces',
    inside: post(`/api/areas/${INSIDE_VILLAGE}/forces`, { kind: '治安户长', personName: '矩阵{role}' }),
    outside: post(`/api/areas/${OUTSIDE_VILLAGE}/forces`, { kind: '治安户长', personName: '矩阵{role}' }),
    allowed: MANAGERS,
  },

  // the map basemap is one global setting: read by every signed-in account, changed by the administrator
  { endpoint: 'GET /api/settings/map', inside: get('/api/settings/map'), outside: null, allowed: EVERYONE },
  {
    endpoint: 'PUT /api/settings/map',
    inside: { method: 'PUT', url: '/api/settings/map', body: { tileUrl: null } },
    outside: null,
    allowed: ['admin'],
  },
];
