/**
 * The permission snapshot: every route with who may reach it. A change here is a permission change and is
 * reviewed as one. Update with: npx vitest run -u tests/integration/permissions.test.ts
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { routeRegistry } from '../../src/server/platform/http';
import { type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

it('matches the reviewed permission snapshot', async () => {
  const lines = [...new Set(routeRegistry.map((r) => `${r.method.padEnd(6)} ${r.url.padEnd(56)} ${r.access}`))].sort();
  await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('../permissions.snapshot.txt');
});
