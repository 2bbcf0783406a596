import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import type { AppContext } from '../../platform/context';
import { getActor } from '../../platform/http';
import { addPost, endPost, listPosts } from './area-posts.service';
import {
  addForceBody,
  addPostBody,
  areaItemView,
  areaView,
  codeParam,
  createAreaBody,
  FORCE_KINDS,
  featureCollection,
  forceView,
  mapSettingsView,
  postView,
  updateAreaBody,
} from './areas.schemas';
import {
  createArea,
  getArea,
  listBoundaries,
  listChildren,
  listRoots,
  locateInScope,
  retireArea,
  SEARCH_LIMIT,
  searchAreas,
  updateArea,
} from './areas.service';
import { addForce, forcesSummary, listForces } from './forces.service';
import { getMapSettings, setMapSettings } from './map-settings.service';

const statusQuery = z.enum(['active', 'retired', 'all']);

export function registerAreaRoutes(app: FastifyInstance, ctx: AppContext) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const read = { access: { permission: 'area:read' as const } };
  const manage = { access: { permission: 'area:manage' as const } };
  const tags = ['areas'];

  api.get(
    '/api/areas/roots',
    { config: read, schema: { tags, summary: '我的管辖区域(区划树第一级)', response: { 200: pageOf(areaItemView) } } },
    async (req) => listRoots(ctx, getActor(req)),
  );

  api.get(
    '/api/areas/search',
    {
      config: read,
      schema: {
        tags,
        summary: `按名称搜索管辖范围内的区域(最多${SEARCH_LIMIT}条)`,
        querystring: z.object({ q: z.string().trim().min(1).max(32), status: statusQuery.default('all') }),
        response: { 200: pageOf(areaItemView) },
      },
    },
    async (req) => searchAreas(ctx, getActor(req), req.query.q, req.query.status),
  );

  api.get(
    '/api/areas/locate',
    {
      config: read,
      schema: {
        tags,
        summary: '按经纬度定位所在网格(管辖范围内)',
        querystring: z.object({ lng: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) }),
        response: { 200: areaView },
      },
    },
    async (req) => locateInScope(ctx, getActor(req), req.query.lng, req.query.lat),
  );

  api.get(
    '/api/areas/:code',
    { config: read, schema: { tags, summary: '区域详情(含边界与上级路径)', params: codeParam, response: { 200: areaView } } },
    async (req) => getArea(ctx, getActor(req), req.params.code),
  );

  api.get(
    '/api/areas/:code/children',
    {
      config: read,
      schema: {
        tags,
        summary: '下级区域',
        params: codeParam,
        querystring: z.object({ status: statusQuery.default('active') }),
        response: { 200: pageOf(areaItemView) },
      },
    },
    async (req) => listChildren(ctx, getActor(req), req.params.code, req.query.status),
  );

  api.get(
    '/api/areas/:code/boundaries',
    {
      config: read,
      schema: {
        tags,
        summary: '下级区域边界(GeoJSON，供地图显示；网格显示本网格及其微网格)',
        params: codeParam,
        response: { 200: featureCollection },
      },
    },
    async (req) => listBoundaries(ctx, getActor(req), req.params.code),
  );

  api.post(
    '/api/areas',
    {
      config: manage,
      schema: {
        tags,
        summary: '新建网格(村/社区下)或微网格(网格下)',
        body: createAreaBody,
        response: { 201: areaView },
      },
    },
    async (req, reply) => reply.code(201).send(await createArea(ctx, getActor(req), req.body)),
  );

  api.patch(
    '/api/areas/:code',
    {
      config: manage,
      schema: { tags, summary: '修改网格或微网格(名称、类型、户数、人口、边界、备注)', params: codeParam, body: updateAreaBody, response: { 200: areaView } },
    },
    async (req) => updateArea(ctx, getActor(req), req.params.code, req.body),
  );

  api.post(
    '/api/areas/:code/retire',
    {
      config: manage,
      schema: {
        tags,
        summary: '撤销网格或微网格(有在用下级时不能撤销；在任人员随之卸任)',
        params: codeParam,
        body: z.object({ version: z.number().int().optional() }).default({}),
        response: { 200: areaView },
      },
    },
    async (req) => retireArea(ctx, getActor(req), req.params.code, req.body.version),
  );

  // responsible people by post

  api.get(
    '/api/areas/:code/posts',
    {
      config: read,
      schema: {
        tags,
        summary: '区域责任人(包抓领导、网格长、网格员、1+N+X等)；history=1含历任',
        params: codeParam,
        querystring: z.object({ history: z.enum(['0', '1']).default('0') }),
        response: { 200: pageOf(postView) },
      },
    },
    async (req) => listPosts(ctx, getActor(req), req.params.code, req.query.history === '1'),
  );

  api.post(
    '/api/areas/:code/posts',
    {
      config: manage,
      schema: { tags, summary: '登记区域责任人(电话只保存脱敏号码)', params: codeParam, body: addPostBody, response: { 201: postView } },
    },
    async (req, reply) => reply.code(201).send(await addPost(ctx, getActor(req), req.params.code, req.body)),
  );

  api.post(
    '/api/areas/:code/posts/:id/end',
    {
      config: manage,
      schema: {
        tags,
        summary: '责任人卸任(保留任职历史)',
        params: codeParam.extend({ id: z.coerce.number().int().positive() }),
        response: { 200: postView },
      },
    },
    async (req) => endPost(ctx, getActor(req), req.params.code, req.params.id),
  );

  // 群防群治力量

  api.get(
    '/api/areas/:code/forces/summary',
    {
      config: read,
      schema: {
        tags,
        summary: '群防群治力量分类人数(含全部下级)；total为总人数',
        params: codeParam,
        response: { 200: pageOf(z.object({ kind: z.string(), count: z.number() })) },
      },
    },
    async (req) => forcesSummary(ctx, getActor(req), req.params.code),
  );

  api.get(
    '/api/areas/:code/forces',
    {
      config: read,
      schema: {
        tags,
        summary: '群防群治力量名册(含全部下级)',
        params: codeParam,
        querystring: pageQuery.extend({ kind: z.enum(FORCE_KINDS).optional() }),
        response: { 200: pageOf(forceView) },
      },
    },
    async (req) => listForces(ctx, getActor(req), req.params.code, req.query),
  );

  api.post(
    '/api/areas/:code/forces',
    {
      config: manage,
      schema: { tags, summary: '登记群防群治力量成员', params: codeParam, body: addForceBody, response: { 201: forceView } },
    },
    async (req, reply) => reply.code(201).send(await addForce(ctx, getActor(req), req.params.code, req.body)),
  );

  // map basemap setting

  api.get(
    '/api/settings/map',
    { config: { access: {} }, schema: { tags: ['settings'], summary: '地图底图设置', response: { 200: mapSettingsView } } },
    async () => getMapSettings(ctx),
  );

  api.put(
    '/api/settings/map',
    {
      config: { access: { permission: 'policy:manage' } },
      schema: {
        tags: ['settings'],
        summary: '设置地图底图瓦片地址(如天地图)；为空则不加载底图',
        body: z.object({ tileUrl: z.string().max(1000).nullable() }),
        response: { 200: mapSettingsView },
      },
    },
    async (req) => setMapSettings(ctx, getActor(req), req.body),
  );
}
