import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** 事件分类 code table (per kind), editable by administrators. */
export const caseCategories = pgTable(
  'case_categories',
  {
    code: text('code').primaryKey(),
    kind: text('kind').notNull().default('event'),
    name: text('name').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('case_categories_kind_idx').on(t.kind, t.sortOrder)],
);

/** Time-limit overrides per kind, grade and step; absent rows fall back to the defaults in the domain. */
export const caseRules = pgTable(
  'case_rules',
  {
    kind: text('kind').notNull(),
    grade: text('grade').notNull(),
    step: text('step').notNull(),
    amount: integer('amount').notNull(),
    unit: text('unit').notNull(),
    updatedBy: integer('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.grade, t.step] })],
);

/** Every work item: one row per case, whatever its kind; `status` is written only by the engine. */
export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    number: text('number').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    version: integer('version').notNull().default(1),
    areaCode: text('area_code').notNull(),
    /** the tier holding it now: grid | village | town | county */
    tier: text('tier').notNull(),
    /** the tier where it was resolved (就地化解率: grid/village) */
    resolvedTier: text('resolved_tier'),
    resolvedLocally: boolean('resolved_locally').notNull().default(false),
    grade: text('grade').notNull().default('routine'),
    categoryCode: text('category_code'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** segmented words for duplicate detection */
    tokens: text('tokens').notNull().default(''),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    address: text('address'),
    people: jsonb('people').$type<{ name: string; role?: string }[]>().notNull().default([]),
    source: text('source').notNull().default('grid'),
    urgent: boolean('urgent').notNull().default(false),
    reporterId: integer('reporter_id'),
    reporterName: text('reporter_name'),
    reporterPhoneEnc: text('reporter_phone_enc'),
    reporterPhoneHash: text('reporter_phone_hash'),
    ownerLeaderId: integer('owner_leader_id'),
    mergedIntoId: integer('merged_into_id'),
    /** the running clock: step, when it started, when it turns yellow, when it is due */
    dueStep: text('due_step'),
    dueStartedAt: ts('due_started_at'),
    warnAt: ts('warn_at'),
    dueAt: ts('due_at'),
    /** a paused clock's remaining time {unit, amount} */
    pausedRemaining: jsonb('paused_remaining').$type<{ unit: string; amount: number; step: string }>(),
    overdueAt: ts('overdue_at'),
    /** the overdue step that has already raised its 督办, so a sweep raises it once */
    supervisedStep: text('supervised_step'),
    overdueCount: integer('overdue_count').notNull().default(0),
    reworkCount: integer('rework_count').notNull().default(0),
    reopenCount: integer('reopen_count').notNull().default(0),
    rating: text('rating'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
    acceptedAt: ts('accepted_at'),
    handledAt: ts('handled_at'),
    closedAt: ts('closed_at'),
    closedOnTime: boolean('closed_on_time'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_number_idx').on(t.number),
    /** area prefix ranges, and "this area since then" (the duplicate search: grids near a report, last 7 days) */
    index('cases_area_created_idx').on(t.areaCode, t.createdAt),
    index('cases_kind_status_idx').on(t.kind, t.status, t.areaCode),
    index('cases_reporter_idx').on(t.reporterId),
    index('cases_due_idx').on(t.dueAt),
    index('cases_created_idx').on(t.createdAt),
    /** the rollup sweep's "changed since the watermark" scan (a sequential scan of every case each minute without it) */
    index('cases_updated_idx').on(t.updatedAt),
    index('cases_phone_idx').on(t.reporterPhoneHash),
    /** desk counts and lists by status without a kind (cases_kind_status_idx leads with kind) */
    index('cases_status_area_idx').on(t.status, t.areaCode),
    /** "cases merged into one I reported" in every visibility check: few rows, where a clerk has reported thousands */
    index('cases_merged_reporter_idx').on(t.reporterId).where(sql`${t.mergedIntoId} IS NOT NULL`),
  ],
);

/** Gapless daily sequence per kind prefix and town: updated inside the creating transaction. */
export const caseCounters = pgTable(
  'case_counters',
  {
    prefix: text('prefix').notNull(),
    area: text('area').notNull(),
    day: text('day').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.area, t.day] })],
);

/** What happened, in order: every engine action writes one entry. */
export const caseTimeline = pgTable(
  'case_timeline',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    at: ts('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    text: text('text').notNull(),
    /** plain words the reporter sees; null hides the entry from the reporter */
    publicText: text('public_text'),
  },
  (t) => [index('case_timeline_case_idx').on(t.caseId, t.at)],
);

/** 吹哨报到: one row per department a case was whistled to, with its role and its own clock. */
export const caseDispatches = pgTable(
  'case_dispatches',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    departmentId: integer('department_id').notNull(),
    role: text('role').notNull(),
    status: text('status').notNull().default('active'),
    round: integer('round').notNull().default(1),
    dispatchedAt: ts('dispatched_at').notNull(),
    ackDueAt: ts('ack_due_at'),
    acknowledgedAt: ts('acknowledged_at'),
    returnedAt: ts('returned_at'),
    returnReason: text('return_reason'),
    returnJudgement: text('return_judgement'),
    returnJudgedAt: ts('return_judged_at'),
    handledAt: ts('handled_at'),
    feedback: text('feedback'),
  },
  (t) => [index('case_dispatches_case_idx').on(t.caseId), index('case_dispatches_dept_idx').on(t.departmentId, t.status)],
);

/** Requests a decision-maker must answer: 延期, 挂起, and reopening after an unhappy rating. */
export const caseRequests = pgTable(
  'case_requests',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('pending'),
    days: integer('days'),
    reason: text('reason'),
    requestedBy: integer('requested_by'),
    requestedAt: ts('requested_at').notNull(),
    decidedBy: integer('decided_by'),
    decidedAt: ts('decided_at'),
    decisionReason: text('decision_reason'),
  },
  (t) => [index('case_requests_case_idx').on(t.caseId, t.status)],
);

/** 督办 and 催办 records, each with its own reply deadline; resolved when the case closes. */
export const caseSupervisions = pgTable(
  'case_supervisions',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    kind: text('kind').notNull().default('supervise'),
    byUserId: integer('by_user_id'),
    /** the area whose people are asked to act (the level above the case's tier) */
    targetArea: text('target_area').notNull(),
    targetTier: text('target_tier'),
    step: text('step'),
    note: text('note').notNull(),
    dueAt: ts('due_at'),
    createdAt: ts('created_at').notNull(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('case_supervisions_case_idx').on(t.caseId), index('case_supervisions_target_idx').on(t.targetArea, t.resolvedAt)],
);

/** Photos and files: the bytes live under <dataDir>/uploads/<sha256>, so evidence can't be swapped. */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    takenAt: ts('taken_at'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    uploadedBy: integer('uploaded_by'),
    createdAt: ts('created_at').notNull().default(sql`now()`),
  },
  (t) => [index('case_attachments_case_idx').on(t.caseId)],
);
