import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import type { AppContext } from '../../platform/context';
import { notifications } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { getActor } from '../../platform/http';

const noticeView = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext) {
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
}
