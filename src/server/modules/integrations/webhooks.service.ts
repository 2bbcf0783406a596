/**
 * Webhook subscriptions to case events (issue 12). A machine client (API key with `webhooks:manage`) subscribes
 * a URL to event types; the events of cases inside its key's area are recorded in the transaction of the change
 * (case_events), queued in the outbox once per subscription × event (dedupe key) and POSTed signed by the
 * outbox sweep with retries and backoff.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CaseEventPayload, createWebhookBody } from '../../../contracts/integrations';
import { STATUS_LABEL, type CaseStatus } from '../../../domain/cases/types';
import type { Actor } from '../../platform/access';
import type { ApiKeyPrincipal } from '../../platform/api-keys';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { apiKeys, caseEvents, outbox, webhookSubscriptions } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { DeliveryError, type OutboxRow, type Sender, enqueueMany } from '../../platform/outbox';
import { postSigned } from '../../platform/senders/webhook';
import type { CaseEvent } from '../cases/case-events';

export const WEBHOOK_CHANNEL = 'case_webhook';
const recipientOf = (subscriptionId: number) => `subscription:${subscriptionId}`;

type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;

function view(s: SubscriptionRow) {
  return { id: s.id, url: s.url, events: s.events, areaCode: s.areaCode, createdAt: s.createdAt.toISOString() };
}

/** https only in production; no user:password in the URL (it would be stored and shown). */
function checkUrl(ctx: AppContext, raw: string): string {
  const u = new URL(raw);
  const schemeOk = u.protocol === 'https:' || (u.protocol === 'http:' && !ctx.config.production);
  if (!schemeOk || u.username || u.password) throw new AppError('WEBHOOK_URL', { field: 'url' });
  return u.toString();
}

function auditEntry(actor: Actor, action: string, id: number, areaCode: string, detail: Record<string, unknown>) {
  return { actorId: null, actorName: actor.username, ip: actor.ip, action, targetType: 'webhook_subscription', targetId: id, areaCode, detail };
}

export async function createSubscription(ctx: AppContext, key: ApiKeyPrincipal, actor: Actor, body: z.infer<typeof createWebhookBody>) {
  const url = checkUrl(ctx, body.url);
  const events = [...new Set(body.events)];
  if (events.length === 0) throw new AppError('WEBHOOK_EVENTS', { field: 'events' });
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const now = ctx.clock();
  const row = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(webhookSubscriptions)
      .values({ apiKeyId: key.id, url, events, areaCode: key.areaCode, secretEnc: encrypt(secret), createdAt: now })
      .returning();
    await recordAudit(tx, auditEntry(actor, 'webhook.subscribe', created.id, key.areaCode, { events, host: new URL(url).host }), now);
    return created;
  });
  return { ...view(row), secret };
}

async function ownSubscription(db: Db, key: ApiKeyPrincipal, id: number): Promise<SubscriptionRow> {
  const [row] = await db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.apiKeyId, key.id), isNull(webhookSubscriptions.deletedAt)))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

export async function listSubscriptions(ctx: AppContext, key: ApiKeyPrincipal) {
  const rows = await ctx.db
    .select()
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.apiKeyId, key.id), isNull(webhookSubscriptions.deletedAt)))
    .orderBy(desc(webhookSubscriptions.id));
  return { items: rows.map(view), total: rows.length };
}

export async function deleteSubscription(ctx: AppContext, key: ApiKeyPrincipal, actor: Actor, id: number) {
  const row = await ownSubscription(ctx.db, key, id);
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.update(webhookSubscriptions).set({ deletedAt: now }).where(eq(webhookSubscriptions.id, id));
    await recordAudit(tx, auditEntry(actor, 'webhook.unsubscribe', id, row.areaCode, {}), now);
  });
  return { id };
}

/** The last 100 deliveries of a subscription: the outbox rows with their state, attempts and last error. */
export async function listDeliveries(ctx: AppContext, key: ApiKeyPrincipal, id: number) {
  await ownSubscription(ctx.db, key, id);
  const rows = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.channel, WEBHOOK_CHANNEL), eq(outbox.recipient, recipientOf(id))))
    .orderBy(desc(outbox.id))
    .limit(100);
  const items = rows.map((m) => ({
    id: m.id,
    eventId: typeof m.payload.id === 'number' ? m.payload.id : null,
    type: m.template,
    state: m.state,
    attempts: m.attempts,
    lastError: m.lastError,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  }));
  return { items, total: items.length };
}

/**
 * The case-event listener (runs inside the transaction of the change): records the events and queues one
 * delivery per live subscription whose area covers the case and which asked for the event type.
 */
export async function recordCaseEvents(tx: Db, events: CaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  const inserted = await tx
    .insert(caseEvents)
    .values(events.map((e) => ({ type: e.type, caseId: e.caseId, areaCode: e.areaCode, action: e.action, fromStatus: e.fromStatus, toStatus: e.toStatus, at: e.at })))
    .returning({ id: caseEvents.id });
  const areaCode = events[0].areaCode;
  const subs = await tx
    .select({ id: webhookSubscriptions.id, events: webhookSubscriptions.events })
    .from(webhookSubscriptions)
    .innerJoin(apiKeys, eq(apiKeys.id, webhookSubscriptions.apiKeyId))
    .where(
      and(
        isNull(webhookSubscriptions.deletedAt),
        isNull(apiKeys.revokedAt),
        // the subscription's area is a prefix of the case's area
        sql`left(${areaCode}::text, length(${webhookSubscriptions.areaCode})) = ${webhookSubscriptions.areaCode}`,
      ),
    );
  if (subs.length === 0) return;
  const items = events.flatMap((e, i) => {
    const payload: CaseEventPayload = {
      id: inserted[i].id,
      type: e.type,
      occurredAt: e.at.toISOString(),
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      case: { id: e.caseId, number: e.number, kind: e.kind, title: e.title, areaCode: e.areaCode, status: e.toStatus, statusLabel: STATUS_LABEL[e.toStatus as CaseStatus] ?? e.toStatus },
    };
    return subs
      .filter((s) => s.events.includes(e.type))
      .map((s) => ({
        channel: WEBHOOK_CHANNEL,
        recipient: recipientOf(s.id),
        template: e.type,
        payload,
        // one delivery per subscription × event, whatever happens later
        dedupeKey: `wh:${s.id}:${inserted[i].id}`,
        areaCode: e.areaCode,
        maxAttempts: 8,
      }));
  });
  await enqueueMany(tx, items, events[0].at);
}

/** The outbox sender of this channel: looks the subscription up at send time, so a deleted one stops at once. */
export const caseWebhookSender: Sender = {
  label: '事件订阅推送(Webhook)',
  async send(ctx: AppContext, m: OutboxRow) {
    const id = Number(m.recipient.replace(/^subscription:/, ''));
    const [s] = await ctx.db
      .select({ url: webhookSubscriptions.url, secretEnc: webhookSubscriptions.secretEnc, deletedAt: webhookSubscriptions.deletedAt, revokedAt: apiKeys.revokedAt })
      .from(webhookSubscriptions)
      .innerJoin(apiKeys, eq(apiKeys.id, webhookSubscriptions.apiKeyId))
      .where(eq(webhookSubscriptions.id, id))
      .limit(1);
    if (!s || s.deletedAt || s.revokedAt) throw new DeliveryError('订阅已删除或密钥已停用', true);
    await postSigned(s.url, decrypt(s.secretEnc), JSON.stringify(m.payload), m.dedupeKey, ctx.clock());
  },
};
