import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import {
  addAgreement,
  addMeeting,
  addSession,
  agreementBody,
  agreementPrint,
  applyConfirmation,
  completeTask,
  confirmBody,
  createDispute,
  createDisputeBody,
  exportDisputes,
  getDispute,
  ledgerQuery,
  listDisputes,
  listDisputeStaff,
  meetingBody,
  sessionBody,
  signAgreement,
  signBody,
  taskDoneBody,
} from './disputes.service';
import { figures, figuresQuery } from './figures.service';

const tags = ['disputes'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const subParams = idParams.extend({ sub: z.coerce.number().int().positive() });
const idOnly = z.object({ id: z.number() });
const read = { access: { permission: 'case:read' as const } };
const keepers: { access: { roles: Role[] } } = { access: { roles: ['center_staff', 'village_cadre', 'grid_worker', 'mediator'] } };
const figure = z.object({ key: z.string(), label: z.string(), value: z.number(), formula: z.string() });
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerDisputeRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/disputes',
    {
      config: { access: { permission: 'case:report', roles: ['center_staff', 'village_cadre', 'grid_worker', 'mediator'] } },
      schema: {
        tags,
        summary: '登记矛盾纠纷(当事人、类型、规模、风险等级、来源；可由网格事件转入)',
        body: createDisputeBody,
        response: { 201: z.object({ id: z.number(), number: z.string(), status: z.string(), version: z.number() }) },
      },
    },
    async (req, reply) => {
      const r = await createDispute(ctx, getActor(req), req.body);
      return reply.code(201).send({ id: r.id, number: r.number, status: r.status, version: r.version });
    },
  );

  api.get(
    '/api/disputes',
    { config: read, schema: { tags, summary: '矛盾纠纷台账(按类型、区域、风险等级、环节、结果筛选)', querystring: ledgerQuery } },
    async (req) => listDisputes(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/disputes/export',
    {
      config: { access: { roles: ['center_staff', 'leader', 'village_cadre'] } },
      schema: { tags, summary: '导出矛盾纠纷台账(.xlsx，记入审计)', querystring: ledgerQuery.omit({ page: true, pageSize: true }).extend({ page: z.coerce.number().default(1), pageSize: z.coerce.number().default(20) }) },
    },
    async (req, reply) => {
      const { file, count } = await exportDisputes(ctx, getActor(req), req.query);
      return reply
        .type(XLSX_MIME)
        .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent('矛盾纠纷台账.xlsx')}`)
        .header('x-export-count', String(count))
        .send(file);
    },
  );

  api.get(
    '/api/disputes/figures',
    {
      config: read,
      schema: {
        tags,
        summary: '矛盾纠纷、信访、12345工作数据(含计算公式)',
        querystring: figuresQuery,
        response: { 200: z.object({ disputes: z.array(figure), petitions: z.array(figure), hotline: z.array(figure) }) },
      },
    },
    async (req) => figures(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/disputes/:id',
    { config: read, schema: { tags, summary: '矛盾纠纷详情(当事人电话脱敏、调解记录、会商研判、调解协议)', params: idParams } },
    async (req) => getDispute(ctx, getActor(req), req.params.id),
  );

  api.post(
    '/api/disputes/:id/sessions',
    { config: keepers, schema: { tags, summary: '登记调解记录(日期、调解员、到场当事人、记录)', params: idParams, body: sessionBody, response: { 201: idOnly } } },
    async (req, reply) => reply.code(201).send(await addSession(ctx, getActor(req), req.params.id, req.body)),
  );

  api.post(
    '/api/disputes/:id/meetings',
    { config: keepers, schema: { tags, summary: '登记会商研判(3+X)会议、结论和任务', params: idParams, body: meetingBody, response: { 201: idOnly } } },
    async (req, reply) => reply.code(201).send(await addMeeting(ctx, getActor(req), req.params.id, req.body)),
  );

  api.post(
    '/api/disputes/:id/tasks/:sub/done',
    { config: keepers, schema: { tags, summary: '会商研判任务完成', params: subParams, body: taskDoneBody, response: { 200: idOnly } } },
    async (req) => completeTask(ctx, getActor(req), req.params.id, req.params.sub, req.body),
  );

  api.post(
    '/api/disputes/:id/agreements',
    { config: keepers, schema: { tags, summary: '制作调解协议书(人民调解法规定的内容)', params: idParams, body: agreementBody, response: { 201: idOnly } } },
    async (req, reply) => reply.code(201).send(await addAgreement(ctx, getActor(req), req.params.id, req.body)),
  );

  api.post(
    '/api/disputes/:id/agreements/:sub/sign',
    {
      config: keepers,
      schema: {
        tags,
        summary: '调解协议书签字生效(开始30日司法确认申请期)',
        params: subParams,
        body: signBody,
        response: { 200: z.object({ id: z.number(), version: z.number(), confirmDeadline: z.string() }) },
      },
    },
    async (req) => signAgreement(ctx, getActor(req), req.params.id, req.params.sub, req.body),
  );

  api.post(
    '/api/disputes/:id/agreements/:sub/confirmation',
    { config: keepers, schema: { tags, summary: '登记司法确认申请', params: subParams, body: confirmBody, response: { 200: idOnly } } },
    async (req) => applyConfirmation(ctx, getActor(req), req.params.id, req.params.sub, req.body),
  );

  api.get(
    '/api/disputes/:id/agreements/:sub/print',
    { config: read, schema: { tags, summary: '调解协议书打印页(A4)', params: subParams } },
    async (req, reply) => {
      // the page's only script is its 打印 button: allowed by a nonce instead of the app's script-src 'self'
      const nonce = randomBytes(16).toString('base64');
      const html = await agreementPrint(ctx, getActor(req), req.params.id, req.params.sub, nonce);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
        .send(html);
    },
  );

  api.get(
    '/api/disputes/:id/staff',
    {
      config: read,
      schema: {
        tags,
        summary: '可选的调解员和会商参会人员(本镇及上级的工作人员：姓名、角色、部门)',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.number(), name: z.string(), role: z.string(), roleLabel: z.string(), department: z.string().nullable(), departmentKind: z.string().nullable() })),
            total: z.number(),
          }),
        },
      },
    },
    async (req) => listDisputeStaff(ctx, getActor(req), req.params.id),
  );
}
