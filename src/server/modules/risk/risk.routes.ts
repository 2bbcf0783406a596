import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../contracts/auth';
import {
  assessmentListQuery,
  assessmentView,
  convertSignalBody,
  createAssessmentBody,
  createReportBody,
  mapQuery,
  mapView,
  missingQuery,
  missingView,
  reportDetail,
  reportListQuery,
  reportView,
  rulesView,
  saveRulesBody,
  signalListQuery,
  signalView,
  trendQuery,
  trendView,
  updateAssessmentBody,
  updateReportBody,
  warningActionBody,
  warningListQuery,
  warningView,
} from '../../../contracts/risk';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { createAssessment, getAssessment, listAssessments, updateAssessment } from './assessments.service';
import { convertSignal, createReport, getReport, listReports, listSignals, missingReports, updateReport } from './reports.service';
import { ASSESSMENT_READERS, ASSESSMENT_WRITERS, REPORT_WRITERS, RISK_READERS, RISK_RESPONDERS } from './risk.shared';
import { getRules, saveRules } from './rules.service';
import { riskMap, riskTrend } from './stats.service';
import { actOnWarning, getWarning, listWarnings } from './warnings.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const tags = ['risk'];

export function registerRiskRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { roles: RISK_READERS } };
  const write = { access: { roles: REPORT_WRITERS } };

  // ---- 一周一结
  api.get(
    '/api/risk/weekly-reports',
    { config: read, schema: { tags, summary: '一周一结报告列表(按区域、周次)', querystring: reportListQuery, response: { 200: pageOf(reportView) } } },
    async (req) => listReports(ctx, getActor(req), req.query),
  );
  api.post(
    '/api/risk/weekly-reports',
    {
      config: write,
      schema: {
        tags,
        summary: '填报一周一结(每个网格每周一份，含社情民意和风险信号)',
        body: createReportBody,
        response: { 201: z.object({ id: z.number(), version: z.number(), signalIds: z.array(z.number()) }) },
      },
    },
    async (req, reply) => reply.code(201).send(await createReport(ctx, getActor(req), req.body)),
  );
  api.get(
    '/api/risk/weekly-reports/missing',
    { config: read, schema: { tags, summary: '未按时填报一周一结的网格', querystring: missingQuery, response: { 200: missingView } } },
    async (req) => missingReports(ctx, getActor(req), req.query),
  );
  api.get(
    '/api/risk/weekly-reports/:id',
    { config: read, schema: { tags, summary: '一周一结报告详情', params: idParams, response: { 200: reportDetail } } },
    async (req) => getReport(ctx, getActor(req), req.params.id),
  );
  api.patch(
    '/api/risk/weekly-reports/:id',
    {
      config: write,
      schema: {
        tags,
        summary: '修改一周一结(截止前；信号按id保留、修改，不带id的为新增)',
        params: idParams,
        body: updateReportBody,
        response: { 200: z.object({ id: z.number(), version: z.number() }) },
      },
    },
    async (req) => updateReport(ctx, getActor(req), req.params.id, req.body),
  );

  // ---- 风险信号
  api.get(
    '/api/risk/signals',
    { config: read, schema: { tags, summary: '风险信号列表(按等级、区域、类别、周次)', querystring: signalListQuery, response: { 200: pageOf(signalView) } } },
    async (req) => listSignals(ctx, getActor(req), req.query),
  );
  api.post(
    '/api/risk/signals/:id/convert',
    {
      config: write,
      schema: {
        tags,
        summary: '风险信号一键转为网格事件或矛盾纠纷',
        params: idParams,
        body: convertSignalBody,
        response: { 201: z.object({ caseId: z.number(), number: z.string() }) },
      },
    },
    async (req, reply) => reply.code(201).send(await convertSignal(ctx, getActor(req), req.params.id, req.body)),
  );

  // ---- 预警
  api.get(
    '/api/risk/warnings',
    { config: read, schema: { tags, summary: '预警列表；inbox=1 为本人待办预警', querystring: warningListQuery, response: { 200: pageOf(warningView) } } },
    async (req) => listWarnings(ctx, getActor(req), req.query),
  );
  api.get(
    '/api/risk/warnings/:id',
    { config: read, schema: { tags, summary: '预警详情(含触发的记录)', params: idParams, response: { 200: warningView } } },
    async (req) => getWarning(ctx, getActor(req), req.params.id),
  );
  const actions = [
    ['acknowledge', '签收预警'],
    ['handle', '处置预警(填写处置情况)'],
    ['close', '关闭预警(未处置的须说明理由)'],
  ] as const;
  for (const [action, summary] of actions) {
    api.post(
      `/api/risk/warnings/:id/${action}`,
      { config: { access: { roles: RISK_RESPONDERS } }, schema: { tags, summary, params: idParams, body: warningActionBody, response: { 200: warningView } } },
      async (req) => actOnWarning(ctx, getActor(req), req.params.id, action, req.body),
    );
  }

  // ---- 规则
  api.get(
    '/api/risk/rules',
    { config: { access: { roles: [...RISK_READERS, 'admin'] } }, schema: { tags, summary: '预警规则、参数和分级签收时限', response: { 200: rulesView } } },
    async () => getRules(ctx),
  );
  api.put(
    '/api/risk/rules',
    { config: { access: { permission: 'policy:manage' } }, schema: { tags, summary: '修改预警规则参数和分级签收时限', body: saveRulesBody, response: { 200: rulesView } } },
    async (req) => saveRules(ctx, getActor(req), req.body),
  );

  // ---- 风险地图与趋势
  api.get(
    '/api/risk/map',
    { config: read, schema: { tags, summary: '风险地图：各网格风险信号和未关闭预警', querystring: mapQuery, response: { 200: mapView } } },
    async (req) => riskMap(ctx, getActor(req), req.query),
  );
  api.get(
    '/api/risk/trend',
    { config: read, schema: { tags, summary: '风险信号和预警的周趋势', querystring: trendQuery, response: { 200: trendView } } },
    async (req) => riskTrend(ctx, getActor(req), req.query),
  );

  // ---- 稳评
  api.get(
    '/api/risk/assessments',
    {
      config: { access: { roles: ASSESSMENT_READERS } },
      schema: { tags, summary: '社会稳定风险评估事项(按区域、年度)', querystring: assessmentListQuery, response: { 200: pageOf(assessmentView) } },
    },
    async (req) => listAssessments(ctx, getActor(req), req.query),
  );
  api.post(
    '/api/risk/assessments',
    {
      config: { access: { roles: ASSESSMENT_WRITERS } },
      schema: { tags, summary: '登记社会稳定风险评估', body: createAssessmentBody, response: { 201: z.object({ id: z.number(), version: z.number() }) } },
    },
    async (req, reply) => reply.code(201).send(await createAssessment(ctx, getActor(req), req.body)),
  );
  api.get(
    '/api/risk/assessments/:id',
    { config: { access: { roles: ASSESSMENT_READERS } }, schema: { tags, summary: '社会稳定风险评估详情', params: idParams, response: { 200: assessmentView } } },
    async (req) => getAssessment(ctx, getActor(req), req.params.id),
  );
  api.patch(
    '/api/risk/assessments/:id',
    {
      config: { access: { roles: ASSESSMENT_WRITERS } },
      schema: {
        tags,
        summary: '修改社会稳定风险评估(风险、等级、措施、决策结果、材料)',
        params: idParams,
        body: updateAssessmentBody,
        response: { 200: z.object({ id: z.number(), version: z.number() }) },
      },
    },
    async (req) => updateAssessment(ctx, getActor(req), req.params.id, req.body),
  );
}
