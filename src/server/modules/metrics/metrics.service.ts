/**
 * Reading the figures (DESIGN §10): every number comes from the rollup tables for the areas in view, with
 * its numerator and denominator; drill-downs list the records behind a part with the same SQL predicates.
 * All reads go through the access module: an area outside the actor's scope answers 404.
 */
import { type SQL, sql } from 'drizzle-orm';
import { LEVEL_LENGTH, ancestorsOf, isAreaCode } from '../../../domain/area-code';
import { CASE_KINDS } from '../../../domain/cases/kinds';
import {
  CASE_MEASURES,
  DEPT_MEASURES,
  type DeptMeasure,
  FOLLOW_MEASURES,
  INDICATORS,
  type Indicator,
  type IndicatorId,
  type Measure,
  type MeasureRef,
  MEASURE_LABEL,
  REPORT_MEASURES,
  STOCK_MEASURES,
  THREE_NONE,
  type ThreeNone,
  VISIT_MEASURES,
  indicatorById,
  indicatorValue,
  threeNone,
} from '../../../domain/indicators/indicators';
import {
  DEFAULT_AREA_WEIGHTS,
  DEFAULT_DEPT_WEIGHTS,
  type Period,
  type Weight,
  chinaDay,
  monthsBetween,
  parsePeriod,
  rank,
  splitRange,
  weeksBetween,
} from '../../../domain/indicators/ranking';
import { type Actor, areaFilter, areaScope, assertInScope, can, inScope, prefixRange } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { type Db, queryRows } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { CASE_BASE, FOLLOW_EVENTS, FOLLOW_PREDICATE, RANKED_VISITS, VISIT_PREDICATE, WEEK_END_DAY, casePredicate, dayAfter, dayOf, dayStart } from './measures';

export type Range = { from: string; to: string; months: number; label: string };
type Sums = Record<Measure, number>;
/** An area's sums over a range: all kinds together, and per kind (化解率 counts disputes, 三无 petitions). */
type AreaFig = { sums: Sums; kinds: Record<string, Partial<Sums>> };

const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const ALL_MEASURES = [...CASE_MEASURES, ...VISIT_MEASURES, ...FOLLOW_MEASURES, ...REPORT_MEASURES, ...STOCK_MEASURES, ...DEPT_MEASURES] as const;
function zero(): Sums {
  return Object.fromEntries(ALL_MEASURES.map((m) => [m, 0])) as Sums;
}
const emptyFig = (): AreaFig => ({ sums: zero(), kinds: {} });

/** A period as `2026-11` / `2026-Q4` / `2026`, or explicit from/to days; default: this month so far. */
export function resolveRange(now: Date, q: { period?: string; from?: string; to?: string }): Range {
  if (q.period) {
    const p: Period | null = parsePeriod(q.period);
    if (!p) throw new AppError('METRIC_BAD_PERIOD', { field: 'period' });
    return p;
  }
  const today = chinaDay(now);
  const from = q.from ?? `${today.slice(0, 7)}-01`;
  const to = q.to ?? today;
  if (from > to) throw new AppError('METRIC_BAD_PERIOD', { field: 'from' });
  return { from, to, months: monthsBetween(from, to), label: `${from} 至 ${to}` };
}

/** The area to show: the one asked for (404 outside the scope), else the actor's first scope. */
export async function resolveArea(db: Db, actor: Actor, area: string | undefined): Promise<{ code: string; name: string; level: string }> {
  let code = area;
  if (!code) {
    code = actor.scopes.find((s) => s !== '');
    if (!code) {
      const [top] = await queryRows<{ code: string }>(db, sql`SELECT code FROM areas WHERE level = 'county' ORDER BY code LIMIT 1`);
      code = top?.code;
    }
  }
  if (!code || !isAreaCode(code)) throw new AppError('NOT_FOUND');
  assertInScope(actor, code);
  const [row] = await queryRows<{ code: string; name: string; level: string }>(db, sql`SELECT code, name, level FROM areas WHERE code = ${code}`);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

const inList = (codes: string[]) =>
  sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );

/**
 * The rollup rows that make up a range: a whole month is its one total row ('YYYY-MM'), the partial
 * months at either end are their day rows. A one-year view reads ~12 + ~30 rows per area and kind.
 */
