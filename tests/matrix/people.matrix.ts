/**
 * Scope-matrix rows of 实有人口, 重点人群 (src/server/modules/people) and 走访 (src/server/modules/visits).
 * The demo seed puts people only in 新兴镇, so `setup` registers a household, a person, a 重点人员, visits and
 * a 平安夜访 in the first 红砂坝镇 grid through that town's centre (hsb_center), and a 重点人员 in the first 新兴镇
 * grid whose helper team leaves the demo grid worker out. Special-population records need `sensitive`
 * (DESIGN §3): only the centre and the leader read them — plus, by the access module's deliberate exception,
 * a grid worker on the person's helper team, which has its own rows below.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, isNull, notExists, sql } from 'drizzle-orm';
import type { Role } from '../../src/domain/roles';
import { buildings, helperTeamMembers, households, persons, specialPersons, users, visits } from '../../src/server/platform/db/schema';
import { emptyPage, must, noOutside } from './support';
import type { MatrixEntry, MatrixRequest, MatrixSetup } from './types';
import { INSIDE_GRID, OUTSIDE_GRID, OUTSIDE_TOWN } from './types';

const EVERYONE: Role[] = ['admin', 'center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member', 'resident'];
/** people.routes.ts PEOPLE_READERS / PEOPLE_WRITERS / EXPORTERS */
const PEOPLE_READERS: Role[] = ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'dept_staff'];
const PEOPLE_WRITERS: Role[] = ['center_staff', 'village_cadre', 'grid_worker'];
const EXPORTERS: Role[] = ['center_staff', 'village_cadre', 'leader'];
/** holders of the `sensitive` permission */
const SENSITIVE: Role[] = ['center_staff', 'leader'];
/** special.routes.ts PICKERS: who sets up helper teams and 平安夜访 */
const PICKERS: Role[] = ['center_staff', 'leader'];
/** visits.routes.ts VISITORS */
const VISITORS: Role[] = ['grid_worker', 'village_cadre', 'center_staff', 'leader', 'party_member', 'mediator'];
/** VISITORS that also hold `case:report` */
const FINDING_REPORTERS: Role[] = ['grid_worker', 'village_cadre', 'center_staff', 'party_member', 'mediator'];

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
/** A 1×1 PNG: the visit photo the fixtures carry and the uploads send. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const PNG_SHA = createHash('sha256').update(Buffer.from(PNG, 'base64')).digest('hex');
const photo = { mime: 'image/png', dataBase64: PNG };
const post = (url: string, body: unknown = {}): MatrixRequest => ({ method: 'POST', url, body });
const patch = (url: string, body: unknown): MatrixRequest => ({ method: 'PATCH', url, body });
const put = (url: string, body: unknown): MatrixRequest => ({ method: 'PUT', url, body });

type Item = { areaCode?: string; specialPersonId?: number | null };
const itemsOf = (body: unknown): Item[] => (body as { items: Item[] }).items;

/** Roles that hold no `sensitive` and sit on no helper team see no special-population record at all. */
function noSpecial(body: unknown, role: Role): void {
  noOutside(body, role);
  if (SENSITIVE.includes(role) || role === 'admin') return;
  const items = itemsOf(body);
  if (role === 'grid_worker') {
    // only their own grid's records on whose helper team they sit
    if (items.some((i) => !i.areaCode?.startsWith(INSIDE_GRID))) throw new Error(`grid_worker sees a special-population record outside their grid`);
    return;
  }
  if (items.length) throw new Error(`${role} sees ${items.length} special-population records without the sensitive permission`);
}

/** Visits to special-population persons are hidden like the records they follow up. */
function noSpecialVisits(body: unknown, role: Role): void {
  noOutside(body, role);
  if (SENSITIVE.includes(role) || role === 'grid_worker' || role === 'admin') return;
  const leaked = itemsOf(body).filter((v) => v.specialPersonId !== null && v.specialPersonId !== undefined);
  if (leaked.length) throw new Error(`${role} sees ${leaked.length} visits to special-population persons`);
}

const idOf = (body: unknown) => (body as { id: number }).id;

