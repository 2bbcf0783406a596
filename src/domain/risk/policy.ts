/**
 * 风险预警 (DESIGN §8) as pure data and maths: signal categories and grades (蓝/黄/橙/红), the acknowledge
 * deadlines per grade and where each grade lands first, the escalation ladder grid → village → town →
 * county, the early-warning rules with their editable parameters, and ISO weeks in China time.
 */
import { computeDue, type DeadlineRule, type DeadlineUnit } from '../cases/deadline';

export type RiskGrade = 'blue' | 'yellow' | 'orange' | 'red';
export const RISK_GRADES: readonly RiskGrade[] = ['blue', 'yellow', 'orange', 'red'];
export const RISK_GRADE_LABEL: Record<RiskGrade, string> = { blue: '蓝色', yellow: '黄色', orange: '橙色', red: '红色' };
export const gradeRank = (g: RiskGrade): number => RISK_GRADES.indexOf(g);

export type SignalCategory =
  | 'dispute_sign'
  | 'public_security'
  | 'safety_hazard'
  | 'mass_incident_sign'
  | 'special_population'
  | 'public_opinion'
  | 'livelihood'
  | 'other';
export const SIGNAL_CATEGORIES: readonly SignalCategory[] = [
  'dispute_sign',
  'public_security',
  'safety_hazard',
  'mass_incident_sign',
  'special_population',
  'public_opinion',
  'livelihood',
  'other',
];
export const SIGNAL_CATEGORY_LABEL: Record<SignalCategory, string> = {
  dispute_sign: '矛盾纠纷苗头',
  public_security: '治安隐患',
  safety_hazard: '安全隐患',
  mass_incident_sign: '群体性事件苗头',
  special_population: '特殊人群异常',
  public_opinion: '舆情',
  livelihood: '民生诉求',
  other: '其他',
};
/** The 网格事件 category a signal becomes when it is turned into an event. */
export const SIGNAL_EVENT_CATEGORY: Record<SignalCategory, string> = {
  dispute_sign: 'dispute_lead',
  public_security: 'public_security',
  safety_hazard: 'safety_hazard',
  mass_incident_sign: 'dispute_lead',
  special_population: 'special_population',
  public_opinion: 'other',
  livelihood: 'livelihood',
  other: 'other',
};

/** Who holds a warning: the level whose responsible people have it in their inbox. */
export type RiskTier = 'grid' | 'village' | 'town' | 'county';
export const RISK_TIERS: readonly RiskTier[] = ['grid', 'village', 'town', 'county'];
export const RISK_TIER_LABEL: Record<RiskTier, string> = { grid: '网格', village: '村(社区)', town: '镇(街道)综治中心', county: '县综治中心' };
const TIER_LENGTH: Record<RiskTier, number> = { grid: 15, village: 12, town: 9, county: 6 };

export function tierOfCode(code: string): RiskTier | null {
  const found = RISK_TIERS.find((t) => TIER_LENGTH[t] === code.length);
  return found ?? null;
}

/** The area code holding a warning at a tier (the record's own ancestor at that level). */
export function holderCodeAt(areaCode: string, tier: RiskTier): string {
  return areaCode.slice(0, Math.min(areaCode.length, TIER_LENGTH[tier]));
}

/** The first tier at or above `tier` that the record's area reaches (a village-level record skips the grid). */
export function effectiveTier(areaCode: string, tier: RiskTier): RiskTier {
  const i = RISK_TIERS.indexOf(tier);
  for (let j = i; j < RISK_TIERS.length; j++) if (areaCode.length >= TIER_LENGTH[RISK_TIERS[j]]) return RISK_TIERS[j];
  return 'county';
}

export function nextTier(tier: RiskTier): RiskTier | null {
  const i = RISK_TIERS.indexOf(tier);
  return i >= 0 && i < RISK_TIERS.length - 1 ? RISK_TIERS[i + 1] : null;
}

export type GradePolicy = { tier: RiskTier; ack: DeadlineRule };
export type WarningPolicy = {
  grades: Record<RiskGrade, GradePolicy>;
  /** signals of this grade and above raise a warning at once */
  signalMinGrade: RiskGrade;
};

