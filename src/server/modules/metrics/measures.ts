/**
 * The SQL of every measure, written once: the rollup sums these predicates, the consistency check sums
 * them again over the records, and the drill-down lists the records where they hold. Works unchanged on
 * PGlite and PostgreSQL.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { CaseMeasure, VisitMeasure } from '../../../domain/indicators/indicators';

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
export const LEVEL_LENGTHS = sql.raw('(VALUES (2),(4),(6),(9),(12),(15),(18)) AS l(len)');
