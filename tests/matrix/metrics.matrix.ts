/**
 * Scope-matrix rows of assessment and the dashboard (src/server/modules/metrics). Every figure is asked for
 * an area: the first 新兴镇 grid (inside every demo account's scope) and the first 红砂坝镇 grid (outside).
 * Readers are the centres, leaders and village cadres; an area outside the scope answers 404.
 */
import type { Role } from '../../src/domain/roles';
import { noOutside } from './support';
import type { MatrixEntry, MatrixExemption, MatrixRequest } from './types';
import { INSIDE_GRID, OUTSIDE_GRID } from './types';

/** metrics.routes.ts METRIC_READERS */
const READERS: Role[] = ['center_staff', 'leader', 'village_cadre'];
const get = (url: string): MatrixRequest => ({ method: 'GET', url });

function scoped(path: string, query: string, check?: MatrixEntry['check']): MatrixEntry {
  const q = query ? `&${query}` : '';
  return {
    endpoint: `GET ${path}`,
    inside: get(`${path}?area=${INSIDE_GRID}${q}`),
    outside: get(`${path}?area=${OUTSIDE_GRID}${q}`),
    allowed: READERS,
    check,
  };
}

export const entries: MatrixEntry[] = [
  scoped('/api/metrics/summary', 'from=2000-01-01&to=2099-12-31', noOutside),
  scoped('/api/metrics/trend', 'indicator=close_rate'),
  scoped('/api/metrics/drill', 'indicator=close_rate&part=denominator&from=2000-01-01&to=2099-12-31', noOutside),
  scoped('/api/metrics/ranking', 'period=2026-11', noOutside),
  scoped('/api/metrics/ranking.xlsx', 'period=2026-11'),
  scoped('/api/metrics/dashboard', 'from=2000-01-01&to=2099-12-31', noOutside),
  scoped('/api/metrics/map-areas', '', noOutside),
  scoped('/api/metrics/report', 'month=2026-11', noOutside),
  scoped('/api/metrics/report.xlsx', 'month=2026-11'),
];

export const exemptions: MatrixExemption[] = [
  { endpoint: 'GET /api/metrics/indicators', why: 'indicator definitions (formulas) own no area-scoped record' },
  { endpoint: 'GET /api/metrics/weights', why: 'ranking weights are policy data, not area-scoped records' },
  { endpoint: 'PUT /api/metrics/weights', why: 'policy data: administrators and county-level centres only (metrics.test.ts)' },
  { endpoint: 'GET /api/metrics/consistency', why: 'takes no area: recomputes only the caller’s own scope (metrics.test.ts)' },
];
