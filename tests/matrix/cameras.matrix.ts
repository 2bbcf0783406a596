/**
 * Scope-matrix rows of the camera register (src/server/modules/cameras). Everyone with `area:read` reads the
 * cameras of their scope; `area:manage` (centre staff, administrators) registers and edits them; a case's
 * citations follow the case's own visibility (the dispatched case of cases.matrix.ts), and whoever works the
 * case may cite a camera of their scope. `setup` takes a demo camera of the first 新兴镇 grid and registers one
 * in the first 红砂坝镇 grid.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Role } from '../../src/domain/roles';
import { cameras } from '../../src/server/platform/db/schema';
import { must, noOutside } from './support';
import type { MatrixEntry, MatrixRequest, MatrixSetup } from './types';
import { INSIDE_GRID, INSIDE_TOWN, OUTSIDE_GRID } from './types';

const AREA_READERS: Role[] = ['admin', 'center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member'];
const MANAGERS: Role[] = ['admin', 'center_staff'];
/** who sees the dispatched case (cases.matrix.ts DISPATCHED_READERS); each of them also works it */
const CASE_WORKERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'mediator', 'leader', 'dept_staff'];

const get = (url: string): MatrixRequest => ({ method: 'GET', url });

export const setup: MatrixSetup = async (t) => {
  const [inside] = await t.ctx.db
    .select({ id: cameras.id })
    .from(cameras)
    .where(and(eq(cameras.areaCode, INSIDE_GRID), eq(cameras.status, 'online')))
    .orderBy(asc(cameras.id))
    .limit(1);
  if (!inside) throw new Error('scope matrix setup: no demo camera in the first 新兴镇 grid');
  const hsb = await t.login('hsb_center');
  const outside = must(await hsb.post('/api/cameras', { code: 'MATRIX-HSB-1', name: '矩阵外镇点位', category: 'class3', areaCode: OUTSIDE_GRID }), 'outside camera') as { id: number };
  return { insideCamera: inside.id, outsideCamera: outside.id };
};

export const entries: MatrixEntry[] = [
  { endpoint: 'GET /api/cameras', inside: get('/api/cameras?pageSize=1000'), outside: null, allowed: AREA_READERS, check: noOutside },
  { endpoint: 'GET /api/cameras/by-grid', inside: get(`/api/cameras/by-grid?area=${INSIDE_TOWN}`), outside: null, allowed: AREA_READERS, check: noOutside },
  { endpoint: 'GET /api/cameras/settings', inside: get('/api/cameras/settings'), outside: null, allowed: AREA_READERS },
  {
    endpoint: 'PUT /api/cameras/settings',
    // a template's {code} would read as a fixture token; clearing it is as much a write
    inside: { method: 'PUT', url: '/api/cameras/settings', body: { linkTemplate: null } },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  { endpoint: 'GET /api/cameras/:id', inside: get('/api/cameras/{insideCamera}'), outside: get('/api/cameras/{outsideCamera}'), allowed: AREA_READERS },
  {
    endpoint: 'POST /api/cameras',
    inside: { method: 'POST', url: '/api/cameras', body: { code: 'MXI-{role}', name: '矩阵点位', category: 'class3', areaCode: INSIDE_GRID } },
    outside: { method: 'POST', url: '/api/cameras', body: { code: 'MXO-{role}', name: '矩阵点位', category: 'class3', areaCode: OUTSIDE_GRID } },
    allowed: MANAGERS,
  },
  {
    endpoint: 'PATCH /api/cameras/:id',
    inside: { method: 'PATCH', url: '/api/cameras/{insideCamera}', body: { version: 1, note: '矩阵测试' } },
    outside: { method: 'PATCH', url: '/api/cameras/{outsideCamera}', body: { version: 1, note: '矩阵测试' } },
    allowed: MANAGERS,
    denialsOnly: true,
  },
  {
    endpoint: 'DELETE /api/cameras/:id',
    inside: { method: 'DELETE', url: '/api/cameras/{insideCamera}' },
    outside: { method: 'DELETE', url: '/api/cameras/{outsideCamera}' },
    allowed: MANAGERS,
    denialsOnly: true,
  },
  // a JSON body is no register file: only the denials are exercised
  { endpoint: 'POST /api/cameras/import', inside: { method: 'POST', url: '/api/cameras/import', body: {} }, outside: null, allowed: MANAGERS, denialsOnly: true },
  {
    endpoint: 'GET /api/cases/:id/cameras',
    inside: get('/api/cases/{insideCaseDispatched}/cameras'),
    outside: get('/api/cases/{outsideCaseDispatched}/cameras'),
    allowed: CASE_WORKERS,
  },
  {
    endpoint: 'POST /api/cases/:id/cameras',
    inside: { method: 'POST', url: '/api/cases/{insideCaseDispatched}/cameras', body: { cameraId: '{insideCamera}', at: '2026-11-01T08:00:00+08:00', note: '矩阵{role}' } },
    outside: { method: 'POST', url: '/api/cases/{outsideCaseDispatched}/cameras', body: { cameraId: '{outsideCamera}', at: '2026-11-01T08:00:00+08:00' } },
    allowed: CASE_WORKERS,
  },
  // the denials come before the citation is looked up, so a citation id that need not exist serves
  {
    endpoint: 'DELETE /api/cases/:id/cameras/:refId',
    inside: { method: 'DELETE', url: '/api/cases/{insideCaseDispatched}/cameras/1' },
    outside: { method: 'DELETE', url: '/api/cases/{outsideCaseDispatched}/cameras/1' },
    allowed: CASE_WORKERS,
    denialsOnly: true,
  },
];
