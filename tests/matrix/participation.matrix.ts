/**
 * Scope-matrix rows of participation. The demo seed inserts each kind of record first in 620523101001 (id 1,
 * inside every 新兴镇 account's reach) and then in 150981109200 (id 2, outside). Lists filter by scope and
 * have no "outside" request; their scope is asserted in tests/integration/participation.test.ts.
 */
import type { Role } from '../../src/domain/roles';
import type { MatrixEntry, MatrixExemption } from './types';
import { INSIDE_VILLAGE, OUTSIDE_VILLAGE } from './types';

const P = '/api/participation';
/** every account of 新兴镇 reads its village's participation records (the administrator reads everything) */
const READERS: Role[] = ['admin', 'center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader', 'party_member', 'resident'];
const MANAGERS: Role[] = ['center_staff', 'village_cadre'];

const get = (url: string) => ({ method: 'GET' as const, url });
const post = (url: string, body: unknown = {}) => ({ method: 'POST' as const, url, body });

function read(path: string, allowed: Role[] = READERS): MatrixEntry {
  return { endpoint: `GET ${P}${path}`, inside: get(`${P}${path.replace(':id', '1')}`), outside: get(`${P}${path.replace(':id', '2')}`), allowed };
}
function list(path: string, allowed: Role[] = READERS): MatrixEntry {
  return { endpoint: `GET ${P}${path}`, inside: get(`${P}${path}`), outside: null, allowed };
}
/** writes aimed at a record: denials only (an allowed call would change the shared fixture) */
function write(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, allowed: Role[]): MatrixEntry {
  return {
    endpoint: `${method} ${P}${path}`,
    inside: { method, url: `${P}${path.replaceAll(':id', '1').replace(':ballotId', '1')}`, body },
    outside: { method, url: `${P}${path.replaceAll(':id', '2').replace(':ballotId', '1')}`, body },
    allowed,
    denialsOnly: true,
  };
}
/** creations aimed at a place given in the body */
function create(path: string, inside: unknown, outside: unknown, allowed: Role[]): MatrixEntry {
  return { endpoint: `POST ${P}${path}`, inside: post(`${P}${path}`, inside), outside: post(`${P}${path}`, outside), allowed, denialsOnly: true };
}

const at = new Date('2025-01-01T00:00:00Z').toISOString();

export const exemptions: MatrixExemption[] = [
  { endpoint: 'GET /api/public/knowledge', why: 'public: published laws, policies and 村规民约 are open to everyone' },
  { endpoint: 'GET /api/public/knowledge/:id', why: 'public: published laws, policies and 村规民约 are open to everyone' },
];

