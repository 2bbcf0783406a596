/**
 * Rollup maintenance (DESIGN §10, §14): per area (every level) and China day. The sweep folds in what
 * changed since its watermark, recomputing whole days (cases, dispatches) or whole months (visits, whose
 * "first visit of the month" depends on the rest of the month); the consistency check recomputes every row
 * from the records and compares exactly.
 */
import { type SQL, sql } from 'drizzle-orm';
import { CASE_MEASURES, DEPT_MEASURES, STOCK_MEASURES, VISIT_MEASURES } from '../../../domain/indicators/indicators';
import { type Actor, areaScope } from '../../platform/access';
import { type Db, queryRows } from '../../platform/db/client';
import { CASE_BASE, CASE_PREDICATE, CLOSE_MINUTES, LEVEL_LENGTHS, RANKED_VISITS, VISIT_PREDICATE, dayAfter, dayOf, dayStart, monthOf } from './measures';

/** Rows changed up to this long before the watermark are looked at again (commits that raced a sweep). */
const OVERLAP_MS = 10 * 60_000;
const EPOCH = new Date('2000-01-01T00:00:00Z');

const snake = (s: string) => s.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
const sumOf = (pred: string) => `sum(CASE WHEN ${pred} THEN 1 ELSE 0 END)::int`;

function caseSelect(filter: SQL): SQL {
  const cols = CASE_MEASURES.map((m) =>
    m === 'closeMinutes' ? `sum(${CLOSE_MINUTES})::bigint AS close_minutes` : `${sumOf(CASE_PREDICATE[m])} AS ${snake(m)}`,
  ).join(', ');
  const day = dayOf(sql.raw('c.created_at'));
  return sql`SELECT substr(c.area_code, 1, l.len) AS area_code, ${day} AS day, c.kind AS kind, coalesce(c.category_code, '') AS category, ${sql.raw(cols)}
    FROM cases c JOIN ${LEVEL_LENGTHS} ON length(c.area_code) >= l.len
    WHERE ${CASE_BASE} AND ${filter}
    GROUP BY 1, 2, 3, 4`;
}

function visitSelect(filter: SQL): SQL {
  const cols = VISIT_MEASURES.map((m) =>
    m === 'personVisits' ? 'sum(v.people_met)::int AS person_visits' : `${sumOf(VISIT_PREDICATE[m])} AS ${snake(m)}`,
  ).join(', ');
  const day = dayOf(sql.raw('v.visited_at'));
  return sql`SELECT substr(v.area_code, 1, l.len) AS area_code, ${day} AS day, ${sql.raw(cols)}
    FROM ${RANKED_VISITS} WHERE ${filter}) v JOIN ${LEVEL_LENGTHS} ON length(v.area_code) >= l.len
    GROUP BY 1, 2`;
}

function deptSelect(filter: SQL): SQL {
  const day = dayOf(sql.raw('d.dispatched_at'));
  return sql`SELECT d.department_id AS department_id, ${day} AS day, count(*)::int AS dispatched,
      ${sql.raw(sumOf('d.acknowledged_at IS NOT NULL'))} AS acknowledged,
      ${sql.raw(sumOf('d.acknowledged_at IS NOT NULL AND (d.ack_due_at IS NULL OR d.acknowledged_at <= d.ack_due_at)'))} AS acknowledged_on_time,
      ${sql.raw(sumOf('d.returned_at IS NOT NULL'))} AS returned,
      ${sql.raw(sumOf('d.handled_at IS NOT NULL'))} AS dept_handled
    FROM case_dispatches d WHERE ${filter} GROUP BY 1, 2`;
}

function stockSelect(): SQL {
  return sql`SELECT area_code, sum(households)::int AS households, sum(special_persons)::int AS special_persons, sum(grid_workers)::int AS grid_workers FROM (
      SELECT substr(h.area_code, 1, l.len) AS area_code, count(*) AS households, 0 AS special_persons, 0 AS grid_workers
        FROM households h JOIN ${LEVEL_LENGTHS} ON length(h.area_code) >= l.len WHERE h.status = 'active' GROUP BY 1
      UNION ALL
      SELECT substr(s.area_code, 1, l.len), 0, count(*), 0
        FROM special_persons s JOIN ${LEVEL_LENGTHS} ON length(s.area_code) >= l.len WHERE s.status = 'active' GROUP BY 1
      UNION ALL
      SELECT substr(u.scopes->>0, 1, l.len), 0, 0, count(*)
        FROM users u JOIN ${LEVEL_LENGTHS} ON length(u.scopes->>0) >= l.len
        WHERE u.status = 'active' AND u.roles @> '["grid_worker"]'::jsonb GROUP BY 1
    ) x GROUP BY 1`;
}

