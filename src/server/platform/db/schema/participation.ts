/**
 * Participation (DESIGN §9): 议事协商, votes, 四议两公开, 三公开, 双报到 and 政策法规.
 * Every row carries the area code of the village (or grid/town) it belongs to; scope checks use it.
 */
import { boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

export type Attachment = { name: string; url: string; sha256?: string };

/** 议题: raised by a resident (村民说事/民情恳谈) or a cadre; supported and commented on. */
export const deliberationTopics = pgTable(
  'deliberation_topics',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    /** resident_says (村民说事) / heart_talk (民情恳谈) / cadre (干部提出) */
    source: text('source').notNull(),
    raisedBy: integer('raised_by').notNull(),
    raisedByName: text('raised_by_name').notNull(),
    /** open / scheduled / decided / closed */
    status: text('status').notNull().default('open'),
    supportCount: integer('support_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('deliberation_topics_area_idx').on(t.areaCode, t.createdAt)],
);

export const topicSupports = pgTable(
  'topic_supports',
  {
    id: serial('id').primaryKey(),
    topicId: integer('topic_id').notNull(),
    userId: integer('user_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('topic_supports_topic_user_idx').on(t.topicId, t.userId)],
);

export const topicComments = pgTable(
  'topic_comments',
  {
    id: serial('id').primaryKey(),
    topicId: integer('topic_id').notNull(),
    userId: integer('user_id').notNull(),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('topic_comments_topic_idx').on(t.topicId, t.createdAt)],
);

/** 议事会 / 村民代表会议 / 村民会议 / 两委会议 / 党员大会 / 三级协商 (county, village or grid level). */
export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    kind: text('kind').notNull(),
    /** 三级协商 level: county / village / grid, from the area's level */
    level: text('level').notNull(),
    title: text('title').notNull(),
    agenda: jsonb('agenda').$type<string[]>().notNull().default([]),
    topicIds: jsonb('topic_ids').$type<number[]>().notNull().default([]),
    scheduledAt: ts('scheduled_at').notNull(),
    location: text('location'),
    /** members expected (应到人数) */
    expected: integer('expected').notNull().default(0),
    /** planned / held */
    status: text('status').notNull().default('planned'),
    minutes: text('minutes'),
    photos: jsonb('photos').$type<Attachment[]>().notNull().default([]),
    heldAt: ts('held_at'),
    procedureId: integer('procedure_id'),
    createdBy: integer('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('meetings_area_idx').on(t.areaCode, t.scheduledAt)],
);

/** Sign-in (签到) of one attendee; attendance is counted from these rows. */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    name: text('name').notNull(),
    personId: integer('person_id'),
    userId: integer('user_id'),
    signedAt: ts('signed_at').notNull(),
  },
  (t) => [uniqueIndex('meeting_attendance_name_idx').on(t.meetingId, t.name)],
);

/** A decision taken at a meeting; follow-up tasks hang off it. */
export const meetingDecisions = pgTable(
  'meeting_decisions',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    areaCode: text('area_code').notNull(),
    content: text('content').notNull(),
    voteId: integer('vote_id'),
    createdBy: integer('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('meeting_decisions_meeting_idx').on(t.meetingId)],
);

export const followUpTasks = pgTable(
  'follow_up_tasks',
  {
    id: serial('id').primaryKey(),
    decisionId: integer('decision_id').notNull(),
    areaCode: text('area_code').notNull(),
    title: text('title').notNull(),
    assigneeUserId: integer('assignee_user_id'),
    assigneeName: text('assignee_name'),
    dueDate: ts('due_date'),
    /** open / done */
    status: text('status').notNull().default('open'),
    result: text('result'),
    doneAt: ts('done_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('follow_up_tasks_area_idx').on(t.areaCode, t.status)],
);

/** A vote of one electorate on one question; the roll is a snapshot taken when the vote is opened. */
export const votes = pgTable(
  'votes',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    title: text('title').notNull(),
    question: text('question').notNull(),
    /** villagers / households / representatives / party_members */
    electorate: text('electorate').notNull(),
    /** people (from 实有人口) / list (an explicit roll) */
    rollSource: text('roll_source').notNull(),
    meetingId: integer('meeting_id'),
    procedureId: integer('procedure_id'),
    eligible: integer('eligible').notNull().default(0),
    households: integer('households').notNull().default(0),
    /** open / closed */
    status: text('status').notNull().default('open'),
    /** passed / failed, once closed */
    outcome: text('outcome'),
    present: integer('present').notNull().default(0),
    householdsPresent: integer('households_present').notNull().default(0),
    yes: integer('yes').notNull().default(0),
    no: integer('no').notNull().default(0),
    abstain: integer('abstain').notNull().default(0),
    closedAt: ts('closed_at'),
    createdBy: integer('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('votes_area_idx').on(t.areaCode, t.createdAt)],
);

/** One eligible person on a vote's roll. */
export const voteElectors = pgTable(
  'vote_electors',
  {
    id: serial('id').primaryKey(),
    voteId: integer('vote_id').notNull(),
    name: text('name').notNull(),
    personId: integer('person_id'),
    householdId: integer('household_id'),
    /** the elector's own account, for voting online */
    userId: integer('user_id'),
    present: boolean('present').notNull().default(false),
  },
  (t) => [index('vote_electors_vote_idx').on(t.voteId), index('vote_electors_user_idx').on(t.userId)],
);

/** One ballot per elector (the unique index is the rule). Paper ballots count once a second person confirms. */
export const ballots = pgTable(
  'ballots',
  {
    id: serial('id').primaryKey(),
    voteId: integer('vote_id').notNull(),
    electorId: integer('elector_id').notNull(),
    /** yes / no / abstain */
    choice: text('choice').notNull(),
    /** online / paper */
    channel: text('channel').notNull(),
    enteredBy: integer('entered_by').notNull(),
    confirmedBy: integer('confirmed_by'),
    /** pending (paper, awaiting the second teller) / counted */
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    confirmedAt: ts('confirmed_at'),
  },
  (t) => [uniqueIndex('ballots_vote_elector_idx').on(t.voteId, t.electorId)],
);

/** 四议两公开 procedure for one major village matter. */
export const fourStepProcedures = pgTable(
  'four_step_procedures',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    title: text('title').notNull(),
    matter: text('matter').notNull(),
    /** in_progress / completed / failed */
    status: text('status').notNull().default('in_progress'),
    stepsDone: integer('steps_done').notNull().default(0),
    createdBy: integer('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('four_step_procedures_area_idx').on(t.areaCode, t.status)],
);

export const fourStepRecords = pgTable(
  'four_step_records',
  {
    id: serial('id').primaryKey(),
    procedureId: integer('procedure_id').notNull(),
    seq: integer('seq').notNull(),
    step: text('step').notNull(),
    meetingId: integer('meeting_id'),
    voteId: integer('vote_id'),
    expected: integer('expected'),
    attended: integer('attended'),
    /** passed / failed / published */
    result: text('result').notNull(),
    summary: text('summary').notNull(),
    documents: jsonb('documents').$type<Attachment[]>().notNull().default([]),
    disclosurePostId: integer('disclosure_post_id'),
    recordedBy: integer('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    recordedAt: ts('recorded_at').notNull(),
  },
  (t) => [uniqueIndex('four_step_records_seq_idx').on(t.procedureId, t.seq)],
);

/** 三公开 post (党务/村务/财务) of a village, with its publication period. */
export const disclosurePosts = pgTable(
  'disclosure_posts',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    /** party / village / finance */
    category: text('category').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** the period the post reports on, e.g. 2025年第二季度 / 2025年6月 */
    period: text('period'),
    attachments: jsonb('attachments').$type<Attachment[]>().notNull().default([]),
    publishFrom: ts('publish_from').notNull(),
    publishUntil: ts('publish_until'),
    /** published / withdrawn */
    status: text('status').notNull().default('published'),
    /** manual / four_step */
    source: text('source').notNull().default('manual'),
    procedureId: integer('procedure_id'),
    commentCount: integer('comment_count').notNull().default(0),
    createdBy: integer('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('disclosure_posts_area_idx').on(t.areaCode, t.category, t.publishFrom)],
);

/** 基层监督: a resident's comment or question on a post, and the village's answer. */
export const disclosureComments = pgTable(
  'disclosure_comments',
  {
    id: serial('id').primaryKey(),
    postId: integer('post_id').notNull(),
    areaCode: text('area_code').notNull(),
    userId: integer('user_id').notNull(),
    authorName: text('author_name').notNull(),
    /** comment / question */
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    answer: text('answer'),
    answeredBy: integer('answered_by'),
    answeredAt: ts('answered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('disclosure_comments_post_idx').on(t.postId, t.createdAt), index('disclosure_comments_area_idx').on(t.areaCode)],
);

/** 双报到: a unit or an in-service party member registered to a community, with its 资源清单. */
export const volunteerRegistrations = pgTable(
  'volunteer_registrations',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    /** unit / party_member */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** the unit the party member works in, or the unit itself */
    unitName: text('unit_name'),
    userId: integer('user_id'),
    offers: jsonb('offers').$type<string[]>().notNull().default([]),
    /** active / withdrawn */
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('volunteer_registrations_area_idx').on(t.areaCode), index('volunteer_registrations_user_idx').on(t.userId)],
);

/** Volunteer hours of one person on one activity. */
export const volunteerHours = pgTable(
  'volunteer_hours',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    registrationId: integer('registration_id'),
    userId: integer('user_id'),
    personName: text('person_name').notNull(),
    activity: text('activity').notNull(),
    hours: doublePrecision('hours').notNull(),
    servedOn: ts('served_on').notNull(),
    recordedBy: integer('recorded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('volunteer_hours_area_idx').on(t.areaCode, t.servedOn)],
);

/** 帮办代办 done by a grid worker for a resident; counted per worker. */
export const errands = pgTable(
  'errands',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    workerUserId: integer('worker_user_id').notNull(),
    workerName: text('worker_name').notNull(),
    /** fictitious or real name of the resident helped; never logged */
    residentName: text('resident_name').notNull(),
    matter: text('matter').notNull(),
    doneOn: ts('done_on').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('errands_area_idx').on(t.areaCode, t.doneOn), index('errands_worker_idx').on(t.workerUserId)],
);

/** 平安之星 / 诚信户 / 最美家庭. */
export const commendations = pgTable(
  'commendations',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    personId: integer('person_id'),
    householdId: integer('household_id'),
    year: integer('year').notNull(),
    reason: text('reason').notNull(),
    recordedBy: integer('recorded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('commendations_area_idx').on(t.areaCode, t.year)],
);

/** 政策法规 and 村规民约. `areaCode` null: applies everywhere (national laws and policies). */
export const knowledgeDocs = pgTable(
  'knowledge_docs',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code'),
    /** law / policy / village_rules */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    body: text('body').notNull(),
    source: text('source'),
    effectiveDate: text('effective_date'),
    /** published / draft */
    status: text('status').notNull().default('published'),
    createdBy: integer('created_by').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('knowledge_docs_area_idx').on(t.areaCode, t.kind)],
);

/**
 * The search index: the words jieba cuts from a document, with a weight (title words count more).
 * A plain table works the same on PGlite and PostgreSQL; relevance is the sum of matched weights.
 */
export const knowledgeTerms = pgTable(
  'knowledge_terms',
  {
    docId: integer('doc_id').notNull(),
    term: text('term').notNull(),
    weight: integer('weight').notNull(),
  },
  (t) => [uniqueIndex('knowledge_terms_term_doc_idx').on(t.term, t.docId), index('knowledge_terms_doc_idx').on(t.docId)],
);
