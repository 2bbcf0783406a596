import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { registerSweepTask } from '../../platform/jobs';
import {
  deliverOutbox,
  getOrder,
  getSettings,
  importOrders,
  listOrders,
  listOrdersQuery,
  listOutbox,
  pushOrder,
  retryOutbox,
  saveSettings,
  settingsBody,
} from './hotline.service';

const tags = ['hotline'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const read = { access: { permission: 'case:read' as const } };
const centre: { access: { roles: Role[] } } = { access: { roles: ['center_staff'] } };
const settingsView = z.object({ webhookUrl: z.string().nullable(), deadlines: z.record(z.string(), z.number()) });

export function registerHotlineRoutes(app: FastifyInstance, ctx: AppContext) {
  registerSweepTask(async (c) => {
    await deliverOutbox(c);
  });

  // the signed push needs the exact bytes it was signed over, and the import takes a raw file
  app.register(async (scoped) => {
    scoped.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
    scoped.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    const api = scoped.withTypeProvider<ZodTypeProvider>();
    api.post(
      '/api/hotline/push',
      {
        config: { access: 'public' },
        schema: {
          tags,
          summary: '12345平台推送工单(JSON；请求头 x-12345-timestamp 为秒级时间戳，x-12345-signature 为 sha256=HMAC-SHA256(密钥, 时间戳 + "." + 请求体) 的十六进制)',
          response: { 201: z.object({ id: z.number(), number: z.string() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await pushOrder(ctx, String(req.body ?? ''), req.headers)),
    );
    api.post(
      '/api/hotline/import',
      {
        config: centre,
        schema: {
          tags,
          summary: '导入12345平台导出的工单(.xlsx 或 .csv；表头：工单编号、工单类型、是否紧急、标题、诉求内容、所属区划、来电人、来电号码)',
          response: {
            200: z.object({
              imported: z.array(z.object({ row: z.number(), id: z.number(), number: z.string() })),
              errors: z.array(z.object({ row: z.number(), reason: z.string() })),
            }),
          },
        },
      },
      async (req) => importOrders(ctx, getActor(req), Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? ''))),
    );
  });

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get('/api/hotline/orders', { config: read, schema: { tags, summary: '12345工单列表', querystring: listOrdersQuery } }, async (req) =>
    listOrders(ctx, getActor(req), req.query),
  );
  api.get('/api/hotline/orders/:id', { config: read, schema: { tags, summary: '12345工单详情(含回传状态)', params: idParams } }, async (req) =>
    getOrder(ctx, getActor(req), req.params.id),
  );
  api.get(
    '/api/hotline/outbox',
    { config: centre, schema: { tags, summary: '12345回传队列(办结回复、回访结果的推送状态)', querystring: z.object({ state: z.enum(['pending', 'sent', 'failed']).optional() }) } },
    async (req) => listOutbox(ctx, getActor(req), req.query),
  );
  api.post(
    '/api/hotline/outbox/:id/retry',
    { config: centre, schema: { tags, summary: '重新推送失败的回传', params: idParams, response: { 200: z.object({ id: z.number() }) } } },
    async (req) => retryOutbox(ctx, getActor(req), req.params.id),
  );
  api.get('/api/hotline/settings', { config: centre, schema: { tags, summary: '12345对接设置(回传地址、各类工单办理时限)', response: { 200: settingsView } } }, async () =>
    getSettings(ctx.db),
  );
  api.put(
    '/api/hotline/settings',
    { config: { access: { permission: 'policy:manage' } }, schema: { tags, summary: '修改12345对接设置', body: settingsBody, response: { 200: settingsView } } },
    async (req) => saveSettings(ctx, getActor(req), req.body),
  );
}
