import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ERROR_CODES } from '../contracts/errors';
import { registerModules } from './modules';
import type { AppContext } from './platform/context';
import { AppError } from './platform/errors';
import { databaseInputError, frameworkError, installHttpPlumbing } from './platform/http';
import { finishOpenApi } from './platform/openapi';

z.config(z.locales.zhCN());

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../dist/web');
export const APP_VERSION: string = JSON.parse(
  fs.readFileSync(path.resolve(here, '../../package.json'), 'utf8'),
).version;

export type BuildOptions = AppContext & { logger?: boolean; serveWeb?: boolean };

function validationError(err: unknown): AppError {
  const issues = (err as { validation: { instancePath?: string; message?: string; params?: { issue?: { path?: unknown[] } } }[] })
    .validation;
  const first = issues[0];
  const issuePath = first?.params?.issue?.path;
  const field = Array.isArray(issuePath) && issuePath.length ? issuePath.join('.') : first?.instancePath?.replace(/^\//, '').replaceAll('/', '.') || undefined;
  const message = first?.message ? `${field ? `${field}: ` : ''}${first.message}` : ERROR_CODES.VALIDATION_FAILED.message;
  return new AppError('VALIDATION_FAILED', { field, message });
}

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: 'info', redact: ['req.headers.cookie', 'req.headers.authorization'] } : false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: opts.config.trustProxy,
    ajv: { customOptions: { coerceTypes: true } },
    frameworkErrors: frameworkError,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (hasZodFastifySchemaValidationErrors(err)) appErr = validationError(err);
    else {
      const e = err as { code?: string; statusCode?: number };
      if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') appErr = new AppError('BAD_JSON');
      else if (e.statusCode === 413) appErr = new AppError('PAYLOAD_TOO_LARGE');
      else if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH')
        appErr = new AppError('VALIDATION_FAILED', { message: '不支持的请求内容类型' });
      else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) appErr = new AppError('VALIDATION_FAILED');
      else if (databaseInputError(err)) appErr = databaseInputError(err)!;
      else {
        req.log.error({ err: { message: (err as Error).message, stack: (err as Error).stack } }, 'unhandled error');
        appErr = new AppError('INTERNAL');
      }
    }
    reply.code(appErr.status).send(appErr.toBody());
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '枫桥 Fengqiao API',
        description: '基层社会治理平台接口。登录后以 Cookie 会话调用；浏览器写操作需带 x-requested-with 头。',
        version: APP_VERSION,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'fq_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    // operationIds, error answers, public security, servers: so the document passes a strict validator
    transformObject: finishOpenApi,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  installHttpPlumbing(app, opts);

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['platform'],
        summary: '健康检查',
        response: { 200: z.object({ ok: z.boolean(), db: z.enum(['pglite', 'postgres']), version: z.string() }) },
      },
    },
    async () => ({ ok: true, db: opts.dbKind, version: APP_VERSION }),
  );
  api.get(
    '/api/openapi.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  await registerModules(app, opts);

  const serveWeb = opts.serveWeb ?? true;
  if (serveWeb && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false });
    const indexHtml = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    // the phone apps (resident H5 under /m, grid worker PWA under /m/worker) have their own page
    const mobilePath = path.join(WEB_DIST, 'm.html');
    const mobileHtml = fs.existsSync(mobilePath) ? fs.readFileSync(mobilePath, 'utf8') : indexHtml;
    app.setNotFoundHandler((req, reply) => {
      if (req.url.startsWith('/api') || req.url.startsWith('/open311') || req.method !== 'GET') {
        return reply.code(404).send(new AppError('ROUTE_NOT_FOUND').toBody());
      }
      const file = req.url.split('?')[0];
      if (path.extname(file) && file !== '/') return reply.code(404).send('');
      const html = file === '/m' || file.startsWith('/m/') ? mobileHtml : indexHtml;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
    });
  } else {
    app.setNotFoundHandler((_req, reply) => reply.code(404).send(new AppError('ROUTE_NOT_FOUND').toBody()));
  }
  return app;
}
