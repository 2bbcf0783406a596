/**
 * Scope-matrix rows of disputes (矛盾纠纷), petitions (信访) and 12345 orders. `setup` files, through the API,
 * a dispute with a draft agreement in the first grid of each town (新兴镇 inside, 红砂坝镇 outside), a petition
 * and a 12345 order in the first village of each town. Records are read through the case engine's visibility
 * (area scope for `case:read` roles other than department staff), so these rows follow cases.matrix.ts.
 */
import type { Role } from '../../src/domain/roles';
import { DEMO_HOTLINE_SECRET, sign } from '../../src/server/modules/hotline/hotline.service';
import { must, noOutside } from './support';
import type { MatrixEntry, MatrixExemption, MatrixFixtures, MatrixRequest, MatrixSetup } from './types';
import { INSIDE_GRID, INSIDE_TOWN, INSIDE_VILLAGE, OUTSIDE_GRID, OUTSIDE_TOWN, OUTSIDE_VILLAGE } from './types';

/** `case:read` holders */
const READERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'dept_staff', 'mediator', 'leader'];
/** area readers of a grid-level record */
const GRID_READERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'mediator', 'leader'];
/** area readers of a village-level record (the grid worker's scope is one grid below it) */
const VILLAGE_READERS: Role[] = ['center_staff', 'village_cadre', 'mediator', 'leader'];
const KEEPERS: Role[] = ['center_staff', 'village_cadre', 'grid_worker', 'mediator'];

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const post = (url: string, body: unknown = {}): MatrixRequest => ({ method: 'POST', url, body });

const dispute = (areaCode: string) => ({
  title: '矩阵邻里纠纷',
  typeCode: 'd_neighbour',
  areaCode,
  parties: [{ name: '甲' }, { name: '乙', role: 'respondent' }],
});
const agreement = {
  committee: '人民调解委员会',
  partiesText: '甲、乙',
  facts: '事实',
  issues: '争议',
  responsibility: '责任',
  terms: ['条款'],
  performance: '即时履行',
  mediators: ['调解员'],
};
const petition = (areaCode: string) => ({ petitionType: 'suggestion', channel: 'letter', title: '矩阵信访', matter: '建议', areaCode, petitioners: [{ name: '信访人' }] });

export const setup: MatrixSetup = async (t) => {
  const fx: MatrixFixtures = {};
  const sides = [
    { key: 'inside', grid: INSIDE_GRID, village: INSIDE_VILLAGE, centre: 'town_center' },
    { key: 'outside', grid: OUTSIDE_GRID, village: OUTSIDE_VILLAGE, centre: 'hsb_center' },
  ];
  for (const s of sides) {
    const centre = await t.login(s.centre);
    const d = must(await centre.post('/api/disputes', dispute(s.grid)), `${s.key} dispute`) as { id: number };
    fx[`${s.key}Dispute`] = d.id;
    const a = must(await centre.post(`/api/disputes/${d.id}/agreements`, agreement), `${s.key} agreement`) as { id: number };
    fx[`${s.key}Agreement`] = a.id;
    const p = must(await centre.post('/api/petitions', petition(s.village)), `${s.key} petition`) as { id: number };
    fx[`${s.key}Petition`] = p.id;
    const body = JSON.stringify({ orderNo: `matrix-${s.key}`, type: 'consult', title: '矩阵咨询', areaCode: s.village });
    const ts = String(Math.floor(t.ctx.clock().getTime() / 1000));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/hotline/push',
      payload: body,
      headers: { 'content-type': 'application/json', 'x-12345-timestamp': ts, 'x-12345-signature': `sha256=${sign(DEMO_HOTLINE_SECRET, ts, body)}` },
    });
    if (res.statusCode !== 201) throw new Error(`scope matrix setup: ${s.key} 12345 order answered ${res.statusCode} ${res.body}`);
    fx[`${s.key}Order`] = (JSON.parse(res.body) as { id: number }).id;
  }
  return fx;
};

export const exemptions: MatrixExemption[] = [
  { endpoint: 'POST /api/hotline/push', why: 'the 12345 platform pushes orders, authenticated by an HMAC signature, not a session' },
  { endpoint: 'GET /api/hotline/settings', why: 'the 12345 link settings are one row for the whole installation, not area-owned' },
  { endpoint: 'PUT /api/hotline/settings', why: 'administrators only (policy:manage); one row for the whole installation' },
];

function record(method: 'POST', path: string, body: unknown, allowed: Role[] = KEEPERS): MatrixEntry {
  return {
    endpoint: `${method} ${path}`,
    inside: { method, url: path.replace(':id', '{insideDispute}').replace(':sub', '{insideAgreement}'), body },
    outside: { method, url: path.replace(':id', '{outsideDispute}').replace(':sub', '{outsideAgreement}'), body },
    allowed,
    denialsOnly: true,
  };
}

