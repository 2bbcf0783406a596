/**
 * Rollup maintenance (DESIGN §10, §14): per area (every level) and China day, plus each month's total as a
 * row of its own (`day` = 'YYYY-MM'), so that a long period reads its whole months as one row each. The sweep
 * folds in what changed since its watermark: the case days of the changed cases' areas (now and before a
 * transfer) and of their ancestors, each as the sum of its children's rows plus its own records; visits and
 * weekly reports the same by whole months; 随访 (whose schedule a visit or a change of risk level shifts) whole. The consistency check recomputes every row from
 * the records and compares exactly.
 */
import { type SQL, sql } from 'drizzle-orm';
import { CASE_MEASURES, DEPT_MEASURES, FOLLOW_MEASURES, REPORT_MEASURES, STOCK_MEASURES, VISIT_MEASURES } from '../../../domain/indicators/indicators';
import { type Actor, areaScope } from '../../platform/access';
import { type Db, queryRows } from '../../platform/db/client';
import {
  CASE_BASE,
  CASE_PREDICATE,
  CLOSE_MINUTES,
  FOLLOW_EVENTS,
  FOLLOW_PREDICATE,
  LEVELS,
  RANKED_VISITS,
  VISIT_PREDICATE,
  WEEK_END_DAY,
  dayAfter,
  dayOf,
  dayStart,
  monthOf,
} from './measures';

/** Rows changed up to this long before the watermark are looked at again (commits that raced a sweep). */
const OVERLAP_MS = 10 * 60_000;
const EPOCH = new Date('2000-01-01T00:00:00Z');

const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const sumOf = (pred: string) => `sum(CASE WHEN ${pred} THEN 1 ELSE 0 END)::int`;
const list = (xs: string[]) =>
  sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  );

type Grain = 'day' | 'month';

/** A rollup table: its key columns besides `day`, its measures, and the SELECT of its day rows from the records. */
type Spec = {
  table: string;
  keys: string[];
  measures: string[];
  /** rows per (keys, day); `where` filters the records, `levels` the area code lengths rows are made for */
  select: (where: SQL, levels: readonly number[]) => SQL;
  /** the records of these days/months (all areas) */
  records: (periods: string[], grain: Grain) => SQL;
  /** the records filed at exactly these area codes in these periods (the sweep's own part of a row) */
  own?: (pairs: { area: string; period: string }[], grain: Grain) => SQL;
};

const levelsOf = (levels: readonly number[]) => sql.raw(`(VALUES ${levels.map((l) => `(${l})`).join(',')}) AS l(len)`);
const ALL_LEVELS = LEVELS;
/** Records at exactly these codes whose day (or month) is the pair's. */
function ownFilter(areaCol: string, periodOf: (grain: Grain) => SQL, pairs: { area: string; period: string }[], grain: Grain): SQL {
  const areas = [...new Set(pairs.map((p) => p.area))];
  const tuples = sql.join(
    pairs.map((p) => sql`(${p.area}, ${p.period})`),
    sql`, `,
  );
  return sql`${sql.raw(areaCol)} IN (${list(areas)}) AND (${sql.raw(areaCol)}, ${periodOf(grain)}) IN (${tuples})`;
}

function caseSelect(where: SQL, levels: readonly number[]): SQL {
  const cols = CASE_MEASURES.map((m) =>
    m === 'closeMinutes' ? `sum(${CLOSE_MINUTES})::bigint AS close_minutes` : `${sumOf(CASE_PREDICATE[m])} AS ${snake(m)}`,
  ).join(', ');
  const day = dayOf(sql.raw('c.created_at'));
  return sql`SELECT substr(c.area_code, 1, l.len) AS area_code, c.kind AS kind, ${day} AS day, ${sql.raw(cols)}
    FROM cases c JOIN ${levelsOf(levels)} ON length(c.area_code) >= l.len
    WHERE ${CASE_BASE} AND ${where}
    GROUP BY 1, 2, 3`;
}

function visitSelect(where: SQL, levels: readonly number[]): SQL {
  const cols = VISIT_MEASURES.map((m) =>
    m === 'personVisits' ? 'sum(v.people_met)::int AS person_visits' : `${sumOf(VISIT_PREDICATE[m])} AS ${snake(m)}`,
  ).join(', ');
  const day = dayOf(sql.raw('v.visited_at'));
  return sql`SELECT substr(v.area_code, 1, l.len) AS area_code, ${day} AS day, ${sql.raw(cols)}
    FROM ${RANKED_VISITS} WHERE ${where}) v JOIN ${levelsOf(levels)} ON length(v.area_code) >= l.len
    GROUP BY 1, 2`;
}

