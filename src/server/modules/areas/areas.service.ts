/**
 * Areas and grids (DESIGN §2): reading the tree within the actor's reach, and the grid verbs
 * (create, edit, retire). An actor reads the areas inside its scope and the ancestors of its scope
 * (to navigate down to them); everything else answers 404 like a missing area. Only grids and
 * micro-grids are edited here: the regions above them follow the national division codes.
 */
import { and, asc, count, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type AreaLevel, ancestorsOf, isAreaCode, LEVEL_LABEL, LEVEL_LENGTH, levelOf } from '../../../domain/area-code';
import { type AreaGeometry, bboxOf, bboxUnion, checkGeometry } from '../../../domain/geo';
import { type Actor, areaScope, assertTargetInScope, inScope, inScopeOrAncestor, prefixRange } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { areaPosts, areas } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import type { AreaItem, AreaView, CreateAreaInput, UpdateAreaInput } from './areas.schemas';
import { gridsAt, invalidateGridIndex } from './grid-index';

export type AreaRow = typeof areas.$inferSelect;
type AreaListRow = Omit<AreaRow, 'boundary'> & { hasBoundary: boolean };

const EDITABLE_LEVELS: readonly AreaLevel[] = ['grid', 'microgrid'];

/** Every column but the boundary, which lists do not carry. */
const listColumns = {
  code: areas.code,
  name: areas.name,
  level: areas.level,
  parentCode: areas.parentCode,
  gridType: areas.gridType,
  boundaryGenerated: areas.boundaryGenerated,
  households: areas.households,
  population: areas.population,
  status: areas.status,
  note: areas.note,
  version: areas.version,
  createdAt: areas.createdAt,
  updatedAt: areas.updatedAt,
  hasBoundary: sql<boolean>`(${areas.boundary} IS NOT NULL)`,
};

function auditBy(actor: Actor) {
  return { actorId: actor.userId, actorName: actor.username, ip: actor.ip };
}

/** The ancestors of the actor's scopes: readable for navigation only. */
function scopeAncestors(actor: Actor): string[] {
  const out = new Set<string>();
  for (const s of actor.scopes) if (s) for (const a of ancestorsOf(s)) out.add(a);
  return [...out];
}

/** SQL form of inScopeOrAncestor over areas.code. */
export function readableAreas(actor: Actor): SQL {
  const ancestors = scopeAncestors(actor);
  const inside = areaScope(actor, areas.code);
  return ancestors.length ? or(inside, inArray(areas.code, ancestors))! : inside;
}

/** An area the actor may read (inside its scope or an ancestor of it), or 404. */
export async function findReadableArea(db: Db, actor: Actor, code: string): Promise<AreaRow> {
  if (!isAreaCode(code) || !inScopeOrAncestor(actor, code)) throw new AppError('NOT_FOUND');
  const [row] = await db.select().from(areas).where(eq(areas.code, code)).limit(1);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** An area inside the actor's scope (ancestors are read-only), or 404. */
export async function findManagedArea(db: Db, actor: Actor, code: string, opts: { active?: boolean } = {}): Promise<AreaRow> {
  if (!isAreaCode(code) || !inScope(actor, code)) throw new AppError('NOT_FOUND');
  const [row] = await db.select().from(areas).where(eq(areas.code, code)).limit(1);
  if (!row) throw new AppError('NOT_FOUND');
  if (opts.active && row.status !== 'active') throw new AppError('AREA_RETIRED');
  return row;
}

type Totals = { households: number; population: number };

/**
 * Households and population above grid level: the sums over the active grids of the subtree that the
 * actor may see (so a town centre looking at its county sees its own town's figures, not the county's).
 */
async function subtreeTotals(db: Db, actor: Actor, codes: string[]): Promise<Map<string, Totals>> {
  const out = new Map<string, Totals>();
  const byLength = new Map<number, string[]>();
  for (const c of codes) {
    if (c.length >= LEVEL_LENGTH.grid) continue;
    const list = byLength.get(c.length) ?? [];
    list.push(c);
    byLength.set(c.length, list);
  }
  for (const [len, list] of byLength) {
    const key = sql<string>`substr(${areas.code}, 1, ${sql.raw(String(len))})`;
    const rows = await db
      .select({ key, households: sql<string>`coalesce(sum(${areas.households}), 0)`, population: sql<string>`coalesce(sum(${areas.population}), 0)` })
      .from(areas)
      .where(
        and(
          eq(areas.level, 'grid'),
          eq(areas.status, 'active'),
          areaScope(actor, areas.code),
          or(...list.map((c) => prefixRange(areas.code, c))),
        ),
      )
      .groupBy(key);
    for (const r of rows) out.set(r.key, { households: Number(r.households), population: Number(r.population) });
  }
  return out;
}

async function childCounts(db: Db, actor: Actor, codes: string[]): Promise<Map<string, number>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ parent: areas.parentCode, n: count() })
    .from(areas)
    .where(and(inArray(areas.parentCode, codes), eq(areas.status, 'active'), readableAreas(actor)))
    .groupBy(areas.parentCode);
  return new Map(rows.map((r) => [r.parent ?? '', Number(r.n)]));
}