function rowsOfRange(range: { from: string; to: string }): SQL {
  const { months, days } = splitRange(range.from, range.to);
  const parts: SQL[] = [];
  if (months.length) parts.push(sql`day IN (${inList(months)})`);
  for (const [lo, hi] of days) parts.push(sql`(length(day) = 10 AND day >= ${lo} AND day <= ${hi})`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}
/** The same rows labelled by their month (for the trend). */
const monthOfRow = sql.raw('substr(day, 1, 7)');

const sumCols = (ms: readonly string[]) => ms.map((m) => `sum(${snake(m)})::bigint AS "${m}"`).join(', ');
const AREA_TABLES = [
  { table: 'metric_visit_days', measures: VISIT_MEASURES },
  { table: 'metric_follow_days', measures: FOLLOW_MEASURES },
  { table: 'metric_report_days', measures: REPORT_MEASURES },
] as const;

/**
 * Rollup sums over the range for the areas selected by `where` (over `area_code`), keyed by `group`
 * (the area code, or the month for a trend): O(areas × (months + edge days)) rows, never the records.
 */
async function sumRollups(db: Db, where: SQL, range: { from: string; to: string }, group: SQL, keys: string[]): Promise<Map<string, AreaFig>> {
  const out = new Map<string, AreaFig>();
  for (const k of keys) out.set(k, emptyFig());
  if (keys.length === 0) return out;
  const rows = rowsOfRange(range);
  const caseRows = await queryRows<Record<string, string | number>>(
    db,
    sql`SELECT ${group} AS g, kind, ${sql.raw(sumCols(CASE_MEASURES))} FROM metric_case_days WHERE ${where} AND ${rows} GROUP BY 1, 2`,
  );
  for (const r of caseRows) {
    const fig = out.get(String(r.g));
    if (!fig) continue;
    const kind = String(r.kind);
    if (!fig.kinds[kind]) fig.kinds[kind] = {};
    const k = fig.kinds[kind];
    for (const m of CASE_MEASURES) {
      const v = Number(r[m]);
      fig.sums[m] += v;
      k[m] = (k[m] ?? 0) + v;
    }
  }
  for (const t of AREA_TABLES) {
    const tRows = await queryRows<Record<string, string | number>>(
      db,
      sql`SELECT ${group} AS g, ${sql.raw(sumCols(t.measures))} FROM ${sql.raw(t.table)} WHERE ${where} AND ${rows} GROUP BY 1`,
    );
    for (const r of tRows) {
      const fig = out.get(String(r.g));
      if (fig) for (const m of t.measures) fig.sums[m] = Number(r[m]);
    }
  }
  return out;
}

async function addStock(db: Db, figs: Map<string, AreaFig>, codes: string[], where: SQL): Promise<void> {
  if (codes.length === 0) return;
  const stockCols = STOCK_MEASURES.map((m) => `${snake(m)} AS "${m}"`).join(', ');
  const stockRows = await queryRows<Record<string, string | number>>(db, sql`SELECT area_code, ${sql.raw(stockCols)} FROM metric_area_stock WHERE ${where}`);
  for (const r of stockRows) {
    const fig = figs.get(String(r.area_code));
    if (fig) for (const m of STOCK_MEASURES) fig.sums[m] = Number(r[m]);
  }
}

/** Rollup sums for these areas over the range: O(areas × months) rows read, never the records. */
export async function figuresFor(db: Db, codes: string[], range: Range): Promise<Map<string, AreaFig>> {
  if (codes.length === 0) return new Map();
  const where = sql`area_code IN (${inList(codes)})`;
  const figs = await sumRollups(db, where, range, sql.raw('area_code'), codes);
  await addStock(db, figs, codes, where);
  return figs;
}

/** The same for every area of one code length under a prefix (the grids of the map), by an index range. */
async function figuresUnder(db: Db, prefix: string, length: number, codes: string[], range: Range): Promise<Map<string, AreaFig>> {
  // the codes themselves where they are a list of ordinary size: each is then an equality on the rollups' key
  // (area_code, day, kind), so the months and days are index bounds too; a prefix range reads every level's and
  // every day's rows under the prefix and filters them (160 ms for one town's grids over a year at city scale)
  const where =
    codes.length <= 5000
      ? sql`area_code IN (${inList(codes)})`
      : sql`${prefixRange(sql.raw('area_code'), prefix)} AND length(area_code) = ${length}`;
  const figs = await sumRollups(db, where, range, sql.raw('area_code'), codes);
  await addStock(db, figs, codes, where);
  return figs;
}

/** The same sums for one area, month by month, in one query per rollup table (the trend). */
export async function figuresByMonth(db: Db, code: string, months: string[], range: Range): Promise<Map<string, AreaFig>> {
  const out = await sumRollups(db, sql`area_code = ${code}`, range, monthOfRow, months);
  const stock = (await figuresFor(db, [code], range)).get(code)!;
  for (const fig of out.values()) for (const m of STOCK_MEASURES) fig.sums[m] = stock.sums[m];
  return out;
}

export type Figure = {
  id: IndicatorId;
  name: string;
  formula: string;
  unit: string;
  version: number;
  numerator: number;
  denominator: number | null;
  numeratorLabel: string;
  denominatorLabel: string | null;
  value: number | null;
};

function partValue(ref: MeasureRef, fig: AreaFig, range: Range, kind: string | undefined): number {
  if (ref.source === 'case') return kind ? (fig.kinds[kind]?.[ref.measure] ?? 0) : fig.sums[ref.measure];
  if (ref.source === 'stock') {
    const times = ref.per === 'month' ? range.months : ref.per === 'week' ? weeksBetween(range.from, range.to) : 1;
    return fig.sums[ref.measure] * times;
  }
  return fig.sums[ref.measure];
}

export function figureOf(ind: Indicator, fig: AreaFig, range: Range, kind?: string): Figure {
  const k = ind.kind ?? kind;
  const numerator = partValue(ind.numerator, fig, range, k);
  const denominator = ind.denominator ? partValue(ind.denominator, fig, range, k) : null;
  return {
    id: ind.id,
    name: ind.name,
    formula: ind.formula,
    unit: ind.unit,
    version: ind.version,
    numerator,
    denominator,
    numeratorLabel: MEASURE_LABEL[ind.numerator.measure],
    denominatorLabel: ind.denominator ? MEASURE_LABEL[ind.denominator.measure] : null,
    value: indicatorValue(ind, numerator, denominator),
  };
}

const AREA_INDICATORS = INDICATORS.filter((i) => i.scope === 'area');

function threeNoneOf(fig: AreaFig): ThreeNone {
  return threeNone(fig.kinds[THREE_NONE.petitionKind]?.reported ?? 0, fig.sums.criminal, fig.sums.accidents);
}

type AreaRef = { code: string; name: string; level: string };

async function childrenOf(db: Db, actor: Actor, code: string): Promise<AreaRef[]> {
  return queryRows(
    db,
    sql`SELECT code, name, level FROM areas WHERE parent_code = ${code} AND status = 'active' AND level <> 'microgrid' AND ${areaScope(actor, sql.raw('code'))} ORDER BY code`,
  );
}

export async function summary(ctx: AppContext, actor: Actor, q: { area?: string; period?: string; from?: string; to?: string; kind?: string }) {
  return (await summaryWithFigures(ctx, actor, q)).view;
}

async function summaryWithFigures(ctx: AppContext, actor: Actor, q: { area?: string; period?: string; from?: string; to?: string; kind?: string }) {
  const area = await resolveArea(ctx.db, actor, q.area);
  const range = resolveRange(ctx.clock(), q);
  const children = await childrenOf(ctx.db, actor, area.code);
  const figs = await figuresFor(ctx.db, [area.code, ...children.map((c) => c.code)], range);
  const own = figs.get(area.code)!;
  const view = {
    area,
    period: { from: range.from, to: range.to, label: range.label },
    indicators: AREA_INDICATORS.map((i) => figureOf(i, own, range, q.kind)),
    threeNone: threeNoneOf(own),
    children: children.map((c) => {
      const f = figs.get(c.code)!;
      return { ...c, indicators: AREA_INDICATORS.map((i) => figureOf(i, f, range, q.kind)), threeNone: threeNoneOf(f) };
    }),
  };
  return { view, range, children, figs };
}

function lastMonths(end: string, n: number): string[] {
  let [y, m] = end.split('-').map(Number);
  const months: string[] = [];
  for (let i = 0; i < n; i++) {
    months.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return months;
}

/** Monthly figures of several indicators for one area, the months ending with `end`'s (one read per table). */
async function monthlyFigures(db: Db, code: string, end: string, n: number, inds: Indicator[]) {
  const months = lastMonths(end, n);
  const byMonth = await figuresByMonth(db, code, months, { from: `${months[0]}-01`, to: end, months: 1, label: '' });
  return months.map((month) => {
    const p = parsePeriod(month)!;
    const range = { ...p, to: [p.to, end].sort()[0] };
    return { month, figures: inds.map((i) => figureOf(i, byMonth.get(month)!, range)) };
  });
}

/** Monthly series of an indicator for the last `months` months up to the range's end. */
export async function trend(ctx: AppContext, actor: Actor, q: { area?: string; indicator: string; months?: number; to?: string }) {
  const area = await resolveArea(ctx.db, actor, q.area);
  const ind = indicatorById(q.indicator);
  if (ind?.scope !== 'area') throw new AppError('METRIC_UNKNOWN_INDICATOR', { field: 'indicator' });
  const points = await monthlyFigures(ctx.db, area.code, q.to ?? chinaDay(ctx.clock()), q.months ?? 12, [ind]);
  return { area, indicator: ind.id, name: ind.name, formula: ind.formula, points: points.map((p) => ({ month: p.month, ...p.figures[0] })) };
}

// ----------------------------------------------------------------------------------------------
// Drill-down: the records behind a numerator or a denominator

export type DrillItem = { id: number; type: string; label: string; areaCode: string; at: string | null };

export async function drill(
  ctx: AppContext,
  actor: Actor,
  q: { indicator: string; area?: string; from?: string; to?: string; period?: string; part: 'numerator' | 'denominator'; page: number; pageSize: number; kind?: string; department?: number },
): Promise<{ items: DrillItem[]; total: number; measure: string; label: string }> {
  const ind = indicatorById(q.indicator);
  if (!ind) throw new AppError('METRIC_UNKNOWN_INDICATOR', { field: 'indicator' });
  const ref = q.part === 'numerator' ? ind.numerator : ind.denominator;
  if (!ref) throw new AppError('VALIDATION_FAILED', { field: 'part' });
  const area = await resolveArea(ctx.db, actor, q.area);
  const range = resolveRange(ctx.clock(), q);
  const lo = dayStart(range.from);
  const hi = dayStart(dayAfter(range.to));
  const limit = q.pageSize;
  const offset = (q.page - 1) * q.pageSize;
  let where: SQL;
  let select: SQL;
  let from: SQL;
  let order: SQL;
  if (ref.source === 'case') {
    const kind = ind.kind ?? q.kind;
    from = sql`cases c`;
    where = sql`${CASE_BASE} AND ${casePredicate(ref.measure)} AND ${areaFilter(actor, sql.raw('c.area_code'), area.code)}
      AND c.created_at >= ${lo} AND c.created_at < ${hi} ${kind ? sql`AND c.kind = ${kind}` : sql``}`;
    select = sql`c.id, 'case' AS type, c.number || ' ' || c.title AS label, c.area_code, c.created_at AS at`;
    order = sql`c.created_at DESC, c.id DESC`;
  } else if (ref.source === 'visit') {
    const mLo = dayStart(`${range.from.slice(0, 7)}-01`);
    const [y, m] = range.to.split('-').map(Number);
    const mHi = dayStart(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
    from = sql`${RANKED_VISITS} WHERE v0.visited_at >= ${mLo} AND v0.visited_at < ${mHi}) v`;
    where = sql`${sql.raw(VISIT_PREDICATE[ref.measure])} AND ${areaFilter(actor, sql.raw('v.area_code'), area.code)} AND v.visited_at >= ${lo} AND v.visited_at < ${hi}`;
    select = sql`v.id, 'visit' AS type, '走访记录 ' || v.visitor_name AS label, v.area_code, v.visited_at AS at`;
    order = sql`v.visited_at DESC, v.id DESC`;
  } else if (ref.source === 'stock') {
    if (ref.measure === 'households') {
      from = sql`households h`;
      where = sql`h.status = 'active' AND ${areaFilter(actor, sql.raw('h.area_code'), area.code)}`;
      select = sql`h.id, 'household' AS type, '户号 ' || h.household_no AS label, h.area_code, NULL::timestamptz AS at`;
      order = sql`h.area_code, h.id`;
    } else if (ref.measure === 'specialPersons') {
      if (!can(actor, 'sensitive')) throw new AppError('FORBIDDEN');
      from = sql`special_persons s`;
      where = sql`s.status = 'active' AND ${areaFilter(actor, sql.raw('s.area_code'), area.code)}`;
      select = sql`s.id, 'special_person' AS type, '重点人员 #' || s.id AS label, s.area_code, s.next_visit_due AS at`;
      order = sql`s.area_code, s.id`;
    } else if (ref.measure === 'grids') {
      from = sql`areas a`;
      where = sql`a.level = 'grid' AND a.status = 'active' AND ${areaFilter(actor, sql.raw('a.code'), area.code)}`;
      select = sql`0 AS id, 'area' AS type, a.name AS label, a.code AS area_code, NULL::timestamptz AS at`;
      order = sql`a.code`;
    } else {
      from = sql`users u`;
      where = sql`u.status = 'active' AND u.roles @> '["grid_worker"]'::jsonb AND ${areaFilter(actor, sql.raw("(u.scopes->>0)"), area.code)}`;
      select = sql`u.id, 'user' AS type, u.display_name AS label, u.scopes->>0 AS area_code, NULL::timestamptz AS at`;
      order = sql`u.id`;
    }
  } else if (ref.source === 'follow') {
    // each follow-up that fell due in the period (the person's records need the sensitive permission)
    if (!can(actor, 'sensitive')) throw new AppError('FORBIDDEN');
    from = FOLLOW_EVENTS;
    where = sql`${sql.raw(FOLLOW_PREDICATE[ref.measure])} AND ${areaFilter(actor, sql.raw('e.area_code'), area.code)} AND e.due_at >= ${lo} AND e.due_at < ${hi}`;
    select = sql`e.special_person_id AS id, 'special_person' AS type,
      '重点人员 #' || e.special_person_id || ' 应随访 ' || ${dayOf(sql.raw('e.due_at'))} || CASE WHEN e.next_at IS NOT NULL AND e.next_at <= e.due_at THEN ' 已按期随访' ELSE ' 未按期' END AS label,
      e.area_code, e.due_at AS at`;
    order = sql`e.due_at DESC, e.special_person_id DESC`;
  } else if (ref.source === 'report') {
    from = sql`risk_weekly_reports r`;
    where = sql`${areaFilter(actor, sql.raw('r.area_code'), area.code)} AND ${WEEK_END_DAY} >= ${range.from} AND ${WEEK_END_DAY} <= ${range.to}`;
    select = sql`r.id, 'weekly_report' AS type, r.week || ' 一周一结 ' || coalesce(r.reporter_name, '') AS label, r.area_code, r.submitted_at AS at`;
    order = sql`r.week DESC, r.area_code`;
  } else {
    from = sql`case_dispatches d JOIN departments dp ON dp.id = d.department_id`;
    const pred: Record<DeptMeasure, string> = {
      dispatched: 'true',
      acknowledged: 'd.acknowledged_at IS NOT NULL',
      acknowledgedOnTime: 'd.acknowledged_at IS NOT NULL AND (d.ack_due_at IS NULL OR d.acknowledged_at <= d.ack_due_at)',
      returned: 'd.returned_at IS NOT NULL',
      deptHandled: 'd.handled_at IS NOT NULL',
    };
    where = sql`${sql.raw(pred[ref.measure])} AND ${areaFilter(actor, sql.raw('dp.area_code'), area.code)} AND d.dispatched_at >= ${lo} AND d.dispatched_at < ${hi}
      ${q.department ? sql`AND d.department_id = ${q.department}` : sql``}`;
    select = sql`d.case_id AS id, 'case' AS type, dp.name || ' 派单 #' || d.id AS label, dp.area_code, d.dispatched_at AS at`;
    order = sql`d.dispatched_at DESC, d.id DESC`;
  }
  const rows = await queryRows<{ id: number; type: string; label: string; area_code: string; at: Date | string | null }>(
    ctx.db,
    sql`SELECT ${select} FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
  );
  const [cnt] = await queryRows<{ n: number | string }>(ctx.db, sql`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
  return {
    measure: ref.measure,
    label: MEASURE_LABEL[ref.measure],
    total: Number(cnt?.n ?? 0),
    items: rows.map((r) => ({ id: Number(r.id), type: r.type, label: r.label, areaCode: r.area_code, at: r.at ? new Date(r.at).toISOString() : null })),
  };
}

// ----------------------------------------------------------------------------------------------
// Weights and rankings

export type RankTarget = 'children' | 'departments';

export async function loadWeights(db: Db, target: RankTarget): Promise<{ weights: Weight[]; version: number }> {
  const rows = await queryRows<{ weights: Weight[]; version: number }>(db, sql`SELECT weights, version FROM metric_weights WHERE target = ${target}`);
  if (rows[0]) return { weights: rows[0].weights, version: Number(rows[0].version) };
  return { weights: target === 'departments' ? DEFAULT_DEPT_WEIGHTS : DEFAULT_AREA_WEIGHTS, version: 0 };
}

export async function saveWeights(ctx: AppContext, actor: Actor, body: { target: RankTarget; weights: Weight[]; version: number }) {
  // weights are county-wide policy: administrators, or a centre whose scope is a county or above
  if (!actor.roles.includes('admin') && !actor.scopes.some((s) => s.length <= 6)) throw new AppError('FORBIDDEN');
  const ids = body.weights.map((w) => w.indicator);
  const scope = body.target === 'departments' ? 'department' : 'area';
  if (
    new Set(ids).size !== ids.length ||
    body.weights.some((w) => indicatorById(w.indicator)?.scope !== scope || (indicatorById(w.indicator)?.unit === 'count')) ||
    body.weights.reduce((a, w) => a + w.weight, 0) <= 0
  ) {
    throw new AppError('METRIC_BAD_WEIGHTS', { field: 'weights' });
  }
  const now = ctx.clock();
  clearDashboardFigures(ctx.db);
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await loadWeights(tx, body.target);
    if (current.version !== body.version) throw new AppError('VERSION_CONFLICT');
    const json = JSON.stringify(body.weights);
    if (current.version === 0) {
      const ins = await queryRows<{ target: string }>(
        tx,
        sql`INSERT INTO metric_weights (target, weights, version, updated_by, updated_at) VALUES (${body.target}, ${json}::jsonb, 1, ${actor.userId}, ${now})
          ON CONFLICT (target) DO NOTHING RETURNING target`,
      );
      if (ins.length === 0) throw new AppError('VERSION_CONFLICT');
    } else {
      const upd = await queryRows<{ target: string }>(
        tx,
        sql`UPDATE metric_weights SET weights = ${json}::jsonb, version = version + 1, updated_by = ${actor.userId}, updated_at = ${now}
          WHERE target = ${body.target} AND version = ${body.version} RETURNING target`,
      );
      if (upd.length === 0) throw new AppError('VERSION_CONFLICT');
    }
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.displayName, ip: actor.ip, action: 'metrics.weights.update', targetType: 'metric_weights', targetId: body.target, detail: { weights: body.weights } },
      now,
    );
    return { target: body.target, weights: body.weights, version: current.version + 1 };
  }).finally(() => clearDashboardFigures(ctx.db)); // and again once committed
}