function followSelect(where: SQL, levels: readonly number[]): SQL {
  const cols = FOLLOW_MEASURES.map((m) => `${sumOf(FOLLOW_PREDICATE[m])} AS ${snake(m)}`).join(', ');
  return sql`SELECT substr(e.area_code, 1, l.len) AS area_code, ${dayOf(sql.raw('e.due_at'))} AS day, ${sql.raw(cols)}
    FROM ${FOLLOW_EVENTS} JOIN ${levelsOf(levels)} ON length(e.area_code) >= l.len WHERE ${where}
    GROUP BY 1, 2`;
}

function reportSelect(where: SQL, levels: readonly number[]): SQL {
  return sql`SELECT substr(r.area_code, 1, l.len) AS area_code, ${WEEK_END_DAY} AS day, count(*)::int AS weekly_reports
    FROM risk_weekly_reports r JOIN ${levelsOf(levels)} ON length(r.area_code) >= l.len WHERE ${where}
    GROUP BY 1, 2`;
}

function deptSelect(where: SQL): SQL {
  const day = dayOf(sql.raw('d.dispatched_at'));
  return sql`SELECT d.department_id AS department_id, ${day} AS day, count(*)::int AS dispatched,
      ${sql.raw(sumOf('d.acknowledged_at IS NOT NULL'))} AS acknowledged,
      ${sql.raw(sumOf('d.acknowledged_at IS NOT NULL AND (d.ack_due_at IS NULL OR d.acknowledged_at <= d.ack_due_at)'))} AS acknowledged_on_time,
      ${sql.raw(sumOf('d.returned_at IS NOT NULL'))} AS returned,
      ${sql.raw(sumOf('d.handled_at IS NOT NULL'))} AS dept_handled
    FROM case_dispatches d WHERE ${where} GROUP BY 1, 2`;
}

function stockSelect(): SQL {
  const all = levelsOf(ALL_LEVELS);
  return sql`SELECT area_code, sum(households)::int AS households, sum(special_persons)::int AS special_persons, sum(grid_workers)::int AS grid_workers, sum(grids)::int AS grids FROM (
      SELECT substr(h.area_code, 1, l.len) AS area_code, count(*) AS households, 0 AS special_persons, 0 AS grid_workers, 0 AS grids
        FROM households h JOIN ${all} ON length(h.area_code) >= l.len WHERE h.status = 'active' GROUP BY 1
      UNION ALL
      SELECT substr(s.area_code, 1, l.len), 0, count(*), 0, 0
        FROM special_persons s JOIN ${all} ON length(s.area_code) >= l.len WHERE s.status = 'active' GROUP BY 1
      UNION ALL
      SELECT substr(u.scopes->>0, 1, l.len), 0, 0, count(*), 0
        FROM users u JOIN ${all} ON length(u.scopes->>0) >= l.len
        WHERE u.status = 'active' AND u.roles @> '["grid_worker"]'::jsonb GROUP BY 1
      UNION ALL
      SELECT substr(a.code, 1, l.len), 0, 0, 0, count(*)
        FROM areas a JOIN ${all} ON length(a.code) >= l.len WHERE a.level = 'grid' AND a.status = 'active' GROUP BY 1
    ) x GROUP BY 1`;
}

