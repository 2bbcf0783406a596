/** Request and response shapes of 风险预警 (一周一结, 预警, 规则, 稳评), shared by server and web. */
import { z } from 'zod';
import { pageQuery } from './auth';

export const riskGrade = z.enum(['blue', 'yellow', 'orange', 'red']);
export const signalCategory = z.enum([
  'dispute_sign',
  'public_security',
  'safety_hazard',
  'mass_incident_sign',
  'special_population',
  'public_opinion',
  'livelihood',
  'other',
]);
export const weekString = z.string().regex(/^\d{4}-W\d{2}$/, '周次格式为 2026-W48');
const areaCode = z.string().regex(/^\d{2,18}$/);

export const signalInput = z.object({
  /** an existing signal of the report being edited; absent for a new one */
  id: z.number().int().positive().optional(),
  category: signalCategory,
  grade: riskGrade,
  description: z.string().trim().min(1).max(2000),
  location: z.string().trim().max(200).optional(),
  lng: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
});
export type SignalInput = z.infer<typeof signalInput>;

export const createReportBody = z.object({
  week: weekString,
  gridCode: z.string().regex(/^\d{15}$/),
  summary: z.string().trim().max(5000).default(''),
  signals: z.array(signalInput).max(50).default([]),
});
export type CreateReportBody = z.infer<typeof createReportBody>;

export const updateReportBody = z.object({
  version: z.number().int(),
  summary: z.string().trim().max(5000).optional(),
  signals: z.array(signalInput).max(50).optional(),
});
export type UpdateReportBody = z.infer<typeof updateReportBody>;

export const signalView = z.object({
  id: z.number(),
  reportId: z.number(),
  areaCode: z.string(),
  week: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  grade: z.string(),
  gradeLabel: z.string(),
  description: z.string(),
  location: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  caseId: z.number().nullable(),
  warningId: z.number().nullable(),
  createdAt: z.string(),
});
export type SignalView = z.infer<typeof signalView>;

export const reportView = z.object({
  id: z.number(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  week: z.string(),
  summary: z.string(),
  reporterName: z.string().nullable(),
  version: z.number(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  editable: z.boolean(),
  signalCount: z.number(),
  maxGrade: z.string().nullable(),
});
export const reportDetail = reportView.extend({ signals: z.array(signalView) });

export const reportListQuery = pageQuery.extend({ area: areaCode.optional(), week: weekString.optional() });
export const missingQuery = z.object({ area: areaCode.optional(), week: weekString.optional() });
export const missingView = z.object({
  week: z.string(),
  grids: z.number(),
  filed: z.number(),
  items: z.array(z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable(), workers: z.array(z.string()) })),
  total: z.number(),
});

export const signalListQuery = pageQuery.extend({
  area: areaCode.optional(),
  week: weekString.optional(),
  grade: riskGrade.optional(),
  category: signalCategory.optional(),
});

export const convertSignalBody = z.object({
  to: z.enum(['event', 'dispute']),
  title: z.string().trim().min(1).max(100).optional(),
  categoryCode: z.string().min(1).max(40).optional(),
});

export const warningLink = z.object({ type: z.enum(['case', 'signal', 'special_person', 'report']), id: z.number(), label: z.string() });
export const warningView = z.object({
  id: z.number(),
  source: z.string(),
  ruleCode: z.string().nullable(),
  ruleName: z.string().nullable(),
  signalId: z.number().nullable(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  grade: z.string(),
  gradeLabel: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  title: z.string(),
  detail: z.string(),
  links: z.array(warningLink),
  status: z.string(),
  statusLabel: z.string(),
  tier: z.string(),
  tierLabel: z.string(),
  holderCode: z.string(),
  ackDueAt: z.string().nullable(),
  ackOverdue: z.boolean(),
  escalations: z.number(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  handledAt: z.string().nullable(),
  handledNote: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedNote: z.string().nullable(),
  version: z.number(),
  /** what the caller may do next, so buttons never guess */
  actions: z.array(z.enum(['acknowledge', 'handle', 'close'])),
});
export type WarningView = z.infer<typeof warningView>;

export const warningStatus = z.enum(['open', 'acknowledged', 'handled', 'closed']);
export const warningListQuery = pageQuery.extend({
  inbox: z.enum(['1', '0', 'true', 'false']).optional(),
  status: z.union([warningStatus, z.literal('active')]).optional(),
  grade: riskGrade.optional(),
  category: z.string().max(40).optional(),
  source: z.enum(['signal', 'rule']).optional(),
  area: areaCode.optional(),
});
export const warningActionBody = z.object({ version: z.number().int(), note: z.string().trim().max(2000).optional() });

const ruleParams = z.record(z.string(), z.union([z.number(), z.string(), z.array(z.string())]));
export const ruleView = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  grade: z.string(),
  enabled: z.boolean(),
  params: ruleParams,
  defaults: ruleParams,
});
const deadlineRule = z.object({ amount: z.number().int(), unit: z.enum(['hour', 'day', 'workday']) });
const gradePolicy = z.object({ tier: z.enum(['grid', 'village', 'town', 'county']), ack: deadlineRule });
export const warningPolicyView = z.object({
  grades: z.object({ red: gradePolicy, orange: gradePolicy, yellow: gradePolicy, blue: gradePolicy }),
  signalMinGrade: riskGrade,
});
export const rulesView = z.object({ policy: warningPolicyView, rules: z.array(ruleView) });
export const saveRulesBody = z.object({
  policy: warningPolicyView.optional(),
  rules: z.array(z.object({ code: z.string().max(40), enabled: z.boolean(), params: ruleParams })).max(20).default([]),
});
export type SaveRulesBody = z.infer<typeof saveRulesBody>;