export type RankingRow = {
  key: string;
  name: string;
  rank: number;
  score: number;
  figures: Figure[];
  threeNone: ThreeNone | null;
};

/** 一月一排名 / 一季一考核: the children of an area (or its departments) ranked by the weighted score. */
export async function ranking(
  ctx: AppContext,
  actor: Actor,
  q: { area?: string; period?: string; from?: string; to?: string; target: RankTarget },
  /** the children's figures when the caller has them already (the dashboard) */
  known?: { children: AreaRef[]; figs: Map<string, AreaFig> },
) {
  const area = await resolveArea(ctx.db, actor, q.area);
  const range = resolveRange(ctx.clock(), q);
  const { weights, version } = await loadWeights(ctx.db, q.target);
  const used = weights.map((w) => indicatorById(w.indicator)).filter((i): i is Indicator => !!i);
  let rows: RankingRow[];
  if (q.target === 'children') {
    const children = known?.children ?? (await childrenOf(ctx.db, actor, area.code));
    const figs = known?.figs ?? (await figuresFor(ctx.db, children.map((c) => c.code), range));
    const units = children.map((c) => ({ c, figures: used.map((i) => figureOf(i, figs.get(c.code)!, range)), three: threeNoneOf(figs.get(c.code)!) }));
    const ranked = rank(
      units.map((u) => ({ key: u.c.code, values: Object.fromEntries(u.figures.map((f) => [f.id, f.value])) })),
      weights,
    );
    rows = ranked.map((r) => {
      const u = units.find((x) => x.c.code === r.key)!;
      return { key: r.key, name: u.c.name, rank: r.rank, score: r.score, figures: u.figures, threeNone: u.three };
    });
  } else {
    const depts = await queryRows<{ id: number; name: string; area_code: string }>(
      ctx.db,
      sql`SELECT id, name, area_code FROM departments WHERE ${areaFilter(actor, sql.raw('area_code'), area.code)} ORDER BY id`,
    );
    const sums = new Map<number, AreaFig>();
    for (const d of depts) sums.set(Number(d.id), emptyFig());
    if (depts.length) {
      const cols = DEPT_MEASURES.map((m) => `sum(${snake(m)})::bigint AS "${m}"`).join(', ');
      const drows = await queryRows<Record<string, string | number>>(
        ctx.db,
        sql`SELECT department_id, ${sql.raw(cols)} FROM metric_dept_days WHERE department_id IN (${sql.join(
          depts.map((d) => sql`${d.id}`),
          sql`, `,
        )}) AND ${rowsOfRange(range)} GROUP BY 1`,
      );
      for (const r of drows) for (const m of DEPT_MEASURES) sums.get(Number(r.department_id))!.sums[m] = Number(r[m]);
    }
    const units = depts.map((d) => ({ d, figures: used.map((i) => figureOf(i, sums.get(Number(d.id))!, range)) }));
    const ranked = rank(
      units.map((u) => ({ key: String(u.d.id), values: Object.fromEntries(u.figures.map((f) => [f.id, f.value])) })),
      weights,
    );
    rows = ranked.map((r) => {
      const u = units.find((x) => String(x.d.id) === r.key)!;
      return { key: r.key, name: u.d.name, rank: r.rank, score: r.score, figures: u.figures, threeNone: null };
    });
  }
  return { area, target: q.target, period: { from: range.from, to: range.to, label: range.label }, weights, weightsVersion: version, rows };
}