/** `col` falls on one of these China days (a range for the index, then the exact list). */
function onDays(col: string, days: string[]): SQL {
  const sorted = [...days].sort();
  const lo = dayStart(sorted[0]);
  const hi = dayStart(dayAfter(sorted[sorted.length - 1]));
  return sql`(${sql.raw(col)} >= ${lo} AND ${sql.raw(col)} < ${hi} AND ${dayOf(sql.raw(col))} IN (${list(sorted)}))`;
}
function monthAfter(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
function inMonths(col: string, months: string[]): SQL {
  const sorted = [...months].sort();
  const lo = dayStart(`${sorted[0]}-01`);
  const hi = dayStart(`${monthAfter(sorted[sorted.length - 1])}-01`);
  return sql`(${sql.raw(col)} >= ${lo} AND ${sql.raw(col)} < ${hi} AND ${monthOf(sql.raw(col))} IN (${list(sorted)}))`;
}
const inPeriods = (col: string, periods: string[], grain: Grain) => (grain === 'day' ? onDays(col, periods) : inMonths(col, periods));

const CASES: Spec = {
  table: 'metric_case_days',
  keys: ['area_code', 'kind'],
  measures: CASE_MEASURES.map(snake),
  select: caseSelect,
  records: (periods, grain) => inPeriods('c.created_at', periods, grain),
  own: (pairs, grain) => ownFilter('c.area_code', (g) => (g === 'day' ? dayOf(sql.raw('c.created_at')) : monthOf(sql.raw('c.created_at'))), pairs, grain),
};
const VISITS: Spec = {
  table: 'metric_visit_days',
  keys: ['area_code'],
  measures: VISIT_MEASURES.map(snake),
  select: visitSelect,
  // the window of RANKED_VISITS ranks a household's visits inside its month: filter whole months
  records: (periods, grain) => inPeriods('v0.visited_at', periods, grain),
  own: (pairs, grain) => ownFilter('v0.area_code', (g) => (g === 'day' ? dayOf(sql.raw('v0.visited_at')) : monthOf(sql.raw('v0.visited_at'))), pairs, grain),
};
const FOLLOWS: Spec = {
  table: 'metric_follow_days',
  keys: ['area_code'],
  measures: FOLLOW_MEASURES.map(snake),
  select: followSelect,
  records: (periods, grain) => inPeriods('e.due_at', periods, grain),
};
const REPORTS: Spec = {
  table: 'metric_report_days',
  keys: ['area_code'],
  measures: REPORT_MEASURES.map(snake),
  select: reportSelect,
  records: (periods, grain) => (grain === 'day' ? sql`${WEEK_END_DAY} IN (${list(periods)})` : sql`substr(${WEEK_END_DAY}, 1, 7) IN (${list(periods)})`),
  own: (pairs, grain) => ownFilter('r.area_code', (g) => (g === 'day' ? WEEK_END_DAY : sql`substr(${WEEK_END_DAY}, 1, 7)`), pairs, grain),
};
const DEPTS: Spec = {
  table: 'metric_dept_days',
  keys: ['department_id'],
  measures: DEPT_MEASURES.map(snake),
  select: (where) => deptSelect(where),
  records: (periods, grain) => inPeriods('d.dispatched_at', periods, grain),
};
export const ROLLUP_TABLES = [CASES, VISITS, FOLLOWS, REPORTS, DEPTS].map((s) => s.table);

const colsOf = (spec: Spec) => [...spec.keys, 'day', ...spec.measures].join(', ');
const sumsOf = (spec: Spec) => spec.measures.map((m) => `sum(${m})::bigint AS ${m}`).join(', ');
const monthsOfDays = (days: string[]) => [...new Set(days.map((d) => d.slice(0, 7)))];
/** Day rows of these periods (a month's day rows for the month grain; never the month total rows). */
const dayRowsIn = (periods: string[], grain: Grain) =>
  grain === 'day' ? sql`day IN (${list(periods)})` : sql`length(day) = 10 AND substr(day, 1, 7) IN (${list(periods)})`;

/** Month total rows from the day rows, for these months and these areas (`where` over the table). */
async function rebuildMonthRows(tx: Db, spec: Spec, months: string[], where: SQL): Promise<void> {
  if (months.length === 0) return;
  await tx.execute(sql`DELETE FROM ${sql.raw(spec.table)} WHERE day IN (${list(months)}) AND ${where}`);
  await tx.execute(sql`INSERT INTO ${sql.raw(spec.table)} (${sql.raw(colsOf(spec))})
    SELECT ${sql.raw(spec.keys.join(', '))}, substr(day, 1, 7), ${sql.raw(sumsOf(spec))} FROM ${sql.raw(spec.table)}
    WHERE length(day) = 10 AND substr(day, 1, 7) IN (${list(months)}) AND ${where}
    GROUP BY ${sql.raw(spec.keys.join(', '))}, substr(day, 1, 7)`);
}

/** Everything of one table from scratch. */
async function rebuildAll(tx: Db, spec: Spec): Promise<void> {
  await tx.execute(sql`DELETE FROM ${sql.raw(spec.table)}`);
  await tx.execute(sql`INSERT INTO ${sql.raw(spec.table)} (${sql.raw(colsOf(spec))}) ${spec.select(sql`true`, ALL_LEVELS)}`);
  await tx.execute(sql`INSERT INTO ${sql.raw(spec.table)} (${sql.raw(colsOf(spec))})
    SELECT ${sql.raw(spec.keys.join(', '))}, substr(day, 1, 7), ${sql.raw(sumsOf(spec))} FROM ${sql.raw(spec.table)}
    GROUP BY ${sql.raw(spec.keys.join(', '))}, substr(day, 1, 7)`);
}

/** All areas (or departments), these days or months. */
async function rebuildPeriods(tx: Db, spec: Spec, periods: string[], grain: Grain): Promise<void> {
  if (periods.length === 0) return;
  await tx.execute(sql`DELETE FROM ${sql.raw(spec.table)} WHERE ${dayRowsIn(periods, grain)}`);
  await tx.execute(sql`INSERT INTO ${sql.raw(spec.table)} (${sql.raw(colsOf(spec))}) ${spec.select(spec.records(periods, grain), ALL_LEVELS)}`);
  await rebuildMonthRows(tx, spec, grain === 'day' ? monthsOfDays(periods) : periods, sql`true`);
}

export type Touched = { code: string; period: string };

/**
 * Recomputes exactly the rows a set of changed records can have moved: for each record's area code (now
 * and before a transfer) and period, the rows of that area and of each ancestor, deepest first. A row is
 * the sum of its children's rows one level down plus the records filed at the area itself, so a sweep
 * reads a handful of rollup rows and the few records of the changed areas — never a county's records.
 */
async function rebuildPaths(tx: Db, spec: Spec, touched: Touched[], grain: Grain): Promise<number> {
  if (!spec.own) throw new Error(`${spec.table}: no own-records filter`);
  const table = sql.raw(spec.table);
  const restKeys = spec.keys.slice(1);
  const rest = restKeys.length ? `${restKeys.join(', ')}, ` : '';
  let rows = 0;
  for (const len of [...LEVELS].reverse()) {
    const pairs = new Map<string, { area: string; period: string }>();
    for (const t of touched) if (t.code.length >= len) pairs.set(`${t.code.slice(0, len)}|${t.period}`, { area: t.code.slice(0, len), period: t.period });
    if (pairs.size === 0) continue;
    rows += pairs.size;
    const ps = [...pairs.values()];
    const childLen = LEVELS.find((l) => l > len) ?? 99;
    const values = sql.join(
      ps.map((p) => sql`(${p.area}, ${nextCode(p.area)}, ${p.period})`),
      sql`, `,
    );
    const P = sql`(VALUES ${values}) AS p(area, hi, period)`;
    // the day rows of a pair: its day, or the days of its month
    const rowOf = (t: string) =>
      grain === 'day' ? sql.raw(`${t}.day = p.period`) : sql.raw(`length(${t}.day) = 10 AND ${t}.day >= p.period || '-01' AND ${t}.day <= p.period || '-31'`);
    await tx.execute(sql`DELETE FROM ${table} t USING ${P} WHERE t.area_code = p.area AND ${rowOf('t')}`);
    const own = spec.select(spec.own(ps, grain), [len]);
    await tx.execute(sql`INSERT INTO ${table} (${sql.raw(colsOf(spec))})
      SELECT area_code, ${sql.raw(rest)}day, ${sql.raw(sumsOf(spec))} FROM (
        SELECT p.area AS area_code, ${sql.raw(restKeys.map((k) => `k.${k}, `).join(''))}k.day, ${sql.raw(spec.measures.map((m) => `k.${m}`).join(', '))}
          FROM ${P} JOIN ${table} k ON k.area_code >= p.area AND k.area_code < p.hi AND length(k.area_code) = ${childLen} AND ${rowOf('k')}
        UNION ALL
        SELECT ${sql.raw(colsOf(spec))} FROM (${own}) o
      ) x GROUP BY area_code, ${sql.raw(rest)}day`);
    // the month totals of the same areas
    const months = new Map<string, { area: string; month: string }>();
    for (const p of ps) {
      const m = p.period.slice(0, 7);
      months.set(`${p.area}|${m}`, { area: p.area, month: m });
    }
    const M = sql`(VALUES ${sql.join(
      [...months.values()].map((m) => sql`(${m.area}, ${m.month})`),
      sql`, `,
    )}) AS q(area, month)`;
    await tx.execute(sql`DELETE FROM ${table} t USING ${M} WHERE t.area_code = q.area AND t.day = q.month`);
    await tx.execute(sql`INSERT INTO ${table} (${sql.raw(colsOf(spec))})
      SELECT k.area_code, ${sql.raw(restKeys.map((x) => `k.${x}, `).join(''))}q.month, ${sql.raw(spec.measures.map((m) => `sum(k.${m})::bigint`).join(', '))}
      FROM ${M} JOIN ${table} k ON k.area_code = q.area AND length(k.day) = 10 AND k.day >= q.month || '-01' AND k.day <= q.month || '-31'
      GROUP BY k.area_code, ${sql.raw(restKeys.map((x) => `k.${x}, `).join(''))}q.month`);
  }
  return rows;
}

/** The smallest code string after every code starting with `code` (for an index range). */
function nextCode(code: string): string {
  return code.slice(0, -1) + String.fromCharCode(code.charCodeAt(code.length - 1) + 1);
}

export async function rebuildStock(tx: Db): Promise<void> {
  await tx.execute(sql`DELETE FROM metric_area_stock`);
  await tx.execute(sql`INSERT INTO metric_area_stock (area_code, ${sql.raw(STOCK_MEASURES.map(snake).join(', '))}) ${stockSelect()}`);
}

async function watermark(tx: Db, source: string): Promise<Date> {
  const rows = await queryRows<{ up_to: Date | string }>(tx, sql`SELECT up_to FROM metric_watermarks WHERE source = ${source}`);
  return rows[0] ? new Date(rows[0].up_to) : EPOCH;
}
async function setWatermark(tx: Db, source: string, upTo: Date, now: Date): Promise<void> {
  await tx.execute(sql`INSERT INTO metric_watermarks (source, up_to, updated_at) VALUES (${source}, ${upTo}, ${now})
    ON CONFLICT (source) DO UPDATE SET up_to = GREATEST(metric_watermarks.up_to, excluded.up_to), updated_at = excluded.updated_at`);
}
const toDate = (x: Date | string | null | undefined) => (x === null || x === undefined ? null : new Date(x));

export type RefreshResult = { caseDays: number; deptDays: number; visitMonths: number; reportMonths: number; follow: boolean };

/** The sweep step: fold in the cases, visits, weekly reports and 重点人员 changed since the last run. */
export async function refreshRollups(tx: Db, now: Date): Promise<RefreshResult> {
  // cases: the (town, day) each changed case counts on now, and the one it counted on before (a transfer)
  const caseMark = new Date((await watermark(tx, 'cases')).getTime() - OVERLAP_MS);
  const changed = await queryRows<{ id: number; area_code: string; day: string; old_area: string | null; old_day: string | null; updated_at: Date | string }>(
    tx,
    sql`SELECT c.id, c.area_code, ${dayOf(sql.raw('c.created_at'))} AS day, m.area_code AS old_area, m.day AS old_day, c.updated_at
      FROM cases c LEFT JOIN metric_case_marks m ON m.case_id = c.id WHERE c.updated_at > ${caseMark}`,
  );
  const touched: Touched[] = [];
  for (const r of changed) {
    touched.push({ code: r.area_code, period: r.day });
    if (r.old_area && r.old_day && (r.old_area !== r.area_code || r.old_day !== r.day)) touched.push({ code: r.old_area, period: r.old_day });
  }
  const caseDays = await rebuildPaths(tx, CASES, touched, 'day');
  if (changed.length) {
    await tx.execute(sql`INSERT INTO metric_case_marks (case_id, area_code, day)
      SELECT c.id, c.area_code, ${dayOf(sql.raw('c.created_at'))} FROM cases c WHERE c.id IN (${sql.join(
        changed.map((r) => sql`${r.id}`),
        sql`, `,
      )})
      ON CONFLICT (case_id) DO UPDATE SET area_code = excluded.area_code, day = excluded.day`);
  }
  const deptDays = await queryRows<{ day: string }>(
    tx,
    sql`SELECT DISTINCT ${dayOf(sql.raw('d.dispatched_at'))} AS day FROM case_dispatches d JOIN cases c ON c.id = d.case_id WHERE c.updated_at > ${caseMark}`,
  );
  await rebuildPeriods(
    tx,
    DEPTS,
    deptDays.map((r) => r.day),
    'day',
  );
  const caseMax = changed.reduce<Date | null>((m, r) => {
    const d = new Date(r.updated_at);
    return !m || d > m ? d : m;
  }, null);

  // visits: whole months (a new visit can change which visit is a household's first of the month)
  const visitMark = new Date((await watermark(tx, 'visits')).getTime() - OVERLAP_MS);
  const visitTouched = await queryRows<{ area_code: string; month: string }>(
    tx,
    sql`SELECT DISTINCT v.area_code, ${monthOf(sql.raw('v.visited_at'))} AS month FROM visits v WHERE v.created_at > ${visitMark}`,
  );
  const visitMonths = await rebuildPaths(
    tx,
    VISITS,
    visitTouched.map((r) => ({ code: r.area_code, period: r.month })),
    'month',
  );
  const [visitMax] = await queryRows<{ m: Date | string | null }>(tx, sql`SELECT max(v.created_at) AS m FROM visits v WHERE v.created_at > ${visitMark}`);

  // 随访: a visit to a 重点人员, a change of their category or level, or of the policy reschedules them
  const followMark = new Date((await watermark(tx, 'follow')).getTime() - OVERLAP_MS);
  const [f] = await queryRows<{ sp: Date | string | null; v: Date | string | null; p: Date | string | null }>(
    tx,
    sql`SELECT (SELECT max(updated_at) FROM special_persons WHERE updated_at > ${followMark}) AS sp,
      (SELECT max(created_at) FROM visits WHERE special_person_id IS NOT NULL AND created_at > ${followMark}) AS v,
      (SELECT max(updated_at) FROM visit_policies WHERE updated_at > ${followMark}) AS p`,
  );
  const followMax = [toDate(f?.sp), toDate(f?.v), toDate(f?.p)].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  if (followMax) await rebuildAll(tx, FOLLOWS);

  // 一周一结: the months their weeks end in
  const reportMark = new Date((await watermark(tx, 'reports')).getTime() - OVERLAP_MS);
  const reportTouched = await queryRows<{ area_code: string; month: string; m: Date | string }>(
    tx,
    sql`SELECT r.area_code, substr(${WEEK_END_DAY}, 1, 7) AS month, max(r.updated_at) AS m
      FROM risk_weekly_reports r WHERE r.updated_at > ${reportMark} GROUP BY 1, 2`,
  );
  const reportMonths = await rebuildPaths(
    tx,
    REPORTS,
    reportTouched.map((r) => ({ code: r.area_code, period: r.month })),
    'month',
  );
  const reportMax = reportTouched.reduce<Date | null>((m, r) => {
    const d = new Date(r.m);
    return !m || d > m ? d : m;
  }, null);

  await rebuildStock(tx);
  if (caseMax) await setWatermark(tx, 'cases', caseMax, now);
  const vm = toDate(visitMax?.m);
  if (vm) await setWatermark(tx, 'visits', vm, now);
  if (followMax) await setWatermark(tx, 'follow', followMax, now);
  if (reportMax) await setWatermark(tx, 'reports', reportMax, now);
  return { caseDays, deptDays: deptDays.length, visitMonths, reportMonths, follow: !!followMax };
}

/** Everything from scratch (after seeding, or to repair). */
export async function rebuildAllRollups(tx: Db, now: Date): Promise<void> {
  for (const spec of [CASES, DEPTS, VISITS, FOLLOWS, REPORTS]) await rebuildAll(tx, spec);
  await tx.execute(sql`DELETE FROM metric_case_marks`);
  await tx.execute(sql`INSERT INTO metric_case_marks (case_id, area_code, day) SELECT c.id, c.area_code, ${dayOf(sql.raw('c.created_at'))} FROM cases c`);
  await rebuildStock(tx);
  // fresh statistics for the planner (PGlite has no autovacuum; on PostgreSQL this is what autovacuum would do)
  await tx.execute(sql.raw(`ANALYZE ${ROLLUP_TABLES.join(', ')}, metric_case_marks, metric_area_stock`));
  const [m] = await queryRows<{ c: Date | string | null; v: Date | string | null; sp: Date | string | null; p: Date | string | null; r: Date | string | null }>(
    tx,
    sql`SELECT (SELECT max(updated_at) FROM cases) AS c, (SELECT max(created_at) FROM visits) AS v,
      (SELECT max(updated_at) FROM special_persons) AS sp, (SELECT max(updated_at) FROM visit_policies) AS p,
      (SELECT max(updated_at) FROM risk_weekly_reports) AS r`,
  );
  const latest = (...xs: (Date | string | null | undefined)[]) =>
    xs.map(toDate).filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0] ?? EPOCH;
  await setWatermark(tx, 'cases', latest(m?.c), now);
  await setWatermark(tx, 'visits', latest(m?.v), now);
  await setWatermark(tx, 'follow', latest(m?.sp, m?.v, m?.p), now);
  await setWatermark(tx, 'reports', latest(m?.r), now);
}

