import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, Role } from '../../domain/roles';
import { type Actor, buildActor } from './access';
import type { Config } from './config';
import type { Db } from './db/client';
import { idempotencyKeys, sessions, users } from './db/schema';
import { AppError } from './errors';

/** What a route declares about who may call it; the permission snapshot test lists these. */
export type RouteAccess =
  | 'public'
  | {
      permission?: Permission;
      roles?: Role[];
      /** reachable while the user still has to change the initial password */
      beforePasswordChange?: boolean;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    idempotencyRowId: number | null;
  }
}

export const SESSION_COOKIE = 'fq_session';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function getActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('AUTH_REQUIRED');
  return req.actor;
}

export type RouteInfo = { method: string; url: string; access: string };
export const routeRegistry: RouteInfo[] = [];

function describeAccess(access: RouteAccess): string {
  if (access === 'public') return 'public';
  const parts = ['auth'];
  if (access.permission) parts.push(`perm:${access.permission}`);
  if (access.roles) parts.push(`roles:${access.roles.join('|')}`);
  if (access.beforePasswordChange) parts.push('before-password-change');
  return parts.join(' ');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the actor once per request, enforces the route's declared access, the idle timeout,
 * the first-login password change and the CSRF header; records Idempotency-Key results.
 */
export function installHttpPlumbing(app: FastifyInstance, ctx: { db: Db; config: Config; clock: () => Date }) {
  const { db, config, clock } = ctx;
  app.decorateRequest('actor', null);
  app.decorateRequest('idempotencyRowId', null);

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!url.startsWith('/api') && !url.startsWith('/open311')) return;
    if (url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${url} declares no access`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD') continue;
      routeRegistry.push({ method: m, url, access: describeAccess(access) });
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (!req.url.startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
  });

  app.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
    const access = req.routeOptions.config?.access;
    if (!access) return;
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const id = hashToken(token);
      const rows = await db
        .select({ s: sessions, u: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.id, id))
        .limit(1);
      const row = rows[0];
      const now = clock();
      if (row) {
        const idleMs = config.sessionIdleMinutes * 60_000;
        if (now.getTime() - row.s.lastSeenAt.getTime() > idleMs || row.u.status !== 'active') {
          await db.delete(sessions).where(eq(sessions.id, id));
          if (access !== 'public') throw new AppError('SESSION_EXPIRED');
        } else {
          if (now.getTime() - row.s.lastSeenAt.getTime() > 60_000) {
            await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
          }
          req.actor = buildActor({ ...row.u, ip: req.ip });
          if (row.u.mustChangePassword && access !== 'public' && !access.beforePasswordChange) {
            throw new AppError('PASSWORD_CHANGE_REQUIRED');
          }
        }
      }
    }
    if (access === 'public') {
      if (req.actor && UNSAFE.has(req.method) && !req.headers['x-requested-with']) throw new AppError('CSRF_REJECTED');
      return;
    }
    const actor = req.actor;
    if (!actor) throw new AppError('AUTH_REQUIRED');
    if (UNSAFE.has(req.method) && !req.headers['x-requested-with']) throw new AppError('CSRF_REJECTED');
    if (access.roles && !actor.roles.some((r) => access.roles!.includes(r))) throw new AppError('FORBIDDEN');
    if (access.permission && !actor.permissions.has(access.permission)) throw new AppError('FORBIDDEN');

    const key = req.headers['idempotency-key'];
    if (typeof key === 'string' && key && UNSAFE.has(req.method)) {
      if (key.length > 200) throw new AppError('VALIDATION_FAILED', { field: 'Idempotency-Key' });
      const requestHash = hashToken(`${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`);
      const inserted = await db
        .insert(idempotencyKeys)
        .values({ key, userId: actor.userId, method: req.method, path: req.url, requestHash })
        .onConflictDoNothing()
        .returning({ id: idempotencyKeys.id });
      if (inserted[0]) {
        req.idempotencyRowId = inserted[0].id;
        return;
      }
      const prior = await db
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, key)))
        .limit(1);
      const p = prior[0];
      if (!p) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
      if (p.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', { field: 'Idempotency-Key' });
      if (p.statusCode === null) {
        // a pending key left by a crashed request is released after two minutes
        if (clock().getTime() - p.createdAt.getTime() > 120_000) {
          await db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, p.id));
        }
        throw new AppError('IDEMPOTENCY_IN_PROGRESS');
      }
      reply.header('idempotent-replayed', 'true');
      return reply.code(p.statusCode).send(p.response);
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const rowId = req.idempotencyRowId;
    if (rowId === null) return payload;
    req.idempotencyRowId = null;
    if (reply.statusCode >= 500 || reply.statusCode === 409) {
      // nothing was written: let the retry run again
      await db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, rowId));
      return payload;
    }
    let body: unknown = null;
    if (typeof payload === 'string') {
      try {
        body = JSON.parse(payload);
      } catch {
        body = payload;
      }
    }
    await db.update(idempotencyKeys).set({ statusCode: reply.statusCode, response: body }).where(eq(idempotencyKeys.id, rowId));
    return payload;
  });
}
