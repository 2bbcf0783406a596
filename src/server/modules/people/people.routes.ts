import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf, pageQuery } from '../../../contracts/auth';
import { householdView, importErrorView, moveView, personInput, personView } from '../../../contracts/people';
import type { Role } from '../../../domain/roles';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { getActor } from '../../platform/http';
import { buildImportTemplate, exportPeople, importPeople, XLSX_MIME } from './people-import';
import {
  createBuilding,
  createHousehold,
  createHouse,
  createPerson,
  getHousehold,
  getPerson,
  listBuildings,
  listHouseholds,
  listPeople,
  movePerson,
  revealPerson,
  updatePerson,
} from './people.service';

/** 实有人口 is read by the people who serve residents; written by those who register them. */
export const PEOPLE_READERS: Role[] = ['center_staff', 'village_cadre', 'grid_worker', 'leader', 'dept_staff'];
export const PEOPLE_WRITERS: Role[] = ['center_staff', 'village_cadre', 'grid_worker'];
const EXPORTERS: Role[] = ['center_staff', 'village_cadre', 'leader'];

const idParams = z.object({ id: z.coerce.number().int().positive() });
const areaParam = z.string().regex(/^\d{2,18}$/).optional();
const ok = z.object({ version: z.number() });

function contentDisposition(filename: string): string {
  return `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext) {
  // workbook uploads arrive as the raw .xlsx body; the parser lives in this plugin's scope only
  app.register(async (scoped) => {
    scoped.addContentTypeParser([XLSX_MIME, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) =>
      done(null, body),
    );
    const api = scoped.withTypeProvider<ZodTypeProvider>();
    const read = { access: { roles: PEOPLE_READERS } };
    const write = { access: { roles: PEOPLE_WRITERS } };

    api.get(
      '/api/people',
      {
        config: read,
        schema: {
          tags: ['people'],
          summary: '实有人口列表(身份证号、手机号脱敏；可按身份证号/手机号精确查找)',
          querystring: pageQuery.extend({
            area: areaParam,
            q: z.string().max(64).optional(),
            idCard: z.string().max(18).optional(),
            phone: z.string().max(20).optional(),
            tag: z.string().max(16).optional(),
            householdId: z.coerce.number().int().positive().optional(),
            status: z.enum(['active', 'moved_out', 'deceased']).optional(),
          }),
          response: { 200: pageOf(personView) },
        },
      },
      async (req) => listPeople(ctx, getActor(req), req.query),
    );

    api.get(
      '/api/people/import-template',
      {
        config: write,
        schema: { tags: ['people'], summary: '下载实有人口导入模板(.xlsx)' },
      },
      async (req, reply) => {
        const actor = getActor(req);
        const example = actor.scopes.find((s) => s.length >= 15) ?? '620523101001001';
        const file = await buildImportTemplate(example.slice(0, 15));
        return reply.type(XLSX_MIME).header('content-disposition', contentDisposition('实有人口导入模板.xlsx')).send(file);
      },
    );

    api.post(
      '/api/people/import',
      {
        config: write,
        schema: {
          tags: ['people'],
          summary: '导入实有人口(上传.xlsx；有误的行逐行报告原因，其余行一次导入)',
          response: {
            200: z.object({
              totalRows: z.number(),
              imported: z.number(),
              newHouseholds: z.number(),
              badRows: z.number(),
              errors: z.array(importErrorView),
            }),
          },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError('IMPORT_BAD_FILE');
        return importPeople(ctx, getActor(req), req.body);
      },
    );

    api.get(
      '/api/people/export',
      {
        config: { access: { roles: EXPORTERS } },
        schema: {
          tags: ['people'],
          summary: '导出实有人口(.xlsx；无敏感信息权限时脱敏；记入审计)',
          querystring: z.object({ area: areaParam, q: z.string().max(64).optional(), tag: z.string().max(16).optional() }),
        },
      },
      async (req, reply) => {
        const { file, count, masked } = await exportPeople(ctx, getActor(req), req.query);
        return reply
          .type(XLSX_MIME)
          .header('content-disposition', contentDisposition('实有人口.xlsx'))
          .header('x-export-count', String(count))
          .header('x-export-masked', masked ? '1' : '0')
          .send(file);
      },
    );

    api.get(
      '/api/people/:id',
      {
        config: read,
        schema: {
          tags: ['people'],
          summary: '人员详情(含迁入迁出记录)',
          params: idParams,
          response: { 200: personView.extend({ moves: z.array(moveView) }) },
        },
      },
      async (req) => getPerson(ctx, getActor(req), req.params.id),
    );

    api.post(
      '/api/people',
      {
        config: write,
        schema: { tags: ['people'], summary: '登记人员', body: personInput, response: { 201: z.object({ id: z.number() }) } },
      },
      async (req, reply) => reply.code(201).send(await createPerson(ctx, getActor(req), req.body)),
    );

    api.patch(
      '/api/people/:id',
      {
        config: write,
        schema: {
          tags: ['people'],
          summary: '修改人员信息',
          params: idParams,
          body: personInput.omit({ areaCode: true }).partial().extend({ version: z.number().int() }),
          response: { 200: ok },
        },
      },
      async (req) => updatePerson(ctx, getActor(req), req.params.id, req.body),
    );

    api.post(
      '/api/people/:id/move',
      {
        config: write,
        schema: {
          tags: ['people'],
          summary: '迁出 / 区内变动 / 迁入',
          params: idParams,
          body: z.object({
            version: z.number().int(),
            kind: z.enum(['out', 'transfer', 'in']),
            toArea: z.string().regex(/^\d{15}(\d{3})?$/).optional(),
            householdId: z.number().int().positive().nullable().optional(),
            reason: z.string().max(200).optional(),
          }),
          response: { 200: ok },
        },
      },
      async (req) => movePerson(ctx, getActor(req), req.params.id, req.body),
    );

    api.post(
      '/api/people/:id/reveal',
      {
        config: { access: { permission: 'sensitive' } },
        schema: {
          tags: ['people'],
          summary: '查看完整身份证号或手机号(须填写原因，记入审计)',
          params: idParams,
          body: z.object({ field: z.enum(['idCard', 'phone']), reason: z.string().max(200).optional() }),
          response: { 200: z.object({ field: z.string(), value: z.string().nullable() }) },
        },
      },
      async (req) => revealPerson(ctx, getActor(req), req.params.id, req.body),
    );

    api.get(
      '/api/households',
      {
        config: read,
        schema: {
          tags: ['people'],
          summary: '户列表',
          querystring: pageQuery.extend({ area: areaParam, q: z.string().max(64).optional(), tag: z.string().max(16).optional() }),
          response: { 200: pageOf(householdView) },
        },
      },
      async (req) => listHouseholds(ctx, getActor(req), req.query),
    );

    api.get(
      '/api/households/:id',
      {
        config: read,
        schema: {
          tags: ['people'],
          summary: '户详情(含家庭成员)',
          params: idParams,
          response: { 200: householdView.extend({ people: z.array(personView) }) },
        },
      },
      async (req) => getHousehold(ctx, getActor(req), req.params.id),
    );

    api.post(
      '/api/households',
      {
        config: write,
        schema: {
          tags: ['people'],
          summary: '新建户',
          body: z.object({
            areaCode: z.string().regex(/^\d{15}(\d{3})?$/),
            householdNo: z.string().trim().min(1).max(32),
            address: z.string().max(200).optional(),
            houseId: z.number().int().positive().nullable().optional(),
            tags: z.array(z.string().max(16)).max(20).optional(),
          }),
          response: { 201: z.object({ id: z.number() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await createHousehold(ctx, getActor(req), req.body)),
    );

    const houseView = z.object({ id: z.number(), unit: z.string().nullable(), room: z.string(), usage: z.string() });
    api.get(
      '/api/buildings',
      {
        config: read,
        schema: {
          tags: ['people'],
          summary: '楼栋/院落及房屋',
          querystring: pageQuery.extend({ area: areaParam }),
          response: {
            200: pageOf(
              z.object({
                id: z.number(),
                areaCode: z.string(),
                name: z.string(),
                kind: z.string(),
                address: z.string().nullable(),
                houses: z.array(houseView),
              }),
            ),
          },
        },
      },
      async (req) => listBuildings(ctx, getActor(req), req.query),
    );

    api.post(
      '/api/buildings',
      {
        config: write,
        schema: {
          tags: ['people'],
          summary: '新建楼栋/院落',
          body: z.object({
            areaCode: z.string().regex(/^\d{15}(\d{3})?$/),
            name: z.string().trim().min(1).max(64),
            kind: z.enum(['楼栋', '院落', '平房']).optional(),
            address: z.string().max(200).optional(),
          }),
          response: { 201: z.object({ id: z.number() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await createBuilding(ctx, getActor(req), req.body)),
    );

    api.post(
      '/api/buildings/:id/houses',
      {
        config: write,
        schema: {
          tags: ['people'],
          summary: '新建房屋',
          params: idParams,
          body: z.object({
            unit: z.string().max(16).optional(),
            room: z.string().trim().min(1).max(16),
            usage: z.enum(['自住', '出租', '空置', '经营']).optional(),
          }),
          response: { 201: z.object({ id: z.number() }) },
        },
      },
      async (req, reply) => reply.code(201).send(await createHouse(ctx, getActor(req), req.params.id, req.body)),
    );
  });
}
