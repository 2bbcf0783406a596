/**
 * The participation rows of the scope matrix, run on their own (the shared tests/integration/scope-matrix.test.ts
 * runs them too once it lists tests/matrix/participation.matrix.ts). Every participation route has a row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/roles';
import { routeRegistry } from '../../src/server/platform/http';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';
import { entries, exemptions } from '../matrix/participation.matrix';
import { ROLE_ACCOUNTS } from '../matrix/types';

let t: TestApp;
const clients = new Map<Role, Client>();

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ROLES) clients.set(role, await t.login(ROLE_ACCOUNTS[role]));
});
afterAll(async () => {
  await t?.close();
});

it('has a row for every participation route', () => {
  const known = new Set([...entries.map((e) => e.endpoint), ...exemptions.map((e) => e.endpoint)]);
  const mine = routeRegistry
    .filter((r) => r.url.startsWith('/api/participation') || r.url.startsWith('/api/public/knowledge'))
    .map((r) => `${r.method} ${r.url}`);
  expect([...new Set(mine)].filter((k) => !known.has(k))).toEqual([]);
  expect(mine.length).toBeGreaterThan(40);
});

describe('participation scope matrix', () => {
  // writes everyone may make (support, comment) have no denial to check here: their outside refusal is in participation.test.ts
  for (const entry of entries.filter((e) => !(e.denialsOnly && ROLES.every((r) => e.allowed.includes(r))))) {
    describe(entry.endpoint, () => {
      for (const role of ROLES) {
        const allowed = entry.allowed.includes(role);
        if (entry.inside && !(allowed && entry.denialsOnly)) {
          it(`${role} inside → ${allowed ? '2xx' : 'denied'}`, async () => {
            const req = entry.inside!;
            const res = await clients.get(role)!.request(req.method, req.url, req.body);
            if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
            else expect([403, 404], JSON.stringify(res.body)).toContain(res.status);
          });
        }
        if (entry.outside && !(allowed && entry.denialsOnly)) {
          it(`${role} outside → denied`, async () => {
            const req = entry.outside!;
            const res = await clients.get(role)!.request(req.method, req.url, req.body);
            if (role === 'admin' && allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
            else expect([403, 404], JSON.stringify(res.body)).toContain(res.status);
          });
        }
      }
    });
  }
});
