/** Shapes of /api/metrics answers as the web pages read them. */
export type Figure = {
  id: string;
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
export type ThreeNone = { noPetition: boolean; noCase: boolean; noAccident: boolean; petitions: number; cases: number; accidents: number };
export type AreaRef = { code: string; name: string; level: string };
export type Summary = {
  area: AreaRef;
  period: { from: string; to: string; label: string };
  indicators: Figure[];
  threeNone: ThreeNone;
  children: (AreaRef & { indicators: Figure[]; threeNone: ThreeNone })[];
};
export type CaseRef = { id: number; number: string; title: string; areaCode: string; dueAt: string; grade: string };
export type Dashboard = Summary & {
  path: { code: string; name: string }[];
  trend: { month: string; reported: number; closeRate: number | null }[];
  overdue: { total: number; items: CaseRef[] };
  supervisions: { total: number; items: { id: number; caseId: number; number: string; title: string; note: string; kind: string; at: string }[] };
  map: {
    /** per grid the map indicators' parts; their names, formulas and labels are in `indicators` */
    grids: { code: string; name: string; values: Pick<Figure, 'id' | 'numerator' | 'denominator' | 'value'>[] }[];
    markers: { id: number; lng: number; lat: number; grade: string; title: string; overdue: boolean }[];
    warnings: { id: number; areaCode: string; grade: string; title: string }[];
  };
  ranking: { key: string; name: string; rank: number; score: number }[];
  generatedAt: string;
};
/** The static map layer (GET /api/metrics/map-areas): fetched once per area. */
export type MapAreas = { area: AreaRef; grids: { code: string; name: string; boundary: unknown }[] };
export type RankingRow = { key: string; name: string; rank: number; score: number; figures: Figure[]; threeNone: ThreeNone | null };
export type Ranking = {
  area: AreaRef;
  target: string;
  period: { from: string; to: string; label: string };
  weights: { indicator: string; weight: number }[];
  weightsVersion: number;
  rows: RankingRow[];
};
export type DrillPage = { measure: string; label: string; total: number; items: { id: number; type: string; label: string; areaCode: string; at: string | null }[] };

const SUFFIX: Record<string, string> = { percent: '%', hours: '小时', count: '件', per_worker: '件/人' };
export function valueText(f: Figure): string {
  return f.value === null ? '—' : `${f.value}${SUFFIX[f.unit] ?? ''}`;
}
export function partsText(f: Figure): string {
  if (f.denominator === null) return f.numeratorLabel;
  const num = f.unit === 'hours' ? `${Math.round(f.numerator / 6) / 10}小时` : String(f.numerator);
  return `${num} / ${f.denominator}`;
}
