import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, Role } from '../../domain/roles';
import { type Actor, buildActor } from './access';
import { type ApiKeyPrincipal, apiKeyActor, apiKeyFromHeaders, apiKeyMayCall, resolveApiKey } from './api-keys';
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
    /** set when the caller is a machine client presenting an API key (platform/api-keys.ts) */
    apiKey: ApiKeyPrincipal | null;
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

const MAX_BODY_DEPTH = 32;
/** how long a copy of a request waits for the first copy's answer before answering IDEMPOTENCY_IN_PROGRESS */
const IDEMPOTENCY_WAIT_MS = 30_000;

/** Iterative, so that the check itself cannot overflow the stack. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > limit) return true;
    if (v && typeof v === 'object') for (const child of Object.values(v)) if (child && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Resolves the actor once per request, enforces the route's declared access, the idle timeout,
 * the first-login password change and the CSRF header; records Idempotency-Key results.
 */
export function installHttpPlumbing(app: FastifyInstance, ctx: { db: Db; config: Config; clock: () => Date }) {
  const { db, config, clock } = ctx;
  app.decorateRequest('actor', null);
  app.decorateRequest('idempotencyRowId', null);
  app.decorateRequest('apiKey', null);

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
    // 剩余信息保护: answers carrying personal data are never kept in a browser or proxy cache (a route may override)
    if (req.url.startsWith('/api/') && !req.url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
    if (!req.url.startsWith('/api/docs')) {
      reply.header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
  });

  // JSON nested thousands deep parses, but then overflows the stack of whatever walks it (hashing, jsonb, zod)
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (req.body && typeof req.body === 'object' && nestedDeeperThan(req.body, MAX_BODY_DEPTH)) {
      throw new AppError('VALIDATION_FAILED', { message: `提交的内容嵌套层级过深(最多${MAX_BODY_DEPTH}层)` });
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
    const presented = req.actor ? null : apiKeyFromHeaders(req.headers);
    if (presented) {
      // a machine client: no cookie, so no CSRF guard; its scopes open only some routes
      const key = await resolveApiKey(db, presented, clock());
      if (!apiKeyMayCall(key, req.method, req.routeOptions.url ?? '')) throw new AppError('API_KEY_SCOPE');
      req.apiKey = key;
      req.actor = apiKeyActor(key, req.ip);
    }
    if (access === 'public') {
      if (req.actor && !req.apiKey && UNSAFE.has(req.method) && !req.headers['x-requested-with']) throw new AppError('CSRF_REJECTED');
      return;
    }
    const actor = req.actor;
    if (!actor) throw new AppError('AUTH_REQUIRED');
    if (UNSAFE.has(req.method) && !req.apiKey && !req.headers['x-requested-with']) throw new AppError('CSRF_REJECTED');
    if (access.roles && !actor.roles.some((r) => access.roles!.includes(r))) throw new AppError('FORBIDDEN');
    if (access.permission && !actor.permissions.has(access.permission)) throw new AppError('FORBIDDEN');

    const key = req.headers['idempotency-key'];
    // keyed by user: machine clients (all userId 0) don't share one idempotency namespace
    if (typeof key === 'string' && key && UNSAFE.has(req.method) && !req.apiKey) {
      if (key.length > 200) throw new AppError('VALIDATION_FAILED', { field: 'Idempotency-Key' });
      const requestHash = hashToken(`${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`);
      // a copy that arrives while the first is still running waits for the first's answer (polling with backoff,
      // 30 s at most), so every copy of the request gets the same answer; if the first fails, a copy runs instead
      const waitUntil = Date.now() + IDEMPOTENCY_WAIT_MS;
      let delay = 20;
      for (;;) {
        const inserted = await db
          .insert(idempotencyKeys)
          .values({ key, userId: actor.userId, method: req.method, path: req.url, requestHash })
          .onConflictDoNothing()
          .returning({ id: idempotencyKeys.id });
        if (inserted[0]) {
          req.idempotencyRowId = inserted[0].id;
          return;
        }
        for (;;) {
          const [p] = await db
            .select()
            .from(idempotencyKeys)
            .where(and(eq(idempotencyKeys.userId, actor.userId), eq(idempotencyKeys.key, key)))
            .limit(1);
          if (!p) break; // the first failed and released the key: take it
          if (p.requestHash !== requestHash) throw new AppError('IDEMPOTENCY_MISMATCH', { field: 'Idempotency-Key' });
          if (p.statusCode !== null) {
            reply.header('idempotent-replayed', 'true');
            return reply.code(p.statusCode).send(p.response);
          }
          // a pending key left by a crashed request is released after two minutes
          if (clock().getTime() - p.createdAt.getTime() > 120_000) {
            await db.delete(idempotencyKeys).where(eq(idempotencyKeys.id, p.id));
            break;
          }
          // a first copy pending for longer than the wait itself is taken for a crashed one: no point in waiting
          if (Date.now() > waitUntil || Date.now() - p.createdAt.getTime() > IDEMPOTENCY_WAIT_MS) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 500);
        }
      }
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

/**
 * A database refusal caused by the request's values — a number out of the column's range, a date that does not
 * exist, a NUL byte, a duplicate, a missing reference, a lost serialization race — is the caller's 4xx, never a
 * 5xx (and never the SQL text). Division by zero and other faults of our own queries stay 500.
 */
export function databaseInputError(err: unknown): AppError | null {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in e) {
      if (code === '23505') return new AppError('CONFLICT');
      if (code === '40001' || code === '40P01') return new AppError('VERSION_CONFLICT');
      if (code === '22012') return null;
      if (code.startsWith('22') || code === '23502' || code === '23503' || code === '23514' || code === '54000' || code === '54001') {
        return new AppError('VALIDATION_FAILED');
      }
      return null;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Errors the router raises before any route runs (e.g. a path parameter over maxParamLength): the usual shape. */
export function frameworkError(err: Error & { statusCode?: number }, req: FastifyRequest, reply: FastifyReply) {
  const e = new AppError(err.statusCode === 404 ? 'ROUTE_NOT_FOUND' : 'VALIDATION_FAILED');
  // Open311 clients expect the GeoReport error list
  if (req.url.startsWith('/open311/')) return reply.code(e.status).send([{ code: e.status, description: `${e.message} [${e.code}]` }]);
  return reply.code(e.status).send(e.toBody());
}
