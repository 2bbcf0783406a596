/**
 * Scope-matrix rows of the case engine (src/server/modules/cases). Who reads a case (access.ts
 * caseVisibility, DESIGN §3): staff holding `case:read` in their area scope — except department staff, who
 * see only the cases dispatched to their department — and whoever reported it. The administrator holds no
 * `case:read` (no case content by default), party members and residents only their own reports.
 * `setup` files, through the API, in the first 新兴镇 grid: a case accepted and dispatched to 新兴派出所 (the
 * demo dept_staff's department) with a photo, a case still waiting for intake (dispatched nowhere), and a
 * resident's own report; and in the first 红砂坝镇 grid the same dispatched and waiting cases.
 */
import { eq } from 'drizzle-orm';
import type { Role } from '../../src/domain/roles';
import { areas, departments } from '../../src/server/platform/db/schema';
import type { Client } from '../helpers/test-app';
import { emptyPage, must, noOutside } from './support';
import type { MatrixEntry, MatrixExemption, MatrixFixtures, MatrixRequest, MatrixSetup } from './types';
import { INSIDE_GRID, OUTSIDE_GRID, OUTSIDE_TOWN } from './types';

const EVERYONE: Role[] = ['admin', 'center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member', 'resident'];
/** `case:read` by area scope */
const AREA_READERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'mediator', 'leader'];
/** `case:report` */
const REPORTERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'mediator', 'party_member', 'resident'];
/** a grid case dispatched to 新兴派出所 */
const DISPATCHED_READERS: Role[] = [...AREA_READERS, 'dept_staff'];
/** a resident's report without a location lands on their community: above the grid worker's grid */
const RESIDENT_CASE_READERS: Role[] = ['resident', 'center_staff', 'village_cadre', 'mediator', 'leader'];

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const post = (url: string, body: unknown = {}): MatrixRequest => ({ method: 'POST', url, body });

/** A 1×1 JPEG-shaped payload the attachment check accepts. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('matrix photo'), Buffer.from([0xff, 0xd9])]).toString('base64');
const photo = { filename: '矩阵.jpg', mime: 'image/jpeg', dataBase64: JPEG };

const report = (areaCode: string, title: string) => ({ kind: 'event', title, description: `${title}，矩阵测试`, categoryCode: 'municipal', areaCode });

type Created = { id: number; version: number };

async function fileCase(c: Client, body: unknown, what: string): Promise<Created> {
  return must(await c.post('/api/cases', body), what) as Created;
}

async function acceptAndDispatch(centre: Client, id: number, lead: number, what: string): Promise<number> {
  const cur = must(await centre.get(`/api/cases/${id}`), what) as { version: number };
  const accepted = must(await centre.post(`/api/cases/${id}/actions/accept`, { version: cur.version, grade: 'routine' }), `${what}: accept`) as Created;
  const assigned = must(await centre.post(`/api/cases/${id}/actions/dispatch`, { version: accepted.version, lead }), `${what}: dispatch`) as Created;
  return assigned.version;
}

async function departmentId(t: Parameters<MatrixSetup>[0], name: string): Promise<number> {
  const [d] = await t.ctx.db.select({ id: departments.id }).from(departments).where(eq(departments.name, name));
  if (!d) throw new Error(`scope matrix setup: no department ${name}`);
  return d.id;
}

/** The centre of a generated grid boundary (a quadrilateral). */
async function centreOfGrid(t: Parameters<MatrixSetup>[0], code: string) {
  const [g] = await t.ctx.db.select({ boundary: areas.boundary }).from(areas).where(eq(areas.code, code));
  const b = g?.boundary as { type: string; coordinates: unknown } | null;
  if (!b) throw new Error(`scope matrix setup: ${code} has no boundary`);
  const ring = (b.type === 'Polygon' ? (b.coordinates as number[][][])[0] : (b.coordinates as number[][][][])[0][0]).slice(0, -1);
  return { lng: ring.reduce((s, p) => s + p[0], 0) / ring.length, lat: ring.reduce((s, p) => s + p[1], 0) / ring.length };
}

export const setup: MatrixSetup = async (t) => {
  const fx: MatrixFixtures = {};
  const sides = [
    { key: 'inside', grid: INSIDE_GRID, worker: 'grid_worker', centre: 'town_center', police: '新兴派出所' },
    { key: 'outside', grid: OUTSIDE_GRID, worker: 'hsb_grid_worker', centre: 'hsb_center', police: '红砂坝派出所' },
  ];
  for (const s of sides) {
    const worker = await t.login(s.worker);
    const centre = await t.login(s.centre);
    const dispatched = await fileCase(worker, report(s.grid, '矩阵路灯不亮'), `${s.key} case to dispatch`);
    const attachment = must(await worker.post(`/api/cases/${dispatched.id}/attachments`, photo), `${s.key} photo`) as { id: number };
    fx[`${s.key}CaseDispatched`] = dispatched.id;
    fx[`${s.key}CaseDispatchedVersion`] = await acceptAndDispatch(centre, dispatched.id, await departmentId(t, s.police), `${s.key} case`);
    fx[`${s.key}CaseAttachment`] = attachment.id;
    const waiting = await fileCase(worker, report(s.grid, '矩阵井盖缺失'), `${s.key} waiting case`);
    fx[`${s.key}CaseWaiting`] = waiting.id;
    fx[`${s.key}CaseWaitingVersion`] = waiting.version;
    const c = await centreOfGrid(t, s.grid);
    fx[`${s.key}CaseLng`] = c.lng;
    fx[`${s.key}CaseLat`] = c.lat;
  }
  const resident = await t.login('resident');
  fx.insideCaseResident = (await fileCase(resident, { kind: 'event', title: '矩阵垃圾堆积', description: '三天没人清运', categoryCode: 'sanitation' }, 'resident case')).id;
  return fx;
};

