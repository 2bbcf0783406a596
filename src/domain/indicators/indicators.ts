/**
 * Assessment indicators (DESIGN §10), each declared once: id, Chinese name, the formula as shown on every
 * page, what its numerator and denominator count, unit and version. Pure data: the server maps each
 * measure to one SQL predicate used by the rollup, the consistency check and the drill-down alike, so a
 * figure and the records behind it can never disagree.
 */

/** Additive counts kept per area, day and kind in the case rollup (metric_case_days). */
export const CASE_MEASURES = [
  'reported',
  'due',
  'closed',
  'closedOnTime',
  'closedLocally',
  'handled',
  'reworked',
  'evaluated',
  'satisfied',
  'gridReported',
  'closeMinutes',
  'criminal',
  'accidents',
] as const;
export type CaseMeasure = (typeof CASE_MEASURES)[number];

/** Additive counts kept per area and day in the visit rollup (metric_visit_days). */
export const VISIT_MEASURES = ['visits', 'personVisits', 'householdsMonthly', 'specialVisits', 'specialMonthly'] as const;
export type VisitMeasure = (typeof VISIT_MEASURES)[number];

/** 重点人员随访 per area and the day a follow-up fell due (metric_follow_days). */
export const FOLLOW_MEASURES = ['followDue', 'followOnTime'] as const;
export type FollowMeasure = (typeof FOLLOW_MEASURES)[number];

/** 一周一结 weekly reports per area and the day their week ends (metric_report_days). */
export const REPORT_MEASURES = ['weeklyReports'] as const;
export type ReportMeasure = (typeof REPORT_MEASURES)[number];

/** Counts of what exists now (not per day): households, 在册重点人员, grid workers, grids (metric_area_stock). */
export const STOCK_MEASURES = ['households', 'specialPersons', 'gridWorkers', 'grids'] as const;
export type StockMeasure = (typeof STOCK_MEASURES)[number];

/** Per department and day (metric_dept_days): 吹哨报到. */
export const DEPT_MEASURES = ['dispatched', 'acknowledged', 'acknowledgedOnTime', 'returned', 'deptHandled'] as const;
export type DeptMeasure = (typeof DEPT_MEASURES)[number];

export type Measure = CaseMeasure | VisitMeasure | FollowMeasure | ReportMeasure | StockMeasure | DeptMeasure;

export const MEASURE_LABEL: Record<Measure, string> = {
  reported: '上报数',
  due: '应结案数(已受理)',
  closed: '结案数',
  closedOnTime: '按期结案数',
  closedLocally: '网格/村(社区)就地化解结案数',
  handled: '处置数',
  reworked: '返工数',
  evaluated: '已评价数',
  satisfied: '满意与基本满意数',
  gridReported: '网格员上报事件数',
  closeMinutes: '结案用时合计(分钟)',
  criminal: '刑事/治安案件数',
  accidents: '安全事故数',
  visits: '走访次数',
  personVisits: '走访人次',
  householdsMonthly: '走访户数(每户每月计一次)',
  specialVisits: '重点人员随访次数',
  specialMonthly: '已随访重点人员(每人每月计一次)',
  followDue: '应随访次数(按随访规则到期)',
  followOnTime: '按期随访次数',
  weeklyReports: '已提交周报数',
  households: '在册户数',
  specialPersons: '在册重点人员数',
  gridWorkers: '网格员人数',
  grids: '网格数',
  dispatched: '吹哨派单数',
  acknowledged: '报到数',
  acknowledgedOnTime: '按时报到数',
  returned: '退回数',
  deptHandled: '处置反馈数',
};

export type MeasureRef =
  | { source: 'case'; measure: CaseMeasure }
  | { source: 'visit'; measure: VisitMeasure }
  | { source: 'follow'; measure: FollowMeasure }
  | { source: 'report'; measure: ReportMeasure }
  | { source: 'stock'; measure: StockMeasure; per?: 'month' | 'week' }
  | { source: 'dept'; measure: DeptMeasure };

