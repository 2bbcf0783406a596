import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { notifications } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { getActor } from '../../platform/http';
import { registerSweepTask } from '../../platform/jobs';
import { deliverOutbox } from '../../platform/outbox';
import { BUILT_IN_CHANNELS } from '../../platform/senders/channels';
import { registerBuiltInSenders } from '../../platform/senders';
import {
  channelView,
  deliveriesQuery,
  deliveryView,
  getPreferences,
  listChannels,
  listDeliveries,
  preferencesView,
  retryDelivery,
  saveChannel,
  saveChannelBody,
  savePreferences,
  savePreferencesBody,
} from './notifications.service';

const noticeView = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const tags = ['notifications'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
/** the delivery log: administrators everywhere, centre staff in their area */
const deliveryReaders = { access: { roles: ['admin', 'center_staff'] as Role[] } };

async function deliverDue(c: AppContext) {
  await deliverOutbox(c);
}

export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext) {
  registerBuiltInSenders();
  registerSweepTask(deliverDue);
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/notifications',
    {
      config: { access: {} },
      schema: {
        tags: ['notifications'],
        summary: '我的消息',
        querystring: pageQuery.extend({ unread: z.enum(['0', '1']).optional() }),
        response: { 200: pageOf(noticeView).extend({ unread: z.number() }) },
      },
    },
    async (req) => {
      const actor = getActor(req);
      const mine = eq(notifications.userId, actor.userId);
      const where = req.query.unread === '1' ? and(mine, isNull(notifications.readAt)) : mine;
      const [rows, total, unread] = await Promise.all([
        ctx.db
          .select()
          .from(notifications)
          .where(where)
          .orderBy(desc(notifications.id))
          .limit(req.query.pageSize)
          .offset((req.query.page - 1) * req.query.pageSize),
        ctx.db.select({ n: count() }).from(notifications).where(where),
        ctx.db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt))),
      ]);
      return {
        total: Number(total[0]?.n ?? 0),
        unread: Number(unread[0]?.n ?? 0),
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          body: r.body,
          link: r.link,
          createdAt: r.createdAt.toISOString(),
          readAt: r.readAt?.toISOString() ?? null,
        })),
      };
    },
  );
  api.post(
    '/api/notifications/:id/read',
    {
      config: { access: {} },
      schema: {
        tags: ['notifications'],
        summary: '标记消息已读',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => {
      const actor = getActor(req);
      const res = await ctx.db
        .update(notifications)
        .set({ readAt: ctx.clock() })
        .where(and(eq(notifications.id, req.params.id), eq(notifications.userId, actor.userId)))
        .returning({ id: notifications.id });
      if (!res[0]) throw new AppError('NOT_FOUND');
      return { ok: true };
    },
  );
  api.get(
    '/api/notifications/preferences',
    { config: { access: {} }, schema: { tags, summary: '我的消息接收设置(短信、微信)', response: { 200: preferencesView } } },
    async (req) => getPreferences(ctx, getActor(req)),
  );
  api.put(
    '/api/notifications/preferences',
    { config: { access: {} }, schema: { tags, summary: '修改我的消息接收设置(手机号加密保存)', body: savePreferencesBody, response: { 200: preferencesView } } },
    async (req) => savePreferences(ctx, getActor(req), req.body),
  );
  api.get(
    '/api/notifications/channels',
    { config: { access: { permission: 'policy:manage' } }, schema: { tags, summary: '外部通知渠道设置(密钥打码显示)', response: { 200: z.object({ items: z.array(channelView) }) } } },
    async () => listChannels(ctx.db),
  );
  api.put(
    '/api/notifications/channels/:channel',
    {
      config: { access: { permission: 'policy:manage' } },
      schema: { tags, summary: '修改外部通知渠道(Webhook、短信网关、微信模板消息)', params: z.object({ channel: z.enum(BUILT_IN_CHANNELS) }), body: saveChannelBody, response: { 200: channelView } },
    },
    async (req) => saveChannel(ctx, getActor(req), req.params.channel, req.body),
  );
  api.get(
    '/api/notifications/deliveries',
    {
      config: deliveryReaders,
      schema: { tags, summary: '消息发送记录(外部渠道)', querystring: deliveriesQuery, response: { 200: pageOf(deliveryView).extend({ counts: z.record(z.string(), z.number()) }) } },
    },
    async (req) => listDeliveries(ctx, getActor(req), req.query),
  );
  api.post(
    '/api/notifications/deliveries/:id/retry',
    { config: deliveryReaders, schema: { tags, summary: '重发失败的消息', params: idParams, response: { 200: deliveryView } } },
    async (req) => retryDelivery(ctx, getActor(req), req.params.id),
  );
}
