import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAMERA_CATEGORIES, CAMERA_STATUSES, caseCameraBody, caseCameraView, cameraBody, cameraPatch, cameraView, videoSettings } from '../../../contracts/cameras';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { importCameras } from './cameras-import';
import {
  camerasByGrid,
  citeCamera,
  createCamera,
  deleteCamera,
  getCamera,
  getVideoSettings,
  listCameras,
  listCaseCameras,
  saveVideoSettings,
  uncite,
  updateCamera,
} from './cameras.service';

const tags = ['cameras'];
const read = { access: { permission: 'area:read' as const } };
const manage = { access: { permission: 'area:manage' as const } };
const caseRead = { access: { permission: 'case:read' as const } };
const idParams = z.object({ id: z.coerce.number().int().positive() });
const areaQuery = z.string().regex(/^\d{2,18}$/).optional();

export function registerCameraRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/cameras',
    {
      config: read,
      schema: {
        tags,
        summary: '视频点位(雪亮工程)列表',
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(1000).default(20),
          area: areaQuery,
          grid: areaQuery,
          category: z.enum(CAMERA_CATEGORIES).optional(),
          status: z.enum(CAMERA_STATUSES).optional(),
          q: z.string().trim().max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(cameraView), total: z.number() }) },
      },
    },
    async (req) => listCameras(ctx, getActor(req), req.query),
  );
  api.get(
    '/api/cameras/by-grid',
    {
      config: read,
      schema: {
        tags,
        summary: '按网格统计视频点位(一类/二类/三类)',
        querystring: z.object({ area: areaQuery }),
        response: {
          200: z.object({
            items: z.array(z.object({ gridCode: z.string().nullable(), gridName: z.string(), class1: z.number(), class2: z.number(), class3: z.number(), total: z.number() })),
          }),
        },
      },
    },
    async (req) => camerasByGrid(ctx, getActor(req), req.query.area),
  );
  api.get('/api/cameras/settings', { config: read, schema: { tags, summary: '视频平台链接模板', response: { 200: videoSettings } } }, async () => getVideoSettings(ctx.db));
  api.put(
    '/api/cameras/settings',
    { config: { access: { permission: 'policy:manage' } }, schema: { tags, summary: '设置视频平台链接模板({code} 设备编码、{time} 时间)', body: videoSettings, response: { 200: videoSettings } } },
    async (req) => saveVideoSettings(ctx, getActor(req), req.body),
  );
  api.get('/api/cameras/:id', { config: read, schema: { tags, summary: '视频点位详情', params: idParams, response: { 200: cameraView } } }, async (req) =>
    getCamera(ctx, getActor(req), req.params.id),
  );
  api.post('/api/cameras', { config: manage, schema: { tags, summary: '登记视频点位(按经纬度自动落入网格)', body: cameraBody, response: { 201: cameraView } } }, async (req, reply) =>
    reply.code(201).send(await createCamera(ctx, getActor(req), req.body)),
  );
  api.patch('/api/cameras/:id', { config: manage, schema: { tags, summary: '修改视频点位', params: idParams, body: cameraPatch, response: { 200: cameraView } } }, async (req) =>
    updateCamera(ctx, getActor(req), req.params.id, req.body),
  );
  api.delete(
    '/api/cameras/:id',
    { config: manage, schema: { tags, summary: '删除视频点位(已被事件引用的不能删除)', params: idParams, response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req) => deleteCamera(ctx, getActor(req), req.params.id),
  );

  api.get(
    '/api/cases/:id/cameras',
    { config: caseRead, schema: { tags, summary: '事件引用的视频点位与时间', params: idParams, response: { 200: z.object({ items: z.array(caseCameraView) }) } } },
    async (req) => listCaseCameras(ctx, getActor(req), req.params.id),
  );
  api.post(
    '/api/cases/:id/cameras',
    { config: caseRead, schema: { tags, summary: '事件引用视频点位(某一时间的录像)', params: idParams, body: caseCameraBody, response: { 201: caseCameraView } } },
    async (req, reply) => reply.code(201).send(await citeCamera(ctx, getActor(req), req.params.id, req.body)),
  );
  api.delete(
    '/api/cases/:id/cameras/:refId',
    {
      config: caseRead,
      schema: { tags, summary: '取消引用视频点位', params: z.object({ id: z.coerce.number().int().positive(), refId: z.coerce.number().int().positive() }), response: { 200: z.object({ ok: z.boolean() }) } },
    },
    async (req) => uncite(ctx, getActor(req), req.params.id, req.params.refId),
  );

  app.register(async (scoped) => {
    scoped.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    scoped.withTypeProvider<ZodTypeProvider>().post(
      '/api/cameras/import',
      {
        config: manage,
        schema: {
          tags,
          summary: '导入视频点位(.xlsx 或 .csv；表头：设备编码、点位名称、类别(一类/二类/三类)、经度、纬度、所属区划、地址、状态)',
          response: { 200: z.object({ imported: z.array(z.object({ row: z.number(), id: z.number(), code: z.string() })), errors: z.array(z.object({ row: z.number(), reason: z.string() })) }) },
        },
      },
      async (req) => importCameras(ctx, getActor(req), Buffer.isBuffer(req.body) ? req.body : Buffer.from(String(req.body ?? ''))),
    );
  });
}
