/**
 * Scope-matrix rows of 风险预警 (src/server/modules/risk). Risk data is read by the centre, the leader, village
 * cadres and grid workers in their area scope; weekly reports are filed by grid workers, cadres and the centre;
 * a warning is answered by responders whose scope holds its current level (a yellow signal's warning is held
 * by the village, so the grid worker may read but not answer it); 稳评 is the centre's, read also by the
 * leader and cadres. `setup` files this week's report with a yellow signal in the first 新兴镇 grid and in
 * the first 红砂坝镇 grid.
 */
import { and, asc, eq } from 'drizzle-orm';
import { isoWeekOf } from '../../src/domain/risk/policy';
import type { Role } from '../../src/domain/roles';
import { riskAssessments, riskWarnings } from '../../src/server/platform/db/schema';
import { must, noOutside } from './support';
import type { MatrixEntry, MatrixRequest, MatrixSetup } from './types';
import { INSIDE_GRID, INSIDE_VILLAGE, OUTSIDE_GRID, OUTSIDE_TOWN } from './types';

/** risk.shared.ts RISK_READERS / REPORT_WRITERS / ASSESSMENT_* */
const READERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'leader'];
const WRITERS: Role[] = ['grid_worker', 'village_cadre', 'center_staff'];
/** responders whose scope holds a village-level warning */
const VILLAGE_RESPONDERS: Role[] = ['center_staff', 'village_cadre'];
const ASSESSMENT_READERS: Role[] = ['center_staff', 'leader', 'village_cadre'];

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const post = (url: string, body: unknown = {}): MatrixRequest => ({ method: 'POST', url, body });
const patch = (url: string, body: unknown): MatrixRequest => ({ method: 'PATCH', url, body });
const put = (url: string, body: unknown): MatrixRequest => ({ method: 'PUT', url, body });

export const setup: MatrixSetup = async (t) => {
  const week = isoWeekOf(t.ctx.clock());
  const file = async (username: string, gridCode: string) => {
    const c = await t.login(username);
    const body = must(
      await c.post('/api/risk/weekly-reports', {
        week,
        gridCode,
        summary: '矩阵测试：本周平稳',
        signals: [{ category: 'dispute_sign', grade: 'yellow', description: '矩阵测试：邻里纠纷苗头' }],
      }),
      `weekly report of ${gridCode}`,
    ) as { id: number; signalIds: number[] };
    const [w] = await t.ctx.db.select({ id: riskWarnings.id }).from(riskWarnings).where(eq(riskWarnings.signalId, body.signalIds[0]));
    if (!w) throw new Error(`scope matrix setup: no warning for the signal of ${gridCode}`);
    return { report: body.id, signal: body.signalIds[0], warning: w.id };
  };
  const inside = await file('grid_worker', INSIDE_GRID);
  const outside = await file('hsb_grid_worker', OUTSIDE_GRID);
  const assessment = async (code: string) => {
    const [a] = await t.ctx.db.select({ id: riskAssessments.id }).from(riskAssessments).where(and(eq(riskAssessments.areaCode, code))).orderBy(asc(riskAssessments.id)).limit(1);
    if (!a) throw new Error(`scope matrix setup: no 稳评 at ${code}`);
    return a.id;
  };
  return {
    riskWeek: week,
    insideRiskReport: inside.report,
    outsideRiskReport: outside.report,
    insideRiskSignal: inside.signal,
    outsideRiskSignal: outside.signal,
    insideRiskWarning: inside.warning,
    outsideRiskWarning: outside.warning,
    insideAssessment: await assessment(INSIDE_VILLAGE),
    outsideAssessment: await assessment(OUTSIDE_TOWN),
  };
};

const warningAction = (action: string): MatrixEntry => ({
  endpoint: `POST /api/risk/warnings/:id/${action}`,
  inside: post(`/api/risk/warnings/{insideRiskWarning}/${action}`, { version: 1, note: '矩阵测试' }),
  outside: post(`/api/risk/warnings/{outsideRiskWarning}/${action}`, { version: 1, note: '矩阵测试' }),
  allowed: VILLAGE_RESPONDERS,
  denialsOnly: true,
});