async function ancestorNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(codes.flatMap((c) => ancestorsOf(c)))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, wanted));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Turns rows into the items the client sees: level label, ancestors path, visible child count, totals. */
async function presentItems(db: Db, actor: Actor, rows: AreaListRow[]): Promise<AreaItem[]> {
  const codes = rows.map((r) => r.code);
  const [counts, totals, names] = await Promise.all([childCounts(db, actor, codes), subtreeTotals(db, actor, codes), ancestorNames(db, codes)]);
  return rows.map((r) => {
    const level = levelOf(r.code);
    const t = totals.get(r.code);
    const aggregated = r.code.length < LEVEL_LENGTH.grid;
    return {
      code: r.code,
      name: r.name,
      level,
      levelLabel: LEVEL_LABEL[level],
      parentCode: r.parentCode,
      gridType: r.gridType,
      households: aggregated ? (t?.households ?? 0) : r.households,
      population: aggregated ? (t?.population ?? 0) : r.population,
      status: r.status === 'retired' ? 'retired' : 'active',
      boundaryGenerated: r.boundaryGenerated,
      hasBoundary: r.hasBoundary,
      childCount: counts.get(r.code) ?? 0,
      note: r.note,
      path: ancestorsOf(r.code)
        .filter((a) => names.has(a))
        .map((a) => ({ code: a, name: names.get(a)! })),
      version: r.version,
    };
  });
}

async function present(db: Db, actor: Actor, row: AreaRow): Promise<AreaView> {
  const { boundary, ...rest } = row;
  const [item] = await presentItems(db, actor, [{ ...rest, hasBoundary: boundary !== null }]);
  return { ...item, boundary: (boundary as AreaGeometry | null) ?? null };
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function getArea(ctx: AppContext, actor: Actor, code: string): Promise<AreaView> {
  return present(ctx.db, actor, await findReadableArea(ctx.db, actor, code));
}

export type StatusFilter = 'active' | 'retired' | 'all';

function statusCond(status: StatusFilter): SQL | undefined {
  return status === 'all' ? undefined : eq(areas.status, status);
}

export async function listChildren(ctx: AppContext, actor: Actor, code: string, status: StatusFilter) {
  await findReadableArea(ctx.db, actor, code);
  const rows = await ctx.db
    .select(listColumns)
    .from(areas)
    .where(and(eq(areas.parentCode, code), readableAreas(actor), statusCond(status)))
    .orderBy(asc(areas.code));
  const items = await presentItems(ctx.db, actor, rows);
  return { items, total: items.length };
}

/** The first level of the actor's tree: its scope areas (every province for an all-area administrator). */
export async function listRoots(ctx: AppContext, actor: Actor) {
  const all = actor.scopes.includes('');
  const codes = actor.scopes.filter((s) => s !== '');
  if (!all && !codes.length) return { items: [], total: 0 };
  const rows = await ctx.db
    .select(listColumns)
    .from(areas)
    .where(all ? isNull(areas.parentCode) : inArray(areas.code, codes))
    .orderBy(asc(areas.code));
  const items = await presentItems(ctx.db, actor, rows);
  return { items, total: items.length };
}

export const SEARCH_LIMIT = 50;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Areas inside the scope whose name contains `q`; coarse levels first; at most 50, total counts all. */
export async function searchAreas(ctx: AppContext, actor: Actor, q: string, status: StatusFilter) {
  const where = and(areaScope(actor, areas.code), ilike(areas.name, likePattern(q)), statusCond(status));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(listColumns)
      .from(areas)
      .where(where)
      .orderBy(sql`length(${areas.code})`, asc(areas.code))
      .limit(SEARCH_LIMIT),
    ctx.db.select({ n: count() }).from(areas).where(where),
  ]);
  return { items: await presentItems(ctx.db, actor, rows), total: Number(total?.n ?? 0) };
}