export type IndicatorUnit = 'percent' | 'hours' | 'count' | 'per_worker';

export type Indicator = {
  id: IndicatorId;
  name: string;
  formula: string;
  numerator: MeasureRef;
  denominator: MeasureRef | null;
  unit: IndicatorUnit;
  /** restricts the case measures to one kind (化解率 counts disputes only) */
  kind?: string;
  /** higher is better (for ranking and colours); false for 返工率 and 平均处置时长 */
  higherIsBetter: boolean;
  /** department indicators rank departments, not areas */
  scope: 'area' | 'department';
  version: number;
  note?: string;
};

export type IndicatorId =
  | 'close_rate'
  | 'on_time_rate'
  | 'resolve_rate'
  | 'local_rate'
  | 'satisfaction_rate'
  | 'rework_rate'
  | 'avg_close_hours'
  | 'visit_coverage'
  | 'special_follow_rate'
  | 'events_per_worker'
  | 'weekly_report_rate'
  | 'ack_on_time_rate'
  | 'reported';

const c = (measure: CaseMeasure): MeasureRef => ({ source: 'case', measure });
const v = (measure: VisitMeasure): MeasureRef => ({ source: 'visit', measure });

export const INDICATORS: readonly Indicator[] = [
  {
    id: 'close_rate',
    name: '结案率(办结率)',
    formula: '结案率 = 结案数 ÷ 应结案数 × 100%',
    numerator: c('closed'),
    denominator: c('due'),
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
    note: '应结案数：本期上报且已受理(含就地化解)的案件，不含不予受理、已合并与尚未受理的',
  },
  {
    id: 'on_time_rate',
    name: '按期结案率',
    formula: '按期结案率 = 按期结案数 ÷ 应结案数 × 100%',
    numerator: c('closedOnTime'),
    denominator: c('due'),
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
  },
  {
    id: 'resolve_rate',
    name: '矛盾纠纷化解率',
    formula: '化解率 = 化解成功数 ÷ 排查受理数 × 100%',
    numerator: c('closed'),
    denominator: c('due'),
    kind: 'dispute',
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
    note: '仅统计矛盾纠纷；化解成功按结案计',
  },
  {
    id: 'local_rate',
    name: '就地化解率',
    formula: '就地化解率 = 网格/村(社区)化解结案数 ÷ 结案数 × 100%',
    numerator: c('closedLocally'),
    denominator: c('closed'),
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
  },
  {
    id: 'satisfaction_rate',
    name: '满意率',
    formula: '满意率 = (满意 + 基本满意) ÷ 已评价数 × 100%',
    numerator: c('satisfied'),
    denominator: c('evaluated'),
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
  },
  {
    id: 'rework_rate',
    name: '返工率',
    formula: '返工率 = 返工数 ÷ 处置数 × 100%',
    numerator: c('reworked'),
    denominator: c('handled'),
    unit: 'percent',
    higherIsBetter: false,
    scope: 'area',
    version: 1,
  },
  {
    id: 'avg_close_hours',
    name: '平均处置时长',
    formula: '平均处置时长 = 结案用时合计 ÷ 结案数(小时)',
    numerator: c('closeMinutes'),
    denominator: c('closed'),
    unit: 'hours',
    higherIsBetter: false,
    scope: 'area',
    version: 1,
  },
  {
    id: 'visit_coverage',
    name: '走访覆盖率',
    formula: '走访覆盖率 = 走访户数 ÷ (在册户数 × 月数) × 100%',
    numerator: v('householdsMonthly'),
    denominator: { source: 'stock', measure: 'households', per: 'month' },
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
    note: '每户每月走访计一次；跨月统计按月累加',
  },
  {
    id: 'special_follow_rate',
    name: '重点人员随访率',
    formula: '重点人员随访率 = 按期随访次数 ÷ 应随访次数 × 100%',
    numerator: { source: 'follow', measure: 'followOnTime' },
    denominator: { source: 'follow', measure: 'followDue' },
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 2,
    note: '按随访规则(类别、风险等级对应的间隔天数)：登记或每次随访后，间隔期满之日为一次应随访，计入到期日所在期间；下一次随访不晚于到期时刻为按期。仅统计在册(未解除)人员，间隔按其当前类别与等级',
  },
  {
    id: 'events_per_worker',
    name: '网格员人均上报事件',
    formula: '人均上报 = 网格员上报事件数 ÷ 网格员人数',
    numerator: c('gridReported'),
    denominator: { source: 'stock', measure: 'gridWorkers' },
    unit: 'per_worker',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
  },
  {
    id: 'weekly_report_rate',
    name: '周报提交率',
    formula: '周报提交率 = 已提交周报数 ÷ (网格数 × 周数) × 100%',
    numerator: { source: 'report', measure: 'weeklyReports' },
    denominator: { source: 'stock', measure: 'grids', per: 'week' },
    unit: 'percent',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
    note: '一周一结：每个网格每周一份；周报计入其所属周的周日，周数为期间内的周日数(已结束的周)',
  },
  {
    id: 'ack_on_time_rate',
    name: '部门报到及时率',
    formula: '报到及时率 = 按时报到数 ÷ 吹哨派单数 × 100%',
    numerator: { source: 'dept', measure: 'acknowledgedOnTime' },
    denominator: { source: 'dept', measure: 'dispatched' },
    unit: 'percent',
    higherIsBetter: true,
    scope: 'department',
    version: 1,
  },
  {
    id: 'reported',
    name: '上报事件数',
    formula: '上报数 = 本期上报的案件数(不含已合并)',
    numerator: c('reported'),
    denominator: null,
    unit: 'count',
    higherIsBetter: true,
    scope: 'area',
    version: 1,
  },
];

