/**
 * Pre-aggregated figures for the assessment pages and the dashboard (DESIGN §10): one row per area at
 * every level × China day (× kind × category for cases), so a dashboard request reads O(areas in view)
 * rows, not the records. Maintained by the metrics sweep, day by changed day; a consistency check
 * recomputes them from the records (src/server/modules/metrics/rollup.ts).
 */
import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

const n = (name: string) => integer(name).notNull().default(0);

/** Cases attributed to the day they were reported (China time), by the area's every ancestor. */
export const metricCaseDays = pgTable(
  'metric_case_days',
  {
    areaCode: text('area_code').notNull(),
    day: text('day').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    reported: n('reported'),
    due: n('due'),
    closed: n('closed'),
    closedOnTime: n('closed_on_time'),
    closedLocally: n('closed_locally'),
    handled: n('handled'),
    reworked: n('reworked'),
    evaluated: n('evaluated'),
    satisfied: n('satisfied'),
    gridReported: n('grid_reported'),
    closeMinutes: bigint('close_minutes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.day, t.kind, t.category] }), index('metric_case_days_day_idx').on(t.day)],
);

/** Visits by the day they took place. */
export const metricVisitDays = pgTable(
  'metric_visit_days',
  {
    areaCode: text('area_code').notNull(),
    day: text('day').notNull(),
    visits: n('visits'),
    personVisits: n('person_visits'),
    householdsMonthly: n('households_monthly'),
    specialVisits: n('special_visits'),
    specialMonthly: n('special_monthly'),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.day] }), index('metric_visit_days_day_idx').on(t.day)],
);

/** 吹哨报到 per department and the day of dispatch. */
export const metricDeptDays = pgTable(
  'metric_dept_days',
  {
    departmentId: integer('department_id').notNull(),
    day: text('day').notNull(),
    dispatched: n('dispatched'),
    acknowledged: n('acknowledged'),
    acknowledgedOnTime: n('acknowledged_on_time'),
    returned: n('returned'),
    deptHandled: n('dept_handled'),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.day] })],
);

/** What exists now per area (every level): the denominators of coverage indicators. */
export const metricAreaStock = pgTable('metric_area_stock', {
  areaCode: text('area_code').primaryKey(),
  households: n('households'),
  specialPersons: n('special_persons'),
  gridWorkers: n('grid_workers'),
});

/** Sweep bookkeeping: the newest change already folded into the rollups, per source. */
export const metricWatermarks = pgTable('metric_watermarks', {
  source: text('source').primaryKey(),
  upTo: ts('up_to').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Ranking weights as policy data (一月一排名): per ranking kind (area / department). */
export const metricWeights = pgTable('metric_weights', {
  target: text('target').primaryKey(),
  weights: jsonb('weights').$type<{ indicator: string; weight: number }[]>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});
