/**
 * The SQL of every measure, written once: the rollup sums these predicates, the consistency check sums
 * them again over the records, and the drill-down lists the records where they hold. Works unchanged on
 * PGlite and PostgreSQL.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type CaseMeasure, type FollowMeasure, THREE_NONE, type VisitMeasure } from '../../../domain/indicators/indicators';
import { DEFAULT_VISIT_POLICIES } from '../../../domain/people/visit-policy';

/** The China (UTC+8) day of a timestamptz column, as 'YYYY-MM-DD'. */
export function dayOf(col: SQL): SQL {
  return sql`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')`;
}
export function monthOf(col: SQL): SQL {
  return sql`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`;
}
/** The instant a China day starts. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}
export function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Cases that count at all: merged duplicates are counted once, in the case they were merged into. */
export const CASE_BASE = sql.raw(`c.status <> 'merged'`);

const CLOSED = `c.status IN ('closed','evaluated')`;
const codes = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');
const HANDLED = `c.status IN ('handled','closed','evaluated')`;

/** Predicates over `cases c`; closeMinutes is a sum, not a count. */
export const CASE_PREDICATE: Record<Exclude<CaseMeasure, 'closeMinutes'>, string> = {
  reported: 'true',
  due: `c.status NOT IN ('reported','escalated','transferred','rejected')`,
  closed: CLOSED,
  closedOnTime: `${CLOSED} AND c.closed_on_time IS TRUE`,
  closedLocally: `${CLOSED} AND c.resolved_tier IN ('grid','village')`,
  handled: HANDLED,
  reworked: `${HANDLED} AND c.rework_count > 0`,
  evaluated: 'c.rating IS NOT NULL',
  satisfied: `c.rating IN ('satisfied','basically')`,
  gridReported: `c.source = 'grid'`,
  criminal: `c.category_code IN (${codes(THREE_NONE.caseCategories)})`,
  accidents: `c.category_code IN (${codes(THREE_NONE.accidentCategories)})`,
};
export const CLOSE_MINUTES = `CASE WHEN ${CLOSED} AND c.closed_at IS NOT NULL THEN floor(extract(epoch FROM (c.closed_at - c.created_at)) / 60)::bigint ELSE 0 END`;

export function casePredicate(m: CaseMeasure): SQL {
  return sql.raw(m === 'closeMinutes' ? CLOSED : CASE_PREDICATE[m]);
}

/**
 * Visits `v` with, per household and per special person, the rank of the visit inside its China month:
 * rank 1 is the visit that counts the household (person) as visited that month.
 */
export const RANKED_VISITS = sql.raw(`(SELECT v0.*,
  CASE WHEN v0.household_id IS NULL THEN 0 ELSE row_number() OVER (PARTITION BY v0.household_id, to_char((v0.visited_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') ORDER BY v0.visited_at, v0.id) END AS hh_rank,
  CASE WHEN v0.special_person_id IS NULL THEN 0 ELSE row_number() OVER (PARTITION BY v0.special_person_id, to_char((v0.visited_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') ORDER BY v0.visited_at, v0.id) END AS sp_rank
  FROM visits v0`);

export const VISIT_PREDICATE: Record<VisitMeasure, string> = {
  visits: 'true',
  personVisits: 'true',
  householdsMonthly: 'v.hh_rank = 1',
  specialVisits: 'v.special_person_id IS NOT NULL',
  specialMonthly: 'v.sp_rank = 1',
};

/** Area levels by code length: every record counts at each ancestor and at its own level. */
export const LEVELS = [2, 4, 6, 9, 12, 15, 18] as const;
export const LEVEL_LENGTHS = sql.raw('(VALUES (2),(4),(6),(9),(12),(15),(18)) AS l(len)');

/**
 * The visit interval of a 重点人员 (alias `s`): the policy row of their category and risk level
 * (visit_policies), else the default policy — the same rule the visits module uses for next_visit_due.
 */
const DEFAULT_INTERVALS = DEFAULT_VISIT_POLICIES.map((p) => `('${p.category}', ${p.minLevel}, ${p.maxLevel}, ${p.intervalDays})`).join(', ');
const INTERVAL_OF = `coalesce(
  (SELECT vp.interval_days FROM visit_policies vp WHERE vp.category = s.category AND s.risk_level BETWEEN vp.min_level AND vp.max_level ORDER BY vp.min_level LIMIT 1),
  (SELECT dp.iv FROM (VALUES ${DEFAULT_INTERVALS}) AS dp(category, lo, hi, iv) WHERE dp.category = s.category AND s.risk_level BETWEEN dp.lo AND dp.hi LIMIT 1),
  30)`;

/**
 * 重点人员随访 as the visit policy schedules it (alias `e`): for each active 重点人员, registration (unless a
 * visit came first) and every visit start an interval; the follow-up falls due at its end (`due_at`) and
 * is on time when the next visit (`next_at`) comes no later. The last interval has no next visit yet: due,
 * and overdue once `due_at` has passed, exactly as the visits module's next_visit_due.
 */
export const FOLLOW_EVENTS = sql.raw(`(SELECT b.sp_id AS special_person_id, b.area_code, b.at AS base_at,
    b.at + b.iv * interval '1 day' AS due_at,
    lead(b.at) OVER (PARTITION BY b.sp_id ORDER BY b.at, b.vid) AS next_at
  FROM (
    SELECT s.id AS sp_id, s.area_code, s.created_at AS at, 0 AS vid, ${INTERVAL_OF} AS iv
      FROM special_persons s
      WHERE s.status = 'active' AND NOT EXISTS (SELECT 1 FROM visits v1 WHERE v1.special_person_id = s.id AND v1.visited_at <= s.created_at)
    UNION ALL
    SELECT s.id, s.area_code, v.visited_at, v.id, ${INTERVAL_OF}
      FROM visits v JOIN special_persons s ON s.id = v.special_person_id WHERE s.status = 'active'
  ) b) e`);

export const FOLLOW_PREDICATE: Record<FollowMeasure, string> = {
  followDue: 'true',
  followOnTime: 'e.next_at IS NOT NULL AND e.next_at <= e.due_at',
};

/** The China day an ISO week ('2026-W48', alias `r`) ends: its Sunday. */
export const WEEK_END_DAY = sql.raw(`to_char(to_date(r.week, 'IYYY-"W"IW') + 6, 'YYYY-MM-DD')`);
