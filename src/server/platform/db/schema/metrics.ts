/**
 * Pre-aggregated figures for the assessment pages and the dashboard (DESIGN §10): one row per area at
 * every level × China day (× kind for cases), plus one row per area × month holding the month's total
 * (`day` = 'YYYY-MM'), so a one-year view reads ~12 month rows and the days of its partial edge months
 * per area, never the records. Maintained by the metrics sweep, day by changed day; a consistency check
 * recomputes them from the records (src/server/modules/metrics/rollup.ts).
 */
import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

const n = (name: string) => integer(name).notNull().default(0);

/**
 * Cases attributed to the day they were reported (China time), by the area's every ancestor. `day` is
 * 'YYYY-MM-DD' for a day row or 'YYYY-MM' for the month's total (the sum of its day rows).
 */
export const metricCaseDays = pgTable(
  'metric_case_days',
  {
    areaCode: text('area_code').notNull(),
    day: text('day').notNull(),
    kind: text('kind').notNull(),
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
    /** 三无: 刑事/治安案件 and 安全事故 reported (categories in src/domain/indicators THREE_NONE) */
    criminal: n('criminal'),
    accidents: n('accidents'),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.day, t.kind] }), index('metric_case_days_day_idx').on(t.day)],
);

/**
 * Where each case was last counted (its area and China day): a transfer to another area changes a case's
 * area, and the sweep must then recompute the old area's day too, not only the new one's.
 */
export const metricCaseMarks = pgTable('metric_case_marks', {
  caseId: integer('case_id').primaryKey(),
  areaCode: text('area_code').notNull(),
  day: text('day').notNull(),
});

/** Visits by the day they took place (and month totals, `day` = 'YYYY-MM'). */
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

/** 吹哨报到 per department and the day of dispatch (and month totals). */
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

/**
 * 重点人员随访: each follow-up the visit policy made due (registration or a visit + the interval of the
 * person's category and risk level), by the China day it fell due, and whether the next visit came by then.
 */
export const metricFollowDays = pgTable(
  'metric_follow_days',
  {
    areaCode: text('area_code').notNull(),
    day: text('day').notNull(),
    followDue: n('follow_due'),
    followOnTime: n('follow_on_time'),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.day] }), index('metric_follow_days_day_idx').on(t.day)],
);

/** 一周一结: weekly reports filed, by the China day their ISO week ends (Sunday). */
export const metricReportDays = pgTable(
  'metric_report_days',
  {
    areaCode: text('area_code').notNull(),
    day: text('day').notNull(),
    weeklyReports: n('weekly_reports'),
  },
  (t) => [primaryKey({ columns: [t.areaCode, t.day] }), index('metric_report_days_day_idx').on(t.day)],
);

/** What exists now per area (every level): the denominators of coverage indicators. */
export const metricAreaStock = pgTable('metric_area_stock', {
  areaCode: text('area_code').primaryKey(),
  households: n('households'),
  specialPersons: n('special_persons'),
  gridWorkers: n('grid_workers'),
  grids: n('grids'),
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
