/**
 * Outbound notices (DESIGN §14, issue 12): one outbox row per notice × external channel, written in the
 * transaction of its cause and delivered by the sweep; the channels' settings; each user's contacts and choices.
 */
import { boolean, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { ts } from '../columns';

export const outbox = pgTable(
  'outbox',
  {
    id: serial('id').primaryKey(),
    /** a sender's name: webhook | sms | wechat | one a module registers */
    channel: text('channel').notNull(),
    /** whom the sender addresses: `user:<id>` for people, a subscription id, `default` … (never a phone number) */
    recipient: text('recipient').notNull(),
    /** the notice kind (case.dispatched …) or the sender's own template name */
    template: text('template').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** unique per notice × channel: enqueueing the same thing twice keeps one row */
    dedupeKey: text('dedupe_key').notNull(),
    /** for scoped reading in the console; null when the notice has no place */
    areaCode: text('area_code'),
    notificationId: integer('notification_id'),
    /** pending | sending | sent | failed (will retry) | dead (gave up) */
    state: text('state').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(6),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    claimedAt: ts('claimed_at'),
    lastError: text('last_error'),
    sentAt: ts('sent_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_idx').on(t.dedupeKey),
    index('outbox_due_idx').on(t.state, t.nextAttemptAt),
    index('outbox_area_idx').on(t.areaCode, t.id),
  ],
);

/** One row per external channel: switched on by the administrator; secrets AES-GCM encrypted (crypto.ts). */
export const notifyChannels = pgTable('notify_channels', {
  channel: text('channel').primaryKey(),
  enabled: boolean('enabled').notNull().default(false),
  /** non-secret settings (URL, method, templates, app id …) */
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  /** encrypted JSON object of secret settings */
  secretsEnc: text('secrets_enc'),
  /** notice kinds this channel carries; null = all */
  kinds: jsonb('kinds').$type<string[] | null>(),
  maxAttempts: integer('max_attempts').notNull().default(6),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull(),
});

/** A user's contacts for external channels and the channels they want (in-app is always on). */
export const notifyPreferences = pgTable('notify_preferences', {
  userId: integer('user_id').primaryKey(),
  phoneEnc: text('phone_enc'),
  wechatOpenId: text('wechat_open_id'),
  /** channel → wanted; a channel missing here is wanted when the user has a contact for it */
  channels: jsonb('channels').$type<Record<string, boolean>>().notNull(),
  updatedAt: ts('updated_at').notNull(),
});
