/**
 * Open311 GeoReport v2 at /open311/v2 (docs/integrations.md). Every path ends in .json or .xml; errors answer
 * the spec's error array ([{code, description}], XML <errors><error>…) with a 4xx status. Reads are public
 * (a key with open311:read sees more); POST requests needs an api_key with open311:write, in the form body
 * (as the spec sends it) or as a header.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { databaseInputError } from '../../platform/http';
import {
  FORMATS,
  type Format,
  discovery,
  getRequest,
  getToken,
  listRequests,
  listRequestsQuery,
  listServices,
  postRequest,
  postRequestBody,
  readerKey,
  serviceDefinition,
} from './open311.service';
import { type XmlValue, toXml } from './xml';

const tags = ['open311'];
const open = { access: 'public' as const };
const format = z.enum(FORMATS);
const STARTED = new Date();

function formatOf(req: FastifyRequest): Format {
  return (req.url.split('?')[0] ?? '').endsWith('.xml') ? 'xml' : 'json';
}

function send(reply: FastifyReply, fmt: Format, root: string, value: unknown, status = 200) {
  reply.code(status);
  if (fmt === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value as XmlValue));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

/** Any failure as the spec's error list; our own code and the field go into the description. */
function toOpen311Error(err: unknown): { status: number; errors: { code: number; description: string }[] } {
  let e: AppError;
  if (err instanceof AppError) e = err.code === 'API_KEY_INVALID' ? new AppError('OPEN311_API_KEY', { field: 'api_key' }) : err;
  else if (hasZodFastifySchemaValidationErrors(err)) {
    const first = (err as { validation: { instancePath?: string; params?: { issue?: { path?: unknown[] } } }[] }).validation[0];
    const path = first?.params?.issue?.path;
    const field = Array.isArray(path) && path.length ? path.join('.') : first?.instancePath?.replace(/^\//, '') || undefined;
    e = new AppError('VALIDATION_FAILED', { field });
  } else {
    const status = (err as { statusCode?: number }).statusCode;
    e = status && status >= 400 && status < 500 ? new AppError('VALIDATION_FAILED') : (databaseInputError(err) ?? new AppError('INTERNAL'));
  }
  const description = `${e.message}${e.field ? ` (${e.field})` : ''} [${e.code}]`;
  return { status: e.status, errors: [{ code: e.status, description }] };
}

export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext) {
  app.register(async (scoped) => {
    // the spec posts application/x-www-form-urlencoded; JSON bodies work too
    scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scoped.setErrorHandler((err, req, reply) => {
      const { status, errors } = toOpen311Error(err);
      if (status >= 500) req.log.error({ err: { message: (err as Error).message, stack: (err as Error).stack } }, 'open311 error');
      return send(reply, formatOf(req), 'errors', errors, status);
    });
    const api = scoped.withTypeProvider<ZodTypeProvider>();

    api.get(
      '/open311/v2/discovery.:format',
      { config: open, schema: { tags, summary: 'Open311 服务发现(端点地址、规范版本、支持的格式)', params: z.object({ format }) } },
      async (req, reply) => send(reply, req.params.format, 'discovery', discovery(`${req.protocol}://${req.host}`, STARTED)),
    );
    api.get(
      '/open311/v2/services.:format',
      { config: open, schema: { tags, summary: 'Open311 服务列表(即事件分类)', params: z.object({ format }) } },
      async (req, reply) => send(reply, req.params.format, 'services', await listServices(ctx)),
    );
    api.get(
      '/open311/v2/services/:service_code.:format',
      {
        config: open,
        schema: { tags, summary: 'Open311 服务定义(本平台的服务没有附加属性)', params: z.object({ service_code: z.string().min(1).max(40), format }) },
      },
      async (req, reply) => send(reply, req.params.format, 'service_definition', await serviceDefinition(ctx, req.params.service_code)),
    );
    api.post(
      '/open311/v2/requests.:format',
      {
        config: open,
        schema: {
          tags,
          summary: 'Open311 提交诉求(须带 api_key；按 lat/long 落入网格，或以 address_id 指定村/社区或网格)',
          params: z.object({ format }),
          body: postRequestBody,
        },
      },
      async (req, reply) => send(reply, req.params.format, 'service_requests', await postRequest(ctx, req.apiKey, req.ip, req.body)),
    );
    api.get(
      '/open311/v2/requests.:format',
      {
        config: open,
        schema: {
          tags,
          summary: 'Open311 查询诉求(按编号、服务、起止时间、open/closed 筛选；默认近90天，最多1000条)',
          params: z.object({ format }),
          querystring: listRequestsQuery,
        },
      },
      async (req, reply) => {
        const key = await readerKey(ctx, req.apiKey, req.query.api_key);
        return send(reply, req.params.format, 'service_requests', await listRequests(ctx, key, req.query));
      },
    );
    api.get(
      '/open311/v2/requests/:service_request_id.:format',
      {
        config: open,
        schema: {
          tags,
          summary: 'Open311 查询一件诉求',
          params: z.object({ service_request_id: z.string().min(1).max(40), format }),
          querystring: z.object({ api_key: z.string().max(100).optional() }),
        },
      },
      async (req, reply) => {
        const key = await readerKey(ctx, req.apiKey, req.query.api_key);
        return send(reply, req.params.format, 'service_requests', await getRequest(ctx, key, req.params.service_request_id));
      },
    );
    api.get(
      '/open311/v2/tokens/:token.:format',
      {
        config: open,
        schema: { tags, summary: 'Open311 凭提交时返回的 token 查询诉求编号', params: z.object({ token: z.string().min(1).max(64), format }) },
      },
      async (req, reply) => send(reply, req.params.format, 'service_requests', await getToken(ctx, req.params.token)),
    );
  });
}
