/**
 * Grid lookup: points per second through the app's R-tree index (gridsAt, the code intake uses) over every grid
 * polygon in the database, against brute force (point-in-polygon over every polygon), on the same points.
 */
import { performance } from 'node:perf_hooks';
import { and, eq, isNotNull } from 'drizzle-orm';
import { type AreaGeometry, bboxOf, bboxUnion, pointInGeometry, seededRandom } from '../src/domain/geo';
import { gridsAt } from '../src/server/modules/areas/grid-index';
import type { AppContext } from '../src/server/platform/context';
import { areas } from '../src/server/platform/db/schema';

export type GridLookupResult = { polygons: number; indexPps: number; brutePps: number; buildMs: number; agree: boolean };

export async function runGridLookup(ctx: AppContext, root: string, points: number): Promise<GridLookupResult> {
  const rows = await ctx.db
    .select({ code: areas.code, boundary: areas.boundary })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), eq(areas.status, 'active'), isNotNull(areas.boundary)));
  const polys = rows.map((r) => ({ code: r.code, g: r.boundary as AreaGeometry }));
  const inRoot = polys.filter((p) => p.code.startsWith(root));
  const box = bboxUnion(inRoot.map((p) => bboxOf(p.g)));
  const rand = seededRandom(`grid-bench-${root}`);
  const pts = Array.from({ length: points }, () => [box.minX + rand() * (box.maxX - box.minX), box.minY + rand() * (box.maxY - box.minY)]);

  const tb = performance.now();
  await gridsAt(ctx, pts[0][0], pts[0][1]); // builds the index from the database
  const buildMs = performance.now() - tb;
  const t0 = performance.now();
  const viaIndex: (string | undefined)[] = [];
  for (const [x, y] of pts) viaIndex.push((await gridsAt(ctx, x, y))[0]?.code);
  const indexPps = points / ((performance.now() - t0) / 1000);

  const bruteN = Math.min(points, 2_000);
  const t1 = performance.now();
  let agree = true;
  for (let i = 0; i < bruteN; i++) {
    const [x, y] = pts[i];
    const hits = polys.filter((p) => pointInGeometry(p.g, x, y));
    if (hits.length === 1 && hits[0].code !== viaIndex[i]) agree = false;
    if (hits.length === 0 && viaIndex[i] !== undefined) agree = false;
  }
  const brutePps = bruteN / ((performance.now() - t1) / 1000);
  return { polygons: polys.length, indexPps, brutePps, buildMs, agree };
}

export function printGridLookup(r: GridLookupResult): void {
  console.log('');
  console.log('| grid lookup | polygons | points/s | ratio |');
  console.log('|---|---|---|---|');
  console.log(`| R-tree index (gridsAt), built in ${r.buildMs.toFixed(0)} ms | ${r.polygons} | ${r.indexPps.toFixed(0)} | ${(r.indexPps / r.brutePps).toFixed(0)}× brute force |`);
  console.log(`| brute force point-in-polygon | ${r.polygons} | ${r.brutePps.toFixed(0)} | 1× |`);
  if (!r.agree) console.log('  WARNING: index and brute force disagree on some points');
}
