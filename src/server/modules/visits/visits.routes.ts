import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import { specialPersonView, visitPolicyView, visitView } from '../../../contracts/people';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { loadPolicies, replacePolicies } from './visit-policies.service';
import {
  addVisitPhoto,
  createCampaign,
  createVisit,
  dueVisits,
  getCampaign,
  listCampaigns,
  listVisits,
  readVisitPhoto,
  reportVisitFinding,
  visitStats,
} from './visits.service';

/** Those who visit households (grid workers, cadres, centre staff, leaders on 平安夜访, party volunteers). */
const VISITORS: Role[] = ['grid_worker', 'village_cadre', 'center_staff', 'leader', 'party_member', 'mediator'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const dateStr = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD')
  // 2026-13-45 has the right shape but is no day: refuse it here rather than fail on it later
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '日期不存在');
const areaParam = z.string().regex(/^\d{2,18}$/).optional();
const count = z.number();

const campaignView = z.object({
  id: z.number(),
  name: z.string(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  weekday: z.number(),
  startTime: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  participantIds: z.array(z.number()),
  targetHouseholds: z.number().nullable(),
  sessionsScheduled: count,
  eveningsWithVisits: count,
  visits: count,
  households: count,
  personVisits: count,
});
const statsRow = z.object({ visits: count, households: count, personVisits: count, specialVisits: count, campaignVisits: count });

export function registerVisitRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const visitors = { access: { roles: VISITORS } };

  api.post(
    '/api/visits',
    {
      config: visitors,
      schema: {
        tags: ['visits'],
        summary: '登记入户走访(重点人员随访会重算下次随访时间)',
        body: z.object({
          householdId: z.number().int().positive().nullable().optional(),
          areaCode: z.string().regex(/^\d{15}(\d{3})?$/).nullable().optional(),
          specialPersonId: z.number().int().positive().nullable().optional(),
          campaignId: z.number().int().positive().nullable().optional(),
          visitedAt: z.string().datetime({ offset: true }).optional(),
          peopleMet: z.number().int().min(0).max(100).optional(),
          personIds: z.array(z.number().int().positive()).max(50).optional(),
          findings: z.string().max(2000).nullable().optional(),
          photos: z.array(z.string().regex(/^[0-9a-f]{64}$/, '照片须先上传')).max(20).optional(),
          location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable().optional(),
        }),
        response: { 201: z.object({ id: z.number(), nextVisitDue: z.string().nullable() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createVisit(ctx, getActor(req), req.body)),
  );

  api.post(
    '/api/visits/:id/photos',
    {
      config: visitors,
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['visits'],
        summary: '上传走访照片(JPG/PNG，不超过5MB，每次走访最多20张)',
        params: idParams,
        body: z.object({ mime: z.enum(['image/jpeg', 'image/png']), dataBase64: z.string().min(1), filename: z.string().max(200).optional() }),
        response: { 201: z.object({ sha256: z.string(), mime: z.string(), size: z.number(), photos: z.array(z.string()) }) },
      },
    },
    async (req, reply) => reply.code(201).send(await addVisitPhoto(ctx, getActor(req), req.params.id, req.body)),
  );

  api.get(
    '/api/visits/:id/photos/:sha256',
    {
      config: visitors,
      schema: {
        tags: ['visits'],
        summary: '查看走访照片(每次查看记入审计)',
        params: z.object({ id: z.coerce.number().int().positive(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (req, reply) => {
      const p = await readVisitPhoto(ctx, getActor(req), req.params.id, req.params.sha256);
      return reply.header('content-type', p.mime).header('cache-control', 'private, max-age=3600').send(p.data);
    },
  );

  api.post(
    '/api/visits/:id/case',
    {
      config: { access: { roles: VISITORS, permission: 'case:report' } },
      schema: {
        tags: ['visits'],
        summary: '走访发现的问题一键上报为事件或矛盾纠纷',
        params: idParams,
        body: z.object({
          kind: z.enum(['event', 'dispute']).default('event'),
          categoryCode: z.string().min(1).max(40),
          title: z.string().trim().min(1).max(100),
          description: z.string().trim().max(5000).optional(),
          grade: z.enum(['routine', 'key', 'hard']).optional(),
          urgent: z.boolean().optional(),
        }),
        response: { 201: z.object({ caseId: z.number(), number: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await reportVisitFinding(ctx, getActor(req), req.params.id, req.body)),
  );

  api.get(
    '/api/visits',
    {
      config: visitors,
      schema: {
        tags: ['visits'],
        summary: '走访记录',
        querystring: pageQuery.extend({
          area: areaParam,
          from: dateStr.optional(),
          to: dateStr.optional(),
          householdId: z.coerce.number().int().positive().optional(),
          specialPersonId: z.coerce.number().int().positive().optional(),
          campaignId: z.coerce.number().int().positive().optional(),
          mine: z.enum(['0', '1']).optional(),
        }),
        response: { 200: pageOf(visitView) },
      },
    },
    async (req) => listVisits(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/visits/due',
    {
      config: { access: {} },
      schema: {
        tags: ['visits'],
        summary: '待随访/逾期随访的重点人员(mine=本人负责，area=辖区)',
        querystring: pageQuery.extend({
          scope: z.enum(['mine', 'area']).default('mine'),
          withinDays: z.coerce.number().int().min(0).max(90).default(7),
          area: areaParam,
        }),
        response: {
          200: pageOf(
            specialPersonView.extend({ daysOverdue: z.number(), responsible: z.array(z.string()), myRoles: z.array(z.string()) }),
          ).extend({ overdue: z.number() }),
        },
      },
    },
    async (req) => dueVisits(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/visits/stats',
    {
      config: { access: { permission: 'area:read' } },
      schema: {
        tags: ['visits'],
        summary: '走访统计：按网格和时段统计走访户数、人次',
        querystring: z.object({ area: areaParam, from: dateStr.optional(), to: dateStr.optional() }),
        response: {
          200: z.object({
            area: z.string().nullable(),
            from: z.string().nullable(),
            to: z.string().nullable(),
            totals: statsRow,
            items: z.array(statsRow.extend({ gridCode: z.string(), gridName: z.string().nullable(), gridHouseholds: count })),
          }),
        },
      },
    },
    async (req) => visitStats(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/visit-policies',
    {
      config: { access: {} },
      schema: { tags: ['visits'], summary: '重点人员随访间隔规则', response: { 200: z.object({ items: z.array(visitPolicyView) }) } },
    },
    async () => ({ items: (await loadPolicies(ctx.db)).map((p) => ({ ...p, note: p.note ?? null })) }),
  );

  api.put(
    '/api/visit-policies',
    {
      config: { access: { permission: 'policy:manage' } },
      schema: {
        tags: ['visits'],
        summary: '修改随访间隔规则(整体替换；按新间隔重算下次随访时间)',
        body: z.object({ items: z.array(visitPolicyView).min(1).max(100) }),
        response: { 200: z.object({ rescheduled: z.number() }) },
      },
    },
    async (req) => replacePolicies(ctx, getActor(req), req.body.items),
  );

  api.post(
    '/api/visit-campaigns',
    {
      config: { access: { roles: ['leader', 'center_staff'] } },
      schema: {
        tags: ['visits'],
        summary: '安排平安夜访(每周固定一晚，干部入户)',
        body: z.object({
          name: z.string().trim().min(1).max(64),
          areaCode: z.string().regex(/^\d{6,18}$/),
          weekday: z.number().int().min(0).max(6),
          startTime: z.string().regex(/^\d{2}:\d{2}$/).optional(),
          startDate: dateStr,
          endDate: dateStr,
          participantIds: z.array(z.number().int().positive()).min(1).max(500),
          targetHouseholds: z.number().int().min(0).nullable().optional(),
        }),
        response: { 201: z.object({ id: z.number() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(ctx, getActor(req), req.body)),
  );

  api.get(
    '/api/visit-campaigns',
    {
      config: visitors,
      schema: {
        tags: ['visits'],
        summary: '平安夜访活动及完成情况',
        querystring: pageQuery.extend({ area: areaParam }),
        response: { 200: pageOf(campaignView) },
      },
    },
    async (req) => listCampaigns(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/visit-campaigns/:id',
    {
      config: visitors,
      schema: {
        tags: ['visits'],
        summary: '平安夜访详情(每位参加人员的走访户数、人次)',
        params: idParams,
        response: {
          200: campaignView.extend({
            participants: z.array(
              z.object({ userId: z.number(), displayName: z.string(), visits: count, households: count, personVisits: count }),
            ),
          }),
        },
      },
    },
    async (req) => getCampaign(ctx, getActor(req), req.params.id),
  );
}
