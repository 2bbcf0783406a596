/**
 * The scope matrix (DESIGN §3): every endpoint × every role × a record inside and outside the scope.
 * Each module adds its rows in tests/matrix/<module>.matrix.ts; an /api route with neither a row nor
 * an exemption fails this suite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/roles';
import { routeRegistry } from '../../src/server/platform/http';
import * as areas from '../matrix/areas.matrix';
import * as cameras from '../matrix/cameras.matrix';
import * as auth from '../matrix/auth.matrix';
import * as cases from '../matrix/cases.matrix';
import * as disputes from '../matrix/disputes.matrix';
import * as integrations from '../matrix/integrations.matrix';
import * as participation from '../matrix/participation.matrix';
import * as people from '../matrix/people.matrix';
import * as platform from '../matrix/platform.matrix';
import * as publicIntake from '../matrix/public.matrix';
import * as metrics from '../matrix/metrics.matrix';
import * as notifications from '../matrix/notifications.matrix';
import * as risk from '../matrix/risk.matrix';
import { fillRequest } from '../matrix/support';
import { type MatrixFixtures, type MatrixModule, type MatrixRequest, ROLE_ACCOUNTS } from '../matrix/types';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

const modules: MatrixModule[] = [platform, auth, areas, people, cases, participation, metrics, risk, disputes, publicIntake, integrations, notifications, cameras];
const entries = modules.flatMap((m) => m.entries);
const exemptions = modules.flatMap((m) => m.exemptions ?? []);

let t: TestApp;
const clients = new Map<Role, Client>();
const fixtures: MatrixFixtures = {};
let cells = 0;

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ROLES) clients.set(role, await t.login(ROLE_ACCOUNTS[role]));
  for (const m of modules) {
    if (!m.setup) continue;
    for (const [k, v] of Object.entries(await m.setup(t))) {
      if (k in fixtures) throw new Error(`scope matrix: fixture {${k}} defined twice`);
      fixtures[k] = v;
    }
  }
});

function send(role: Role, request: MatrixRequest) {
  const req = fillRequest(request, fixtures, role);
  return clients.get(role)!.request(req.method, req.url, req.body);
}
afterAll(async () => {
  console.log(`scope matrix: ${cells} cells checked over ${entries.length} endpoints × ${ROLES.length} roles`);
  await t?.close();
});

describe('scope matrix', () => {
  it('covers every /api route', () => {
    const known = new Set([...entries.map((e) => e.endpoint), ...exemptions.map((e) => e.endpoint)]);
    const missing = routeRegistry
      .filter((r) => r.url.startsWith('/api') || r.url.startsWith('/open311'))
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !known.has(k));
    expect([...new Set(missing)]).toEqual([]);
  });

  for (const entry of entries) {
    // denialsOnly: an allowed call inside (and the administrator's outside) would change shared rows, so it is
    // skipped; an allowed role's call outside its scope is a denial and runs
    const cellsOf = (role: Role) => {
      const allowed = entry.allowed.includes(role);
      return {
        allowed,
        inside: !!entry.inside && !(allowed && entry.denialsOnly),
        outside: !!entry.outside && !(allowed && entry.denialsOnly && role === 'admin'),
      };
    };
    if (!ROLES.some((r) => cellsOf(r).inside || cellsOf(r).outside)) continue;
    describe(entry.endpoint, () => {
      for (const role of ROLES) {
        const cell = cellsOf(role);
        if (cell.inside) {
          it(`${role} inside → ${cell.allowed ? '2xx' : 'denied'}`, async () => {
            const res = await send(role, entry.inside!);
            cells++;
            if (cell.allowed) {
              expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
              entry.check?.(res.body, role);
            } else expect([403, 404], JSON.stringify(res.body)).toContain(res.status);
          });
        }
        if (cell.outside) {
          it(`${role} outside → denied`, async () => {
            const res = await send(role, entry.outside!);
            cells++;
            // an all-area administrator is inside everything
            if (role === 'admin' && cell.allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
            else expect([403, 404], JSON.stringify(res.body)).toContain(res.status);
          });
        }
      }
    });
  }

  it('never lists a 红砂坝镇 department to a 新兴镇 account', async () => {
    const res = await clients.get('center_staff')!.get('/api/departments');
    cells++;
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((d: { areaCode: string }) => !d.areaCode.startsWith(platform.OUTSIDE_DEPARTMENT_AREA))).toBe(true);
  });
});