export const setup: MatrixSetup = async (t) => {
  const db = t.ctx.db;
  const account = async (username: string) => {
    const [u] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (!u) throw new Error(`scope matrix setup: no account ${username}`);
    return u.id;
  };
  const gridWorkerId = await account('grid_worker');
  const hsbGridWorkerId = await account('hsb_grid_worker');

  // ---- inside: seeded records of the first 新兴镇 grid
  const [household] = await db.select({ id: households.id }).from(households).where(eq(households.areaCode, INSIDE_GRID)).orderBy(asc(households.id)).limit(1);
  const [building] = await db.select({ id: buildings.id }).from(buildings).where(eq(buildings.areaCode, INSIDE_GRID)).orderBy(asc(buildings.id)).limit(1);
  const notSpecial = notExists(db.select({ one: sql`1` }).from(specialPersons).where(eq(specialPersons.personId, persons.id)));
  const free = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.areaCode, INSIDE_GRID), isNull(persons.userId), notSpecial))
    .orderBy(asc(persons.id))
    .limit(2);
  const onTeam = db
    .select({ one: sql`1` })
    .from(helperTeamMembers)
    .where(and(eq(helperTeamMembers.specialPersonId, specialPersons.id), eq(helperTeamMembers.userId, gridWorkerId)));
  const [teamRecord] = await db
    .select({ id: specialPersons.id })
    .from(specialPersons)
    .where(and(eq(specialPersons.areaCode, INSIDE_GRID), sql`EXISTS (${onTeam})`))
    .orderBy(asc(specialPersons.id))
    .limit(1);
  const [visit] = await db
    .select({ id: visits.id })
    .from(visits)
    .where(and(eq(visits.areaCode, INSIDE_GRID), isNull(visits.specialPersonId), isNull(visits.caseId)))
    .orderBy(asc(visits.id))
    .limit(1);
  if (!household || !building || free.length < 2 || !teamRecord || !visit) throw new Error('scope matrix setup: the demo seed has no people in the first 新兴镇 grid');

  const center = await t.login('town_center');
  const strict = idOf(
    must(
      await center.post('/api/special-persons', { personId: free[1].id, category: 'drug', team: [{ role: 'village_cadre', name: '矩阵村干部' }] }),
      'inside special person',
    ),
  );
  const strictVisit = idOf(must(await center.post('/api/visits', { specialPersonId: strict, findings: '矩阵随访' }), 'inside special visit'));
  const campaign = {
    name: '矩阵夜访',
    weekday: 2,
    startDate: '2026-01-01',
    endDate: '2026-12-31',
  };
  const insideCampaign = idOf(
    must(await center.post('/api/visit-campaigns', { ...campaign, areaCode: INSIDE_GRID, participantIds: [gridWorkerId] }), 'inside campaign'),
  );

  // ---- outside: the same kinds of record in the first 红砂坝镇 grid
  const hsb = await t.login('hsb_center');
  const outsideBuilding = idOf(must(await hsb.post('/api/buildings', { areaCode: OUTSIDE_GRID, name: '矩阵院落', kind: '院落' }), 'outside building'));
  const outsideHousehold = idOf(must(await hsb.post('/api/households', { areaCode: OUTSIDE_GRID, householdNo: 'M001', address: '矩阵' }), 'outside household'));
  const outsidePerson = idOf(
    must(await hsb.post('/api/people', { areaCode: OUTSIDE_GRID, householdId: outsideHousehold, name: '矩阵外某', gender: '男' }), 'outside person'),
  );
  const outsideSpecial = idOf(
    must(
      await hsb.post('/api/special-persons', {
        personId: outsidePerson,
        category: 'drug',
        team: [{ role: 'grid_worker', name: '网格员张演示', userId: hsbGridWorkerId }],
      }),
      'outside special person',
    ),
  );
  const outsideVisit = idOf(must(await hsb.post('/api/visits', { householdId: outsideHousehold, findings: '矩阵走访' }), 'outside visit'));
  const outsideSpecialVisit = idOf(must(await hsb.post('/api/visits', { specialPersonId: outsideSpecial, findings: '矩阵随访' }), 'outside special visit'));
  const outsideCampaign = idOf(
    must(await hsb.post('/api/visit-campaigns', { ...campaign, areaCode: OUTSIDE_GRID, participantIds: [hsbGridWorkerId] }), 'outside campaign'),
  );

  // a photo on each visit, for the photo reads
  must(await center.post(`/api/visits/${visit.id}/photos`, photo), 'inside visit photo');
  must(await center.post(`/api/visits/${strictVisit}/photos`, photo), 'inside special visit photo');
  must(await hsb.post(`/api/visits/${outsideVisit}/photos`, photo), 'outside visit photo');
  must(await hsb.post(`/api/visits/${outsideSpecialVisit}/photos`, photo), 'outside special visit photo');
  return {
    gridWorkerId,
    hsbGridWorkerId,
    insidePerson: free[0].id,
    insideHousehold: household.id,
    insideBuilding: building.id,
    insideSpecial: strict,
    insideTeamSpecial: teamRecord.id,
    insideVisit: visit.id,
    insideSpecialVisit: strictVisit,
    insideCampaign,
    outsidePerson,
    outsideHousehold,
    outsideBuilding,
    outsideSpecial,
    outsideVisit,
    outsideSpecialVisit,
    outsideCampaign,
  };
};