/**
 * Boundaries for the map: the direct children of an area; for a grid, the grid itself and its
 * micro-grids; for a micro-grid, itself. Active areas with a boundary only.
 */
export async function listBoundaries(ctx: AppContext, actor: Actor, code: string) {
  const area = await findReadableArea(ctx.db, actor, code);
  const level = levelOf(area.code);
  const self = level === 'grid' || level === 'microgrid' ? eq(areas.code, area.code) : undefined;
  const rows = await ctx.db
    .select({ code: areas.code, name: areas.name, level: areas.level, boundary: areas.boundary, generated: areas.boundaryGenerated })
    .from(areas)
    .where(
      and(
        self ? or(self, eq(areas.parentCode, area.code)) : eq(areas.parentCode, area.code),
        readableAreas(actor),
        eq(areas.status, 'active'),
        isNotNull(areas.boundary),
      ),
    )
    .orderBy(asc(areas.code));
  const features = rows.map((r) => ({
    type: 'Feature' as const,
    id: r.code,
    geometry: r.boundary as AreaGeometry,
    properties: { code: r.code, name: r.name, level: r.level, generated: r.generated },
  }));
  if (!features.length) return { type: 'FeatureCollection' as const, features };
  const b = bboxUnion(features.map((f) => bboxOf(f.geometry)));
  return { type: 'FeatureCollection' as const, bbox: [b.minX, b.minY, b.maxX, b.maxY], features };
}

/** The active grid in the actor's scope whose boundary contains the point, or 404. */
export async function locateInScope(ctx: AppContext, actor: Actor, lng: number, lat: number) {
  const hit = (await gridsAt(ctx, lng, lat)).find((g) => inScope(actor, g.code));
  if (!hit) throw new AppError('NOT_FOUND', { message: '该位置不在您管辖的任何网格内' });
  return getArea(ctx, actor, hit.code);
}

// ---------------------------------------------------------------------------------------------
// Writes

function checkedBoundary(value: unknown): AreaGeometry {
  const res = checkGeometry(value);
  if (!res.ok) {
    throw new AppError('BAD_GEOMETRY', {
      field: 'boundary',
      message: `网格边界无效：${res.message}`,
      details: { problem: res.problem, path: res.path },
    });
  }
  return res.geometry;
}

const CHILD_LEVEL: Partial<Record<AreaLevel, AreaLevel>> = { village: 'grid', grid: 'microgrid' };

/** Creates a grid under a village or a micro-grid under a grid; the code is the next free serial unless given. */
export async function createArea(ctx: AppContext, actor: Actor, input: CreateAreaInput): Promise<AreaView> {
  const parentCode = input.parentCode;
  if (!isAreaCode(parentCode)) throw new AppError('BAD_AREA_CODE', { field: 'parentCode' });
  assertTargetInScope(actor, parentCode, 'parentCode');
  const level = CHILD_LEVEL[levelOf(parentCode)];
  if (!level) throw new AppError('AREA_BAD_PARENT', { field: 'parentCode' });
  const width = LEVEL_LENGTH[level] - parentCode.length;
  if (input.code !== undefined && (input.code.length !== LEVEL_LENGTH[level] || !input.code.startsWith(parentCode) || /^0+$/.test(input.code.slice(parentCode.length)))) {
    throw new AppError('BAD_AREA_CODE', { field: 'code', message: `编码须为上级编码加${width}位序号(不能全为0)` });
  }
  const boundary = input.boundary === undefined || input.boundary === null ? null : checkedBoundary(input.boundary);
  const now = ctx.clock();
  const code = await ctx.db.transaction(async (tx) => {
    // the parent row lock orders this insert against a concurrent retire of the parent
    const [parent] = await tx.select().from(areas).where(eq(areas.code, parentCode)).for('update');
    if (!parent) throw new AppError('NOT_FOUND', { field: 'parentCode', message: '上级区域不存在' });
    if (parent.status !== 'active') throw new AppError('AREA_RETIRED', { field: 'parentCode', message: '上级区域已撤销，不能在其下新建' });
    let code = input.code;
    if (!code) {
      const [last] = await tx
        .select({ code: sql<string | null>`max(${areas.code})` })
        .from(areas)
        .where(and(eq(areas.parentCode, parentCode), sql`length(${areas.code}) = ${LEVEL_LENGTH[level]}`));
      const serial = last?.code ? Number(last.code.slice(parentCode.length)) + 1 : 1;
      if (serial >= 10 ** width) throw new AppError('AREA_CODE_FULL', { field: 'code' });
      code = parentCode + String(serial).padStart(width, '0');
    }
    const inserted = await tx
      .insert(areas)
      .values({
        code,
        name: input.name,
        level,
        parentCode,
        gridType: input.gridType ?? (level === 'grid' ? '综合网格' : null),
        households: input.households,
        population: input.population,
        boundary,
        boundaryGenerated: false,
        note: input.note || null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning({ code: areas.code });
    if (!inserted[0]) throw new AppError('AREA_EXISTS', { field: 'code' });
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'area.create', targetType: 'area', targetId: code, areaCode: code, detail: { level, hasBoundary: !!boundary } },
      now,
    );
    return code;
  });
  if (level === 'grid' && boundary) invalidateGridIndex(ctx);
  return getArea(ctx, actor, code);
}

