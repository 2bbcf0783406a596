import { inArray } from 'drizzle-orm';
import type { Db } from './db/client';
import { notifications, notifyChannels, notifyPreferences, users } from './db/schema';
import { type OutboxItem, enqueueMany } from './outbox';
import { type BuiltInChannel, CHANNEL_SPECS, carries } from './senders/channels';

export type Notice = { userId: number; kind: string; title: string; body?: string; link?: string; areaCode?: string };

/**
 * Writes in-app notices inside the caller's transaction, so a notice exists exactly when its cause does, and
 * one outbox row per notice × enabled external channel (webhook: every notice; SMS and WeChat: recipients
 * with a contact on file who have not switched the channel off). The sweep delivers them (platform/outbox.ts).
 */
export async function notify(tx: Db, notices: Notice[], now: Date): Promise<void> {
  if (notices.length === 0) return;
  const rows = await tx
    .insert(notifications)
    .values(notices.map((n) => ({ ...n, createdAt: now })))
    .returning({ id: notifications.id, userId: notifications.userId, kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link, areaCode: notifications.areaCode });
  await fanOut(tx, rows, now);
}

type Written = { id: number; userId: number; kind: string; title: string; body: string | null; link: string | null; areaCode: string | null };

async function fanOut(tx: Db, rows: Written[], now: Date): Promise<void> {
  const channels = (await tx.select().from(notifyChannels)).filter((c) => c.enabled && c.channel in CHANNEL_SPECS);
  if (channels.length === 0) return;
  const userIds = [...new Set(rows.map((r) => r.userId))];
  // one after the other: inside a transaction both drivers hold a single connection
  const prefs = channels.some((c) => CHANNEL_SPECS[c.channel as BuiltInChannel].personal)
    ? await tx.select().from(notifyPreferences).where(inArray(notifyPreferences.userId, userIds))
    : [];
  const people = rows.some((r) => !r.areaCode) ? await tx.select({ id: users.id, scopes: users.scopes }).from(users).where(inArray(users.id, userIds)) : [];
  const prefOf = new Map(prefs.map((p) => [p.userId, p]));
  // a notice without a place is filed under its recipient's area, so that centre staff there see its deliveries
  const homeOf = new Map(people.map((u) => [u.id, u.scopes.length === 1 && u.scopes[0] ? u.scopes[0] : null]));
  const items: OutboxItem[] = [];
  for (const r of rows) {
    for (const c of channels) {
      const channel = c.channel as BuiltInChannel;
      if (!carries(c.kinds ?? null, r.kind)) continue;
      if (CHANNEL_SPECS[channel].personal) {
        const p = prefOf.get(r.userId);
        const contact = channel === 'sms' ? p?.phoneEnc : p?.wechatOpenId;
        if (!contact || p?.channels?.[channel] === false) continue;
      }
      items.push({
        channel,
        recipient: CHANNEL_SPECS[channel].personal ? `user:${r.userId}` : 'default',
        template: r.kind,
        payload: { notificationId: r.id, userId: r.userId, kind: r.kind, title: r.title, body: r.body, link: r.link, areaCode: r.areaCode },
        dedupeKey: `n:${r.id}:${channel}`,
        areaCode: r.areaCode ?? homeOf.get(r.userId) ?? null,
        notificationId: r.id,
        maxAttempts: c.maxAttempts,
      });
    }
  }
  await enqueueMany(tx, items, now);
}
