/** API keys for machine clients and webhook subscriptions (issue 12), shared by the server and the console. */
import { z } from 'zod';

export const API_KEY_SCOPES = ['open311:read', 'open311:write', 'cases:read', 'webhooks:manage'] as const;
export const API_KEY_SCOPE_LABEL: Record<(typeof API_KEY_SCOPES)[number], string> = {
  'open311:read': 'Open311 查询(含描述和位置)',
  'open311:write': 'Open311 提交诉求',
  'cases:read': '查询事件和区划',
  'webhooks:manage': '订阅事件推送(Webhook)',
};
export const WEBHOOK_EVENTS = ['case.created', 'case.status_changed', 'case.closed'] as const;

export const WEBHOOK_EVENT_LABEL: Record<(typeof WEBHOOK_EVENTS)[number], string> = {
  'case.created': '新事件上报',
  'case.status_changed': '事件状态变化',
  'case.closed': '事件结案',
};

export const createApiKeyBody = z.object({
  name: z.string().trim().min(2, '请填写对接系统名称(至少2个字)').max(50),
  areaCode: z.string().regex(/^\d{2,18}$/, '请选择绑定的区划或网格'),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, '请至少选择一项权限').max(API_KEY_SCOPES.length),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

export const apiKeyView = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  areaCode: z.string(),
  areaName: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  subscriptions: z.number(),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;

/** The answer to creating a key: the only time the key itself is shown. */
export const createdApiKeyView = apiKeyView.extend({ key: z.string() });

export const createWebhookBody = z.object({
  url: z.url('回调地址不是有效的网址').max(500),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
});

export const webhookView = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.string()),
  areaCode: z.string(),
  createdAt: z.string(),
});

/** The answer to creating a subscription: the only time its signing secret is shown. */
export const createdWebhookView = webhookView.extend({ secret: z.string() });

export const webhookDeliveryView = z.object({
  id: z.number(),
  eventId: z.number().nullable(),
  type: z.string(),
  state: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
});

/** The JSON body of a case-event delivery (signed: see docs/integrations.md). */
export const caseEventPayload = z.object({
  id: z.number(),
  type: z.enum(WEBHOOK_EVENTS),
  occurredAt: z.string(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  case: z.object({ id: z.number(), number: z.string(), kind: z.string(), title: z.string(), areaCode: z.string(), status: z.string(), statusLabel: z.string() }),
});
export type CaseEventPayload = z.infer<typeof caseEventPayload>;
