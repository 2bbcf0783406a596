import { eq } from 'drizzle-orm';
import { childCode } from '../../domain/area-code';
import type { AppContext } from '../platform/context';
import { areas } from '../platform/db/schema';

/** Grids per town as the seed reports give them; other towns get one grid per village. */
export const GRID_COUNTS: Record<string, number> = { '620523101': 115, '150981109': 79 };

export async function seedDemoAreas(ctx: AppContext): Promise<void> {
  const villages = await ctx.db.select().from(areas).where(eq(areas.level, 'village')).orderBy(areas.code);
  const byTown = new Map<string, typeof villages>();
  for (const v of villages) {
    const t = v.code.slice(0, 9);
    if (!byTown.has(t)) byTown.set(t, []);
    byTown.get(t)!.push(v);
  }
  const rows: (typeof areas.$inferInsert)[] = [];
  for (const [town, vs] of byTown) {
    const total = GRID_COUNTS[town] ?? vs.length;
    vs.forEach((v, i) => {
      const n = Math.floor(total / vs.length) + (i < total % vs.length ? 1 : 0);
      for (let k = 1; k <= n; k++) {
        rows.push({
          code: childCode(v.code, k),
          name: `${v.name}第${k}网格`,
          level: 'grid',
          parentCode: v.code,
          gridType: '综合网格',
        });
      }
    });
  }
  for (let i = 0; i < rows.length; i += 500) await ctx.db.insert(areas).values(rows.slice(i, i + 500));
}
