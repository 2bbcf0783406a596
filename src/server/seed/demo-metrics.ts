/** The demo's rollups, built once after the demo records are seeded (the sweep keeps them current). */
import { rebuildAllRollups } from '../modules/metrics/rollup';
import type { AppContext } from '../platform/context';
import type { Db } from '../platform/db/client';

export async function seedDemoMetrics(ctx: AppContext): Promise<void> {
  await ctx.db.transaction(async (tx) => rebuildAllRollups(tx as unknown as Db, ctx.clock()));
}
