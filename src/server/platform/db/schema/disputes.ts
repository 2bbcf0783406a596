/**
 * Side tables of the dispute (矛盾纠纷), petition (信访) and 12345 hotline kinds, keyed by `case_id`.
 * The case row itself (status, clock, timeline) belongs to the engine (schema/cases.ts).
 */
import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** 矛盾纠纷台账: one row per dispute case. */
export const disputeDetails = pgTable(
  'dispute_details',
  {
    caseId: integer('case_id').primaryKey(),
    areaCode: text('area_code').notNull(),
    /** dispute type (case category code, editable table) */
    typeCode: text('type_code').notNull(),
    riskLevel: text('risk_level').notNull().default('low'),
    /** 排查 | 网格上报 | 来访 | 转办 | 事件转入 */
    source: text('source').notNull(),
    peopleInvolved: integer('people_involved').notNull().default(2),
    isGroup: boolean('is_group').notNull().default(false),
    amountYuan: doublePrecision('amount_yuan'),
    /** 五步工作法 step: screening | graded | joint | leader | supervise */
    step: text('step').notNull().default('screening'),
    /** the event it was converted from (history kept on both cases) */
    fromCaseId: integer('from_case_id'),
    violenceRisk: boolean('violence_risk').notNull().default(false),
    /** success | litigation | terminated */
    outcome: text('outcome'),
    outcomeAt: ts('outcome_at'),
    outcomeOnTime: boolean('outcome_on_time'),
    resolvedLocally: boolean('resolved_locally').notNull().default(false),
    litigationCourt: text('litigation_court'),
    litigationDate: text('litigation_date'),
    terminateReason: text('terminate_reason'),
    /** judicial appraisal (司法鉴定) */
    appraisalInstitution: text('appraisal_institution'),
    /** 履行情况: full | partial | none */
    performance: text('performance'),
    accountability: jsonb('accountability').$type<{ kind: string; target: string; reason: string; at: string; by: string }[]>().notNull().default([]),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('dispute_details_area_idx').on(t.areaCode), index('dispute_details_type_idx').on(t.typeCode, t.riskLevel)],
);

/** 当事人: people or organisations; phones encrypted, shown masked. */
export const disputeParties = pgTable(
  'dispute_parties',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    /** person | org */
    partyType: text('party_type').notNull().default('person'),
    name: text('name').notNull(),
    /** applicant | respondent | third */
    role: text('role').notNull().default('applicant'),
    /** a group party (e.g. 6 households) counts its members */
    members: integer('members').notNull().default(1),
    phoneEnc: text('phone_enc'),
    idCardEnc: text('id_card_enc'),
    address: text('address'),
    note: text('note'),
  },
  (t) => [index('dispute_parties_case_idx').on(t.caseId)],
);

/** 调解记录 */
export const mediationSessions = pgTable(
  'mediation_sessions',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    heldOn: text('held_on').notNull(),
    place: text('place'),
    mediators: jsonb('mediators').$type<string[]>().notNull(),
    partiesPresent: jsonb('parties_present').$type<string[]>().notNull(),
    record: text('record').notNull(),
    /** progress | stalemate | agreed */
    result: text('result').notNull().default('progress'),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('mediation_sessions_case_idx').on(t.caseId)],
);

/** 会商研判 (3+X) meetings with their conclusions. */
export const consultMeetings = pgTable(
  'consult_meetings',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    heldOn: text('held_on').notNull(),
    topic: text('topic').notNull(),
    participants: jsonb('participants').$type<{ name: string; unit: string; kind: string }[]>().notNull(),
    conclusions: text('conclusions').notNull(),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('consult_meetings_case_idx').on(t.caseId)],
);

/** Tasks decided by a 会商研判 meeting; each is an assignment with an owner and a due date. */
export const consultTasks = pgTable(
  'consult_tasks',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    caseId: integer('case_id').notNull(),
    task: text('task').notNull(),
    ownerUnit: text('owner_unit').notNull(),
    departmentId: integer('department_id'),
    dueOn: text('due_on'),
    status: text('status').notNull().default('open'),
    doneAt: ts('done_at'),
    result: text('result'),
  },
  (t) => [index('consult_tasks_case_idx').on(t.caseId)],
);

/** 调解协议书 (人民调解法 §5b contents) with its signing and 司法确认 window. */
export const mediationAgreements = pgTable(
  'mediation_agreements',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    version: integer('version').notNull().default(1),
    committee: text('committee').notNull(),
    partiesText: text('parties_text').notNull(),
    facts: text('facts').notNull(),
    issues: text('issues').notNull(),
    responsibility: text('responsibility').notNull(),
    terms: jsonb('terms').$type<string[]>().notNull(),
    performance: text('performance').notNull(),
    mediators: jsonb('mediators').$type<string[]>().notNull(),
    copies: integer('copies').notNull().default(3),
    oral: boolean('oral').notNull().default(false),
    /** draft | signed */
    status: text('status').notNull().default('draft'),
    signedOn: text('signed_on'),
    /** the last day to apply for 司法确认 (30 days after it takes effect) */
    confirmDeadline: text('confirm_deadline'),
    confirmAppliedOn: text('confirm_applied_on'),
    confirmCourt: text('confirm_court'),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('mediation_agreements_case_idx').on(t.caseId)],
);