export const DEFAULT_WARNING_POLICY: WarningPolicy = {
  grades: {
    red: { tier: 'town', ack: { amount: 1, unit: 'hour' } },
    orange: { tier: 'town', ack: { amount: 4, unit: 'hour' } },
    yellow: { tier: 'village', ack: { amount: 1, unit: 'workday' } },
    blue: { tier: 'grid', ack: { amount: 3, unit: 'workday' } },
  },
  signalMinGrade: 'yellow',
};

export function ackDueAt(policy: WarningPolicy, grade: RiskGrade, from: Date): Date {
  return computeDue(from, policy.grades[grade].ack);
}

/** The declared early-warning rules; parameters are edited through GET/PUT /api/risk/rules. */
export type RuleCode = 'repeat_dispute_parties' | 'event_cluster' | 'repeat_petition' | 'overdue_special_visit' | 'dispute_flags';
export type RuleParams = Record<string, number | string | string[]>;
export type RuleDeclaration = { code: RuleCode; name: string; description: string; grade: RiskGrade; params: RuleParams };

export const RULES: readonly RuleDeclaration[] = [
  {
    code: 'repeat_dispute_parties',
    name: '同一当事人反复纠纷',
    description: '同一当事人在规定天数内涉及的矛盾纠纷达到规定件数',
    grade: 'orange',
    params: { minCases: 3, windowDays: 90 },
  },
  {
    code: 'event_cluster',
    name: '同类事件聚集',
    description: '同一类别的网格事件在规定距离和天数内达到规定件数',
    grade: 'yellow',
    params: { minEvents: 3, radiusM: 500, windowDays: 7 },
  },
  {
    code: 'repeat_petition',
    name: '重复信访',
    description: '同一信访人就同一事项(同一分类)在规定天数内再次信访',
    grade: 'orange',
    params: { minPetitions: 2, windowDays: 365 },
  },
  {
    code: 'overdue_special_visit',
    name: '重点人员随访超期',
    description: '风险等级达到规定等级的重点人员超过随访期限未走访',
    grade: 'orange',
    params: { minRiskLevel: 3, graceDays: 0 },
  },
  {
    code: 'dispute_flags',
    name: '群体性或扬言极端的纠纷',
    description: '矛盾纠纷标明群体性，或内容出现扬言、威胁等字样',
    grade: 'red',
    params: { keywords: ['群体性', '群体', '扬言', '威胁', '报复', '极端', '上访闹事'], windowDays: 30 },
  },
];

export function ruleDeclaration(code: string): RuleDeclaration | undefined {
  return RULES.find((r) => r.code === code);
}

/** Stored parameters over the declared defaults; unknown keys are dropped, types must match the default's. */
export function mergeParams(decl: RuleDeclaration, stored: RuleParams | null | undefined): RuleParams {
  const out: RuleParams = { ...decl.params };
  for (const [k, def] of Object.entries(decl.params)) {
    const v = stored?.[k];
    if (v === undefined) continue;
    if (Array.isArray(def) ? Array.isArray(v) : typeof v === typeof def) out[k] = v;
  }
  return out;
}

/** A problem with edited parameters, or null. Numbers must be positive integers (levels 0–5). */
export function checkParams(decl: RuleDeclaration, params: RuleParams): string | null {
  for (const [k, def] of Object.entries(decl.params)) {
    const v = params[k];
    if (v === undefined) return k;
    if (Array.isArray(def)) {
      if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s.trim() === '')) return k;
    } else if (typeof def === 'number') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100_000) return k;
      if (k.startsWith('min') && k !== 'minRiskLevel' && v < 1) return k;
      if (k === 'minRiskLevel' && v > 5) return k;
    }
  }
  return null;
}

export function checkWarningPolicy(p: WarningPolicy): string | null {
  for (const g of RISK_GRADES) {
    const gp = p.grades[g];
    if (!gp || !RISK_TIERS.includes(gp.tier)) return `grades.${g}.tier`;
    const units: DeadlineUnit[] = ['hour', 'day', 'workday'];
    if (!units.includes(gp.ack.unit) || !Number.isInteger(gp.ack.amount) || gp.ack.amount < 1 || gp.ack.amount > 1000) return `grades.${g}.ack`;
  }
  if (!RISK_GRADES.includes(p.signalMinGrade)) return 'signalMinGrade';
  return null;
}