/** `col` falls on one of these China days (a range for the index, then the exact list). */
function onDays(col: string, days: string[]): SQL {
  const sorted = [...days].sort();
  const lo = dayStart(sorted[0]);
  const hi = dayStart(dayAfter(sorted[sorted.length - 1]));
  return sql`(${sql.raw(col)} >= ${lo} AND ${sql.raw(col)} < ${hi} AND ${dayOf(sql.raw(col))} IN (${sql.join(
    sorted.map((d) => sql`${d}`),
    sql`, `,
  )}))`;
}
function inMonths(col: string, months: string[]): SQL {
  const sorted = [...months].sort();
  const lo = dayStart(`${sorted[0]}-01`);
  const [y, m] = sorted[sorted.length - 1].split('-').map(Number);
  const hi = dayStart(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
  return sql`(${sql.raw(col)} >= ${lo} AND ${sql.raw(col)} < ${hi} AND ${monthOf(sql.raw(col))} IN (${sql.join(
    sorted.map((d) => sql`${d}`),
    sql`, `,
  )}))`;
}

const CASE_COLS = `area_code, day, kind, category, ${CASE_MEASURES.map(snake).join(', ')}`;
const VISIT_COLS = `area_code, day, ${VISIT_MEASURES.map(snake).join(', ')}`;
const DEPT_COLS = `department_id, day, ${DEPT_MEASURES.map(snake).join(', ')}`;
const STOCK_COLS = `area_code, ${STOCK_MEASURES.map(snake).join(', ')}`;

/** Recomputes the case rows of these days (null: all days). */
export async function rebuildCaseDays(tx: Db, days: string[] | null): Promise<void> {
  if (days && days.length === 0) return;
  if (days) await tx.execute(sql`DELETE FROM metric_case_days WHERE day IN (${sql.join(days.map((d) => sql`${d}`), sql`, `)})`);
  else await tx.execute(sql`DELETE FROM metric_case_days`);
  const filter = days ? onDays('c.created_at', days) : sql`true`;
  await tx.execute(sql`INSERT INTO metric_case_days (${sql.raw(CASE_COLS)}) ${caseSelect(filter)}`);
}

export async function rebuildDeptDays(tx: Db, days: string[] | null): Promise<void> {
  if (days && days.length === 0) return;
  if (days) await tx.execute(sql`DELETE FROM metric_dept_days WHERE day IN (${sql.join(days.map((d) => sql`${d}`), sql`, `)})`);
  else await tx.execute(sql`DELETE FROM metric_dept_days`);
  const filter = days ? onDays('d.dispatched_at', days) : sql`true`;
  await tx.execute(sql`INSERT INTO metric_dept_days (${sql.raw(DEPT_COLS)}) ${deptSelect(filter)}`);
}

/** Visits are recomputed by whole months: a new visit can change which visit is a household's first. */
export async function rebuildVisitMonths(tx: Db, months: string[] | null): Promise<void> {
  if (months && months.length === 0) return;
  if (months) await tx.execute(sql`DELETE FROM metric_visit_days WHERE substr(day, 1, 7) IN (${sql.join(months.map((d) => sql`${d}`), sql`, `)})`);
  else await tx.execute(sql`DELETE FROM metric_visit_days`);
  const filter = months ? inMonths('v0.visited_at', months) : sql`true`;
  await tx.execute(sql`INSERT INTO metric_visit_days (${sql.raw(VISIT_COLS)}) ${visitSelect(filter)}`);
}

export async function rebuildStock(tx: Db): Promise<void> {
  await tx.execute(sql`DELETE FROM metric_area_stock`);
  await tx.execute(sql`INSERT INTO metric_area_stock (${sql.raw(STOCK_COLS)}) ${stockSelect()}`);
}

async function watermark(tx: Db, source: string): Promise<Date> {
  const rows = await queryRows<{ up_to: Date | string }>(tx, sql`SELECT up_to FROM metric_watermarks WHERE source = ${source}`);
  return rows[0] ? new Date(rows[0].up_to) : EPOCH;
}
async function setWatermark(tx: Db, source: string, upTo: Date, now: Date): Promise<void> {
  await tx.execute(sql`INSERT INTO metric_watermarks (source, up_to, updated_at) VALUES (${source}, ${upTo}, ${now})
    ON CONFLICT (source) DO UPDATE SET up_to = GREATEST(metric_watermarks.up_to, excluded.up_to), updated_at = excluded.updated_at`);
}
const toDate = (x: Date | string | null) => (x === null ? null : new Date(x));

export type RefreshResult = { caseDays: number; deptDays: number; visitMonths: number };

/** The sweep step: fold in the cases and visits written since the last run, day by changed day. */
export async function refreshRollups(tx: Db, now: Date): Promise<RefreshResult> {
  const caseMark = new Date((await watermark(tx, 'cases')).getTime() - OVERLAP_MS);
  const changedCases = sql`c.updated_at > ${caseMark}`;
  const caseDays = await queryRows<{ day: string }>(tx, sql`SELECT DISTINCT ${dayOf(sql.raw('c.created_at'))} AS day FROM cases c WHERE ${changedCases}`);
  const deptDays = await queryRows<{ day: string }>(
    tx,
    sql`SELECT DISTINCT ${dayOf(sql.raw('d.dispatched_at'))} AS day FROM case_dispatches d JOIN cases c ON c.id = d.case_id WHERE ${changedCases}`,
  );
  const [caseMax] = await queryRows<{ m: Date | string | null }>(tx, sql`SELECT max(c.updated_at) AS m FROM cases c WHERE ${changedCases}`);
  await rebuildCaseDays(
    tx,
    caseDays.map((r) => r.day),
  );
  await rebuildDeptDays(
    tx,
    deptDays.map((r) => r.day),
  );
  const visitMark = new Date((await watermark(tx, 'visits')).getTime() - OVERLAP_MS);
  const visitMonths = await queryRows<{ month: string }>(
    tx,
    sql`SELECT DISTINCT ${monthOf(sql.raw('v.visited_at'))} AS month FROM visits v WHERE v.created_at > ${visitMark}`,
  );
  const [visitMax] = await queryRows<{ m: Date | string | null }>(tx, sql`SELECT max(v.created_at) AS m FROM visits v WHERE v.created_at > ${visitMark}`);
  await rebuildVisitMonths(
    tx,
    visitMonths.map((r) => r.month),
  );
  await rebuildStock(tx);
  const cm = toDate(caseMax?.m ?? null);
  if (cm) await setWatermark(tx, 'cases', cm, now);
  const vm = toDate(visitMax?.m ?? null);
  if (vm) await setWatermark(tx, 'visits', vm, now);
  return { caseDays: caseDays.length, deptDays: deptDays.length, visitMonths: visitMonths.length };
}

/** Everything from scratch (after seeding, or to repair). */
export async function rebuildAllRollups(tx: Db, now: Date): Promise<void> {
  await rebuildCaseDays(tx, null);
  await rebuildDeptDays(tx, null);
  await rebuildVisitMonths(tx, null);
  await rebuildStock(tx);
  const [cm] = await queryRows<{ m: Date | string | null }>(tx, sql`SELECT max(updated_at) AS m FROM cases`);
  const [vm] = await queryRows<{ m: Date | string | null }>(tx, sql`SELECT max(created_at) AS m FROM visits`);
  await setWatermark(tx, 'cases', toDate(cm?.m ?? null) ?? EPOCH, now);
  await setWatermark(tx, 'visits', toDate(vm?.m ?? null) ?? EPOCH, now);
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
 * Recomputes every rollup row inside the actor's scope from the records and compares it with the stored
 * one, field by field. Equal means the dashboard shows exactly what the ledgers hold (as of the last sweep).
 */
export async function checkConsistency(db: Db, actor: Actor): Promise<ConsistencyReport> {
  const differences: ConsistencyReport['differences'] = [];
  const scopeOf = (col: string) => areaScope(actor, sql.raw(col));
  const caseCols = CASE_MEASURES.map(snake).join(', ');
  const storedCases = await queryRows<Row>(db, sql`SELECT area_code, day, kind, category, ${sql.raw(caseCols)} FROM metric_case_days WHERE ${scopeOf('area_code')}`);
  const freshCases = await queryRows<Row>(db, sql`SELECT * FROM (${caseSelect(sql`true`)}) x WHERE ${scopeOf('x.area_code')}`);
  compare('metric_case_days', keyed(storedCases, ['area_code', 'day', 'kind', 'category']), keyed(freshCases, ['area_code', 'day', 'kind', 'category']), differences);
  const visitCols = VISIT_MEASURES.map(snake).join(', ');
  const storedVisits = await queryRows<Row>(db, sql`SELECT area_code, day, ${sql.raw(visitCols)} FROM metric_visit_days WHERE ${scopeOf('area_code')}`);
  const freshVisits = await queryRows<Row>(db, sql`SELECT * FROM (${visitSelect(sql`true`)}) x WHERE ${scopeOf('x.area_code')}`);
  compare('metric_visit_days', keyed(storedVisits, ['area_code', 'day']), keyed(freshVisits, ['area_code', 'day']), differences);
  const deptInScope = (col: string) => sql`${sql.raw(col)} IN (SELECT id FROM departments dp WHERE ${scopeOf('dp.area_code')})`;
  const deptCols = DEPT_MEASURES.map(snake).join(', ');
  const storedDept = await queryRows<Row>(db, sql`SELECT department_id, day, ${sql.raw(deptCols)} FROM metric_dept_days WHERE ${deptInScope('department_id')}`);
  const freshDept = await queryRows<Row>(db, sql`SELECT * FROM (${deptSelect(sql`true`)}) x WHERE ${deptInScope('x.department_id')}`);
  compare('metric_dept_days', keyed(storedDept, ['department_id', 'day']), keyed(freshDept, ['department_id', 'day']), differences);
  const storedStock = await queryRows<Row>(db, sql`SELECT ${sql.raw(STOCK_COLS)} FROM metric_area_stock WHERE ${scopeOf('area_code')}`);
  const freshStock = await queryRows<Row>(db, sql`SELECT * FROM (${stockSelect()}) x WHERE ${scopeOf('x.area_code')}`);
  compare('metric_area_stock', keyed(storedStock, ['area_code']), keyed(freshStock, ['area_code']), differences);
  const checked = storedCases.length + storedVisits.length + storedDept.length + storedStock.length;
  return { ok: differences.length === 0, checked, differences };
}
