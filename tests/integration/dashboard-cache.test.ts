/**
 * The dashboard keeps its rollup part for a minute (issue #10: a wall of screens must not recompute it each): a new
 * record shows once the sweep has folded it in: the sweep's watermark rows are the cache's stamp.
 */
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { areas } from '../../src/server/platform/db/schema';
import { runSweeps } from '../../src/server/platform/jobs';
import { type TestApp, startTestApp } from '../helpers/test-app';

const XINXING = '620523101';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.close();
});

type Fig = { id: string; numerator: number };
const reported = (body: { indicators: Fig[] }) => body.indicators.find((f) => f.id === 'reported')!.numerator;

describe('dashboard figures cache', () => {
  it('serves the same figures until the sweep folds new records in, then the new ones', async () => {
    await runSweeps(t.ctx);
    const town = await t.login('town_center');
    const url = `/api/metrics/dashboard?area=${XINXING}`;
    const first = (await town.get(url)).body;
    const again = (await town.get(url)).body;
    expect(reported(again)).toBe(reported(first));
    expect(again.map.grids).toEqual(first.map.grids);

    const [grid] = await t.ctx.db
      .select({ code: areas.code })
      .from(areas)
      .where(and(eq(areas.level, 'grid'), like(areas.code, `${XINXING}%`)))
      .limit(1);
    const made = await town.post('/api/cases', { kind: 'event', title: '缓存测试：井盖缺失', description: '路口井盖缺失', categoryCode: 'municipal', areaCode: grid.code });
    expect(made.status).toBe(201);

    // not folded in yet: the rollup figures are the cached ones
    expect(reported((await town.get(url)).body)).toBe(reported(first));
    expect((await runSweeps(t.ctx)).ran).toBe(true);
    const after = (await town.get(url)).body;
    expect(reported(after)).toBe(reported(first) + 1);
    expect(after.map.grids.find((g: { code: string }) => g.code === grid.code)).toBeTruthy();
  });
});
