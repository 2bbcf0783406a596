/**
 * The outbox (issue 12): everything the product sends outside itself is first a row here, written in the
 * transaction of its cause, then delivered by a sweep through a pluggable sender. See docs/notifications.md.
 *
 *   enqueue(tx, { channel, recipient, template, payload, dedupeKey, areaCode? }, now)   inside your transaction
 *   registerSender(channel, { label, send })                                              once, at start-up
 *   deliverOutbox(ctx)                                                                    the sweep task
 *
 * Nothing is sent twice: a row is claimed (pending|failed → sending) by one UPDATE over rows picked with
 * FOR UPDATE SKIP LOCKED, sent with no transaction open, then marked sent|failed|dead only while it is still
 * `sending`. The dedupe key is unique, so enqueueing the same notice for the same channel twice keeps one row.
 * A row left `sending` by a process that died mid-send may or may not have gone out: it turns `dead` with
 * a note, and a person decides whether to retry it.
 */
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { AppContext } from './context';
import type { Db } from './db/client';
import { outbox } from './db/schema';

export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxState = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';
export const OUTBOX_STATES: readonly OutboxState[] = ['pending', 'sending', 'sent', 'failed', 'dead'];

export type OutboxItem = {
  channel: string;
  /** whom the sender addresses: `user:<id>`, a subscription id, `default`. Never personal data itself. */
  recipient: string;
  template: string;
  payload: Record<string, unknown>;
  /** unique per notice × channel, e.g. `n:<notificationId>:sms` */
  dedupeKey: string;
  areaCode?: string | null;
  notificationId?: number | null;
  /** defaults to 6 */
  maxAttempts?: number;
};

/**
 * A failure a sender reports. `message` is stored and shown: it must hold no personal data (no phone, no
 * URL with one). `permanent` failures (no contact on file, channel switched off) give up at once.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export type Sender = {
  /** shown in the console: 短信, 微信模板消息 … */
  label: string;
  /** resolves when the message was accepted by the other side; throws DeliveryError otherwise */
  send: (ctx: AppContext, message: OutboxRow) => Promise<void>;
};

const SENDERS = new Map<string, Sender>();

export function registerSender(channel: string, sender: Sender): void {
  SENDERS.set(channel, sender);
}

export function senderOf(channel: string): Sender | undefined {
  return SENDERS.get(channel);
}

export function senderChannels(): { channel: string; label: string }[] {
  return [...SENDERS.entries()].map(([channel, s]) => ({ channel, label: s.label }));
}

/** Writes one outbox row in the caller's transaction; returns its id, or null when the dedupe key exists. */
export async function enqueue(tx: Db, item: OutboxItem, now: Date): Promise<number | null> {
  const rows = await enqueueMany(tx, [item], now);
  return rows[0] ?? null;
}

export async function enqueueMany(tx: Db, items: OutboxItem[], now: Date): Promise<number[]> {
  if (items.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(
      items.map((i) => ({
        channel: i.channel,
        recipient: i.recipient,
        template: i.template,
        payload: i.payload,
        dedupeKey: i.dedupeKey,
        areaCode: i.areaCode ?? null,
        notificationId: i.notificationId ?? null,
        maxAttempts: i.maxAttempts ?? 6,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return rows.map((r) => r.id);
}

/** 1, 2, 4, 8 … minutes after the n-th failed attempt, at most an hour. */
export const backoffMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/** A send that has not come back after this long is taken as interrupted. */
export const STALE_SENDING_MS = 10 * 60_000;
const SEND_TIMEOUT_MS = 8_000;

/** Claims up to `limit` due rows: one statement, rows another instance holds are skipped, not waited on. */
export async function claimDue(db: Db, now: Date, limit = 50): Promise<OutboxRow[]> {
  const channels = [...SENDERS.keys()];
  if (channels.length === 0) return [];
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(inArray(outbox.state, ['pending', 'failed']), lte(outbox.nextAttemptAt, now), inArray(outbox.channel, channels)))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({ state: 'sending', claimedAt: now, attempts: sql`${outbox.attempts} + 1` })
    .where(and(inArray(outbox.id, due), inArray(outbox.state, ['pending', 'failed'])))
    .returning();
  // RETURNING follows no order: deliver the oldest first
  return rows.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
}

export type DeliveryResult = { sent: number; failed: number; dead: number };

/** The sweep task: delivers what is due. Safe to run in several processes at once. */
export async function deliverOutbox(ctx: AppContext, limit = 50): Promise<DeliveryResult> {
  const now = ctx.clock();
  await ctx.db
    .update(outbox)
    .set({ state: 'dead', lastError: '发送过程中断，结果未知：请与对方核实后再决定是否重发' })
    .where(and(eq(outbox.state, 'sending'), lte(outbox.claimedAt, new Date(now.getTime() - STALE_SENDING_MS))));
  const claimed = await claimDue(ctx.db, now, limit);
  const result: DeliveryResult = { sent: 0, failed: 0, dead: 0 };
  for (const m of claimed) {
    const outcome = await attempt(ctx, m);
    if (outcome === null) {
      await ctx.db
        .update(outbox)
        .set({ state: 'sent', sentAt: ctx.clock(), lastError: null })
        .where(and(eq(outbox.id, m.id), eq(outbox.state, 'sending')));
      result.sent++;
      continue;
    }
    const dead = outcome.permanent || m.attempts >= m.maxAttempts;
    await ctx.db
      .update(outbox)
      .set({ state: dead ? 'dead' : 'failed', lastError: outcome.message.slice(0, 200), nextAttemptAt: new Date(now.getTime() + backoffMs(m.attempts)) })
      .where(and(eq(outbox.id, m.id), eq(outbox.state, 'sending')));
    if (dead) result.dead++;
    else result.failed++;
  }
  return result;
}

async function attempt(ctx: AppContext, m: OutboxRow): Promise<DeliveryError | null> {
  const sender = SENDERS.get(m.channel);
  if (!sender) return new DeliveryError('没有这个发送渠道', true);
  try {
    await sender.send(ctx, m);
    return null;
  } catch (e) {
    // only our own messages are stored: others may carry a URL or a request body
    return e instanceof DeliveryError ? e : new DeliveryError('发送失败');
  }
}

/** fetch with a timeout, mapping failures onto safe messages (the URL and body may hold personal data). */
export async function sendHttp(url: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(SEND_TIMEOUT_MS), redirect: 'error' });
  } catch (e) {
    throw new DeliveryError((e as Error).name === 'TimeoutError' ? '对方接口超时' : '无法连接对方接口');
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new DeliveryError(`对方接口返回 HTTP ${res.status}`);
  }
  return res;
}
