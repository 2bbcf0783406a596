import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { INDICATORS, INDICATOR_IDS, MEASURE_LABEL } from '../../../domain/indicators/indicators';
import type { Role } from '../../../domain/roles';
import { recordAuditAlone } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { XLSX_MIME, rankingWorkbook, reportWorkbook } from './metrics-excel';
import { dashboard, drill, loadWeights, mapAreas, monthlyReport, ranking, saveWeights, summary, trend } from './metrics.service';
import { checkConsistency } from './rollup';

/** Who reads assessment figures: the centres, leaders (包抓领导) and village cadres — each within their scope. */
export const METRIC_READERS: Role[] = ['center_staff', 'leader', 'village_cadre'];
const tags = ['metrics'];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为YYYY-MM-DD');
const areaParam = z.string().regex(/^\d{2,18}$/).optional();
const periodQuery = z.object({
  area: areaParam,
  period: z.string().max(10).optional(),
  from: day.optional(),
  to: day.optional(),
});
const figure = z.object({
  id: z.string(),
  name: z.string(),
  formula: z.string(),
  unit: z.string(),
  version: z.number(),
  numerator: z.number(),
  denominator: z.number().nullable(),
  numeratorLabel: z.string(),
  denominatorLabel: z.string().nullable(),
  value: z.number().nullable(),
});
const threeNone = z.object({ noPetition: z.boolean(), noCase: z.boolean(), noAccident: z.boolean(), petitions: z.number(), cases: z.number(), accidents: z.number() });
const areaRef = z.object({ code: z.string(), name: z.string(), level: z.string() });
const period = z.object({ from: z.string(), to: z.string(), label: z.string() });
const summaryView = z.object({
  area: areaRef,
  period,
  indicators: z.array(figure),
  threeNone,
  children: z.array(areaRef.extend({ indicators: z.array(figure), threeNone })),
});
const weight = z.object({ indicator: z.enum(INDICATOR_IDS), weight: z.number().int().min(0).max(100) });
const target = z.enum(['children', 'departments']);
const rankingView = z.object({
  area: areaRef,
  target: z.string(),
  period,
  weights: z.array(weight),
  weightsVersion: z.number(),
  rows: z.array(z.object({ key: z.string(), name: z.string(), rank: z.number(), score: z.number(), figures: z.array(figure), threeNone: threeNone.nullable() })),
});
const caseRef = z.object({ id: z.number(), number: z.string(), title: z.string(), areaCode: z.string(), dueAt: z.string(), grade: z.string() });