// ---- ISO weeks in China time (一周一结)

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 8 * HOUR;

export const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

/** 'YYYY-Www' of the ISO week holding the instant, in China time. */
export function isoWeekOf(d: Date): string {
  const local = new Date(d.getTime() + OFFSET);
  const day = local.getUTCDay() || 7;
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - day));
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday 00:00 China time of an ISO week, or null when the week does not exist. */
export function weekStart(week: string): Date | null {
  const m = WEEK_PATTERN.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Day = new Date(jan4).getUTCDay() || 7;
  const monday = jan4 - (jan4Day - 1) * DAY + (n - 1) * 7 * DAY;
  const start = new Date(monday - OFFSET);
  return isoWeekOf(start) === week ? start : null;
}

export function addWeeks(week: string, n: number): string {
  const s = weekStart(week);
  if (!s) throw new Error(`bad week ${week}`);
  return isoWeekOf(new Date(s.getTime() + n * 7 * DAY + HOUR));
}

/** A week's report may be filed and edited until the end of the following Monday (China time). */
export const WEEK_GRACE_DAYS = 1;
export function weekClosesAt(week: string): Date | null {
  const s = weekStart(week);
  return s ? new Date(s.getTime() + (7 + WEEK_GRACE_DAYS) * DAY) : null;
}

export type WeekState = 'future' | 'open' | 'closed' | 'invalid';
export function weekState(week: string, now: Date): WeekState {
  const s = weekStart(week);
  const c = weekClosesAt(week);
  if (!s || !c) return 'invalid';
  if (now.getTime() < s.getTime()) return 'future';
  return now.getTime() < c.getTime() ? 'open' : 'closed';
}

// ---- rule helpers

/** Great-circle distance in metres. */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const R = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(h)));
}

export type PointRecord = { id: number; lng: number; lat: number; category: string };

/**
 * Clusters of at least `min` records of one category within `radiusM` of a seed record. Each record joins
 * at most one cluster; seeds are taken in id order so a cluster keeps its key (its first id) as it grows.
 */
export function findClusters(records: readonly PointRecord[], min: number, radiusM: number): number[][] {
  const sorted = [...records].sort((a, b) => a.id - b.id);
  const used = new Set<number>();
  const out: number[][] = [];
  for (const seed of sorted) {
    if (used.has(seed.id)) continue;
    const members = sorted.filter((r) => !used.has(r.id) && r.category === seed.category && distanceM(seed, r) <= radiusM);
    if (members.length >= min) {
      for (const m of members) used.add(m.id);
      out.push(members.map((m) => m.id));
    }
  }
  return out;
}

export type PartyRecord = { id: number; names: string[] };

/**
 * Groups of at least `min` records that share the same parties: each name's records, names with the same
 * record set merged into one group (so two parties of the same 3 disputes make one warning, not two).
 */
export function repeatPartyGroups(records: readonly PartyRecord[], min: number): { names: string[]; ids: number[] }[] {
  const byName = new Map<string, Set<number>>();
  for (const r of records) {
    for (const raw of new Set(r.names.map((n) => n.trim()).filter(Boolean))) {
      if (!byName.has(raw)) byName.set(raw, new Set());
      byName.get(raw)!.add(r.id);
    }
  }
  const groups = new Map<string, { names: string[]; ids: number[] }>();
  for (const [name, ids] of byName) {
    if (ids.size < min) continue;
    const sortedIds = [...ids].sort((a, b) => a - b);
    const key = sortedIds.join(',');
    const g = groups.get(key);
    if (g) g.names.push(name);
    else groups.set(key, { names: [name], ids: sortedIds });
  }
  // a group whose records are all inside a larger group of the same names is covered by it
  const list = [...groups.values()].map((g) => ({ names: g.names.sort(), ids: g.ids }));
  return list.filter((g) => !list.some((o) => o !== g && o.ids.length > g.ids.length && g.ids.every((id) => o.ids.includes(id)) && g.names.every((n) => o.names.includes(n))));
}

export function containsAny(text: string, keywords: readonly string[]): string | null {
  return keywords.find((k) => k && text.includes(k)) ?? null;
}
