/**
 * Machine clients (issue 12): API keys with scopes bound to an area, webhook subscriptions to case events,
 * the case-event record those deliveries are made from, and what an Open311 client sent with a request.
 */
import { index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

/** One key per client system. Only the SHA-256 of the key is stored; the key itself is shown once. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: serial('id').primaryKey(),
    /** the client system's name, e.g. 12345热线平台 */
    name: text('name').notNull(),
    /** first characters of the key, shown in lists so a person can tell keys apart */
    prefix: text('prefix').notNull(),
    /** sha256 hex of the whole key */
    keyHash: text('key_hash').notNull(),
    /** open311:read | open311:write | cases:read | webhooks:manage */
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    /** the area the client acts inside, like a user's scope */
    areaCode: text('area_code').notNull(),
    createdBy: integer('created_by'),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: integer('revoked_by'),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.keyHash), index('api_keys_area_idx').on(t.areaCode)],
);

/** A client's subscription to case events inside its key's area; the signing secret is stored encrypted. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: serial('id').primaryKey(),
    apiKeyId: integer('api_key_id').notNull(),
    url: text('url').notNull(),
    /** case.created | case.status_changed | case.closed */
    events: jsonb('events').$type<string[]>().notNull(),
    areaCode: text('area_code').notNull(),
    /** AES-256-GCM (platform/crypto.ts): HMAC needs the secret itself */
    secretEnc: text('secret_enc').notNull(),
    createdAt: ts('created_at').notNull(),
    deletedAt: ts('deleted_at'),
  },
  (t) => [index('webhook_subscriptions_key_idx').on(t.apiKeyId), index('webhook_subscriptions_area_idx').on(t.areaCode)],
);

/** What happened to a case, written in the transaction of the change: the source of webhook deliveries. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: serial('id').primaryKey(),
    type: text('type').notNull(),
    caseId: integer('case_id').notNull(),
    areaCode: text('area_code').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('case_events_case_idx').on(t.caseId), index('case_events_area_idx').on(t.areaCode, t.id)],
);

/** What an Open311 client sent with a service request beyond the case itself. */
export const open311Requests = pgTable(
  'open311_requests',
  {
    caseId: integer('case_id').primaryKey(),
    /** returned by POST requests; GET tokens/{token} answers the request id */
    token: text('token').notNull(),
    apiKeyId: integer('api_key_id').notNull(),
    mediaUrl: text('media_url'),
    accountId: text('account_id'),
    deviceId: text('device_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('open311_requests_token_idx').on(t.token)],
);