async function findEditable(ctx: AppContext, actor: Actor, code: string): Promise<AreaRow> {
  const row = await findManagedArea(ctx.db, actor, code);
  if (!EDITABLE_LEVELS.includes(levelOf(row.code))) throw new AppError('AREA_NOT_EDITABLE');
  if (row.status !== 'active') throw new AppError('AREA_RETIRED');
  return row;
}

export async function updateArea(ctx: AppContext, actor: Actor, code: string, input: UpdateAreaInput): Promise<AreaView> {
  const row = await findEditable(ctx, actor, code);
  const boundaryGiven = input.boundary !== undefined;
  const boundary = input.boundary === undefined || input.boundary === null ? null : checkedBoundary(input.boundary);
  const now = ctx.clock();
  const fields = (Object.keys(input) as (keyof UpdateAreaInput)[]).filter((k) => k !== 'version' && input[k] !== undefined);
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(areas)
      .set({
        name: input.name ?? row.name,
        gridType: input.gridType === undefined ? row.gridType : input.gridType,
        households: input.households ?? row.households,
        population: input.population ?? row.population,
        ...(boundaryGiven ? { boundary, boundaryGenerated: false } : {}),
        note: input.note === undefined ? row.note : input.note || null,
        version: sql`${areas.version} + 1`,
        updatedAt: now,
      })
      .where(and(eq(areas.code, code), eq(areas.version, input.version), eq(areas.status, 'active')))
      .returning({ code: areas.code });
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    await recordAudit(tx, { ...auditBy(actor), action: 'area.update', targetType: 'area', targetId: code, areaCode: code, detail: { fields } }, now);
  });
  if (row.level === 'grid' && boundaryGiven) invalidateGridIndex(ctx);
  return getArea(ctx, actor, code);
}

/**
 * Retires a grid or micro-grid: refused while it has active children; the posts held on it end. The
 * status change comes first so that its row lock orders it against a concurrent create under it.
 */
export async function retireArea(ctx: AppContext, actor: Actor, code: string, version: number | undefined): Promise<AreaView> {
  const row = await findEditable(ctx, actor, code);
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(areas)
      .set({ status: 'retired', version: sql`${areas.version} + 1`, updatedAt: now })
      .where(and(eq(areas.code, code), eq(areas.version, version ?? row.version), eq(areas.status, 'active')))
      .returning({ code: areas.code });
    if (!updated[0]) throw new AppError('VERSION_CONFLICT');
    const [children] = await tx
      .select({ n: count() })
      .from(areas)
      .where(and(eq(areas.parentCode, code), eq(areas.status, 'active')));
    if (Number(children?.n ?? 0) > 0) throw new AppError('AREA_HAS_CHILDREN');
    const ended = await tx
      .update(areaPosts)
      .set({ endedAt: now })
      .where(and(eq(areaPosts.areaCode, code), isNull(areaPosts.endedAt)))
      .returning({ id: areaPosts.id });
    await recordAudit(
      tx,
      { ...auditBy(actor), action: 'area.retire', targetType: 'area', targetId: code, areaCode: code, detail: { endedPosts: ended.length } },
      now,
    );
  });
  if (row.level === 'grid') invalidateGridIndex(ctx);
  return getArea(ctx, actor, code);
}
