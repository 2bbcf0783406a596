/** Request and response shapes of the areas module, and the code lists its forms offer. */
import { z } from 'zod';
import { AREA_LEVELS } from '../../../domain/area-code';

export { AREA_POSTS, type AreaPost, FORCE_KINDS, GRID_TYPES, TEAM_POST, TEAM_SPECIALTIES } from '../../../contracts/areas';
import { AREA_POSTS, FORCE_KINDS, GRID_TYPES } from '../../../contracts/areas';

export const codeParam = z.object({ code: z.string().regex(/^\d{2,18}$/, '编码应为2至18位数字') });

const position = z.array(z.number()).min(2).max(3).describe('[经度, 纬度] (WGS84)');
const ring = z.array(position);
export const geometrySchema = z
  .union([
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) }),
  ])
  .describe('GeoJSON Polygon 或 MultiPolygon (WGS84)');

/** Checked by checkGeometry in the service so that every bad shape answers BAD_GEOMETRY with its reason. */
export const geometryInput = z.unknown().describe('GeoJSON Polygon 或 MultiPolygon (WGS84)；null 表示清除边界');

export const pathItem = z.object({ code: z.string(), name: z.string() });

export const areaItemView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(AREA_LEVELS as [string, ...string[]]),
  levelLabel: z.string(),
  parentCode: z.string().nullable(),
  gridType: z.string().nullable(),
  households: z.number().describe('网格：登记户数；上级区域：本人可见范围内在用网格户数之和'),
  population: z.number().describe('网格：登记人口；上级区域：本人可见范围内在用网格人口之和'),
  status: z.enum(['active', 'retired']),
  boundaryGenerated: z.boolean().describe('边界为生成的演示数据，而非实测'),
  hasBoundary: z.boolean(),
  childCount: z.number().describe('在用的下级区域数(本人可见的)'),
  note: z.string().nullable(),
  path: z.array(pathItem).describe('上级区域，自省级起'),
  version: z.number(),
});
export type AreaItem = z.infer<typeof areaItemView>;

export const areaView = areaItemView.extend({ boundary: geometrySchema.nullable() });
export type AreaView = z.infer<typeof areaView>;

export const featureCollection = z.object({
  type: z.literal('FeatureCollection'),
  bbox: z.array(z.number()).length(4).optional(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: geometrySchema,
      properties: z.object({ code: z.string(), name: z.string(), level: z.string(), generated: z.boolean() }),
    }),
  ),
});

const count = z.number().int().min(0).max(1_000_000);

export const createAreaBody = z.object({
  parentCode: z.string().regex(/^\d{2,18}$/, '编码应为数字').describe('村(社区)编码(建网格)或网格编码(建微网格)'),
  code: z.string().regex(/^\d{2,18}$/, '编码应为数字').optional().describe('不填则取下一个空闲序号'),
  name: z.string().trim().min(1).max(64),
  gridType: z.enum(GRID_TYPES).optional().describe('网格默认综合网格'),
  households: count.default(0),
  population: count.default(0),
  boundary: geometryInput.optional(),
  note: z.string().trim().max(500).optional(),
});
export type CreateAreaInput = z.infer<typeof createAreaBody>;

export const updateAreaBody = z.object({
  version: z.number().int(),
  name: z.string().trim().min(1).max(64).optional(),
  gridType: z.enum(GRID_TYPES).nullable().optional(),
  households: count.optional(),
  population: count.optional(),
  boundary: geometryInput.optional(),
  note: z.string().trim().max(500).nullable().optional(),
});
export type UpdateAreaInput = z.infer<typeof updateAreaBody>;

export const postView = z.object({
  id: z.number(),
  areaCode: z.string(),
  post: z.string(),
  personName: z.string(),
  userId: z.number().nullable(),
  specialty: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});
export type PostView = z.infer<typeof postView>;

export const addPostBody = z.object({
  post: z.enum(AREA_POSTS),
  personName: z.string().trim().min(1).max(32),
  userId: z.number().int().positive().nullable().optional(),
  specialty: z.string().trim().min(1).max(32).optional().describe('1+N+X成员必填：民警、调解员、法律顾问、社会力量等'),
  phone: z.string().trim().max(32).optional().describe('只保存脱敏后的号码，如 138****5678'),
});
export type AddPostInput = z.infer<typeof addPostBody>;

export const forceView = z.object({
  id: z.number(),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  kind: z.string(),
  personName: z.string(),
  createdAt: z.string(),
});
export type ForceView = z.infer<typeof forceView>;

export const addForceBody = z.object({
  kind: z.enum(FORCE_KINDS),
  personName: z.string().trim().min(1).max(32),
});

export const mapSettingsView = z.object({
  tileUrl: z.string().nullable().describe('底图瓦片地址模板，含 {z}/{x}/{y}；为空则不加载底图(离线矢量显示)'),
});