// ----------------------------------------------------------------------------------------------
// Live lists for the dashboard and the report (bounded: the newest few, with their counts)

/**
 * The case kinds, listed so that the live lists' predicates match the (kind, status, area_code) index:
 * open cases are a small working set however many closed ones the ledger holds.
 */
const KINDS = sql.raw(Object.keys(CASE_KINDS).map((k) => `'${k}'`).join(','));
const OVERDUE_STATUSES = sql.raw(`'reported','escalated','transferred','accepted','assigned','in_progress','returned','handled'`);

export async function overdueCases(db: Db, actor: Actor, areaCode: string, now: Date, limit = 10) {
  const where = sql`c.kind IN (${KINDS}) AND c.status IN (${OVERDUE_STATUSES}) AND ${areaFilter(actor, sql.raw('c.area_code'), areaCode)} AND c.due_at < ${now}`;
  const items = await queryRows<{ id: number; number: string; title: string; area_code: string; due_at: Date | string; grade: string }>(
    db,
    sql`SELECT c.id, c.number, c.title, c.area_code, c.due_at, c.grade FROM cases c WHERE ${where} ORDER BY c.due_at LIMIT ${limit}`,
  );
  const [n] = await queryRows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM cases c WHERE ${where}`);
  return { total: Number(n?.n ?? 0), items: items.map((r) => ({ id: Number(r.id), number: r.number, title: r.title, areaCode: r.area_code, dueAt: new Date(r.due_at).toISOString(), grade: r.grade })) };
}

export async function openSupervisions(db: Db, actor: Actor, areaCode: string, limit = 10) {
  // the open 督办 first (few: they are resolved as cases move), then their cases' areas. Written as a materialized
  // CTE so the join is a loop over the open ones: left to itself the planner merge-joined along every case's key,
  // 1.2 s on a million cases for 990 open 督办
  const open = sql`WITH open AS MATERIALIZED (SELECT id, case_id, note, created_at, kind FROM case_supervisions WHERE resolved_at IS NULL)`;
  const where = areaFilter(actor, sql.raw('c.area_code'), areaCode);
  const items = await queryRows<{ id: number; case_id: number; number: string; title: string; note: string; created_at: Date | string; kind: string }>(
    db,
    sql`${open} SELECT s.id, s.case_id, c.number, c.title, s.note, s.created_at, s.kind FROM open s JOIN cases c ON c.id = s.case_id WHERE ${where} ORDER BY s.created_at DESC LIMIT ${limit}`,
  );
  const [n] = await queryRows<{ n: number | string }>(db, sql`${open} SELECT count(*) AS n FROM open s JOIN cases c ON c.id = s.case_id WHERE ${where}`);
  return {
    total: Number(n?.n ?? 0),
    items: items.map((r) => ({ id: Number(r.id), caseId: Number(r.case_id), number: r.number, title: r.title, note: r.note, kind: r.kind, at: new Date(r.created_at).toISOString() })),
  };
}

/** The indicators a map can be coloured by (each grid carries these figures). */
export const MAP_INDICATORS: IndicatorId[] = ['close_rate', 'on_time_rate', 'satisfaction_rate', 'local_rate', 'reported', 'visit_coverage', 'weekly_report_rate'];
const MAP_INDICATOR_DEFS = MAP_INDICATORS.map((id) => indicatorById(id)!);

type GridRef = { code: string; name: string };
async function gridsInView(db: Db, actor: Actor, areaCode: string): Promise<GridRef[]> {
  return queryRows<GridRef>(
    db,
    sql`SELECT code, name FROM areas WHERE level = 'grid' AND status = 'active' AND boundary IS NOT NULL AND ${areaFilter(actor, sql.raw('code'), areaCode)} ORDER BY code LIMIT 2000`,
  );
}

/**
 * The static layer of the map: the grids in view with their boundaries. Boundaries change rarely, so
 * the client fetches them once per area (ETag: the grids' count and last change), and the dashboard's
 * refresh carries figures only.
 */
export async function mapAreas(ctx: AppContext, actor: Actor, q: { area?: string }, ifNoneMatch: string | undefined) {
  const area = await resolveArea(ctx.db, actor, q.area);
  const [v] = await queryRows<{ n: number | string; m: Date | string | null }>(
    ctx.db,
    sql`SELECT count(*) AS n, max(updated_at) AS m FROM areas WHERE level = 'grid' AND status = 'active' AND boundary IS NOT NULL AND ${areaFilter(actor, sql.raw('code'), area.code)}`,
  );
  const etag = `"${area.code}-${Number(v?.n ?? 0)}-${v?.m ? new Date(v.m).getTime() : 0}"`;
  if (ifNoneMatch === etag) return { etag, notModified: true as const };
  const grids = await queryRows<{ code: string; name: string; boundary: unknown }>(
    ctx.db,
    sql`SELECT code, name, boundary FROM areas WHERE level = 'grid' AND status = 'active' AND boundary IS NOT NULL AND ${areaFilter(actor, sql.raw('code'), area.code)} ORDER BY code LIMIT 2000`,
  );
  return { etag, notModified: false as const, body: { area, grids } };
}

/** Figures of the grids in view, open-case markers and open risk warnings (boundaries: mapAreas). */
/** The grids in view with their map figures (numerator, denominator, value): from the rollups. */
async function gridFigures(db: Db, actor: Actor, areaCode: string, range: Range) {
  const grids = await gridsInView(db, actor, areaCode);
  const figs = await figuresUnder(
    db,
    areaCode,
    LEVEL_LENGTH.grid,
    grids.map((g) => g.code),
    range,
  );
  // figures only (numerator, denominator, value): names, formulas and labels are the top-level indicators'
  return grids.map((g) => ({
    code: g.code,
    name: g.name,
    values: MAP_INDICATOR_DEFS.map((i) => {
      const f = figureOf(i, figs.get(g.code) ?? emptyFig(), range);
      return { id: f.id, numerator: f.numerator, denominator: f.denominator, value: f.value };
    }),
  }));
}

/** The live layer of the map: open cases with a location (newest 300) and open warnings (newest 100). */
async function liveMarkers(db: Db, actor: Actor, areaCode: string, now: Date) {
  const markers = await queryRows<{ id: number; lng: number; lat: number; grade: string; title: string; overdue: boolean }>(
    db,
    sql`SELECT c.id, c.lng, c.lat, c.grade, c.title, (c.due_at IS NOT NULL AND c.due_at < ${now}) AS overdue FROM cases c
      WHERE c.kind IN (${KINDS}) AND c.status IN ('reported','escalated','transferred','accepted','assigned','in_progress','returned','suspended','handled')
      AND ${areaFilter(actor, sql.raw('c.area_code'), areaCode)} AND c.lng IS NOT NULL ORDER BY c.created_at DESC LIMIT 300`,
  );
  let warnings: { id: number; areaCode: string; grade: string; title: string }[] = [];
  try {
    const w = await queryRows<{ id: number; area_code: string; grade: string; title: string }>(
      db,
      sql`SELECT id, area_code, grade, title FROM risk_warnings WHERE status NOT IN ('closed') AND ${areaFilter(actor, sql.raw('area_code'), areaCode)} ORDER BY raised_at DESC LIMIT 100`,
    );
    warnings = w.map((r) => ({ id: Number(r.id), areaCode: r.area_code, grade: r.grade, title: r.title }));
  } catch {
    // hook: the risk module (schema/risk.ts) may not be migrated in this database
  }
  return {
    markers: markers.map((m) => ({ id: Number(m.id), lng: Number(m.lng), lat: Number(m.lat), grade: m.grade, title: m.title, overdue: Boolean(m.overdue) })),
    warnings,
  };
}

export async function mapLayer(db: Db, actor: Actor, areaCode: string, range: Range, now: Date) {
  return { grids: await gridFigures(db, actor, areaCode, range), ...(await liveMarkers(db, actor, areaCode, now)) };
}

const CLOSE_RATE = indicatorById('close_rate')!;
const REPORTED = indicatorById('reported')!;

/**
 * The rollup part of a dashboard — figures, children, ranking, trend, grid figures — kept per database handle for
 * DASHBOARD_FIGURES_TTL_MS and dropped as soon as a rollup sweep has run (its watermarks move) or the weights change
 * here: those figures change only when the sweep folds new records in, and a wall of dashboards refreshing every
 * minute should not recompute them for each screen. The live lists are read fresh every time.
 */
export const DASHBOARD_FIGURES_TTL_MS = 60_000;
type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>;
const figureCaches = new WeakMap<Db, Map<string, { at: number; value: Promise<DashboardFigures> }>>();

export function clearDashboardFigures(db: Db): void {
  figureCaches.delete(db);
}

async function dashboardFigures(ctx: AppContext, actor: Actor, q: { area?: string; period?: string; from?: string; to?: string }) {
  const { view: s, range, children, figs } = await summaryWithFigures(ctx, actor, q);
  const rk = await ranking(ctx, actor, { area: s.area.code, from: range.from, to: range.to, target: 'children' }, { children, figs });
  const months = await monthlyFigures(ctx.db, s.area.code, range.to, 12, [REPORTED, CLOSE_RATE]);
  const grids = await gridFigures(ctx.db, actor, s.area.code, range);
  const ancestors = ancestorsOf(s.area.code).filter((code) => inScope(actor, code));
  const names = ancestors.length ? await queryRows<{ code: string; name: string }>(ctx.db, sql`SELECT code, name FROM areas WHERE code IN (${inList(ancestors)})`) : [];
  return {
    view: s,
    path: ancestors.flatMap((code) => names.filter((n) => n.code === code).map((n) => ({ code: n.code, name: n.name }))),
    trend: months.map((p) => ({ month: p.month, reported: p.figures[0].numerator, closeRate: p.figures[1].value })),
    grids,
    ranking: rk.rows.slice(0, 10).map((r) => ({ key: r.key, name: r.name, rank: r.rank, score: r.score })),
  };
}

async function cachedDashboardFigures(ctx: AppContext, actor: Actor, q: { area?: string; period?: string; from?: string; to?: string }) {
  // every sweep rewrites its watermark rows: their row versions (xmin) change even when the clock does not
  const [stamp] = await queryRows<{ m: string | null }>(ctx.db, sql`SELECT string_agg(xmin::text, ',' ORDER BY source) AS m FROM metric_watermarks`);
  const key = JSON.stringify([
    actor.roles,
    actor.scopes,
    actor.departmentId,
    q.area ?? null,
    q.period ?? null,
    q.from ?? null,
    q.to ?? null,
    chinaDay(ctx.clock()),
    stamp?.m ?? null,
  ]);
  let cache = figureCaches.get(ctx.db);
  if (!cache) {
    cache = new Map();
    figureCaches.set(ctx.db, cache);
  }
  const hit = cache.get(key);
  if (hit && performance.now() - hit.at < DASHBOARD_FIGURES_TTL_MS) return hit.value;
  const value = dashboardFigures(ctx, actor, q);
  cache.set(key, { at: performance.now(), value });
  value.catch(() => cache.delete(key));
  // bounded: the oldest entries go first
  while (cache.size > 500) cache.delete(cache.keys().next().value as string);
  return value;
}

/**
 * Everything the 驾驶舱 draws: the rollup part (see cachedDashboardFigures: the area's and its children's figures,
 * the ranking, a 12-month trend from month total rows, the grids' figures for the map), and the bounded live lists
 * read fresh. Its cost grows with the areas in view, not with the records.
 */
export async function dashboard(ctx: AppContext, actor: Actor, q: { area?: string; period?: string; from?: string; to?: string }) {
  const now = ctx.clock();
  const f = await cachedDashboardFigures(ctx, actor, q);
  const area = f.view.area.code;
  // three independent reads on the pool (not a transaction): in parallel on PostgreSQL, in turn on PGlite
  const [overdue, supervisions, live] = await Promise.all([
    overdueCases(ctx.db, actor, area, now),
    openSupervisions(ctx.db, actor, area),
    liveMarkers(ctx.db, actor, area, now),
  ]);
  return {
    ...f.view,
    path: f.path,
    trend: f.trend,
    overdue,
    supervisions,
    map: { grids: f.grids, ...live },
    ranking: f.ranking,
    generatedAt: now.toISOString(),
  };
}

/** 月度平安建设报告: figures, the children's ranking, 三无, notable cases (包案, 督办, 疑难哨). */
export async function monthlyReport(ctx: AppContext, actor: Actor, q: { area?: string; month: string }) {
  if (!/^\d{4}-\d{2}$/.test(q.month)) throw new AppError('METRIC_BAD_PERIOD', { field: 'month' });
  const s = await summary(ctx, actor, { area: q.area, period: q.month });
  const rk = await ranking(ctx, actor, { area: s.area.code, period: q.month, target: 'children' });
  const range = parsePeriod(q.month)!;
  const notable = await queryRows<{ id: number; number: string; title: string; status: string; grade: string; area_code: string; owned: boolean; supervised: boolean }>(
    ctx.db,
    sql`SELECT c.id, c.number, c.title, c.status, c.grade, c.area_code, (c.owner_leader_id IS NOT NULL) AS owned,
        EXISTS (SELECT 1 FROM case_supervisions s WHERE s.case_id = c.id) AS supervised
      FROM cases c WHERE ${CASE_BASE} AND ${areaFilter(actor, sql.raw('c.area_code'), s.area.code)}
      AND c.created_at >= ${dayStart(range.from)} AND c.created_at < ${dayStart(dayAfter(range.to))}
      AND (c.owner_leader_id IS NOT NULL OR c.grade = 'hard' OR EXISTS (SELECT 1 FROM case_supervisions s WHERE s.case_id = c.id))
      ORDER BY c.created_at DESC LIMIT 20`,
  );
  return {
    ...s,
    ranking: rk.rows,
    weights: rk.weights,
    notable: notable.map((n) => ({ id: Number(n.id), number: n.number, title: n.title, status: n.status, grade: n.grade, areaCode: n.area_code, owned: Boolean(n.owned), supervised: Boolean(n.supervised) })),
  };
}
