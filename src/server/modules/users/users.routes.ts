import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { createUser, listDepartments, listUsers, resetPassword, updateUser } from './users.service';

const userView = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  scopes: z.array(z.string()),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  status: z.string(),
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  version: z.number(),
});
const idParams = z.object({ id: z.coerce.number().int().positive() });

export function registerUserRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const manage = { access: { permission: 'user:manage' as const } };

  api.get(
    '/api/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '用户列表',
        querystring: pageQuery.extend({ q: z.string().max(64).optional(), role: z.string().max(32).optional() }),
        response: { 200: pageOf(userView) },
      },
    },
    async (req) => listUsers(ctx, getActor(req), req.query),
  );

  api.post(
    '/api/users',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '新建用户(首次登录须改密码)',
        body: z.object({
          username: z.string().min(1).max(64),
          displayName: z.string().min(1).max(64),
          password: z.string().min(1).max(128),
          roles: z.array(z.string()).max(9),
          scopes: z.array(z.string().max(18)).max(50),
          departmentId: z.number().int().positive().nullable().optional(),
        }),
        response: { 201: z.object({ id: z.number() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createUser(ctx, getActor(req), req.body)),
  );

  api.patch(
    '/api/users/:id',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '修改用户的角色、管辖区域、部门或状态',
        params: idParams,
        body: z.object({
          version: z.number().int(),
          displayName: z.string().min(1).max(64).optional(),
          roles: z.array(z.string()).max(9).optional(),
          scopes: z.array(z.string().max(18)).max(50).optional(),
          departmentId: z.number().int().positive().nullable().optional(),
          status: z.enum(['active', 'disabled']).optional(),
        }),
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (req) => updateUser(ctx, getActor(req), req.params.id, req.body),
  );

  api.post(
    '/api/users/:id/reset-password',
    {
      config: manage,
      schema: {
        tags: ['users'],
        summary: '重置密码并解锁(下次登录须修改)',
        params: idParams,
        body: z.object({ password: z.string().min(1).max(128) }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => {
      await resetPassword(ctx, getActor(req), req.params.id, req.body.password);
      return { ok: true };
    },
  );

  api.get(
    '/api/departments',
    {
      config: { access: { permission: 'area:read' } },
      schema: {
        tags: ['users'],
        summary: '职能部门(本辖区及上级)',
        querystring: z.object({ area: z.string().regex(/^\d{2,18}$/).optional() }),
        response: {
          200: pageOf(z.object({ id: z.number(), areaCode: z.string(), name: z.string(), kind: z.string() })),
        },
      },
    },
    async (req) => {
      const items = await listDepartments(ctx, getActor(req), req.query.area);
      return { items, total: items.length };
    },
  );
}
