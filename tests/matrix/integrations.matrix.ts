/** API keys, webhook subscriptions (src/server/modules/integrations) and Open311 (src/server/modules/open311). */
import { must } from './support';
import { INSIDE_TOWN, type MatrixEntry, type MatrixExemption, type MatrixSetup } from './types';

export const setup: MatrixSetup = async (t) => {
  const admin = await t.login('admin');
  const key = must(await admin.post('/api/integrations/api-keys', { name: '矩阵对接系统', areaCode: INSIDE_TOWN, scopes: ['cases:read'] }), 'create an API key') as { id: number };
  return { apiKeyId: key.id };
};

/** Webhook subscriptions belong to API keys: no person's role reaches them (their key-side tests are in webhooks.test.ts). */
const machineOnly = (endpoint: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): MatrixEntry => ({
  endpoint,
  inside: { method, url, body },
  outside: null,
  allowed: [],
});

export const entries: MatrixEntry[] = [
  { endpoint: 'GET /api/integrations/api-keys', inside: { method: 'GET', url: '/api/integrations/api-keys' }, outside: null, allowed: ['admin'] },
  {
    endpoint: 'POST /api/integrations/api-keys',
    inside: { method: 'POST', url: '/api/integrations/api-keys', body: { name: '矩阵{role}', areaCode: INSIDE_TOWN, scopes: ['cases:read'] } },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  {
    endpoint: 'POST /api/integrations/api-keys/:id/revoke',
    inside: { method: 'POST', url: '/api/integrations/api-keys/{apiKeyId}/revoke' },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  machineOnly('GET /api/integrations/webhooks', 'GET', '/api/integrations/webhooks'),
  machineOnly('POST /api/integrations/webhooks', 'POST', '/api/integrations/webhooks', { url: 'https://example.org/hook', events: ['case.created'] }),
  machineOnly('DELETE /api/integrations/webhooks/:id', 'DELETE', '/api/integrations/webhooks/1'),
  machineOnly('GET /api/integrations/webhooks/:id/deliveries', 'GET', '/api/integrations/webhooks/1/deliveries'),
];

const open311 = 'Open311 GeoReport v2 (public by the spec): writes need an API key with open311:write and file inside the key area; reads without a key with open311:read show no description, address, location or photo (open311.test.ts)';
export const exemptions: MatrixExemption[] = [
  'GET /open311/v2/discovery.:format',
  'GET /open311/v2/services.:format',
  'GET /open311/v2/services/:service_code.:format',
  'POST /open311/v2/requests.:format',
  'GET /open311/v2/requests.:format',
  'GET /open311/v2/requests/:service_request_id.:format',
  'GET /open311/v2/tokens/:token.:format',
].map((endpoint) => ({ endpoint, why: open311 }));
