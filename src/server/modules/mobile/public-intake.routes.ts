/**
 * Public intake for residents without an account (随手报, anonymous with a phone number for tracking) and the
 * aggregate public figures of a village or town. No session: every route here is `access: 'public'`.
 */
import { and, count, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentView } from '../../../contracts/cases';
import { OPEN_STATUSES } from '../../../domain/cases/types';
import type { Actor } from '../../platform/access';
import { prefixRange } from '../../platform/access';
import type { AppContext } from '../../platform/context';
import { searchHash } from '../../platform/crypto';
import { areas, caseAttachments, cases } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { locateGrid } from '../areas/grid-index';
import { attachToCase, createCase } from '../cases/cases.service';

const tags = ['public'];
const PHONE = z.string().trim().regex(/^1[3-9]\d{9}$/, '请填写11位手机号码');
const REPORT_LIMIT = 5;
const PHOTO_LIMIT = 30;
const WINDOW_MS = 10 * 60_000;
const MAX_PHOTOS = 6;
const CLOSED = ['closed', 'evaluated'];

const reportBody = z.object({
  title: z.string().trim().max(100, '标题不超过100个字').optional(),
  description: z.string().trim().min(5, '请把事情说清楚(至少5个字)').max(2000, '情况说明不超过2000个字'),
  category: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, '事件分类不正确').optional(),
  lng: z.number('经度不正确').min(-180).max(180).optional(),
  lat: z.number('纬度不正确').min(-90).max(90).optional(),
  areaCode: z.string().regex(/^\d{12}$|^\d{15}$/, '请选择村(社区)或网格').optional(),
  address: z.string().trim().max(200, '地点不超过200个字').optional(),
  phone: PHONE,
  name: z.string().trim().max(20, '姓名不超过20个字').optional(),
});

const photoBody = z.object({
  phone: PHONE,
  filename: z.string().trim().min(1, '请提供文件名').max(200),
  mime: z.enum(['image/jpeg', 'image/png'], '只能上传JPG或PNG照片'),
  dataBase64: z.string().min(1, '照片内容为空'),
  takenAt: z.iso.datetime({ offset: true, message: '拍摄时间格式不正确' }).optional(),
});

const figuresView = z.object({
  areaCode: z.string(),
  areaName: z.string(),
  year: z.number(),
  total: z.number(),
  open: z.number(),
  closed: z.number(),
  rated: z.number(),
  /** share of rated cases marked 满意 or 基本满意, 0–100; null when nobody rated yet */
  satisfactionRate: z.number().nullable(),
});

/** Sliding-window counter per key (client IP), kept in memory: enough for one process behind the proxy. */
function rateLimiter(limit: number, windowMs: number) {
  const hits = new Map<string, number[]>();
  return (key: string, now: number) => {
    const recent = (hits.get(key) ?? []).filter((t) => now - t < windowMs);
    if (recent.length >= limit) {
      hits.set(key, recent);
      throw new AppError('RATE_LIMITED');
    }
    recent.push(now);
    hits.set(key, recent);
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.every((t) => now - t >= windowMs)) hits.delete(k);
  };
}

/** The only actor an anonymous report gets: no account, only `case:report`, scoped to the place it names. */
function anonymousActor(areaCode: string, name: string | undefined, ip: string | null): Actor {
  return {
    userId: 0,
    username: 'anonymous',
    displayName: name ? `群众${name}` : '群众(未登录)',
    roles: [],
    scopes: [areaCode],
    departmentId: null,
    permissions: new Set(['case:report']),
    ip,
  };
}

async function placeOf(ctx: AppContext, body: z.infer<typeof reportBody>): Promise<string> {
  if (body.lng !== undefined && body.lat !== undefined) {
    const grid = await locateGrid(ctx, body.lng, body.lat);
    if (grid) return grid.code;
  }
  if (body.areaCode) {
    const [a] = await ctx.db.select({ code: areas.code, level: areas.level }).from(areas).where(eq(areas.code, body.areaCode)).limit(1);
    if (!a) throw new AppError('BAD_AREA_CODE', { field: 'areaCode' });
    if (a.level !== 'village' && a.level !== 'grid') throw new AppError('PUBLIC_AREA_LEVEL', { field: 'areaCode' });
    return a.code;
  }
  throw new AppError(body.lng !== undefined ? 'CASE_LOCATION_OUTSIDE' : 'CASE_AREA_REQUIRED', { field: 'areaCode' });
}

/** Start of the current year in China time (UTC+8), as an instant. */
function yearStart(now: Date): { year: number; from: Date; to: Date } {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const year = local.getUTCFullYear();
  return { year, from: new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000), to: new Date(Date.UTC(year + 1, 0, 1) - 8 * 3_600_000) };
}