export type ConsistencyReport = { ok: boolean; checked: number; differences: { table: string; key: string; stored: string; recomputed: string }[] };

type Row = Record<string, unknown>;
function keyed(rows: Row[], keyCols: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const r of rows) {
    const key = keyCols.map((k) => String(r[k])).join('|');
    const rest = Object.keys(r)
      .filter((k) => !keyCols.includes(k))
      .sort()
      .map((k) => `${k}=${Number(r[k])}`)
      .join(',');
    m.set(key, rest);
  }
  return m;
}
function compare(table: string, stored: Map<string, string>, fresh: Map<string, string>, out: ConsistencyReport['differences']) {
  for (const key of new Set([...stored.keys(), ...fresh.keys()])) {
    const a = stored.get(key) ?? '(无)';
    const b = fresh.get(key) ?? '(无)';
    if (a !== b && out.length < 50) out.push({ table, key, stored: a, recomputed: b });
  }
}

/**
 * Recomputes every rollup row (day rows and month totals) inside the actor's scope from the records and
 * compares it with the stored one, field by field. Equal means the dashboard shows exactly what the ledgers
 * hold (as of the last sweep).
 */
export async function checkConsistency(db: Db, actor: Actor): Promise<ConsistencyReport> {
  const differences: ConsistencyReport['differences'] = [];
  let checked = 0;
  for (const spec of [CASES, VISITS, FOLLOWS, REPORTS, DEPTS]) {
    const isDept = spec === DEPTS;
    const scope = isDept
      ? (col: string) => sql`${sql.raw(col)} IN (SELECT id FROM departments dp WHERE ${areaScope(actor, sql.raw('dp.area_code'))})`
      : (col: string) => areaScope(actor, sql.raw(col));
    const keyCols = [...spec.keys, 'day'];
    const stored = await queryRows<Row>(db, sql`SELECT ${sql.raw(colsOf(spec))} FROM ${sql.raw(spec.table)} WHERE ${scope(spec.keys[0])}`);
    const fresh = await queryRows<Row>(
      db,
      sql`WITH d AS (${spec.select(sql`true`, ALL_LEVELS)})
        SELECT * FROM (
          SELECT ${sql.raw(colsOf(spec))} FROM d
          UNION ALL
          SELECT ${sql.raw(spec.keys.join(', '))}, substr(day, 1, 7), ${sql.raw(sumsOf(spec))} FROM d GROUP BY ${sql.raw(spec.keys.join(', '))}, substr(day, 1, 7)
        ) x WHERE ${scope(`x.${spec.keys[0]}`)}`,
    );
    compare(spec.table, keyed(stored, keyCols), keyed(fresh, keyCols), differences);
    checked += stored.length;
  }
  const storedStock = await queryRows<Row>(db, sql`SELECT area_code, ${sql.raw(STOCK_MEASURES.map(snake).join(', '))} FROM metric_area_stock WHERE ${areaScope(actor, sql.raw('area_code'))}`);
  const freshStock = await queryRows<Row>(db, sql`SELECT * FROM (${stockSelect()}) x WHERE ${areaScope(actor, sql.raw('x.area_code'))}`);
  compare('metric_area_stock', keyed(storedStock, ['area_code']), keyed(freshStock, ['area_code']), differences);
  checked += storedStock.length;
  return { ok: differences.length === 0, checked, differences };
}
