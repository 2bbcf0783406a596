import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** 区划与网格: every level from province to micro-grid, keyed by its trimmed code. */
export const areas = pgTable(
  'areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    /** grids only: 综合网格 / 专属网格 */
    gridType: text('grid_type'),
    /** GeoJSON Polygon or MultiPolygon, WGS84 */
    boundary: jsonb('boundary'),
    /** true when the boundary was generated (demo data), not surveyed */
    boundaryGenerated: boolean('boundary_generated').notNull().default(false),
    households: integer('households').notNull().default(0),
    population: integer('population').notNull().default(0),
    status: text('status').notNull().default('active'),
    note: text('note'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('areas_parent_idx').on(t.parentCode), index('areas_level_idx').on(t.level, t.code)],
);

/** 包抓/责任人 posts on an area, with history: a post held now has no endedAt. */
export const areaPosts = pgTable(
  'area_posts',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    post: text('post').notNull(),
    personName: text('person_name').notNull(),
    userId: integer('user_id'),
    /** for 1+N+X members of a 全科网格: 民警, 调解员, 法律顾问 … */
    specialty: text('specialty'),
    phoneMasked: text('phone_masked'),
    startedAt: ts('started_at').notNull().defaultNow(),
    endedAt: ts('ended_at'),
  },
  (t) => [index('area_posts_area_idx').on(t.areaCode, t.post)],
);

/** 群防群治力量 roster: 综治信息员, 治安户长, 护村联防队员 … one row per member. */
export const forces = pgTable(
  'forces',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    kind: text('kind').notNull(),
    personName: text('person_name').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('forces_area_idx').on(t.areaCode, t.kind)],
);

/** 职能部门 of an area: 派出所, 司法所, 信访办 … */
export const departments = pgTable(
  'departments',
  {
    id: serial('id').primaryKey(),
    areaCode: text('area_code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('departments_area_idx').on(t.areaCode)],
);

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  roles: jsonb('roles').$type<string[]>().notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  departmentId: integer('department_id'),
  status: text('status').notNull().default('active'),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  lastLoginAt: ts('last_login_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const sessions = pgTable(
  'sessions',
  {
    /** sha-256 of the cookie token; the token itself is never stored */
    id: text('id').primaryKey(),
    userId: integer('user_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Append-only, hash-chained: hash = sha256(prevHash + canonical(row)). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    ip: text('ip'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    areaCode: text('area_code'),
    result: text('result').notNull(),
    detail: jsonb('detail'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_target_idx').on(t.targetType, t.targetId), index('audit_at_idx').on(t.at)],
);

/**
 * The head of the audit hash chain: one row. Appending updates it and inserts the record in one statement, so the
 * row lock (held to commit) orders appends across instances and the head is always the last committed hash.
 */
export const auditHead = pgTable('audit_head', {
  id: smallint('id').primaryKey(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    userId: integer('user_id').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    response: jsonb('response'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('idempotency_user_key_idx').on(t.userId, t.key)],
);

/** Settings an administrator edits (tile URL, policy values …). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().default(sql`now()`),
});

/** In-app messages to a user (the notifications outbox of later channels reads from here too). */
export const notifications = pgTable(
  'notifications',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    link: text('link'),
    areaCode: text('area_code'),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt)],
);
