/**
 * Point → grid lookup (DESIGN §2): an in-memory R-tree over the boundaries of active grids, built
 * lazily from the database on first use. A grid write in this process marks the index stale at once;
 * writes made by other instances are picked up when the index is older than a minute and the grids'
 * change stamp (count and latest update) differs.
 */
import { and, count, eq, isNotNull, max, sum } from 'drizzle-orm';
import RBush from 'rbush';
import { type AreaGeometry, bboxOf, geometryArea, pointInGeometry } from '../../../domain/geo';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areas } from '../../platform/db/schema';

type Entry = { minX: number; minY: number; maxX: number; maxY: number; code: string; name: string; geometry: AreaGeometry; size: number };

type IndexState = {
  tree: RBush<Entry> | null;
  stamp: string | null;
  /** clock time of the last build or stamp check */
  checkedAt: number;
  /** bumped by every local invalidation; a build started before a bump does not count as fresh */
  generation: number;
  builtGeneration: number;
  pending: Promise<RBush<Entry>> | null;
  pendingGeneration: number;
};

export const GRID_INDEX_MAX_AGE_MS = 60_000;

const states = new WeakMap<Db, IndexState>();

function stateOf(ctx: AppContext): IndexState {
  let s = states.get(ctx.db);
  if (!s) {
    s = { tree: null, stamp: null, checkedAt: 0, generation: 0, builtGeneration: -1, pending: null, pendingGeneration: -1 };
    states.set(ctx.db, s);
  }
  return s;
}

/** Call after a transaction that changed a grid's boundary or status has committed. */
export function invalidateGridIndex(ctx: AppContext): void {
  stateOf(ctx).generation++;
}

/** Changes when any grid is added, edited or retired: every grid write bumps its version and updated_at. */
async function gridStamp(ctx: AppContext): Promise<string> {
  const [row] = await ctx.db
    .select({ n: count(), versions: sum(areas.version), latest: max(areas.updatedAt) })
    .from(areas)
    .where(eq(areas.level, 'grid'));
  const latest = row?.latest ? new Date(row.latest).getTime() : 0;
  return `${Number(row?.n ?? 0)}:${Number(row?.versions ?? 0)}:${latest}`;
}

async function build(ctx: AppContext, s: IndexState): Promise<RBush<Entry>> {
  const generation = s.generation;
  const stamp = await gridStamp(ctx);
  const rows = await ctx.db
    .select({ code: areas.code, name: areas.name, boundary: areas.boundary })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), eq(areas.status, 'active'), isNotNull(areas.boundary)));
  const entries: Entry[] = [];
  for (const r of rows) {
    const geometry = r.boundary as AreaGeometry;
    if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') continue;
    entries.push({ ...bboxOf(geometry), code: r.code, name: r.name, geometry, size: geometryArea(geometry) });
  }
  const tree = new RBush<Entry>();
  tree.load(entries);
  // a slower build that started before a newer one must not replace it
  if (generation >= s.builtGeneration) {
    s.tree = tree;
    s.stamp = stamp;
    s.checkedAt = ctx.clock().getTime();
    s.builtGeneration = generation;
  }
  return tree;
}

async function currentTree(ctx: AppContext): Promise<RBush<Entry>> {
  const s = stateOf(ctx);
  // a lookup joins a build in progress only if no grid changed here since it started
  if (s.pending && s.pendingGeneration === s.generation) return s.pending;
  const now = ctx.clock().getTime();
  const fresh = s.tree && s.builtGeneration === s.generation;
  if (fresh && now - s.checkedAt < GRID_INDEX_MAX_AGE_MS) return s.tree!;
  const pending = (async () => {
    if (fresh && (await gridStamp(ctx)) === s.stamp) {
      s.checkedAt = now;
      return s.tree!;
    }
    return build(ctx, s);
  })().finally(() => {
    if (s.pending === pending) s.pending = null;
  });
  s.pending = pending;
  s.pendingGeneration = s.generation;
  return pending;
}

/** Every active grid whose boundary contains the point, smallest first (overlaps are rare; the finer wins). */
export async function gridsAt(ctx: AppContext, lng: number, lat: number): Promise<{ code: string; name: string }[]> {
  const tree = await currentTree(ctx);
  return tree
    .search({ minX: lng, minY: lat, maxX: lng, maxY: lat })
    .filter((e) => pointInGeometry(e.geometry, lng, lat))
    .sort((a, b) => a.size - b.size || a.code.localeCompare(b.code))
    .map((e) => ({ code: e.code, name: e.name }));
}

/** The grid a reported location belongs to, or null when no grid boundary contains it. */
export async function locateGrid(ctx: AppContext, lng: number, lat: number): Promise<{ code: string; name: string } | null> {
  return (await gridsAt(ctx, lng, lat))[0] ?? null;
}

/** The codes of active grids whose bounding box meets a box (a superset of the grids a nearby point can lie in). */
export async function gridsNear(ctx: AppContext, box: { minLng: number; minLat: number; maxLng: number; maxLat: number }): Promise<string[]> {
  const tree = await currentTree(ctx);
  return tree.search({ minX: box.minLng, minY: box.minLat, maxX: box.maxLng, maxY: box.maxLat }).map((e) => e.code);
}
