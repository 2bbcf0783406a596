import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accountSecuritySchema,
  loginResultSchema,
  meSchema,
  recoveryCodesSchema,
  secondFactorCode,
  totpEnrolmentSchema,
} from '../../../contracts/auth';
import { ROLE_LABEL } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import type { Actor } from '../../platform/access';
import { areas, departments, users } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { getActor, SESSION_COOKIE } from '../../platform/http';
import {
  CHALLENGE_MINUTES,
  changePassword,
  completeTotp,
  confirmForcedEnrolment,
  logIn,
  logOut,
  startForcedEnrolment,
} from './auth.service';
import {
  accountSecurity,
  confirmOwnEnrolment,
  disableOwnTotp,
  renewRecoveryCodes,
  resetSecondFactor,
  startOwnEnrolment,
} from './security.service';

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

/** The cookie of the step between password and second factor; only the auth routes receive it. */
export const CHALLENGE_COOKIE = 'fq_login';

function client(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
}

/** A 429 tells the client when to come back. */
async function withRetryAfter<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AppError && e.code === 'LOGIN_RATE_LIMITED') {
      const seconds = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (seconds) reply.header('retry-after', String(seconds));
    }
    throw e;
  }
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const secure = ctx.config.production && process.env.FENGQIAO_INSECURE_COOKIE !== '1';
  const cookieOptions = { httpOnly: true, sameSite: 'strict' as const, path: '/', secure };
  const challengeCookie = { httpOnly: true, sameSite: 'strict' as const, path: '/api/auth', secure, maxAge: CHALLENGE_MINUTES * 60 };
  const tags = ['auth'];
  const codeBody = z.object({ code: secondFactorCode });

  /** A session starts: a planted or previous session id is never reused. */
  async function startSession(req: FastifyRequest, reply: FastifyReply, token: string) {
    const previous = req.cookies[SESSION_COOKIE];
    if (previous) await logOut(ctx, previous, null);
    reply.setCookie(SESSION_COOKIE, token, cookieOptions);
    reply.clearCookie(CHALLENGE_COOKIE, { path: '/api/auth' });
  }

  api.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '登录(密码正确后，已绑定动态验证码的账号返回 secondFactor，须再调用 /api/auth/totp)',
        body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
        response: { 200: loginResultSchema },
      },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        const outcome = await logIn(ctx, { username: req.body.username, password: req.body.password, ...client(req) });
        if (outcome.kind === 'challenge') {
          reply.setCookie(CHALLENGE_COOKIE, outcome.token, challengeCookie);
          return { secondFactor: outcome.step };
        }
        await startSession(req, reply, outcome.token);
        return presentMe(ctx, outcome.actor);
      }),
  );

  api.post(
    '/api/auth/totp',
    {
      config: { access: 'public' },
      schema: { tags, summary: '登录第二步：动态验证码或恢复码', body: codeBody, response: { 200: meSchema } },
    },
    async (req, reply) =>
      withRetryAfter(reply, async () => {
        const done = await completeTotp(ctx, req.cookies[CHALLENGE_COOKIE], req.body.code, client(req));
        await startSession(req, reply, done.token);
        return presentMe(ctx, done.actor);
      }),
  );

  api.post(
    '/api/auth/totp/enrolment',
    {
      config: { access: 'public' },
      schema: { tags, summary: '登录时强制绑定动态验证码：生成密钥和二维码内容', response: { 200: totpEnrolmentSchema } },
    },
    async (req) => startForcedEnrolment(ctx, req.cookies[CHALLENGE_COOKIE]),
  );

  api.post(
    '/api/auth/totp/enrolment/confirm',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '登录时强制绑定动态验证码：输入验证码确认并登录，返回恢复码(只显示一次)',
        body: codeBody,
        response: { 200: z.object({ me: meSchema, recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (req, reply) => {
      const done = await confirmForcedEnrolment(ctx, req.cookies[CHALLENGE_COOKIE], req.body.code, client(req));
      await startSession(req, reply, done.token);
      return { me: await presentMe(ctx, done.actor), recoveryCodes: done.recoveryCodes };
    },
  );

  api.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags, summary: '退出登录', response: { 200: z.object({ ok: z.boolean() }) } } },
    async (req, reply) => {
      await logOut(ctx, req.cookies[SESSION_COOKIE], req.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  api.get(
    '/api/auth/me',
    { config: { access: { beforePasswordChange: true } }, schema: { tags, summary: '当前用户', response: { 200: meSchema } } },
    async (req) => presentMe(ctx, getActor(req)),
  );

  api.post(
    '/api/auth/password',
    {
      config: { access: { beforePasswordChange: true } },
      schema: {
        tags,
        summary: '修改密码(其他会话全部失效，本会话换发新的会话标识)',
        body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const { token } = await changePassword(ctx, getActor(req), req.body, client(req));
      reply.setCookie(SESSION_COOKIE, token, cookieOptions);
      return { ok: true };
    },
  );

  api.get(
    '/api/auth/security',
    { config: { access: {} }, schema: { tags, summary: '账号安全：动态验证码绑定状态、恢复码余量、登录会话', response: { 200: accountSecuritySchema } } },
    async (req) => accountSecurity(ctx, getActor(req), req.cookies[SESSION_COOKIE]),
  );

  api.post(
    '/api/auth/security/totp',
    { config: { access: {} }, schema: { tags, summary: '绑定动态验证码：生成密钥和二维码内容', response: { 200: totpEnrolmentSchema } } },
    async (req) => startOwnEnrolment(ctx, getActor(req)),
  );

  api.post(
    '/api/auth/security/totp/confirm',
    {
      config: { access: {} },
      schema: { tags, summary: '绑定动态验证码：输入验证码确认，返回恢复码(只显示一次)；其他会话失效', body: codeBody, response: { 200: recoveryCodesSchema } },
    },
    async (req, reply) => {
      const done = await confirmOwnEnrolment(ctx, getActor(req), req.body.code, client(req));
      reply.setCookie(SESSION_COOKIE, done.token, cookieOptions);
      return { recoveryCodes: done.recoveryCodes };
    },
  );

  api.post(
    '/api/auth/security/totp/disable',
    {
      config: { access: {} },
      schema: {
        tags,
        summary: '解除动态验证码(须输入密码；必须使用动态验证码的角色不能解除)',
        body: z.object({ password: z.string().min(1).max(128) }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => {
      await disableOwnTotp(ctx, getActor(req), req.body.password);
      return { ok: true };
    },
  );

  api.post(
    '/api/auth/security/recovery-codes',
    {
      config: { access: {} },
      schema: { tags, summary: '重新生成恢复码(须输入当前动态验证码；旧恢复码作废)', body: codeBody, response: { 200: recoveryCodesSchema } },
    },
    async (req) => ({ recoveryCodes: await renewRecoveryCodes(ctx, getActor(req), req.body.code) }),
  );

  api.post(
    '/api/users/:id/second-factor/reset',
    {
      config: { access: { permission: 'user:manage' } },
      schema: {
        tags: ['users'],
        summary: '解除用户的动态验证码(手机和恢复码都丢失时；用户的登录全部失效，必须使用的角色下次登录重新绑定)',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => {
      await resetSecondFactor(ctx, getActor(req), req.params.id);
      return { ok: true };
    },
  );
}
