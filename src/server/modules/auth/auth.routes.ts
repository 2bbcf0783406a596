import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { meSchema } from '../../../contracts/auth';
import { ROLE_LABEL } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import type { Actor } from '../../platform/access';
import { areas, departments, users } from '../../platform/db/schema';
import { getActor, SESSION_COOKIE } from '../../platform/http';
import { changePassword, logIn, logOut } from './auth.service';

async function presentMe(ctx: AppContext, actor: Actor): Promise<z.infer<typeof meSchema>> {
  const [u] = await ctx.db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  const scopeCodes = actor.scopes.filter((s) => s !== '');
  const scopeRows = scopeCodes.length
    ? await ctx.db.select({ code: areas.code, name: areas.name, level: areas.level }).from(areas).where(inArray(areas.code, scopeCodes))
    : [];
  const dept = actor.departmentId
    ? (await ctx.db.select().from(departments).where(eq(departments.id, actor.departmentId)).limit(1))[0]
    : undefined;
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    roleLabels: actor.roles.map((r) => ROLE_LABEL[r]),
    scopes: actor.scopes.map((code) => {
      const row = scopeRows.find((r) => r.code === code);
      return { code, name: row?.name ?? (code === '' ? '全部区域' : code), level: row?.level ?? 'all' };
    }),
    department: dept ? { id: dept.id, name: dept.name, kind: dept.kind } : null,
    permissions: [...actor.permissions].sort(),
    mustChangePassword: u?.mustChangePassword ?? false,
  };
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/',
    secure: ctx.config.production && process.env.FENGQIAO_INSECURE_COOKIE !== '1',
  };

  api.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: '登录',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { token, actor } = await logIn(ctx, {
        username: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
      });
      // a new token on every login: a session id planted before login is never reused
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await logOut(ctx, previous, null);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return presentMe(ctx, actor);
    },
  );

  api.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: '退出登录', response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req, reply) => {
      await logOut(ctx, req.cookies[SESSION_COOKIE], req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  api.get(
    '/api/auth/me',
    { config: { access: { beforePasswordChange: true } }, schema: { tags: ['auth'], summary: '当前用户', response: { 200: meSchema } } },
    async (req) => presentMe(ctx, getActor(req)),
  );

  api.post(
    '/api/auth/password',
    {
      config: { access: { beforePasswordChange: true } },
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => {
      await changePassword(ctx, getActor(req), req.body, req.cookies[SESSION_COOKIE]);
      return { ok: true };
    },
  );
}
