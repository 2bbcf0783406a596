/**
 * Notification channels (settings), the delivery log with retry, and each user's contacts and choices.
 * Notices themselves are written by platform/notify.ts; delivery is platform/outbox.ts.
 */
import { and, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { maskPhone } from '../../../domain/id-card';
import { type Actor, areaFilter } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { decrypt, encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/db/client';
import { notifyChannels, notifyPreferences, outbox } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { OUTBOX_STATES, senderOf } from '../../platform/outbox';
import { BUILT_IN_CHANNELS, type BuiltInChannel, CHANNEL_SPECS, loadChannel, maskSecret, splitValues } from '../../platform/senders/channels';
import { clearWechatTokens } from '../../platform/senders/wechat';

// —— channels

export const channelView = z.object({
  channel: z.enum(BUILT_IN_CHANNELS),
  label: z.string(),
  personal: z.boolean(),
  enabled: z.boolean(),
  kinds: z.array(z.string()).nullable(),
  maxAttempts: z.number(),
  version: z.number(),
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      secret: z.boolean(),
      required: z.boolean(),
      multiline: z.boolean(),
      options: z.array(z.string()).nullable(),
      help: z.string().nullable(),
      /** secrets: masked (`****cdef`), '' when unset */
      value: z.string(),
    }),
  ),
});

export async function listChannels(db: Db) {
  const out: z.infer<typeof channelView>[] = [];
  for (const channel of BUILT_IN_CHANNELS) {
    const s = await loadChannel(db, channel);
    const spec = CHANNEL_SPECS[channel];
    out.push({
      channel,
      label: spec.label,
      personal: spec.personal,
      enabled: s.enabled,
      kinds: s.kinds,
      maxAttempts: s.maxAttempts,
      version: s.version,
      fields: spec.fields.map((f) => ({
        key: f.key,
        label: f.label,
        secret: !!f.secret,
        required: !!f.required,
        multiline: !!f.multiline,
        options: f.options ?? null,
        help: f.help ?? null,
        value: f.secret ? maskSecret(s.values[f.key]) : s.values[f.key],
      })),
    });
  }
  return { items: out };
}

export const saveChannelBody = z.object({
  enabled: z.boolean(),
  /** a secret left out (or null) keeps its stored value; '' clears it */
  values: z.record(z.string(), z.string().max(4000).nullable()),
  kinds: z.array(z.string().regex(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/)).max(100).nullable(),
  maxAttempts: z.number().int().min(1).max(20),
  version: z.number().int().min(0),
});

const isUrlField = (key: string) => ['url', 'tokenUrl', 'sendUrl', 'linkBase'].includes(key);

export async function saveChannel(ctx: AppContext, actor: Actor, channel: BuiltInChannel, body: z.infer<typeof saveChannelBody>) {
  const spec = CHANNEL_SPECS[channel];
  const current = await loadChannel(ctx.db, channel);
  if (current.version !== body.version) throw new AppError('VERSION_CONFLICT');
  const values: Record<string, string> = {};
  for (const f of spec.fields) {
    const given = body.values[f.key];
    values[f.key] = given === undefined || given === null ? current.values[f.key] : given.trim();
    if (f.options && values[f.key] && !f.options.includes(values[f.key])) throw new AppError('VALIDATION_FAILED', { field: `values.${f.key}` });
    if (isUrlField(f.key) && values[f.key] && !/^https?:\/\/\S+$/.test(values[f.key])) throw new AppError('VALIDATION_FAILED', { field: `values.${f.key}`, message: '请填写以 http:// 或 https:// 开头的网址' });
    if (body.enabled && f.required && !values[f.key]) throw new AppError('NOTIFY_CHANNEL_INCOMPLETE', { field: `values.${f.key}` });
  }
  if (channel === 'wechat' && values.dataTemplate) {
    try {
      JSON.parse(values.dataTemplate.replace(/\{\w+\}/g, 'x'));
    } catch {
      throw new AppError('VALIDATION_FAILED', { field: 'values.dataTemplate', message: '模板数据须为有效的JSON' });
    }
  }
  const { config, secretsEnc } = splitValues(channel, values);
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const set = { enabled: body.enabled, config, secretsEnc, kinds: body.kinds, maxAttempts: body.maxAttempts, updatedAt: now };
    if (current.version === 0) {
      const ins = await tx
        .insert(notifyChannels)
        .values({ channel, ...set, version: 1 })
        .onConflictDoNothing()
        .returning({ channel: notifyChannels.channel });
      if (!ins[0]) throw new AppError('VERSION_CONFLICT');
    } else {
      const upd = await tx
        .update(notifyChannels)
        .set({ ...set, version: sql`${notifyChannels.version} + 1` })
        .where(and(eq(notifyChannels.channel, channel), eq(notifyChannels.version, body.version)))
        .returning({ channel: notifyChannels.channel });
      if (!upd[0]) throw new AppError('VERSION_CONFLICT');
    }
    const changedSecrets = spec.fields.filter((f) => f.secret && typeof body.values[f.key] === 'string').map((f) => f.key);
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'notify.channel', targetType: 'notify_channel', targetId: channel, detail: { enabled: body.enabled, changedSecrets } },
      now,
    );
  });
  if (channel === 'wechat') clearWechatTokens();
  return (await listChannels(ctx.db)).items.find((c) => c.channel === channel)!;
}

// —— deliveries

export const deliveriesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  state: z.enum(OUTBOX_STATES as [string, ...string[]]).optional(),
  channel: z.string().max(40).optional(),
  kind: z.string().max(60).optional(),
  area: z.string().regex(/^\d{2,18}$/).optional(),
  notificationId: z.coerce.number().int().positive().optional(),
});