export const entries: MatrixEntry[] = [
  list('/topics'),
  create('/topics', { areaCode: INSIDE_VILLAGE, title: 't', content: 'c' }, { areaCode: OUTSIDE_VILLAGE, title: 't', content: 'c' }, READERS),
  read('/topics/:id'),
  write('POST', '/topics/:id/support', {}, READERS),
  write('POST', '/topics/:id/comments', { body: 'x' }, READERS),
  list('/meetings'),
  create('/meetings', { areaCode: INSIDE_VILLAGE, kind: '议事会', title: 'm', scheduledAt: at }, { areaCode: OUTSIDE_VILLAGE, kind: '议事会', title: 'm', scheduledAt: at }, MANAGERS),
  read('/meetings/:id'),
  write('POST', '/meetings/:id/sign-in', { attendees: [{ name: '矩阵' }] }, MANAGERS),
  write('POST', '/meetings/:id/minutes', { version: 1, minutes: 'x' }, MANAGERS),
  write('POST', '/meetings/:id/decisions', { content: 'x' }, MANAGERS),
  list('/tasks'),
  // no task is seeded: the row only checks that nobody reaches a task that is not there
  { endpoint: `POST ${P}/tasks/:id/done`, inside: null, outside: post(`${P}/tasks/999/done`, { version: 1, result: 'x' }), allowed: [] },
  list('/votes'),
  create('/votes', { areaCode: INSIDE_VILLAGE, title: 'v', question: 'q', electorate: 'representatives', roll: [{ name: '甲' }] }, { areaCode: OUTSIDE_VILLAGE, title: 'v', question: 'q', electorate: 'representatives', roll: [{ name: '甲' }] }, MANAGERS),
  read('/votes/:id'),
  // the grid worker tells paper ballots of their own grid's votes only; this vote is the village's
  read('/votes/:id/electors', MANAGERS),
  write('POST', '/votes/:id/attendance', { electorIds: [1] }, MANAGERS),
  // only the elector on the roll (the resident) may vote; everyone else is refused
  write('POST', '/votes/:id/ballots', { choice: 'yes' }, ['resident']),
  write('POST', '/votes/:id/paper-ballots', { electorId: 1, choice: 'yes' }, MANAGERS),
  write('POST', '/votes/:id/paper-ballots/:ballotId/confirm', {}, []),
  write('POST', '/votes/:id/close', { version: 1 }, MANAGERS),
  list('/four-step'),
  create('/four-step', { areaCode: INSIDE_VILLAGE, title: 'p', matter: 'm' }, { areaCode: OUTSIDE_VILLAGE, title: 'p', matter: 'm' }, MANAGERS),
  read('/four-step/:id'),
  write('POST', '/four-step/:id/steps', { version: 99, step: 'consult', summary: 'x', passed: true }, MANAGERS),
  list('/disclosures'),
  create('/disclosures', { areaCode: INSIDE_VILLAGE, category: 'village', title: 't', body: 'b' }, { areaCode: OUTSIDE_VILLAGE, category: 'village', title: 't', body: 'b' }, MANAGERS),
  { endpoint: `GET ${P}/disclosures/overdue`, inside: get(`${P}/disclosures/overdue?area=${INSIDE_VILLAGE}`), outside: null, allowed: MANAGERS },
  read('/disclosures/:id'),
  write('POST', '/disclosures/:id/withdraw', { version: 99 }, MANAGERS),
  write('POST', '/disclosures/:id/comments', { body: 'x' }, READERS),
  { endpoint: `POST ${P}/disclosure-comments/:id/answer`, inside: null, outside: post(`${P}/disclosure-comments/999/answer`, { answer: 'x' }), allowed: [] },
  list('/volunteers'),
  create('/volunteers', { areaCode: INSIDE_VILLAGE, kind: 'unit', name: 'u', offers: ['x'] }, { areaCode: OUTSIDE_VILLAGE, kind: 'unit', name: 'u', offers: ['x'] }, MANAGERS),
  create('/volunteer-hours', { registrationId: 1, activity: 'a', hours: 1, servedOn: at }, { registrationId: 2, activity: 'a', hours: 1, servedOn: at }, MANAGERS),
  list('/volunteer-hours'),
  create('/errands', { areaCode: `${INSIDE_VILLAGE}001`, residentName: 'r', matter: 'm' }, { areaCode: `${OUTSIDE_VILLAGE}001`, residentName: 'r', matter: 'm' }, ['grid_worker']),
  list('/errands/counts', ['center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader']),
  list('/commendations'),
  create('/commendations', { areaCode: INSIDE_VILLAGE, kind: '平安之星', name: 'n', year: 2025, reason: 'r' }, { areaCode: OUTSIDE_VILLAGE, kind: '平安之星', name: 'n', year: 2025, reason: 'r' }, MANAGERS),
  list('/knowledge'),
  create('/knowledge', { areaCode: INSIDE_VILLAGE, kind: 'policy', title: 't', summary: 's', body: 'b' }, { areaCode: OUTSIDE_VILLAGE, kind: 'policy', title: 't', summary: 's', body: 'b' }, ['admin', 'center_staff']),
  // document 4 is the 新兴镇 community's 村规民约, document 5 红砂坝镇's
  { endpoint: `GET ${P}/knowledge/:id`, inside: get(`${P}/knowledge/4`), outside: get(`${P}/knowledge/5`), allowed: READERS },
  { endpoint: `PATCH ${P}/knowledge/:id`, inside: { method: 'PATCH', url: `${P}/knowledge/4`, body: { version: 99 } }, outside: { method: 'PATCH', url: `${P}/knowledge/5`, body: { version: 99 } }, allowed: ['admin', 'center_staff'], denialsOnly: true },
  { endpoint: `DELETE ${P}/knowledge/:id`, inside: { method: 'DELETE', url: `${P}/knowledge/4` }, outside: { method: 'DELETE', url: `${P}/knowledge/5` }, allowed: ['admin', 'center_staff'], denialsOnly: true },
];