export const entries: MatrixEntry[] = [
  {
    endpoint: 'POST /api/disputes',
    inside: post('/api/disputes', dispute(INSIDE_GRID)),
    outside: post('/api/disputes', dispute(OUTSIDE_GRID)),
    allowed: KEEPERS,
    denialsOnly: true,
  },
  { endpoint: 'GET /api/disputes', inside: get('/api/disputes'), outside: null, allowed: READERS, check: noOutside },
  { endpoint: 'GET /api/disputes/export', inside: get('/api/disputes/export'), outside: null, allowed: ['center_staff', 'leader', 'village_cadre'] },
  { endpoint: 'GET /api/disputes/figures', inside: get(`/api/disputes/figures?area=${INSIDE_TOWN}`), outside: null, allowed: READERS },
  { endpoint: 'GET /api/disputes/:id', inside: get('/api/disputes/{insideDispute}'), outside: get('/api/disputes/{outsideDispute}'), allowed: GRID_READERS },
  {
    endpoint: 'GET /api/disputes/:id/staff',
    inside: get('/api/disputes/{insideDispute}/staff'),
    outside: get('/api/disputes/{outsideDispute}/staff'),
    allowed: GRID_READERS,
    check: noOutside,
  },
  record('POST', '/api/disputes/:id/sessions', { heldOn: '2026-03-03', mediators: ['x'], partiesPresent: ['y'], record: 'z' }),
  record('POST', '/api/disputes/:id/meetings', {
    heldOn: '2026-03-03',
    topic: 't',
    participants: [
      { name: 'a', unit: 'u', kind: 'police' },
      { name: 'b', unit: 'u', kind: 'justice' },
      { name: 'c', unit: 'u', kind: 'elder' },
    ],
    conclusions: 'c',
  }),
  record('POST', '/api/disputes/:id/tasks/:sub/done', { result: 'x' }),
  record('POST', '/api/disputes/:id/agreements', agreement),
  record('POST', '/api/disputes/:id/agreements/:sub/sign', { signedOn: '2026-03-03', version: 1 }),
  record('POST', '/api/disputes/:id/agreements/:sub/confirmation', { appliedOn: '2026-03-04', court: '人民法院' }),
  {
    endpoint: 'GET /api/disputes/:id/agreements/:sub/print',
    inside: get('/api/disputes/{insideDispute}/agreements/{insideAgreement}/print'),
    outside: get('/api/disputes/{outsideDispute}/agreements/{outsideAgreement}/print'),
    allowed: GRID_READERS,
  },
  {
    endpoint: 'POST /api/petitions',
    inside: post('/api/petitions', petition(INSIDE_VILLAGE)),
    outside: post('/api/petitions', petition(OUTSIDE_VILLAGE)),
    allowed: ['center_staff'],
    denialsOnly: true,
  },
  { endpoint: 'GET /api/petitions', inside: get('/api/petitions'), outside: null, allowed: READERS, check: noOutside },
  { endpoint: 'GET /api/petitions/:id', inside: get('/api/petitions/{insidePetition}'), outside: get('/api/petitions/{outsidePetition}'), allowed: VILLAGE_READERS },
  {
    endpoint: 'PUT /api/petitions/:id/leader-plan',
    inside: { method: 'PUT', url: '/api/petitions/{insidePetition}/leader-plan', body: { leader: 'a', team: 'b', plan: 'c', measures: 'd', followThrough: 'e' } },
    outside: { method: 'PUT', url: '/api/petitions/{outsidePetition}/leader-plan', body: { leader: 'a', team: 'b', plan: 'c', measures: 'd', followThrough: 'e' } },
    allowed: ['leader', 'center_staff'],
    denialsOnly: true,
  },
  { endpoint: 'GET /api/petition-schedules', inside: get('/api/petition-schedules'), outside: null, allowed: READERS, check: noOutside },
  {
    endpoint: 'POST /api/petition-schedules',
    inside: post('/api/petition-schedules', { areaCode: INSIDE_TOWN, leaderName: '领导', kind: 'receive', day: '2026-03-03', place: '中心' }),
    outside: post('/api/petition-schedules', { areaCode: OUTSIDE_TOWN, leaderName: '领导', kind: 'receive', day: '2026-03-03', place: '中心' }),
    allowed: ['center_staff'],
    denialsOnly: true,
  },
  { endpoint: 'POST /api/hotline/import', inside: post('/api/hotline/import', {}), outside: null, allowed: ['center_staff'], denialsOnly: true },
  { endpoint: 'GET /api/hotline/orders', inside: get('/api/hotline/orders'), outside: null, allowed: READERS, check: noOutside },
  { endpoint: 'GET /api/hotline/orders/:id', inside: get('/api/hotline/orders/{insideOrder}'), outside: get('/api/hotline/orders/{outsideOrder}'), allowed: VILLAGE_READERS },
  { endpoint: 'GET /api/hotline/outbox', inside: get('/api/hotline/outbox'), outside: null, allowed: ['center_staff'], check: noOutside },
  { endpoint: 'POST /api/hotline/outbox/:id/retry', inside: post('/api/hotline/outbox/999999/retry'), outside: null, allowed: ['center_staff'], denialsOnly: true },
];
