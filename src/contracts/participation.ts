/** Request and response shapes of participation (DESIGN §9), shared by the server and the console. */
import { z } from 'zod';

const areaCode = z.string().regex(/^\d{6,15}$/, '区域编码格式不正确');
const villageCode = z.string().regex(/^\d{12}$/, '请选择村(社区)');
const text = (max: number) => z.string().trim().min(1).max(max);
export const attachment = z.object({ name: text(200), url: z.string().max(1000), sha256: z.string().max(64).optional() });

// ---------------------------------------------------------------- 议事协商
export const TOPIC_SOURCES = ['resident_says', 'heart_talk', 'cadre'] as const;
export const TOPIC_SOURCE_LABEL: Record<(typeof TOPIC_SOURCES)[number], string> = {
  resident_says: '村民说事',
  heart_talk: '民情恳谈',
  cadre: '干部提出',
};
export const TOPIC_STATUS_LABEL: Record<string, string> = { open: '征集中', scheduled: '已上会', decided: '已形成决定', closed: '已办结' };

export const topicInput = z.object({
  areaCode: areaCode.optional(),
  title: text(100),
  content: text(4000),
  source: z.enum(TOPIC_SOURCES).default('resident_says'),
});
export const topicView = z.object({
  id: z.number(),
  areaCode: z.string(),
  title: z.string(),
  content: z.string(),
  source: z.string(),
  raisedByName: z.string(),
  status: z.string(),
  supportCount: z.number(),
  commentCount: z.number(),
  createdAt: z.string(),
});
export const commentView = z.object({ id: z.number(), authorName: z.string(), body: z.string(), createdAt: z.string() });
export const topicDetail = topicView.extend({ supportedByMe: z.boolean(), comments: z.array(commentView), version: z.number() });

export const MEETING_KINDS = ['议事会', '村民代表会议', '村民会议', '两委会议', '党员大会', '三级协商'] as const;
export const meetingInput = z.object({
  areaCode,
  kind: z.enum(MEETING_KINDS),
  title: text(100),
  agenda: z.array(text(200)).max(30).default([]),
  topicIds: z.array(z.number().int().positive()).max(30).default([]),
  scheduledAt: z.iso.datetime({ offset: true }),
  location: z.string().max(200).optional(),
  expected: z.number().int().min(0).max(100000).default(0),
});
export const meetingView = z.object({
  id: z.number(),
  areaCode: z.string(),
  kind: z.string(),
  level: z.string(),
  title: z.string(),
  agenda: z.array(z.string()),
  topicIds: z.array(z.number()),
  scheduledAt: z.string(),
  location: z.string().nullable(),
  expected: z.number(),
  attended: z.number(),
  status: z.string(),
  version: z.number(),
});
export const taskView = z.object({
  id: z.number(),
  decisionId: z.number(),
  areaCode: z.string(),
  title: z.string(),
  assigneeName: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.string(),
  result: z.string().nullable(),
  version: z.number(),
});
export const meetingDetail = meetingView.extend({
  minutes: z.string().nullable(),
  photos: z.array(attachment),
  heldAt: z.string().nullable(),
  attendance: z.array(z.object({ name: z.string(), signedAt: z.string() })),
  decisions: z.array(z.object({ id: z.number(), content: z.string(), voteId: z.number().nullable(), tasks: z.array(taskView) })),
});
export const signInInput = z.object({
  attendees: z
    .array(z.object({ name: text(50), personId: z.number().int().positive().optional(), userId: z.number().int().positive().optional() }))
    .min(1)
    .max(2000),
});
export const minutesInput = z.object({ version: z.number().int(), minutes: text(20000), photos: z.array(attachment).max(30).default([]) });
export const decisionInput = z.object({
  content: text(4000),
  voteId: z.number().int().positive().optional(),
  tasks: z
    .array(
      z.object({
        title: text(200),
        assigneeUserId: z.number().int().positive().optional(),
        assigneeName: z.string().max(50).optional(),
        dueDate: z.iso.datetime({ offset: true }).optional(),
      }),
    )
    .max(30)
    .default([]),
});