export const entries: MatrixEntry[] = [
  { endpoint: 'GET /api/risk/weekly-reports', inside: get('/api/risk/weekly-reports?pageSize=200'), outside: null, allowed: READERS, check: noOutside },
  {
    endpoint: 'POST /api/risk/weekly-reports',
    inside: post('/api/risk/weekly-reports', { week: '{riskWeek}', gridCode: INSIDE_GRID, summary: '', signals: [] }),
    outside: post('/api/risk/weekly-reports', { week: '{riskWeek}', gridCode: OUTSIDE_GRID, summary: '', signals: [] }),
    allowed: WRITERS,
    denialsOnly: true,
  },
  { endpoint: 'GET /api/risk/weekly-reports/missing', inside: get('/api/risk/weekly-reports/missing?week={riskWeek}'), outside: null, allowed: READERS, check: noOutside },
  {
    endpoint: 'GET /api/risk/weekly-reports/:id',
    inside: get('/api/risk/weekly-reports/{insideRiskReport}'),
    outside: get('/api/risk/weekly-reports/{outsideRiskReport}'),
    allowed: READERS,
  },
  {
    endpoint: 'PATCH /api/risk/weekly-reports/:id',
    inside: patch('/api/risk/weekly-reports/{insideRiskReport}', { version: 1, summary: '矩阵测试' }),
    outside: patch('/api/risk/weekly-reports/{outsideRiskReport}', { version: 1, summary: '矩阵测试' }),
    allowed: WRITERS,
    denialsOnly: true,
  },
  { endpoint: 'GET /api/risk/signals', inside: get('/api/risk/signals?pageSize=200'), outside: null, allowed: READERS, check: noOutside },
  {
    endpoint: 'POST /api/risk/signals/:id/convert',
    inside: post('/api/risk/signals/{insideRiskSignal}/convert', { to: 'event' }),
    outside: post('/api/risk/signals/{outsideRiskSignal}/convert', { to: 'event' }),
    allowed: WRITERS,
    denialsOnly: true,
  },
  { endpoint: 'GET /api/risk/warnings', inside: get('/api/risk/warnings?pageSize=200'), outside: null, allowed: READERS, check: noOutside },
  {
    endpoint: 'GET /api/risk/warnings/:id',
    inside: get('/api/risk/warnings/{insideRiskWarning}'),
    outside: get('/api/risk/warnings/{outsideRiskWarning}'),
    allowed: READERS,
  },
  warningAction('acknowledge'),
  warningAction('handle'),
  warningAction('close'),
  { endpoint: 'GET /api/risk/rules', inside: get('/api/risk/rules'), outside: null, allowed: [...READERS, 'admin'] },
  { endpoint: 'PUT /api/risk/rules', inside: put('/api/risk/rules', { rules: [] }), outside: null, allowed: ['admin'], denialsOnly: true },
  { endpoint: 'GET /api/risk/map', inside: get('/api/risk/map'), outside: null, allowed: READERS, check: noOutside },
  { endpoint: 'GET /api/risk/trend', inside: get('/api/risk/trend'), outside: null, allowed: READERS },
  { endpoint: 'GET /api/risk/assessments', inside: get('/api/risk/assessments?pageSize=200'), outside: null, allowed: ASSESSMENT_READERS, check: noOutside },
  {
    endpoint: 'POST /api/risk/assessments',
    inside: post('/api/risk/assessments', { areaCode: INSIDE_VILLAGE, title: '矩阵{role}', matterType: 'decision', owner: '村委会', assessor: '综治中心', assessorType: 'internal' }),
    outside: post('/api/risk/assessments', { areaCode: OUTSIDE_TOWN, title: '矩阵{role}', matterType: 'decision', owner: '镇政府', assessor: '综治中心', assessorType: 'internal' }),
    allowed: ['center_staff'],
  },
  {
    endpoint: 'GET /api/risk/assessments/:id',
    inside: get('/api/risk/assessments/{insideAssessment}'),
    outside: get('/api/risk/assessments/{outsideAssessment}'),
    allowed: ASSESSMENT_READERS,
  },
  {
    endpoint: 'PATCH /api/risk/assessments/:id',
    inside: patch('/api/risk/assessments/{insideAssessment}', { version: 1, measures: '矩阵测试' }),
    outside: patch('/api/risk/assessments/{outsideAssessment}', { version: 1, measures: '矩阵测试' }),
    allowed: ['center_staff'],
    denialsOnly: true,
  },
];
