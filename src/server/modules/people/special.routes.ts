import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import { helperMemberInput, helperMemberView, specialCategory, specialPersonView, staffView } from '../../../contracts/people';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { createSpecial, getSpecial, listSpecial, replaceTeam, updateSpecial } from './special.service';
import { findStaff, STAFF_ROLES } from './staff-directory';

/** Those who set up helper teams (sensitive) and schedule 平安夜访 (visits.routes.ts). */
const PICKERS: Role[] = ['center_staff', 'leader'];

const idParams = z.object({ id: z.coerce.number().int().positive() });

/**
 * 重点人群. Reads are open to every signed-in user on purpose: the access module narrows them to nothing for
 * those without `sensitive` (or a place on the helper team), so the answer never hints that records exist.
 */
export function registerSpecialRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = { access: {} };

  api.get(
    '/api/special-persons',
    {
      config: signedIn,
      schema: {
        tags: ['people'],
        summary: '重点人员列表(须有敏感信息权限；网格员仅见本网格中本人参与帮扶的人员)',
        querystring: pageQuery.extend({
          area: z.string().regex(/^\d{2,18}$/).optional(),
          category: specialCategory.optional(),
          riskLevel: z.coerce.number().int().min(0).max(5).optional(),
          due: z.enum(['overdue', 'due_soon']).optional(),
          q: z.string().max(64).optional(),
          status: z.enum(['active', 'closed']).optional(),
        }),
        response: { 200: pageOf(specialPersonView) },
      },
    },
    async (req) => listSpecial(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/special-persons/:id',
    {
      config: signedIn,
      schema: {
        tags: ['people'],
        summary: '重点人员详情(分类信息、帮扶小组、随访计划与记录)',
        params: idParams,
        response: {
          200: specialPersonView.extend({
            details: z.record(z.string(), z.unknown()),
            note: z.string().nullable(),
            policy: z.object({ intervalDays: z.number(), notifyPolice: z.boolean(), referral: z.boolean(), note: z.string().nullable() }),
            team: z.array(helperMemberView),
            visits: z.array(
              z.object({ id: z.number(), visitedAt: z.string(), visitorName: z.string(), peopleMet: z.number(), findings: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (req) => getSpecial(ctx, getActor(req), req.params.id),
  );

  api.post(
    '/api/special-persons',
    {
      config: { access: { permission: 'sensitive' } },
      schema: {
        tags: ['people'],
        summary: '登记重点人员(分类信息按类别校验，可同时建立帮扶小组)',
        body: z.object({
          personId: z.number().int().positive(),
          category: specialCategory,
          riskLevel: z.number().int().min(0).max(5).optional(),
          details: z.record(z.string(), z.unknown()).optional(),
          team: z.array(helperMemberInput).max(20).optional(),
          note: z.string().max(500).optional(),
        }),
        response: { 201: z.object({ id: z.number(), nextVisitDue: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createSpecial(ctx, getActor(req), req.body)),
  );

  api.patch(
    '/api/special-persons/:id',
    {
      config: signedIn,
      schema: {
        tags: ['people'],
        summary: '修改重点人员(风险等级变化立即重算随访时间，3级及以上通知民警)',
        params: idParams,
        body: z.object({
          version: z.number().int(),
          riskLevel: z.number().int().min(0).max(5).optional(),
          details: z.record(z.string(), z.unknown()).optional(),
          note: z.string().max(500).nullable().optional(),
          status: z.enum(['active', 'closed']).optional(),
          reason: z.string().max(200).optional(),
        }),
        response: { 200: z.object({ version: z.number(), nextVisitDue: z.string().nullable(), policeNotified: z.number() }) },
      },
    },
    async (req) => updateSpecial(ctx, getActor(req), req.params.id, req.body),
  );

  api.put(
    '/api/special-persons/:id/team',
    {
      config: { access: { permission: 'sensitive' } },
      schema: {
        tags: ['people'],
        summary: '设置帮扶小组(五帮一：监护人、村干部、精防医生、民警、网格员)',
        params: idParams,
        body: z.object({ version: z.number().int(), members: z.array(helperMemberInput).max(20) }),
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (req) => replaceTeam(ctx, getActor(req), req.params.id, req.body),
  );

  api.get(
    '/api/staff',
    {
      config: { access: { roles: PICKERS } },
      schema: {
        tags: ['people'],
        summary: '查找工作人员(帮扶小组、平安夜访选人；本辖区及上级区域的在岗人员，按姓名、角色、区域)',
        querystring: pageQuery.extend({
          q: z.string().trim().max(32).optional(),
          area: z.string().regex(/^\d{2,18}$/).optional(),
          role: z.enum(STAFF_ROLES as [Role, ...Role[]]).optional(),
          ids: z
            .string()
            .regex(/^\d+(,\d+){0,49}$/)
            .optional()
            .describe('逗号分隔的用户ID(回显已选人员)'),
        }),
        response: { 200: pageOf(staffView) },
      },
    },
    async (req) => findStaff(ctx, getActor(req), { ...req.query, ids: req.query.ids?.split(',').map(Number) }),
  );
}