// ---------------------------------------------------------------- 表决
export const ELECTORATES = ['villagers', 'households', 'representatives', 'party_members'] as const;
export const voteInput = z.object({
  areaCode: villageCode,
  title: text(100),
  question: text(2000),
  electorate: z.enum(ELECTORATES),
  /** an explicit roll; without it the roll is drawn from 实有人口 (villagers 18+, household heads, 党员) */
  roll: z
    .array(
      z.object({
        name: text(50),
        personId: z.number().int().positive().optional(),
        householdId: z.number().int().positive().optional(),
        userId: z.number().int().positive().optional(),
      }),
    )
    .max(20000)
    .optional(),
  meetingId: z.number().int().positive().optional(),
});
export const quorumView = z.object({ met: z.boolean(), rule: z.string(), required: z.number() });
export const voteView = z.object({
  id: z.number(),
  areaCode: z.string(),
  title: z.string(),
  question: z.string(),
  electorate: z.string(),
  electorateLabel: z.string(),
  rollSource: z.string(),
  meetingId: z.number().nullable(),
  procedureId: z.number().nullable(),
  status: z.string(),
  outcome: z.string().nullable(),
  eligible: z.number(),
  households: z.number(),
  present: z.number(),
  householdsPresent: z.number(),
  turnoutPercent: z.number(),
  yes: z.number(),
  no: z.number(),
  abstain: z.number(),
  pendingPaper: z.number(),
  quorum: quorumView,
  closedAt: z.string().nullable(),
  version: z.number(),
  /** the caller's own place on the roll, when they are on it */
  me: z.object({ electorId: z.number(), voted: z.boolean() }).nullable(),
});
export const electorView = z.object({
  id: z.number(),
  name: z.string(),
  personId: z.number().nullable(),
  householdId: z.number().nullable(),
  present: z.boolean(),
  ballot: z.object({ id: z.number(), channel: z.string(), status: z.string() }).nullable(),
});
export const attendanceInput = z.object({ electorIds: z.array(z.number().int().positive()).min(1).max(20000), present: z.boolean().default(true) });
export const CHOICES = ['yes', 'no', 'abstain'] as const;
export const CHOICE_LABEL: Record<(typeof CHOICES)[number], string> = { yes: '同意', no: '不同意', abstain: '弃权' };

// ---------------------------------------------------------------- 四议两公开
export const FOUR_STEP_KEYS = ['propose', 'consult', 'review', 'resolve', 'publish_resolution', 'publish_result'] as const;
export const procedureInput = z.object({ areaCode: villageCode, title: text(100), matter: text(4000) });
export const stepInput = z.object({
  version: z.number().int(),
  step: z.enum(FOUR_STEP_KEYS),
  summary: text(8000),
  meetingId: z.number().int().positive().optional(),
  voteId: z.number().int().positive().optional(),
  expected: z.number().int().min(0).optional(),
  attended: z.number().int().min(0).optional(),
  /** meeting steps without a vote: did the meeting agree */
  passed: z.boolean().optional(),
  documents: z.array(attachment).max(30).default([]),
  /** publications: days on the board (default 30) */
  publishDays: z.number().int().min(1).max(365).optional(),
});
export const stepRecordView = z.object({
  seq: z.number(),
  step: z.string(),
  label: z.string(),
  meetingId: z.number().nullable(),
  voteId: z.number().nullable(),
  expected: z.number().nullable(),
  attended: z.number().nullable(),
  result: z.string(),
  summary: z.string(),
  documents: z.array(attachment),
  disclosurePostId: z.number().nullable(),
  recordedByName: z.string(),
  recordedAt: z.string(),
});
export const procedureView = z.object({
  id: z.number(),
  areaCode: z.string(),
  title: z.string(),
  matter: z.string(),
  status: z.string(),
  stepsDone: z.number(),
  nextStep: z.string().nullable(),
  nextStepLabel: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
});
export const procedureDetail = procedureView.extend({ records: z.array(stepRecordView) });