export const trendQuery = z.object({ area: areaCode.optional(), weeks: z.coerce.number().int().min(1).max(52).default(12) });
export const trendView = z.object({
  weeks: z.array(
    z.object({
      week: z.string(),
      signals: z.object({ blue: z.number(), yellow: z.number(), orange: z.number(), red: z.number() }),
      warnings: z.number(),
      reports: z.number(),
    }),
  ),
});

export const mapQuery = z.object({ area: areaCode.optional(), week: weekString.optional() });
export const mapView = z.object({
  items: z.array(
    z.object({ areaCode: z.string(), signals: z.number(), openWarnings: z.number(), maxGrade: z.string().nullable() }),
  ),
  points: z.array(z.object({ kind: z.enum(['signal', 'warning']), id: z.number(), grade: z.string(), lng: z.number(), lat: z.number(), title: z.string() })),
});

// ---- 稳评
export const assessmentLevel = z.enum(['high', 'medium', 'low']);
export const assessmentDecision = z.enum(['implement', 'postpone', 'reject']);
const assessmentFields = {
  title: z.string().trim().min(1).max(200),
  matterType: z.enum(['decision', 'project', 'policy', 'reform', 'other']),
  owner: z.string().trim().min(1).max(100),
  assessor: z.string().trim().min(1).max(100),
  assessorType: z.enum(['internal', 'third_party']),
  risks: z.array(z.object({ description: z.string().trim().min(1).max(1000), level: assessmentLevel })).max(50),
  level: assessmentLevel.nullable(),
  measures: z.string().trim().max(5000),
  decision: assessmentDecision.nullable(),
  documents: z.array(z.object({ name: z.string().trim().min(1).max(200), url: z.string().trim().max(500).nullable().optional() })).max(50),
};
export const createAssessmentBody = z.object({
  areaCode,
  year: z.number().int().min(2000).max(2100).optional(),
  ...assessmentFields,
  risks: assessmentFields.risks.default([]),
  level: assessmentFields.level.default(null),
  measures: assessmentFields.measures.default(''),
  decision: assessmentFields.decision.default(null),
  documents: assessmentFields.documents.default([]),
});
export type CreateAssessmentBody = z.infer<typeof createAssessmentBody>;
export const updateAssessmentBody = z.object({
  version: z.number().int(),
  title: assessmentFields.title.optional(),
  matterType: assessmentFields.matterType.optional(),
  owner: assessmentFields.owner.optional(),
  assessor: assessmentFields.assessor.optional(),
  assessorType: assessmentFields.assessorType.optional(),
  risks: assessmentFields.risks.optional(),
  level: assessmentFields.level.optional(),
  measures: assessmentFields.measures.optional(),
  decision: assessmentFields.decision.optional(),
  documents: assessmentFields.documents.optional(),
});
export type UpdateAssessmentBody = z.infer<typeof updateAssessmentBody>;
export const assessmentView = z.object({
  id: z.number(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  year: z.number(),
  title: z.string(),
  matterType: z.string(),
  owner: z.string(),
  assessor: z.string(),
  assessorType: z.string(),
  risks: z.array(z.object({ description: z.string(), level: z.string() })),
  level: z.string().nullable(),
  levelLabel: z.string().nullable(),
  measures: z.string(),
  decision: z.string().nullable(),
  decisionLabel: z.string().nullable(),
  decidedAt: z.string().nullable(),
  documents: z.array(z.object({ name: z.string(), url: z.string().nullable().optional() })),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const assessmentListQuery = pageQuery.extend({ area: areaCode.optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });

export const ASSESSMENT_LEVEL_LABEL: Record<string, string> = { high: '高', medium: '中', low: '低' };
export const ASSESSMENT_DECISION_LABEL: Record<string, string> = { implement: '实施', postpone: '暂缓实施', reject: '不实施' };
export const WARNING_STATUS_LABEL: Record<string, string> = { open: '待签收', acknowledged: '已签收', handled: '已处置', closed: '已关闭' };
