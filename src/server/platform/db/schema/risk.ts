/** 风险预警 (DESIGN §8): 一周一结 reports and their signals, warnings, rule parameters, 稳评 records. */
import { doublePrecision, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** 一周一结: one report per grid and ISO week ('2026-W48'), editable until the week closes. */
export const riskWeeklyReports = pgTable(
  'risk_weekly_reports',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    week: text('week').notNull(),
    summary: text('summary').notNull().default(''),
    reporterId: integer('reporter_id'),
    reporterName: text('reporter_name'),
    version: integer('version').notNull().default(1),
    submittedAt: ts('submitted_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('risk_weekly_reports_area_week_idx').on(t.areaCode, t.week), index('risk_weekly_reports_week_idx').on(t.week, t.areaCode)],
);

/** A "weak signal" of a weekly report: category and grade (蓝/黄/橙/红); may become an event or a dispute. */
export const riskSignals = pgTable(
  'risk_signals',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id').notNull(),
    areaCode: text('area_code').notNull(),
    week: text('week').notNull(),
    category: text('category').notNull(),
    grade: text('grade').notNull(),
    description: text('description').notNull(),
    location: text('location'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    caseId: integer('case_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('risk_signals_report_idx').on(t.reportId),
    index('risk_signals_area_idx').on(t.areaCode, t.week),
    index('risk_signals_week_idx').on(t.week),
  ],
);

export type WarningLink = { type: 'case' | 'signal' | 'special_person' | 'report'; id: number; label: string };

/**
 * 预警: raised once per `dedupKey` (a signal, or a rule over a set of records). `holderCode` is the area whose
 * responsible people hold it now (tier grid/village/town/county); unacknowledged past `ackDueAt` it escalates.
 */
export const riskWarnings = pgTable(
  'risk_warnings',
  {
    id: serial('id').primaryKey(),
    dedupKey: text('dedup_key').notNull(),
    source: text('source').notNull(),
    ruleCode: text('rule_code'),
    signalId: integer('signal_id'),
    areaCode: text('area_code').notNull(),
    grade: text('grade').notNull(),
    category: text('category').notNull(),
    title: text('title').notNull(),
    detail: text('detail').notNull().default(''),
    links: jsonb('links').$type<WarningLink[]>().notNull().default([]),
    status: text('status').notNull().default('open'),
    tier: text('tier').notNull(),
    holderCode: text('holder_code').notNull(),
    ackDueAt: ts('ack_due_at'),
    escalations: integer('escalations').notNull().default(0),
    raisedAt: ts('raised_at').notNull(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: integer('acknowledged_by'),
    acknowledgedByName: text('acknowledged_by_name'),
    handledAt: ts('handled_at'),
    handledNote: text('handled_note'),
    closedAt: ts('closed_at'),
    closedNote: text('closed_note'),
    version: integer('version').notNull().default(1),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('risk_warnings_dedup_idx').on(t.dedupKey),
    index('risk_warnings_area_idx').on(t.areaCode),
    index('risk_warnings_holder_idx').on(t.holderCode, t.status),
    index('risk_warnings_ack_due_idx').on(t.status, t.ackDueAt),
    index('risk_warnings_raised_idx').on(t.raisedAt),
  ],
);

/** Edited parameters of the declared rules and the warning policy (code 'policy'); absent rows = defaults. */
export const riskRules = pgTable('risk_rules', {
  code: text('code').primaryKey(),
  enabled: integer('enabled').notNull().default(1),
  params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  updatedAt: ts('updated_at').notNull(),
});

export type AssessmentRisk = { description: string; level: 'high' | 'medium' | 'low' };
export type AssessmentDocument = { name: string; url?: string | null };

/** 社会稳定风险评估 (稳评): the 前置程序 of a major decision or project. */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    year: integer('year').notNull(),
    title: text('title').notNull(),
    matterType: text('matter_type').notNull(),
    owner: text('owner').notNull(),
    assessor: text('assessor').notNull(),
    assessorType: text('assessor_type').notNull(),
    risks: jsonb('risks').$type<AssessmentRisk[]>().notNull().default([]),
    level: text('level'),
    measures: text('measures').notNull().default(''),
    decision: text('decision'),
    decidedAt: ts('decided_at'),
    documents: jsonb('documents').$type<AssessmentDocument[]>().notNull().default([]),
    createdBy: integer('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('risk_assessments_area_idx').on(t.areaCode, t.year)],
);