// ---------------------------------------------------------------- 三公开
export const CATEGORIES = ['party', 'village', 'finance'] as const;
export const postInput = z.object({
  areaCode: villageCode,
  category: z.enum(CATEGORIES),
  title: text(100),
  body: text(20000),
  period: z.string().max(50).optional(),
  attachments: z.array(attachment).max(30).default([]),
  publishFrom: z.iso.datetime({ offset: true }).optional(),
  publishUntil: z.iso.datetime({ offset: true }).optional(),
});
export const postView = z.object({
  id: z.number(),
  areaCode: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  title: z.string(),
  period: z.string().nullable(),
  publishFrom: z.string(),
  publishUntil: z.string().nullable(),
  status: z.string(),
  onBoard: z.boolean(),
  source: z.string(),
  procedureId: z.number().nullable(),
  commentCount: z.number(),
  version: z.number(),
});
export const postCommentView = z.object({
  id: z.number(),
  authorName: z.string(),
  kind: z.string(),
  body: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
});
export const postDetail = postView.extend({ body: z.string(), attachments: z.array(attachment), comments: z.array(postCommentView) });
export const overdueView = z.object({
  areaCode: z.string(),
  name: z.string(),
  categories: z.array(
    z.object({ category: z.string(), label: z.string(), lastPublishedAt: z.string().nullable(), dueAt: z.string(), overdue: z.boolean() }),
  ),
  overdue: z.boolean(),
});

// ---------------------------------------------------------------- 双报到
export const registrationInput = z.object({
  areaCode: villageCode,
  kind: z.enum(['unit', 'party_member']),
  /** units: the unit's name; party members register themselves and may leave it out */
  name: z.string().trim().max(100).optional(),
  unitName: z.string().trim().max(100).optional(),
  offers: z.array(text(100)).min(1).max(30),
});
export const registrationView = z.object({
  id: z.number(),
  areaCode: z.string(),
  kind: z.string(),
  name: z.string(),
  unitName: z.string().nullable(),
  userId: z.number().nullable(),
  offers: z.array(z.string()),
  status: z.string(),
  hours: z.number(),
  createdAt: z.string(),
});
export const hoursInput = z.object({
  registrationId: z.number().int().positive(),
  activity: text(200),
  hours: z.number().positive().max(24),
  servedOn: z.iso.datetime({ offset: true }),
});
export const errandInput = z.object({
  areaCode: z.string().regex(/^\d{12,15}$/).optional(),
  residentName: text(50),
  matter: text(500),
  doneOn: z.iso.datetime({ offset: true }).optional(),
});
export const commendationInput = z.object({
  areaCode: z.string().regex(/^\d{12,15}$/),
  kind: z.enum(['平安之星', '诚信户', '最美家庭']),
  name: text(100),
  personId: z.number().int().positive().optional(),
  householdId: z.number().int().positive().optional(),
  year: z.number().int().min(2000).max(2100),
  reason: text(1000),
});

// ---------------------------------------------------------------- 政策法规
export const KNOWLEDGE_KINDS = ['law', 'policy', 'village_rules'] as const;
export const KNOWLEDGE_KIND_LABEL: Record<(typeof KNOWLEDGE_KINDS)[number], string> = {
  law: '法律法规',
  policy: '政策文件',
  village_rules: '村规民约',
};
export const knowledgeInput = z.object({
  /** null: applies everywhere (administrators only) */
  areaCode: areaCode.nullable().default(null),
  kind: z.enum(KNOWLEDGE_KINDS),
  title: text(200),
  summary: text(2000),
  body: text(100000),
  source: z.string().max(200).optional(),
  effectiveDate: z.string().max(20).optional(),
  status: z.enum(['published', 'draft']).default('published'),
});
export const knowledgePatch = z.object({
  version: z.number().int(),
  areaCode: areaCode.nullable().optional(),
  kind: z.enum(KNOWLEDGE_KINDS).optional(),
  title: text(200).optional(),
  summary: text(2000).optional(),
  body: text(100000).optional(),
  source: z.string().max(200).optional(),
  effectiveDate: z.string().max(20).optional(),
  status: z.enum(['published', 'draft']).optional(),
});
export const knowledgeView = z.object({
  id: z.number(),
  areaCode: z.string().nullable(),
  kind: z.string(),
  kindLabel: z.string(),
  title: z.string(),
  summary: z.string(),
  source: z.string().nullable(),
  effectiveDate: z.string().nullable(),
  status: z.string(),
  score: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export const knowledgeDetail = knowledgeView.extend({ body: z.string() });
