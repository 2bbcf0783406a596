import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  attachmentBody,
  attachmentView,
  caseListItem,
  caseView,
  categoryItem,
  createCaseBody,
  duplicateView,
  listCasesQuery,
  ruleItem,
  timelineItem,
} from '../../../contracts/cases';
import { cappedPageOf, pageOf } from '../../../contracts/auth';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { createCategory, listCategories, listRules, saveRules, updateCategory } from './case-policy.service';
import {
  addAttachment,
  caseDuplicates,
  createCase,
  deskCounts,
  getCase,
  getTimeline,
  listCases,
  readAttachment,
  trackCase,
} from './cases.service';
import { perform } from './perform';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['cases'];
const signedIn = { access: {} };

export function registerCaseRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/cases',
    {
      config: { access: { permission: 'case:report' } },
      schema: {
        tags,
        summary: '上报事件(随手报/网格上报/中心登记)，返回疑似重复事件',
        body: createCaseBody,
        response: {
          201: z.object({ id: z.number(), number: z.string(), status: z.string(), version: z.number(), duplicates: z.array(duplicateView) }),
        },
      },
    },
    async (req, reply) => reply.code(201).send(await createCase(ctx, getActor(req), req.body)),
  );

  api.get(
    '/api/cases',
    {
      config: signedIn,
      schema: { tags, summary: '事件列表(按类型、状态、区域、哨级、时限灯、工作台筛选)', querystring: listCasesQuery, response: { 200: cappedPageOf(caseListItem) } },
    },
    async (req) => listCases(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/cases/counts',
    {
      config: signedIn,
      schema: { tags, summary: '本人各工作台待办数量(菜单角标，每项计到1000为止)', response: { 200: z.record(z.string(), z.number()) } },
    },
    async (req) => deskCounts(ctx, getActor(req)),
  );

  api.get(
    '/api/cases/track',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '凭事件编号和手机号查询办理进度(无需登录)',
        querystring: z.object({ number: z.string().min(1).max(40), phone: z.string().regex(/^1\d{10}$/) }),
        response: {
          200: z.object({
            number: z.string(),
            title: z.string(),
            status: z.string(),
            statusLabel: z.string(),
            createdAt: z.string(),
            timeline: z.array(z.object({ at: z.string(), text: z.string() })),
          }),
        },
      },
    },
    async (req) => trackCase(ctx, req.query.number, req.query.phone),
  );

  api.get(
    '/api/cases/:id',
    {
      config: signedIn,
      schema: { tags, summary: '事件详情(含可办理操作、吹哨部门、附件、时限状态)', params: idParams, response: { 200: caseView } },
    },
    async (req) => getCase(ctx, getActor(req), req.params.id),
  );

  api.get(
    '/api/cases/:id/timeline',
    {
      config: signedIn,
      schema: { tags, summary: '事件办理过程', params: idParams, response: { 200: pageOf(timelineItem) } },
    },
    async (req) => getTimeline(ctx, getActor(req), req.params.id),
  );

  api.get(
    '/api/cases/:id/duplicates',
    {
      config: signedIn,
      schema: { tags, summary: '疑似重复事件(300米、7天内同类、内容相近)', params: idParams, response: { 200: pageOf(duplicateView) } },
    },
    async (req) => caseDuplicates(ctx, getActor(req), req.params.id),
  );

  api.post(
    '/api/cases/:id/actions/:action',
    {
      config: signedIn,
      schema: {
        tags,
        summary: '办理操作(受理、派遣、报到、退回、反馈、结案、评价、合并……)，须带版本号',
        params: z.object({ id: z.coerce.number().int().positive(), action: z.string().regex(/^[a-z_]{2,40}$/) }),
        body: z.looseObject({ version: z.number().int() }),
        response: { 200: z.object({ id: z.number(), status: z.string(), version: z.number() }) },
      },
    },
    async (req) => perform(ctx, getActor(req), req.params.id, req.params.action, req.body),
  );

  api.post(
    '/api/cases/:id/attachments',
    {
      config: signedIn,
      bodyLimit: 8 * 1024 * 1024,
      schema: { tags, summary: '上传照片或文件(JPG/PNG/PDF，不超过5MB，记录时间、位置和SHA-256)', params: idParams, body: attachmentBody, response: { 201: attachmentView } },
    },
    async (req, reply) => reply.code(201).send(await addAttachment(ctx, getActor(req), req.params.id, req.body)),
  );

  api.get(
    '/api/cases/:id/attachments/:aid',
    {
      config: signedIn,
      schema: {
        tags,
        summary: '下载附件',
        params: z.object({ id: z.coerce.number().int().positive(), aid: z.coerce.number().int().positive() }),
      },
    },
    async (req, reply) => {
      const a = await readAttachment(ctx, getActor(req), req.params.id, req.params.aid);
      return reply
        .header('content-type', a.mime)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
        .send(a.data);
    },
  );

  api.get(
    '/api/case-rules',
    { config: signedIn, schema: { tags, summary: '办理时限规则(按类型、哨级、环节)', response: { 200: pageOf(ruleItem) } } },
    async () => {
      const items = await listRules(ctx);
      return { items, total: items.length };
    },
  );

  api.put(
    '/api/case-rules',
    {
      config: { access: { permission: 'policy:manage' } },
      schema: { tags, summary: '修改办理时限规则', body: z.object({ rules: z.array(ruleItem).min(1).max(200) }), response: { 200: pageOf(ruleItem) } },
    },
    async (req) => {
      const items = await saveRules(ctx, getActor(req), req.body.rules);
      return { items, total: items.length };
    },
  );

  api.get(
    '/api/case-categories',
    {
      config: signedIn,
      schema: {
        tags,
        summary: '事件分类代码表',
        querystring: z.object({ kind: z.string().max(32).optional(), all: z.enum(['0', '1']).optional() }),
        response: { 200: pageOf(categoryItem) },
      },
    },
    async (req) => {
      const items = await listCategories(ctx, req.query.kind, req.query.all === '1');
      return { items, total: items.length };
    },
  );

  api.post(
    '/api/case-categories',
    {
      config: { access: { permission: 'policy:manage' } },
      schema: {
        tags,
        summary: '新增事件分类',
        body: z.object({
          code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
          name: z.string().trim().min(1).max(40),
          kind: z.string().max(32).default('event'),
          sortOrder: z.number().int().default(100),
        }),
        response: { 201: categoryItem },
      },
    },
    async (req, reply) => reply.code(201).send(await createCategory(ctx, getActor(req), req.body)),
  );

  api.patch(
    '/api/case-categories/:code',
    {
      config: { access: { permission: 'policy:manage' } },
      schema: {
        tags,
        summary: '修改或停用事件分类',
        params: z.object({ code: z.string().max(40) }),
        body: z.object({
          version: z.number().int(),
          name: z.string().trim().min(1).max(40).optional(),
          sortOrder: z.number().int().optional(),
          active: z.boolean().optional(),
        }),
        response: { 200: categoryItem },
      },
    },
    async (req) => updateCategory(ctx, getActor(req), req.params.code, req.body),
  );
}
