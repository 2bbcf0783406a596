/**
 * Finishes the OpenAPI document @fastify/swagger builds, so that it passes a strict validator
 * (`@redocly/openapi-core`, recommended-strict; tests/integration/openapi.test.ts) without touching each route:
 * a stable operationId per operation (the generated TypeScript client names its calls by it), the error
 * answer every operation may give, `security: []` on public routes, the API-key schemes, servers and licence.
 */
import type { SwaggerTransformObject } from '@fastify/swagger';
import { ERROR_CODES } from '../../contracts/errors';
import { API_SCOPES, apiKeyMayCall } from './api-keys';
import { routeRegistry } from './http';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** GET /api/cases/{id}/timeline → getCasesByIdTimeline; /open311/v2/services.{format} → getOpen311V2ServicesByFormat */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api(?=\/|$)/, '')
    .split(/[/.\-_]+/)
    .filter(Boolean)
    .map((seg) => {
      const param = /^\{(.+)\}$/.exec(seg);
      const word = (param ? param[1] : seg).replace(/[^A-Za-z0-9]/g, '');
      const cap = word.charAt(0).toUpperCase() + word.slice(1);
      return param ? `By${cap}` : cap;
    });
  return `${method.toLowerCase()}${words.join('')}`;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CODES), description: '稳定的错误码(src/contracts/errors.ts)' },
        message: { type: 'string', description: '给办事人员看的中文说明' },
        field: { type: 'string', description: '出错的字段' },
        details: {},
      },
    },
  },
};

/** The spec's own error list, answered by the Open311 routes. */
const open311ErrorSchema = {
  type: 'array',
  items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
};

/** `nullable` needs a `type` beside it (OpenAPI 3.0); a schema with no type already admits null. */
function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) dropUntypedNullable(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if ('nullable' in o && !('type' in o)) delete o.nullable;
  for (const v of Object.values(o)) dropUntypedNullable(v);
}

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A key holding every scope: which routes a machine client can reach at all. */
const ANY_KEY = { id: 0, name: '', prefix: '', scopes: [...API_SCOPES], areaCode: '' };
const KEY_SECURITY = [{ apiKey: [] }, { bearer: [] }];

export const finishOpenApi: SwaggerTransformObject = (documentObject) => {
  if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
  const doc = documentObject.openapiObject as Json;
  const info = (doc.info ?? {}) as Json;
  info.license ??= { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' };
  doc.info = info;
  doc.servers = [{ url: '/', description: '本服务' }];
  const components = (doc.components ?? {}) as Json;
  const schemes = (components.securitySchemes ?? {}) as Json;
  schemes.apiKey ??= { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: '对接系统的API密钥(fq_…)，也可用 Authorization: Bearer fq_…' };
  schemes.bearer ??= { type: 'http', scheme: 'bearer', description: '对接系统的API密钥(fq_…)' };
  components.securitySchemes = schemes;
  components.schemas = { ...((components.schemas ?? {}) as Json), Error: errorSchema, Open311Errors: open311ErrorSchema };
  doc.components = components;

  const publicRoutes = new Set(routeRegistry.filter((r) => r.access === 'public').map((r) => `${r.method} ${toOpenApiPath(r.url)}`));
  const used = new Set<string>();
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      let id = (op.operationId as string | undefined) ?? operationIdOf(method, path);
      while (used.has(id)) id = `${id}_`;
      used.add(id);
      op.operationId = id;
      const responses = (op.responses ?? {}) as Json;
      if (!Object.keys(responses).some((k) => k.startsWith('4'))) {
        const open311 = path.startsWith('/open311/');
        responses['4XX'] = {
          description: open311 ? 'Open311 错误列表 [{code, description}]' : '错误：稳定的错误码、中文说明和出错字段',
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${open311 ? 'Open311Errors' : 'Error'}` } } },
        };
      }
      op.responses = responses;
      const isPublic = publicRoutes.has(`${method.toUpperCase()} ${path}`);
      // the route pattern as registered: {id} → :id
      const keyable = apiKeyMayCall(ANY_KEY, method.toUpperCase(), path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1'));
      if (isPublic) op.security = keyable ? [{}, ...KEY_SECURITY] : [];
      else if (keyable) op.security = [{ session: [] }, ...KEY_SECURITY];
    }
  }
  dropUntypedNullable(doc.paths);
  dropUntypedNullable(components.schemas);
  return doc as ReturnType<SwaggerTransformObject>;
};