/** A row aimed at one record: `{inside…}` / `{outside…}` fixtures substituted for `:id`. */
function record(method: MatrixRequest['method'], path: string, fixture: string, allowed: Role[], body?: unknown, denialsOnly = false): MatrixEntry {
  const at = (side: 'inside' | 'outside') => path.replace(':id', `{${side}${fixture}}`);
  return {
    endpoint: `${method} ${path}`,
    inside: { method, url: at('inside'), body },
    outside: { method, url: at('outside'), body },
    allowed,
    denialsOnly,
  };
}

/** The list asked for 红砂坝镇 only (`area=150981109`). */
function filtered(endpoint: string, url: string, allowed: Role[]): MatrixEntry {
  return { endpoint, inside: get(`${url}${url.includes('?') ? '&' : '?'}area=${OUTSIDE_TOWN}`), outside: null, allowed, check: emptyPage };
}

export const entries: MatrixEntry[] = [
  // ---------------------------------------------------------------- 实有人口
  { endpoint: 'GET /api/people', inside: get('/api/people'), outside: null, allowed: PEOPLE_READERS, check: noOutside },
  // a list filtered on 红砂坝镇 answers an empty page (200, never 404): the filter narrows the scope, never widens it
  filtered('GET /api/people', '/api/people', PEOPLE_READERS),
  { endpoint: 'GET /api/people/import-template', inside: get('/api/people/import-template'), outside: null, allowed: PEOPLE_WRITERS },
  // a workbook is the raw .xlsx body: only who may call it is checked here; rows outside the scope are refused row by row (people.test.ts)
  { endpoint: 'POST /api/people/import', inside: post('/api/people/import', {}), outside: null, allowed: PEOPLE_WRITERS, denialsOnly: true },
  { endpoint: 'GET /api/people/export', inside: get('/api/people/export'), outside: null, allowed: EXPORTERS },
  record('GET', '/api/people/:id', 'Person', PEOPLE_READERS),
  {
    endpoint: 'POST /api/people',
    inside: post('/api/people', { areaCode: INSIDE_GRID, name: '矩阵{role}', householdId: '{insideHousehold}' }),
    outside: post('/api/people', { areaCode: OUTSIDE_GRID, name: '矩阵{role}', householdId: '{outsideHousehold}' }),
    allowed: PEOPLE_WRITERS,
  },
  record('PATCH', '/api/people/:id', 'Person', PEOPLE_WRITERS, { version: 1, name: '矩阵改名' }, true),
  record('POST', '/api/people/:id/move', 'Person', PEOPLE_WRITERS, { version: 1, kind: 'out', reason: '矩阵' }, true),
  record('POST', '/api/people/:id/reveal', 'Person', SENSITIVE, { field: 'idCard', reason: '矩阵核查' }),
  { endpoint: 'GET /api/households', inside: get('/api/households'), outside: null, allowed: PEOPLE_READERS, check: noOutside },
  filtered('GET /api/households', '/api/households', PEOPLE_READERS),
  record('GET', '/api/households/:id', 'Household', PEOPLE_READERS),
  {
    endpoint: 'POST /api/households',
    inside: post('/api/households', { areaCode: INSIDE_GRID, householdNo: 'M-{role}' }),
    outside: post('/api/households', { areaCode: OUTSIDE_GRID, householdNo: 'M-{role}' }),
    allowed: PEOPLE_WRITERS,
  },
  { endpoint: 'GET /api/buildings', inside: get('/api/buildings'), outside: null, allowed: PEOPLE_READERS, check: noOutside },
  filtered('GET /api/buildings', '/api/buildings', PEOPLE_READERS),
  {
    endpoint: 'POST /api/buildings',
    inside: post('/api/buildings', { areaCode: INSIDE_GRID, name: '矩阵楼{role}' }),
    outside: post('/api/buildings', { areaCode: OUTSIDE_GRID, name: '矩阵楼{role}' }),
    allowed: PEOPLE_WRITERS,
  },
  record('POST', '/api/buildings/:id/houses', 'Building', PEOPLE_WRITERS, { room: '矩阵{role}' }),

  // ---------------------------------------------------------------- 重点人群 (sensitive)
  // the staff directory of the pickers: staff of the caller's area (and above it), never 红砂坝镇's
  { endpoint: 'GET /api/staff', inside: get('/api/staff'), outside: null, allowed: PICKERS, check: noOutside },
  filtered('GET /api/staff', '/api/staff', PICKERS),
  { endpoint: 'GET /api/special-persons', inside: get('/api/special-persons'), outside: null, allowed: EVERYONE, check: noSpecial },
  filtered('GET /api/special-persons', '/api/special-persons', EVERYONE),
  record('GET', '/api/special-persons/:id', 'Special', SENSITIVE),
  {
    endpoint: 'POST /api/special-persons',
    inside: post('/api/special-persons', { personId: '{insidePerson}', category: 'cult' }),
    outside: post('/api/special-persons', { personId: '{outsidePerson}', category: 'cult' }),
    allowed: SENSITIVE,
    denialsOnly: true,
  },
  record('PATCH', '/api/special-persons/:id', 'Special', SENSITIVE, { version: 1, riskLevel: 1 }, true),
  record('PUT', '/api/special-persons/:id/team', 'Special', SENSITIVE, { version: 1, members: [] }, true),
  // the access module's exception: the grid worker on the helper team of a record in their own grid reads it
  // and records what they see (not its status); reported to the lead as a departure from DESIGN §3's wording
  {
    endpoint: 'GET /api/special-persons/:id',
    inside: get('/api/special-persons/{insideTeamSpecial}'),
    outside: null,
    allowed: [...SENSITIVE, 'grid_worker'],
  },
  {
    endpoint: 'PATCH /api/special-persons/:id',
    inside: patch('/api/special-persons/{insideTeamSpecial}', { version: 1, riskLevel: 1 }),
    outside: null,
    allowed: [...SENSITIVE, 'grid_worker'],
    denialsOnly: true,
  },
  {
    endpoint: 'PUT /api/special-persons/:id/team',
    inside: put('/api/special-persons/{insideTeamSpecial}/team', { version: 1, members: [] }),
    outside: null,
    allowed: SENSITIVE,
    denialsOnly: true,
  },

  // ---------------------------------------------------------------- 走访
  {
    endpoint: 'POST /api/visits',
    inside: post('/api/visits', { householdId: '{insideHousehold}', findings: '矩阵走访' }),
    outside: post('/api/visits', { householdId: '{outsideHousehold}', findings: '矩阵走访' }),
    allowed: VISITORS,
  },
  {
    endpoint: 'POST /api/visits',
    inside: post('/api/visits', { areaCode: INSIDE_GRID, peopleMet: 2 }),
    outside: post('/api/visits', { areaCode: OUTSIDE_GRID, peopleMet: 2 }),
    allowed: VISITORS,
  },
  // a follow-up visit to a special-population person is as sensitive as the record
  {
    endpoint: 'POST /api/visits',
    inside: post('/api/visits', { specialPersonId: '{insideSpecial}', findings: '矩阵随访' }),
    outside: post('/api/visits', { specialPersonId: '{outsideSpecial}', findings: '矩阵随访' }),
    allowed: SENSITIVE,
  },
  record('POST', '/api/visits/:id/case', 'Visit', FINDING_REPORTERS, { categoryCode: 'other', title: '矩阵' }, true),
  record('POST', '/api/visits/:id/case', 'SpecialVisit', ['center_staff'], { categoryCode: 'other', title: '矩阵' }, true),
  record('POST', '/api/visits/:id/photos', 'Visit', VISITORS, photo),
  record('POST', '/api/visits/:id/photos', 'SpecialVisit', SENSITIVE, photo, true),
  {
    endpoint: 'GET /api/visits/:id/photos/:sha256',
    inside: get(`/api/visits/{insideVisit}/photos/${PNG_SHA}`),
    outside: get(`/api/visits/{outsideVisit}/photos/${PNG_SHA}`),
    allowed: VISITORS,
  },
  {
    endpoint: 'GET /api/visits/:id/photos/:sha256',
    inside: get(`/api/visits/{insideSpecialVisit}/photos/${PNG_SHA}`),
    outside: get(`/api/visits/{outsideSpecialVisit}/photos/${PNG_SHA}`),
    allowed: SENSITIVE,
    denialsOnly: true,
  },
  { endpoint: 'GET /api/visits', inside: get('/api/visits?pageSize=100'), outside: null, allowed: VISITORS, check: noSpecialVisits },
  // filtered by a special-population person: an empty page for those who may not see the record …
  { endpoint: 'GET /api/visits', inside: get('/api/visits?specialPersonId={insideSpecial}'), outside: null, allowed: VISITORS, check: noSpecialVisits },
  // … and for a 红砂坝镇 person, an empty page for everyone in 新兴镇 (a list filter answers 200, never 404)
  { endpoint: 'GET /api/visits', inside: get('/api/visits?specialPersonId={outsideSpecial}'), outside: null, allowed: VISITORS, check: emptyPage },
  filtered('GET /api/visits', '/api/visits', VISITORS),
  { endpoint: 'GET /api/visits/due', inside: get('/api/visits/due?scope=area&withinDays=90&pageSize=100'), outside: null, allowed: EVERYONE, check: noSpecial },
  filtered('GET /api/visits/due', '/api/visits/due?scope=area&withinDays=90', EVERYONE),
  { endpoint: 'GET /api/visits/stats', inside: get('/api/visits/stats'), outside: null, allowed: EVERYONE.filter((r) => r !== 'resident'), check: noOutside },
  filtered('GET /api/visits/stats', '/api/visits/stats', EVERYONE.filter((r) => r !== 'resident')),
  // the follow-up intervals are one national policy table: read by all, changed by the administrator
  { endpoint: 'GET /api/visit-policies', inside: get('/api/visit-policies'), outside: null, allowed: EVERYONE },
  { endpoint: 'PUT /api/visit-policies', inside: put('/api/visit-policies', { items: [] }), outside: null, allowed: ['admin'], denialsOnly: true },
  {
    endpoint: 'POST /api/visit-campaigns',
    inside: post('/api/visit-campaigns', {
      name: '矩阵{role}',
      areaCode: INSIDE_GRID,
      weekday: 3,
      startDate: '2026-01-01',
      endDate: '2026-06-30',
      participantIds: ['{gridWorkerId}'],
    }),
    outside: post('/api/visit-campaigns', {
      name: '矩阵{role}',
      areaCode: OUTSIDE_GRID,
      weekday: 3,
      startDate: '2026-01-01',
      endDate: '2026-06-30',
      participantIds: ['{hsbGridWorkerId}'],
    }),
    allowed: ['leader', 'center_staff'],
  },
  { endpoint: 'GET /api/visit-campaigns', inside: get('/api/visit-campaigns'), outside: null, allowed: VISITORS, check: noOutside },
  filtered('GET /api/visit-campaigns', '/api/visit-campaigns', VISITORS),
  record('GET', '/api/visit-campaigns/:id', 'Campaign', VISITORS),
];
