import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import { verifyAuditChain } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { auditLog } from '../../platform/db/schema';

const auditView = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  areaCode: z.string().nullable(),
  result: z.string(),
});

export function registerAuditRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/audit',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: '审计日志',
        querystring: pageQuery.extend({ action: z.string().max(64).optional(), actor: z.string().max(64).optional() }),
        response: { 200: pageOf(auditView) },
      },
    },
    async (req) => {
      const conds: SQL[] = [];
      if (req.query.action) conds.push(eq(auditLog.action, req.query.action));
      if (req.query.actor) conds.push(eq(auditLog.actorName, req.query.actor));
      const where = conds.length ? and(...conds) : undefined;
      const [rows, total] = await Promise.all([
        ctx.db
          .select()
          .from(auditLog)
          .where(where)
          .orderBy(desc(auditLog.id))
          .limit(req.query.pageSize)
          .offset((req.query.page - 1) * req.query.pageSize),
        ctx.db.select({ n: count() }).from(auditLog).where(where),
      ]);
      return {
        total: Number(total[0]?.n ?? 0),
        items: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
      };
    },
  );
  api.get(
    '/api/audit/verify',
    {
      config: { access: { permission: 'audit:read' } },
      schema: {
        tags: ['audit'],
        summary: '校验审计日志哈希链',
        response: {
          200: z.object({ ok: z.boolean(), checked: z.number(), brokenAt: z.number().optional(), reason: z.string().optional() }),
        },
      },
    },
    async () => verifyAuditChain(ctx.db),
  );
}
