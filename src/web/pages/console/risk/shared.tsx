/** Labels, colours and types the risk pages share (the server sends Chinese labels; colours live here). */
import { Tag } from 'antd';

export const GRADE_COLOR: Record<string, string> = { blue: '#1677ff', yellow: '#fadb14', orange: '#fa8c16', red: '#f5222d' };
export const GRADE_TAG: Record<string, string> = { blue: 'blue', yellow: 'gold', orange: 'orange', red: 'red' };
export const GRADE_OPTIONS = [
  { value: 'red', label: '红色' },
  { value: 'orange', label: '橙色' },
  { value: 'yellow', label: '黄色' },
  { value: 'blue', label: '蓝色' },
];
export const CATEGORY_OPTIONS = [
  { value: 'dispute_sign', label: '矛盾纠纷苗头' },
  { value: 'public_security', label: '治安隐患' },
  { value: 'safety_hazard', label: '安全隐患' },
  { value: 'mass_incident_sign', label: '群体性事件苗头' },
  { value: 'special_population', label: '特殊人群异常' },
  { value: 'public_opinion', label: '舆情' },
  { value: 'livelihood', label: '民生诉求' },
  { value: 'other', label: '其他' },
  { value: 'repeat_dispute_parties', label: '同一当事人反复纠纷' },
  { value: 'event_cluster', label: '同类事件聚集' },
  { value: 'repeat_petition', label: '重复信访' },
  { value: 'overdue_special_visit', label: '重点人员随访超期' },
  { value: 'dispute_flags', label: '群体性或扬言极端的纠纷' },
];

export function GradeTag({ grade, label }: { grade: string; label?: string }) {
  return <Tag color={GRADE_TAG[grade] ?? 'default'}>{label ?? GRADE_OPTIONS.find((g) => g.value === grade)?.label ?? grade}</Tag>;
}

export type WarningLink = { type: 'case' | 'signal' | 'special_person' | 'report'; id: number; label: string };
export type Warning = {
  id: number;
  source: string;
  ruleName: string | null;
  areaCode: string;
  areaName: string | null;
  grade: string;
  gradeLabel: string;
  category: string;
  categoryLabel: string;
  title: string;
  detail: string;
  links: WarningLink[];
  status: string;
  statusLabel: string;
  tierLabel: string;
  ackDueAt: string | null;
  ackOverdue: boolean;
  escalations: number;
  raisedAt: string;
  acknowledgedByName: string | null;
  handledNote: string | null;
  closedNote: string | null;
  version: number;
  actions: ('acknowledge' | 'handle' | 'close')[];
};

/** ISO week of today in China time, as the server counts it. */
export function currentWeek(now = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const day = local.getUTCDay() || 7;
  const thursday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 4 - day));
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const fmt = (s: string | null) => (s ? new Date(s).toLocaleString('zh-CN', { hour12: false }) : '—');
