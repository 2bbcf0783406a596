/**
 * 一月一排名、一季一考核 (seed 001): a weighted score over indicators, as policy data. Each indicator's value
 * is turned into a 0–100 score (percent values as they are; "lower is better" ones inverted against the
 * best and worst of the compared units; counts relative to the best), then averaged with the weights.
 * Units with no data for an indicator score 0 on it, so an empty ledger never tops a table.
 */
import { type IndicatorId, indicatorById } from './indicators';

export type Weight = { indicator: IndicatorId; weight: number };

/** Defaults an administrator or the county centre can change (GET/PUT /api/metrics/weights). */
export const DEFAULT_AREA_WEIGHTS: Weight[] = [
  { indicator: 'close_rate', weight: 25 },
  { indicator: 'on_time_rate', weight: 20 },
  { indicator: 'satisfaction_rate', weight: 15 },
  { indicator: 'local_rate', weight: 15 },
  { indicator: 'rework_rate', weight: 5 },
  { indicator: 'visit_coverage', weight: 10 },
  { indicator: 'special_follow_rate', weight: 10 },
  { indicator: 'weekly_report_rate', weight: 5 },
];
export const DEFAULT_DEPT_WEIGHTS: Weight[] = [{ indicator: 'ack_on_time_rate', weight: 100 }];

export type RankInput = { key: string; values: Partial<Record<IndicatorId, number | null>> };
export type RankRow = { key: string; score: number; rank: number; scores: Partial<Record<IndicatorId, number>> };

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Scores and ranks; ties share a rank (1, 2, 2, 4), ordered by key for a stable print. */
export function rank(units: RankInput[], weights: Weight[]): RankRow[] {
  const active = weights.filter((w) => w.weight > 0 && indicatorById(w.indicator));
  const total = active.reduce((a, w) => a + w.weight, 0);
  const rows = units.map((u) => ({ key: u.key, score: 0, rank: 0, scores: {} as Partial<Record<IndicatorId, number>> }));
  for (const w of active) {
    const ind = indicatorById(w.indicator)!;
    const vals = units.map((u) => u.values[w.indicator]).filter((x): x is number => typeof x === 'number');
    const best = vals.length ? Math.max(...vals) : 0;
    const worst = vals.length ? Math.min(...vals) : 0;
    units.forEach((u, i) => {
      const x = u.values[w.indicator];
      let s = 0;
      if (typeof x === 'number') {
        if (ind.unit === 'percent') s = ind.higherIsBetter ? x : 100 - x;
        else if (ind.higherIsBetter) s = best > 0 ? (x / best) * 100 : 0;
        else s = best === worst ? 100 : ((best - x) / (best - worst)) * 100;
      }
      s = Math.max(0, Math.min(100, s));
      rows[i].scores[w.indicator] = round2(s);
      rows[i].score += total > 0 ? (s * w.weight) / total : 0;
    });
  }
  for (const r of rows) r.score = round2(r.score);
  const sorted = [...rows].sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
  sorted.forEach((r, i) => {
    r.rank = i > 0 && sorted[i - 1].score === r.score ? sorted[i - 1].rank : i + 1;
  });
  return sorted;
}

/** Periods: a month `2026-11`, a quarter `2026-Q4`, or a year `2026`; inclusive day bounds. */
export type Period = { label: string; from: string; to: string; months: number };

const pad = (n: number) => String(n).padStart(2, '0');
function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function parsePeriod(p: string): Period | null {
  let m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return null;
    return { label: `${y}年${mo}月`, from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}`, months: 1 };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(p);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    const a = (q - 1) * 3 + 1;
    return { label: `${y}年第${q}季度`, from: `${y}-${pad(a)}-01`, to: `${y}-${pad(a + 2)}-${pad(lastDay(y, a + 2))}`, months: 3 };
  }
  m = /^(\d{4})$/.exec(p);
  if (m) return { label: `${m[1]}年`, from: `${m[1]}-01-01`, to: `${m[1]}-12-31`, months: 12 };
  return null;
}

/** Calendar months touched by an inclusive day range (the denominator of the monthly indicators). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return Math.max(1, (ty - fy) * 12 + (tm - fm) + 1);
}

/** Weeks ended in an inclusive day range: its Sundays (the denominator of 周报提交率). */
export function weeksBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (b < a) return 0;
  const firstSunday = a + ((7 - new Date(a).getUTCDay()) % 7) * 86_400_000;
  return firstSunday > b ? 0 : Math.floor((b - firstSunday) / (7 * 86_400_000)) + 1;
}

/** A day range split into whole calendar months and the day ranges of its partial edge months. */
export function splitRange(from: string, to: string): { months: string[]; days: [string, string][] } {
  const months: string[] = [];
  const days: [string, string][] = [];
  let [y, m] = from.split('-').map(Number);
  for (;;) {
    const month = `${y}-${pad(m)}`;
    if (month > to.slice(0, 7)) break;
    const first = `${month}-01`;
    const last = `${month}-${pad(lastDay(y, m))}`;
    const lo = from > first ? from : first;
    const hi = to < last ? to : last;
    if (lo === first && hi === last) months.push(month);
    else if (lo <= hi) days.push([lo, hi]);
    m += 1;
    if (m === 13) {
      m = 1;
      y += 1;
    }
  }
  return { months, days };
}

/** The China-time day (UTC+8, no DST) of an instant: the day a record counts on. */
export function chinaDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