function disposition(name: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerMetricRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { roles: METRIC_READERS } };

  api.get(
    '/api/metrics/indicators',
    {
      config: { access: { roles: [...METRIC_READERS, 'admin'] } },
      schema: {
        tags,
        summary: '考核指标定义(名称、公式、分子分母、单位、版本)',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.string(), name: z.string(), formula: z.string(), unit: z.string(), version: z.number(), scope: z.string(), numerator: z.string(), denominator: z.string().nullable(), note: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async () => ({
      items: INDICATORS.map((i) => ({
        id: i.id,
        name: i.name,
        formula: i.formula,
        unit: i.unit,
        version: i.version,
        scope: i.scope,
        numerator: MEASURE_LABEL[i.numerator.measure],
        denominator: i.denominator ? MEASURE_LABEL[i.denominator.measure] : null,
        note: i.note ?? null,
      })),
    }),
  );

  api.get(
    '/api/metrics/summary',
    {
      config: read,
      schema: { tags, summary: '区域考核指标(含分子分母)及下级区域指标、三无状态', querystring: periodQuery.extend({ kind: z.string().max(32).optional() }), response: { 200: summaryView } },
    },
    async (req) => summary(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/metrics/trend',
    {
      config: read,
      schema: {
        tags,
        summary: '指标月度趋势',
        querystring: z.object({ area: areaParam, indicator: z.string().max(40), months: z.coerce.number().int().min(1).max(36).optional(), to: day.optional() }),
        response: {
          200: z.object({ area: areaRef, indicator: z.string(), name: z.string(), formula: z.string(), points: z.array(figure.extend({ month: z.string() })) }),
        },
      },
    },
    async (req) => trend(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/metrics/drill',
    {
      config: read,
      schema: {
        tags,
        summary: '指标穿透：分子或分母背后的记录(案件、走访、户……)',
        querystring: periodQuery.extend({
          indicator: z.string().max(40),
          part: z.enum(['numerator', 'denominator']),
          kind: z.string().max(32).optional(),
          department: z.coerce.number().int().positive().optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: {
          200: z.object({
            measure: z.string(),
            label: z.string(),
            total: z.number(),
            items: z.array(z.object({ id: z.number(), type: z.string(), label: z.string(), areaCode: z.string(), at: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => drill(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/metrics/ranking',
    {
      config: read,
      schema: { tags, summary: '一月一排名、一季一考核：下级区域或职能部门排名', querystring: periodQuery.extend({ target: target.default('children') }), response: { 200: rankingView } },
    },
    async (req) => ranking(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/metrics/ranking.xlsx',
    {
      config: read,
      schema: { tags, summary: '导出考核排名表(Excel，按机关打印版式；记入审计)', querystring: periodQuery.extend({ target: target.default('children') }) },
    },
    async (req, reply) => {
      const actor = getActor(req);
      const res = await ranking(ctx, actor, req.query);
      const file = await rankingWorkbook(res, actor.displayName, ctx.clock());
      await recordAuditAlone(ctx.db, {
        actorId: actor.userId,
        actorName: actor.displayName,
        ip: actor.ip,
        action: 'metrics.ranking.export',
        targetType: 'area',
        targetId: res.area.code,
        areaCode: res.area.code,
        detail: { period: res.period, target: res.target, rows: res.rows.length },
      });
      return reply.type(XLSX_MIME).header('content-disposition', disposition(`${res.area.name}考核排名.xlsx`)).send(file);
    },
  );

  api.get(
    '/api/metrics/weights',
    {
      config: { access: { roles: [...METRIC_READERS, 'admin'] } },
      schema: { tags, summary: '排名权重(政策数据)', querystring: z.object({ target: target.default('children') }), response: { 200: z.object({ target: z.string(), weights: z.array(weight), version: z.number() }) } },
    },
    async (req) => ({ target: req.query.target, ...(await loadWeights(ctx.db, req.query.target)) }),
  );

  api.put(
    '/api/metrics/weights',
    {
      config: { access: { roles: ['admin', 'center_staff'] } },
      schema: {
        tags,
        summary: '修改排名权重(记入审计；version为当前版本，首次为0)',
        body: z.object({ target, weights: z.array(weight).min(1).max(20), version: z.number().int().min(0) }),
        response: { 200: z.object({ target: z.string(), weights: z.array(weight), version: z.number() }) },
      },
    },
    async (req) => saveWeights(ctx, getActor(req), req.body),
  );

  api.get(
    '/api/metrics/dashboard',
    {
      config: read,
      schema: {
        tags,
        summary: '驾驶舱：指标、下级区域、网格地图、趋势、排名、超期与督办',
        querystring: periodQuery,
        response: {
          200: summaryView.extend({
            path: z.array(z.object({ code: z.string(), name: z.string() })),
            trend: z.array(z.object({ month: z.string(), reported: z.number(), closeRate: z.number().nullable() })),
            overdue: z.object({ total: z.number(), items: z.array(caseRef) }),
            supervisions: z.object({
              total: z.number(),
              items: z.array(z.object({ id: z.number(), caseId: z.number(), number: z.string(), title: z.string(), note: z.string(), kind: z.string(), at: z.string() })),
            }),
            map: z.object({
              grids: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  values: z.array(z.object({ id: z.string(), numerator: z.number(), denominator: z.number().nullable(), value: z.number().nullable() })),
                }),
              ),
              markers: z.array(z.object({ id: z.number(), lng: z.number(), lat: z.number(), grade: z.string(), title: z.string(), overdue: z.boolean() })),
              warnings: z.array(z.object({ id: z.number(), areaCode: z.string(), grade: z.string(), title: z.string() })),
            }),
            ranking: z.array(z.object({ key: z.string(), name: z.string(), rank: z.number(), score: z.number() })),
            generatedAt: z.string(),
          }),
        },
      },
    },
    async (req) => dashboard(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/metrics/map-areas',
    {
      config: read,
      schema: {
        tags,
        summary: '驾驶舱地图：管辖范围内网格边界(静态图层，ETag缓存；指标随驾驶舱刷新)',
        querystring: z.object({ area: areaParam }),
        response: { 200: z.object({ area: areaRef, grids: z.array(z.object({ code: z.string(), name: z.string(), boundary: z.unknown() })) }), 304: z.null() },
      },
    },
    async (req, reply) => {
      const res = await mapAreas(ctx, getActor(req), req.query, req.headers['if-none-match']);
      // private: what a user may see depends on their scope; revalidated with the ETag after an hour
      reply.header('etag', res.etag).header('cache-control', 'private, max-age=3600');
      if (res.notModified) return reply.code(304).send(null);
      return res.body;
    },
  );

  const reportQuery = z.object({ area: areaParam, month: z.string().regex(/^\d{4}-\d{2}$/, '月份格式应为YYYY-MM') });
  api.get(
    '/api/metrics/report',
    {
      config: read,
      schema: {
        tags,
        summary: '月度平安建设报告(指标、排名、三无、重点案件)',
        querystring: reportQuery,
        response: {
          200: summaryView.extend({
            ranking: rankingView.shape.rows,
            weights: z.array(weight),
            notable: z.array(z.object({ id: z.number(), number: z.string(), title: z.string(), status: z.string(), grade: z.string(), areaCode: z.string(), owned: z.boolean(), supervised: z.boolean() })),
          }),
        },
      },
    },
    async (req) => monthlyReport(ctx, getActor(req), req.query),
  );

  api.get(
    '/api/metrics/report.xlsx',
    { config: read, schema: { tags, summary: '导出月度平安建设报告(Excel；记入审计)', querystring: reportQuery } },
    async (req, reply) => {
      const actor = getActor(req);
      const rep = await monthlyReport(ctx, actor, req.query);
      const file = await reportWorkbook(rep, actor.displayName, ctx.clock());
      await recordAuditAlone(ctx.db, {
        actorId: actor.userId,
        actorName: actor.displayName,
        ip: actor.ip,
        action: 'metrics.report.export',
        targetType: 'area',
        targetId: rep.area.code,
        areaCode: rep.area.code,
        detail: { month: req.query.month },
      });
      return reply.type(XLSX_MIME).header('content-disposition', disposition(`${rep.area.name}${req.query.month}平安建设报告.xlsx`)).send(file);
    },
  );

  api.get(
    '/api/metrics/consistency',
    {
      config: { access: { roles: ['admin', 'center_staff'] } },
      schema: {
        tags,
        summary: '一致性校验：按原始记录重算本人管辖范围内的汇总数据并逐项比对',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            differences: z.array(z.object({ table: z.string(), key: z.string(), stored: z.string(), recomputed: z.string() })),
          }),
        },
      },
    },
    async (req) => checkConsistency(ctx.db, getActor(req)),
  );
}
