import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import {
  addSchedule,
  getPetition,
  leaderPlanBody,
  listPetitions,
  listPetitionsQuery,
  listSchedules,
  registerPetition,
  registerPetitionBody,
  scheduleBody,
  setLeaderPlan,
} from './petitions.service';

const tags = ['petitions'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const read = { access: { permission: 'case:read' as const } };
const centre: { access: { roles: Role[] } } = { access: { roles: ['center_staff'] } };

export function registerPetitionRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/petitions',
    {
      config: centre,
      schema: {
        tags,
        summary: '登记信访事项(类型、渠道、信访人；多人走访代表不超过5人)',
        body: registerPetitionBody,
        response: { 201: z.object({ id: z.number(), number: z.string(), status: z.string(), version: z.number() }) },
      },
    },
    async (req, reply) => {
      const r = await registerPetition(ctx, getActor(req), req.body);
      return reply.code(201).send({ id: r.id, number: r.number, status: r.status, version: r.version });
    },
  );

  api.get(
    '/api/petitions',
    { config: read, schema: { tags, summary: '信访事项列表(类型、渠道、复查复核阶段、积案)', querystring: listPetitionsQuery } },
    async (req) => listPetitions(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/petitions/:id',
    { config: read, schema: { tags, summary: '信访事项详情(法定期限、超期标记；检举控告人信息对被检举方保密)', params: idParams } },
    async (req) => getPetition(ctx, getActor(req), req.params.id),
  );

  api.put(
    '/api/petitions/:id/leader-plan',
    {
      config: { access: { roles: ['leader', 'center_staff'] } },
      schema: { tags, summary: '领导包案"五个一"', params: idParams, body: leaderPlanBody, response: { 200: z.object({ id: z.number() }) } },
    },
    async (req) => setLeaderPlan(ctx, getActor(req), req.params.id, req.body),
  );

  api.get(
    '/api/petition-schedules',
    {
      config: read,
      schema: { tags, summary: '领导接访下访安排', querystring: z.object({ area: z.string().regex(/^\d{2,12}$/).optional(), from: z.iso.date().optional() }) },
    },
    async (req) => listSchedules(ctx, getActor(req), req.query),
  );

  api.post(
    '/api/petition-schedules',
    { config: centre, schema: { tags, summary: '登记领导接访下访安排', body: scheduleBody, response: { 201: z.object({ id: z.number() }) } } },
    async (req, reply) => reply.code(201).send(await addSchedule(ctx, getActor(req), req.body)),
  );
}