export const INDICATOR_IDS = INDICATORS.map((i) => i.id) as [IndicatorId, ...IndicatorId[]];

export function indicatorById(id: string): Indicator | undefined {
  return INDICATORS.find((i) => i.id === id);
}

/** The value of an indicator from its numerator and denominator; null when the denominator is 0. */
export function indicatorValue(ind: Pick<Indicator, 'unit'>, numerator: number, denominator: number | null): number | null {
  if (ind.unit === 'count') return numerator;
  if (!denominator) return null;
  if (ind.unit === 'percent') return Math.round((numerator / denominator) * 10_000) / 100;
  if (ind.unit === 'hours') return Math.round((numerator / 60 / denominator) * 10) / 10;
  return Math.round((numerator / denominator) * 100) / 100;
}

export const UNIT_SUFFIX: Record<IndicatorUnit, string> = { percent: '%', hours: '小时', count: '件', per_worker: '件/人' };

/**
 * 三无 (无信访/无案件/无事故) in an area and period: no case of kind 信访 reported; no case of the
 * categories 刑事案件/治安案件 (a 治安隐患 is a hazard, not a case); no case of the category 安全事故
 * (a 安全隐患 is not an accident). Merged duplicates do not count. The categories are rows of the
 * event code table (case_categories), added by migration 0009.
 */
export const THREE_NONE = {
  petitionKind: 'petition',
  caseCategories: ['criminal_case', 'public_order_case'],
  accidentCategories: ['safety_accident'],
} as const;
export const THREE_NONE_CATEGORIES = [
  { code: 'criminal_case', name: '刑事案件', sortOrder: 12 },
  { code: 'public_order_case', name: '治安案件', sortOrder: 14 },
  { code: 'safety_accident', name: '安全事故', sortOrder: 22 },
] as const;
export type ThreeNone = { noPetition: boolean; noCase: boolean; noAccident: boolean; petitions: number; cases: number; accidents: number };
export function threeNone(petitions: number, criminal: number, accidents: number): ThreeNone {
  return { noPetition: petitions === 0, noCase: criminal === 0, noAccident: accidents === 0, petitions, cases: criminal, accidents };
}
