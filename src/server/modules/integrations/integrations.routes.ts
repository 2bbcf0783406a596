/**
 * API for other systems (issue 12): API keys (administrator) and webhook subscriptions to case events (machine
 * clients holding a key with `webhooks:manage`). See docs/integrations.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageOf } from '../../../contracts/auth';
import {
  apiKeyView,
  createApiKeyBody,
  createdApiKeyView,
  createdWebhookView,
  createWebhookBody,
  webhookDeliveryView,
  webhookView,
} from '../../../contracts/integrations';
import type { ApiKeyPrincipal } from '../../platform/api-keys';
import type { AppContext } from '../../platform/context';
import { AppError } from '../../platform/errors';
import { getActor } from '../../platform/http';
import { registerSender } from '../../platform/outbox';
import { onCaseEvents } from '../cases/case-events';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service';
import { WEBHOOK_CHANNEL, caseWebhookSender, createSubscription, deleteSubscription, listDeliveries, listSubscriptions, recordCaseEvents } from './webhooks.service';

const tags = ['integrations'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const admin = { access: { permission: 'user:manage' as const } };
const machine = { access: { permission: 'webhook:manage' as const } };

/** Subscriptions belong to a key: only a machine client calling with its key has one. */
function keyOf(req: FastifyRequest): ApiKeyPrincipal {
  if (!req.apiKey) throw new AppError('API_KEY_SCOPE');
  return req.apiKey;
}

export function registerIntegrationRoutes(app: FastifyInstance, ctx: AppContext) {
  onCaseEvents(recordCaseEvents);
  registerSender(WEBHOOK_CHANNEL, caseWebhookSender);
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/integrations/api-keys',
    { config: admin, schema: { tags, summary: 'API密钥列表(对接系统、绑定区域、权限、最近使用)', response: { 200: pageOf(apiKeyView) } } },
    async () => listApiKeys(ctx),
  );
  api.post(
    '/api/integrations/api-keys',
    {
      config: admin,
      schema: { tags, summary: '新建API密钥(密钥只在此时显示一次)', body: createApiKeyBody, response: { 201: createdApiKeyView } },
    },
    async (req, reply) => reply.code(201).send(await createApiKey(ctx, getActor(req), req.body)),
  );
  api.post(
    '/api/integrations/api-keys/:id/revoke',
    { config: admin, schema: { tags, summary: '停用API密钥(立即生效，其事件订阅随之停止)', params: idParams, response: { 200: apiKeyView } } },
    async (req) => revokeApiKey(ctx, getActor(req), req.params.id),
  );

  api.get(
    '/api/integrations/webhooks',
    { config: machine, schema: { tags, summary: '本密钥的事件订阅', response: { 200: pageOf(webhookView) } } },
    async (req) => listSubscriptions(ctx, keyOf(req)),
  );
  api.post(
    '/api/integrations/webhooks',
    {
      config: machine,
      schema: {
        tags,
        summary: '订阅事件推送(本密钥区域内的事件；签名密钥只在此时显示一次)',
        body: createWebhookBody,
        response: { 201: createdWebhookView },
      },
    },
    async (req, reply) => reply.code(201).send(await createSubscription(ctx, keyOf(req), getActor(req), req.body)),
  );
  api.delete(
    '/api/integrations/webhooks/:id',
    { config: machine, schema: { tags, summary: '取消事件订阅', params: idParams, response: { 200: z.object({ id: z.number() }) } } },
    async (req) => deleteSubscription(ctx, keyOf(req), getActor(req), req.params.id),
  );
  api.get(
    '/api/integrations/webhooks/:id/deliveries',
    { config: machine, schema: { tags, summary: '事件订阅的推送记录(状态、次数、最近错误)', params: idParams, response: { 200: pageOf(webhookDeliveryView) } } },
    async (req) => listDeliveries(ctx, keyOf(req), req.params.id),
  );
}