export function registerPublicIntakeRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const limitReports = rateLimiter(REPORT_LIMIT, WINDOW_MS);
  const limitPhotos = rateLimiter(PHOTO_LIMIT, WINDOW_MS);

  api.post(
    '/api/public/reports',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '群众随手报(无需登录，留手机号凭编号查进度；同一IP每10分钟最多5件)',
        body: reportBody,
        response: { 201: z.object({ number: z.string() }) },
      },
    },
    async (req, reply) => {
      const body = req.body;
      if ((body.lng === undefined) !== (body.lat === undefined)) throw new AppError('VALIDATION_FAILED', { field: body.lng === undefined ? 'lng' : 'lat' });
      limitReports(req.ip, ctx.clock().getTime());
      const areaCode = await placeOf(ctx, body);
      const description = body.description;
      const title = body.title || (description.length > 30 ? `${description.slice(0, 30)}…` : description);
      const created = await createCase(
        ctx,
        anonymousActor(areaCode, body.name, req.ip),
        {
          kind: 'event',
          title,
          description,
          categoryCode: body.category ?? 'other',
          lng: body.lng,
          lat: body.lat,
          areaCode,
          address: body.address,
          people: [],
          source: 'resident',
          urgent: false,
          reporterName: body.name || '匿名群众',
          reporterPhone: body.phone,
        },
        { reporterId: null },
      );
      return reply.code(201).send({ number: created.number });
    },
  );

  api.post(
    '/api/public/reports/:number/photos',
    {
      config: { access: 'public' },
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags,
        summary: '随手报补充照片(凭编号和手机号，受理前可传，最多6张)',
        params: z.object({ number: z.string().min(1).max(40) }),
        body: photoBody,
        response: { 201: attachmentView },
      },
    },
    async (req, reply) => {
      limitPhotos(req.ip, ctx.clock().getTime());
      const [row] = await ctx.db.select().from(cases).where(eq(cases.number, req.params.number)).limit(1);
      // an anonymous report only: a wrong number or phone answers like a missing case
      if (!row || row.reporterId !== null || row.reporterPhoneHash !== searchHash(req.body.phone)) throw new AppError('CASE_TRACK_NOT_FOUND');
      if (row.status !== 'reported') throw new AppError('PUBLIC_PHOTO_LOCKED');
      const [n] = await ctx.db.select({ n: count() }).from(caseAttachments).where(eq(caseAttachments.caseId, row.id));
      if (Number(n?.n ?? 0) >= MAX_PHOTOS) throw new AppError('PUBLIC_PHOTO_LIMIT');
      const { phone: _phone, ...file } = req.body;
      const actor = anonymousActor(row.areaCode, undefined, req.ip);
      return reply.code(201).send(await attachToCase(ctx, actor, row, file));
    },
  );

  api.get(
    '/api/public/villages',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '按名称找村(社区)(群众随手报选地点用，只有区划名称和编码)',
        querystring: z.object({ q: z.string().trim().min(2, '请至少输入两个字').max(20) }),
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), townName: z.string().nullable() })), total: z.number() }) },
      },
    },
    async (req) => {
      const like = `%${req.query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await ctx.db
        .select({ code: areas.code, name: areas.name, townName: sql<string | null>`(SELECT p.name FROM areas p WHERE p.code = ${areas.parentCode})` })
        .from(areas)
        .where(and(eq(areas.level, 'village'), eq(areas.status, 'active'), sql`${areas.name} ILIKE ${like}`))
        .orderBy(areas.code)
        .limit(10);
      return { items: rows, total: rows.length };
    },
  );

  api.get(
    '/api/public/areas/:code/figures',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '村(社区)或乡镇的公开数据：本年事件总数、办理中、已办结、满意率(只有合计数)',
        params: z.object({ code: z.string().regex(/^\d{9}$|^\d{12}$/, '请提供乡镇或村(社区)编码') }),
        response: { 200: figuresView },
      },
    },
    async (req) => {
      const code = req.params.code;
      const [a] = await ctx.db.select({ name: areas.name, level: areas.level }).from(areas).where(eq(areas.code, code)).limit(1);
      if (!a || (a.level !== 'village' && a.level !== 'town')) throw new AppError('NOT_FOUND');
      const { year, from, to } = yearStart(ctx.clock());
      const where = and(eq(cases.kind, 'event'), prefixRange(cases.areaCode, code), gte(cases.createdAt, from), lt(cases.createdAt, to), sql`${cases.status} <> 'merged'`);
      const [r] = await ctx.db
        .select({
          total: count(),
          open: sql<number>`count(*) FILTER (WHERE ${inArray(cases.status, [...OPEN_STATUSES])})`,
          closed: sql<number>`count(*) FILTER (WHERE ${inArray(cases.status, CLOSED)})`,
          rated: sql<number>`count(*) FILTER (WHERE ${cases.rating} IS NOT NULL)`,
          satisfied: sql<number>`count(*) FILTER (WHERE ${inArray(cases.rating, ['satisfied', 'basically'])})`,
        })
        .from(cases)
        .where(where);
      const rated = Number(r?.rated ?? 0);
      return {
        areaCode: code,
        areaName: a.name,
        year,
        total: Number(r?.total ?? 0),
        open: Number(r?.open ?? 0),
        closed: Number(r?.closed ?? 0),
        rated,
        satisfactionRate: rated ? Math.round((Number(r?.satisfied ?? 0) * 1000) / rated) / 10 : null,
      };
    },
  );
}