export const deliveryView = z.object({
  id: z.number(),
  channel: z.string(),
  channelLabel: z.string(),
  recipient: z.string(),
  template: z.string(),
  title: z.string().nullable(),
  areaCode: z.string().nullable(),
  state: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});

function view(m: typeof outbox.$inferSelect): z.infer<typeof deliveryView> {
  return {
    id: m.id,
    channel: m.channel,
    channelLabel: senderOf(m.channel)?.label ?? m.channel,
    recipient: m.recipient,
    template: m.template,
    title: typeof m.payload.title === 'string' ? m.payload.title : null,
    areaCode: m.areaCode,
    state: m.state,
    attempts: m.attempts,
    maxAttempts: m.maxAttempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    sentAt: m.sentAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

export async function listDeliveries(ctx: AppContext, actor: Actor, q: z.infer<typeof deliveriesQuery>) {
  const conds: SQL[] = [areaFilter(actor, outbox.areaCode, q.area)];
  if (q.state) conds.push(eq(outbox.state, q.state));
  if (q.channel) conds.push(eq(outbox.channel, q.channel));
  if (q.kind) conds.push(eq(outbox.template, q.kind));
  if (q.notificationId) conds.push(eq(outbox.notificationId, q.notificationId));
  const where = and(...conds);
  const [rows, [total], states] = await Promise.all([
    ctx.db
      .select()
      .from(outbox)
      .where(where)
      .orderBy(desc(outbox.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(outbox).where(where),
    ctx.db
      .select({ state: outbox.state, n: count() })
      .from(outbox)
      .where(areaFilter(actor, outbox.areaCode, q.area))
      .groupBy(outbox.state),
  ]);
  return {
    items: rows.map(view),
    total: Number(total?.n ?? 0),
    counts: Object.fromEntries(OUTBOX_STATES.map((s) => [s, Number(states.find((r) => r.state === s)?.n ?? 0)])) as Record<string, number>,
  };
}

/** Sends a failed or abandoned message again (attempts start over); a sent one is never re-sent. */
export async function retryDelivery(ctx: AppContext, actor: Actor, id: number) {
  const [m] = await ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.id, id), areaFilter(actor, outbox.areaCode, undefined)))
    .limit(1);
  if (!m) throw new AppError('NOT_FOUND');
  const now = ctx.clock();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .update(outbox)
      .set({ state: 'pending', attempts: 0, nextAttemptAt: now, claimedAt: null })
      .where(and(eq(outbox.id, id), inArray(outbox.state, ['failed', 'dead'])))
      .returning();
    if (!row) throw new AppError('OUTBOX_NOT_RETRYABLE');
    await recordAudit(
      tx,
      { actorId: actor.userId, actorName: actor.username, ip: actor.ip, action: 'notify.retry', targetType: 'outbox', targetId: id, areaCode: m.areaCode, detail: { channel: m.channel, from: m.state } },
      now,
    );
    return view(row);
  });
}

// —— my contacts and choices

export const preferencesView = z.object({
  phone: z.string().nullable(),
  wechatBound: z.boolean(),
  channels: z.array(z.object({ channel: z.string(), label: z.string(), available: z.boolean(), wanted: z.boolean() })),
});

export const savePreferencesBody = z.object({
  /** a new number replaces the stored one; '' removes it; left out keeps it */
  phone: z.union([z.literal(''), z.string().regex(/^1\d{10}$/)]).optional(),
  wechatOpenId: z.union([z.literal(''), z.string().regex(/^[\w-]{6,64}$/)]).optional(),
  channels: z.record(z.string(), z.boolean()).default({}),
});

export async function getPreferences(ctx: AppContext, actor: Actor) {
  const [p] = await ctx.db.select().from(notifyPreferences).where(eq(notifyPreferences.userId, actor.userId)).limit(1);
  const enabled = new Set((await ctx.db.select().from(notifyChannels)).filter((c) => c.enabled).map((c) => c.channel));
  let phone: string | null = null;
  if (p?.phoneEnc) {
    try {
      phone = maskPhone(decrypt(p.phoneEnc));
    } catch {
      phone = '***';
    }
  }
  return {
    phone,
    wechatBound: !!p?.wechatOpenId,
    channels: BUILT_IN_CHANNELS.filter((c) => CHANNEL_SPECS[c].personal).map((c) => ({
      channel: c,
      label: CHANNEL_SPECS[c].label,
      available: enabled.has(c),
      wanted: p?.channels?.[c] !== false,
    })),
  };
}

export async function savePreferences(ctx: AppContext, actor: Actor, body: z.infer<typeof savePreferencesBody>) {
  const now = ctx.clock();
  const [p] = await ctx.db.select().from(notifyPreferences).where(eq(notifyPreferences.userId, actor.userId)).limit(1);
  const phoneEnc = body.phone === undefined ? (p?.phoneEnc ?? null) : body.phone === '' ? null : encrypt(body.phone);
  const wechatOpenId = body.wechatOpenId === undefined ? (p?.wechatOpenId ?? null) : body.wechatOpenId || null;
  const channels = { ...(p?.channels ?? {}) };
  for (const [k, v] of Object.entries(body.channels)) if (k in CHANNEL_SPECS && CHANNEL_SPECS[k as BuiltInChannel].personal) channels[k] = v;
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .insert(notifyPreferences)
      .values({ userId: actor.userId, phoneEnc, wechatOpenId, channels, updatedAt: now })
      .onConflictDoUpdate({ target: notifyPreferences.userId, set: { phoneEnc, wechatOpenId, channels, updatedAt: now } });
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'notify.preferences',
        targetType: 'user',
        targetId: actor.userId,
        detail: { phoneChanged: body.phone !== undefined, wechatChanged: body.wechatOpenId !== undefined, channels },
      },
      now,
    );
  });
  return getPreferences(ctx, actor);
}
