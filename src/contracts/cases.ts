/** Case API shapes (DESIGN §4, §12), shared by the server and the web app. */
import { z } from 'zod';

export const DESKS = [
  'intake',
  'dispatch',
  'in_progress',
  'verify',
  'overdue',
  'dept_pending',
  'dept_doing',
  'dept_returned',
  'leader_owned',
  'leader_supervised',
  'mine',
] as const;
export type Desk = (typeof DESKS)[number];

export const gradeSchema = z.enum(['routine', 'key', 'hard']);
export const deadlineFilter = z.enum(['red', 'yellow']);
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const createCaseBody = z.object({
  kind: z.string().min(1).max(32),
  title: z.string().trim().min(1).max(100),
  description: z.string().trim().max(5000).default(''),
  categoryCode: z.string().min(1).max(40),
  grade: gradeSchema.optional(),
  lng: lng.optional(),
  lat: lat.optional(),
  address: z.string().trim().max(200).optional(),
  areaCode: z.string().regex(/^\d{6,18}$/).optional(),
  people: z.array(z.object({ name: z.string().trim().min(1).max(50), role: z.string().trim().max(50).optional() })).max(50).default([]),
  source: z.enum(['grid', 'resident', 'patrol', 'video', 'intake', 'hotline', 'visit']).optional(),
  urgent: z.boolean().default(false),
  reporterName: z.string().trim().max(50).optional(),
  reporterPhone: z.string().regex(/^1\d{10}$/).optional(),
});
export type CreateCaseBody = z.infer<typeof createCaseBody>;

export const duplicateView = z.object({
  id: z.number(),
  number: z.string(),
  title: z.string(),
  status: z.string(),
  createdAt: z.string(),
  distanceM: z.number().nullable(),
  similarity: z.number(),
});

export const deadlineView = z.object({
  step: z.string(),
  stepLabel: z.string(),
  startedAt: z.string().nullable(),
  warnAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  state: z.enum(['normal', 'due_soon', 'overdue']).nullable(),
  stateLabel: z.string().nullable(),
  paused: z.boolean(),
});

export const dispatchView = z.object({
  id: z.number(),
  departmentId: z.number(),
  departmentName: z.string(),
  role: z.enum(['lead', 'co', 'notify']),
  roleLabel: z.string(),
  status: z.string(),
  round: z.number(),
  dispatchedAt: z.string(),
  ackDueAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  returnJudgement: z.string().nullable(),
  handledAt: z.string().nullable(),
  feedback: z.string().nullable(),
});

export const attachmentView = z.object({
  id: z.number(),
  filename: z.string(),
  mime: z.string(),
  size: z.number(),
  sha256: z.string(),
  takenAt: z.string().nullable(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  createdAt: z.string(),
});

export const requestView = z.object({
  id: z.number(),
  kind: z.enum(['extension', 'pause', 'reopen']),
  status: z.string(),
  days: z.number().nullable(),
  reason: z.string().nullable(),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});

export const supervisionView = z.object({
  id: z.number(),
  kind: z.string(),
  byUserId: z.number().nullable(),
  targetArea: z.string(),
  note: z.string(),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

export const caseListItem = z.object({
  id: z.number(),
  number: z.string(),
  kind: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  version: z.number(),
  areaCode: z.string(),
  tier: z.string(),
  grade: z.string(),
  gradeLabel: z.string(),
  categoryCode: z.string().nullable(),
  title: z.string(),
  urgent: z.boolean(),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
  deadlineState: z.enum(['normal', 'due_soon', 'overdue']).nullable(),
  ownerLeaderId: z.number().nullable(),
});
export type CaseListItem = z.infer<typeof caseListItem>;

export const caseView = caseListItem.extend({
  kindLabel: z.string(),
  description: z.string(),
  categoryName: z.string().nullable(),
  tierLabel: z.string(),
  resolvedTier: z.string().nullable(),
  resolvedLocally: z.boolean(),
  lng: z.number().nullable(),
  lat: z.number().nullable(),
  address: z.string().nullable(),
  people: z.array(z.object({ name: z.string(), role: z.string().optional() })),
  source: z.string(),
  reporterId: z.number().nullable(),
  reporterName: z.string().nullable(),
  /** masked: 138****5678 */
  reporterPhone: z.string().nullable(),
  mergedInto: z.object({ id: z.number(), number: z.string() }).nullable(),
  deadline: deadlineView.nullable(),
  overdueCount: z.number(),
  reworkCount: z.number(),
  reopenCount: z.number(),
  rating: z.string().nullable(),
  ratingComment: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  handledAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  nextActions: z.array(z.object({ action: z.string(), label: z.string() })),
  dispatches: z.array(dispatchView),
  attachments: z.array(attachmentView),
  requests: z.array(requestView),
  supervisions: z.array(supervisionView),
});
export type CaseView = z.infer<typeof caseView>;

export const timelineItem = z.object({
  id: z.number(),
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  text: z.string(),
});

export const listCasesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  kind: z.string().max(32).optional(),
  status: z.string().max(200).optional(),
  area: z.string().regex(/^\d{2,18}$/).optional(),
  level: gradeSchema.optional(),
  category: z.string().max(40).optional(),
  deadline: deadlineFilter.optional(),
  desk: z.enum(DESKS).optional(),
  q: z.string().max(64).optional(),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const attachmentBody = z.object({
  filename: z.string().trim().min(1).max(200),
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  dataBase64: z.string().min(1),
  takenAt: z.iso.datetime({ offset: true }).optional(),
  lng: lng.optional(),
  lat: lat.optional(),
});

export const ruleItem = z.object({
  kind: z.string(),
  grade: gradeSchema,
  step: z.enum(['accept', 'acknowledge', 'handle', 'verify', 'supervise']),
  amount: z.number().int().min(1).max(1000),
  unit: z.enum(['workday', 'day', 'hour']),
});

export const categoryItem = z.object({
  code: z.string(),
  kind: z.string(),
  name: z.string(),
  sortOrder: z.number(),
  active: z.boolean(),
  version: z.number(),
});