/** 信访事项 details and the statutory periods (信访工作条例). */
export const petitionDetails = pgTable(
  'petition_details',
  {
    caseId: integer('case_id').primaryKey(),
    areaCode: text('area_code').notNull(),
    /** suggestion | accusation | appeal */
    petitionType: text('petition_type').notNull(),
    /** visit | letter | phone | fax | online */
    channel: text('channel').notNull(),
    petitioners: jsonb('petitioners').$type<{ name: string; phoneEnc: string | null; idHash: string | null; representative: boolean }[]>().notNull(),
    groupSize: integer('group_size').notNull().default(1),
    matter: text('matter').notNull(),
    /** the department of the person complained about (检举控告): never sees the petitioner's identity */
    complainedDepartmentId: integer('complained_department_id'),
    proxied: boolean('proxied').notNull().default(false),
    registeredAt: ts('registered_at').notNull(),
    /** 15 days: forward / assign / written notice */
    intakeDueAt: ts('intake_due_at').notNull(),
    intakeDoneAt: ts('intake_done_at'),
    intakeLate: boolean('intake_late').notNull().default(false),
    /** how the 15-day step was met: accepted | assigned | forwarded | noticed | rejected */
    intakeHow: text('intake_how'),
    noticeText: text('notice_text'),
    assignedAt: ts('assigned_at'),
    objectionDueAt: ts('objection_due_at'),
    objectionLate: boolean('objection_late').notNull().default(false),
    handleDueAt: ts('handle_due_at'),
    extendedDays: integer('extended_days'),
    extensionReason: text('extension_reason'),
    handleLate: boolean('handle_late').notNull().default(false),
    /** first | review (复查) | recheck (复核) */
    stage: text('stage').notNull().default('first'),
    opinions: jsonb('opinions')
      .$type<{ stage: string; request: string; facts: string; decision: string; basis: string; at: string }[]>()
      .notNull()
      .default([]),
    repliedAt: ts('replied_at'),
    /** 终结: after 复核 the same matter is not accepted again */
    final: boolean('final').notNull().default(false),
    /** earlier petitions of the same petitioner and matter (重复信访) */
    repeatOf: integer('repeat_of'),
    backlog: boolean('backlog').notNull().default(false),
    /** 领导包案 "五个一" */
    leaderPlan: jsonb('leader_plan').$type<{ leader: string; team: string; plan: string; measures: string; followThrough: string }>(),
  },
  (t) => [index('petition_details_area_idx').on(t.areaCode)],
);

/** 接访下访 schedules of leaders. */
export const petitionSchedules = pgTable(
  'petition_schedules',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    leaderName: text('leader_name').notNull(),
    leaderId: integer('leader_id'),
    /** receive (接访) | visit (下访) */
    kind: text('kind').notNull(),
    day: text('day').notNull(),
    place: text('place').notNull(),
    note: text('note'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('petition_schedules_area_idx').on(t.areaCode, t.day)],
);

/** 12345 工单 details. */
export const hotlineOrders = pgTable(
  'hotline_orders',
  {
    caseId: integer('case_id').primaryKey(),
    areaCode: text('area_code').notNull(),
    /** the 12345 platform's order number */
    externalNo: text('external_no').notNull(),
    /** consult | help | suggest | complain | report */
    orderType: text('order_type').notNull(),
    emergency: boolean('emergency').notNull().default(false),
    /** api | import */
    via: text('via').notNull(),
    callerName: text('caller_name'),
    callerPhoneEnc: text('caller_phone_enc'),
    receivedAt: ts('received_at').notNull(),
    /** 首接负责: the centre that received it first stays answerable */
    firstArea: text('first_area').notNull(),
    reply: text('reply'),
    visitResult: text('visit_result'),
    satisfied: text('satisfied'),
  },
  (t) => [uniqueIndex('hotline_orders_external_idx').on(t.externalNo), index('hotline_orders_area_idx').on(t.areaCode)],
);

/** Messages pushed back to the 12345 platform, delivered by the sweep with retries. */
export const hotlineOutbox = pgTable(
  'hotline_outbox',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    areaCode: text('area_code').notNull(),
    externalNo: text('external_no').notNull(),
    /** reply (办结) | visit (回访) */
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending | sent | failed */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('hotline_outbox_due_idx').on(t.state, t.nextAttemptAt), index('hotline_outbox_case_idx').on(t.caseId)],
);

/** Settings of the 12345 link: webhook URL and the deadline per order type (working days; emergencies same day). */
export const hotlineSettings = pgTable('hotline_settings', {
  id: integer('id').primaryKey(),
  webhookUrl: text('webhook_url'),
  deadlines: jsonb('deadlines').$type<Record<string, number>>().notNull(),
  updatedAt: ts('updated_at').notNull(),
});