export const exemptions: MatrixExemption[] = [
  { endpoint: 'GET /api/cases/track', why: "public: a reporter's progress by case number and the phone given when reporting" },
];

/** A read of one case on each side, `:id` standing for the fixture. */
function readCase(path: string, fixture: string, allowed: Role[], outside = true): MatrixEntry {
  return {
    endpoint: `GET /api/cases/:id${path}`,
    inside: get(`/api/cases/{inside${fixture}}${path}`),
    outside: outside ? get(`/api/cases/{outside${fixture}}${path}`) : null,
    allowed,
  };
}

export const entries: MatrixEntry[] = [
  // lists first: the creations below add cases of their own
  { endpoint: 'GET /api/cases', inside: get('/api/cases?pageSize=100'), outside: null, allowed: EVERYONE, check: noOutside },
  // filtered on 红砂坝镇: an empty page (the filter narrows the scope, never widens it)
  { endpoint: 'GET /api/cases', inside: get(`/api/cases?area=${OUTSIDE_TOWN}`), outside: null, allowed: EVERYONE, check: emptyPage },
  { endpoint: 'GET /api/cases/counts', inside: get('/api/cases/counts'), outside: null, allowed: EVERYONE },
  {
    endpoint: 'POST /api/cases',
    inside: post('/api/cases', report(INSIDE_GRID, '矩阵上报{role}')),
    outside: post('/api/cases', report(OUTSIDE_GRID, '矩阵上报{role}')),
    allowed: REPORTERS,
  },
  // a report located by coordinates in 红砂坝镇 is a write aimed outside the reporter's scope
  {
    endpoint: 'POST /api/cases',
    inside: post('/api/cases', { ...report(INSIDE_GRID, '矩阵定位{role}'), areaCode: undefined, lng: '{insideCaseLng}', lat: '{insideCaseLat}' }),
    outside: post('/api/cases', { ...report(OUTSIDE_GRID, '矩阵定位{role}'), areaCode: undefined, lng: '{outsideCaseLng}', lat: '{outsideCaseLat}' }),
    allowed: REPORTERS,
  },

  readCase('', 'CaseDispatched', DISPATCHED_READERS),
  // not dispatched to 新兴派出所: the department does not see it
  readCase('', 'CaseWaiting', AREA_READERS),
  readCase('', 'CaseResident', RESIDENT_CASE_READERS, false),
  readCase('/timeline', 'CaseDispatched', DISPATCHED_READERS),
  readCase('/timeline', 'CaseWaiting', AREA_READERS),
  readCase('/timeline', 'CaseResident', RESIDENT_CASE_READERS, false),
  readCase('/duplicates', 'CaseDispatched', DISPATCHED_READERS),
  readCase('/duplicates', 'CaseWaiting', AREA_READERS),

  // actions: only the denials (an allowed one moves the case on); the body carries the case's real version so a
  // refusal is about who, never a stale version
  {
    endpoint: 'POST /api/cases/:id/actions/:action',
    inside: post('/api/cases/{insideCaseWaiting}/actions/accept', { version: '{insideCaseWaitingVersion}', grade: 'routine' }),
    outside: post('/api/cases/{outsideCaseWaiting}/actions/accept', { version: '{outsideCaseWaitingVersion}', grade: 'routine' }),
    allowed: ['center_staff'],
    denialsOnly: true,
  },
  {
    endpoint: 'POST /api/cases/:id/actions/:action',
    inside: post('/api/cases/{insideCaseDispatched}/actions/acknowledge', { version: '{insideCaseDispatchedVersion}' }),
    outside: post('/api/cases/{outsideCaseDispatched}/actions/acknowledge', { version: '{outsideCaseDispatchedVersion}' }),
    allowed: ['dept_staff'],
    denialsOnly: true,
  },
  {
    endpoint: 'POST /api/cases/:id/attachments',
    inside: post('/api/cases/{insideCaseDispatched}/attachments', photo),
    outside: post('/api/cases/{outsideCaseDispatched}/attachments', photo),
    allowed: DISPATCHED_READERS,
  },
  {
    endpoint: 'GET /api/cases/:id/attachments/:aid',
    inside: get('/api/cases/{insideCaseDispatched}/attachments/{insideCaseAttachment}'),
    outside: get('/api/cases/{outsideCaseDispatched}/attachments/{outsideCaseAttachment}'),
    allowed: DISPATCHED_READERS,
  },
  // a 红砂坝镇 photo asked for through a 新兴镇 case: nobody gets it
  {
    endpoint: 'GET /api/cases/:id/attachments/:aid',
    inside: null,
    outside: get('/api/cases/{insideCaseDispatched}/attachments/{outsideCaseAttachment}'),
    allowed: [],
  },

  // time limits and the category code table are one national policy: read by all, changed by the administrator
  { endpoint: 'GET /api/case-rules', inside: get('/api/case-rules'), outside: null, allowed: EVERYONE },
  { endpoint: 'PUT /api/case-rules', inside: { method: 'PUT', url: '/api/case-rules', body: { rules: [] } }, outside: null, allowed: ['admin'], denialsOnly: true },
  { endpoint: 'GET /api/case-categories', inside: get('/api/case-categories'), outside: null, allowed: EVERYONE },
  {
    endpoint: 'POST /api/case-categories',
    inside: post('/api/case-categories', { code: 'matrix_{role}', name: '矩阵分类', kind: 'event' }),
    outside: null,
    allowed: ['admin'],
  },
  {
    endpoint: 'PATCH /api/case-categories/:code',
    inside: { method: 'PATCH', url: '/api/case-categories/other', body: { version: 1, name: '其他' } },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
];
