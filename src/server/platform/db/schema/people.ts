import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** 楼栋/院落: a building or a farmyard compound in a grid or micro-grid. */
export const buildings = pgTable(
  'buildings',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    name: text('name').notNull(),
    /** 楼栋 / 院落 / 平房 */
    kind: text('kind').notNull().default('楼栋'),
    address: text('address'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('buildings_area_idx').on(t.areaCode)],
);

/** 房屋: one dwelling (unit + room) of a building. */
export const houses = pgTable(
  'houses',
  {
    id: serial('id').primaryKey(),
    buildingId: integer('building_id').notNull(),
    areaCode: text('area_code').notNull(),
    unit: text('unit'),
    room: text('room').notNull(),
    /** 自住 / 出租 / 空置 */
    usage: text('usage').notNull().default('自住'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('houses_area_idx').on(t.areaCode), index('houses_building_idx').on(t.buildingId)],
);

/** 户: a household registered in a grid; `householdNo` is unique inside its grid. */
export const households = pgTable(
  'households',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    householdNo: text('household_no').notNull(),
    houseId: integer('house_id'),
    address: text('address'),
    headName: text('head_name'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    status: text('status').notNull().default('active'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('households_area_no_idx').on(t.areaCode, t.householdNo)],
);

/** 实有人口. 身份证号 and phone are stored encrypted, with a keyed hash for exact search and a masked copy for lists. */
export const persons = pgTable(
  'persons',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    householdId: integer('household_id'),
    name: text('name').notNull(),
    gender: text('gender'),
    birthDate: date('birth_date', { mode: 'string' }),
    idCardEnc: text('id_card_enc'),
    idCardHash: text('id_card_hash'),
    idCardMasked: text('id_card_masked'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    /** 与户主关系: 户主 / 配偶 / 子女 / 父母 / 其他 */
    relation: text('relation'),
    /** 户籍 / 流动 / 寄住 */
    residency: text('residency').notNull().default('户籍'),
    tags: jsonb('tags').$type<string[]>().notNull().default([]),
    /** active / moved_out / deceased */
    status: text('status').notNull().default('active'),
    /** the account of the person, when they have one (resident H5) */
    userId: integer('user_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('persons_area_idx').on(t.areaCode),
    index('persons_household_idx').on(t.householdId),
    uniqueIndex('persons_id_card_hash_idx').on(t.idCardHash),
    index('persons_phone_hash_idx').on(t.phoneHash),
    index('persons_user_idx').on(t.userId),
  ],
);

/** 迁入/迁出/区内变动 history of a person. */
export const personMoves = pgTable(
  'person_moves',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id').notNull(),
    /** in / out / transfer */
    kind: text('kind').notNull(),
    fromArea: text('from_area'),
    toArea: text('to_area'),
    /** the area the record belongs to (scope checks) */
    areaCode: text('area_code').notNull(),
    reason: text('reason'),
    at: ts('at').notNull(),
    byUserId: integer('by_user_id'),
  },
  (t) => [index('person_moves_person_idx').on(t.personId)],
);

/** 重点人员: one row per person and category, details validated per category (contracts/people.ts). */
export const specialPersons = pgTable(
  'special_persons',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id').notNull(),
    areaCode: text('area_code').notNull(),
    category: text('category').notNull(),
    riskLevel: integer('risk_level').notNull().default(0),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** active / closed (解除) */
    status: text('status').notNull().default('active'),
    lastVisitAt: ts('last_visit_at'),
    nextVisitDue: ts('next_visit_due'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('special_persons_area_idx').on(t.areaCode, t.category),
    uniqueIndex('special_persons_person_category_idx').on(t.personId, t.category),
    index('special_persons_due_idx').on(t.nextVisitDue),
  ],
);

/** 五帮一 / 五位一体 helper team: 监护人, 村干部, 精防医生, 民警, 网格员; members may link a user. */
export const helperTeamMembers = pgTable(
  'helper_team_members',
  {
    id: serial('id').primaryKey(),
    specialPersonId: integer('special_person_id').notNull(),
    /** guardian / village_cadre / doctor / police / grid_worker / other */
    role: text('role').notNull(),
    name: text('name').notNull(),
    userId: integer('user_id'),
    phoneMasked: text('phone_masked'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('helper_team_sp_idx').on(t.specialPersonId), index('helper_team_user_idx').on(t.userId)],
);

/** Visit intervals as policy data: per category and a range of risk levels (DESIGN §6). */
export const visitPolicies = pgTable(
  'visit_policies',
  {
    id: serial('id').primaryKey(),
    category: text('category').notNull(),
    minLevel: integer('min_level').notNull(),
    maxLevel: integer('max_level').notNull(),
    intervalDays: integer('interval_days').notNull(),
    notifyPolice: boolean('notify_police').notNull().default(false),
    referral: boolean('referral').notNull().default(false),
    note: text('note'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('visit_policies_cat_level_idx').on(t.category, t.minLevel)],
);

/** 平安夜访: a leader schedules evening visits for cadres in an area on a weekday. */
export const visitCampaigns = pgTable(
  'visit_campaigns',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    name: text('name').notNull(),
    /** 0 = Sunday … 6 = Saturday */
    weekday: integer('weekday').notNull(),
    startTime: text('start_time').notNull().default('19:30'),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    participantIds: jsonb('participant_ids').$type<number[]>().notNull().default([]),
    targetHouseholds: integer('target_households'),
    createdBy: integer('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('visit_campaigns_area_idx').on(t.areaCode)],
);

/** 入户走访 records. `areaCode` is the grid visited; `specialPersonId` marks a follow-up of a 重点人员. */
export const visits = pgTable(
  'visits',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    householdId: integer('household_id'),
    specialPersonId: integer('special_person_id'),
    campaignId: integer('campaign_id'),
    visitedAt: ts('visited_at').notNull(),
    visitorId: integer('visitor_id').notNull(),
    visitorName: text('visitor_name').notNull(),
    /** number of people met (人次) */
    peopleMet: integer('people_met').notNull().default(1),
    personIds: jsonb('person_ids').$type<number[]>().notNull().default([]),
    findings: text('findings'),
    /** attachment refs (ids or keys of stored files) */
    photos: jsonb('photos').$type<string[]>().notNull().default([]),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    caseId: integer('case_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('visits_area_at_idx').on(t.areaCode, t.visitedAt),
    index('visits_sp_idx').on(t.specialPersonId),
    index('visits_campaign_idx').on(t.campaignId),
    /** the rollup sweep's new-visits scan */
    index('visits_created_idx').on(t.createdAt),
  ],
);
