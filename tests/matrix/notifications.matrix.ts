/**
 * Scope-matrix rows of the notifications outbox (src/server/modules/notifications). Channel settings are the
 * administrator's and own no area; the delivery log is read and retried by administrators and by centre staff
 * in their area. `setup` writes one abandoned delivery in 新兴镇 and one in 红砂坝镇.
 */
import { outbox } from '../../src/server/platform/db/schema';
import { noOutside } from './support';
import type { MatrixEntry, MatrixExemption, MatrixSetup } from './types';
import { INSIDE_TOWN, OUTSIDE_TOWN } from './types';

export const setup: MatrixSetup = async (t) => {
  const now = t.ctx.clock();
  const row = (areaCode: string) => ({
    channel: 'webhook',
    recipient: 'default',
    template: 'case.dispatched',
    payload: { title: '矩阵测试' },
    dedupeKey: `matrix:${areaCode}`,
    areaCode,
    state: 'dead',
    attempts: 6,
    nextAttemptAt: now,
    lastError: '对方接口返回 HTTP 500',
    createdAt: now,
  });
  const [a, b] = await t.ctx.db.insert(outbox).values([row(INSIDE_TOWN), row(OUTSIDE_TOWN)]).returning({ id: outbox.id });
  return { insideDelivery: a.id, outsideDelivery: b.id };
};

export const exemptions: MatrixExemption[] = [
  { endpoint: 'GET /api/notifications/preferences', why: "own contacts and choices only (keyed by the caller's user id)" },
  { endpoint: 'PUT /api/notifications/preferences', why: "own contacts and choices only (keyed by the caller's user id)" },
];

export const entries: MatrixEntry[] = [
  { endpoint: 'GET /api/notifications/channels', inside: { method: 'GET', url: '/api/notifications/channels' }, outside: null, allowed: ['admin'] },
  {
    endpoint: 'PUT /api/notifications/channels/:channel',
    inside: { method: 'PUT', url: '/api/notifications/channels/webhook', body: { enabled: false, values: {}, kinds: null, maxAttempts: 6, version: 0 } },
    outside: null,
    allowed: ['admin'],
    denialsOnly: true,
  },
  {
    endpoint: 'GET /api/notifications/deliveries',
    inside: { method: 'GET', url: '/api/notifications/deliveries?pageSize=200' },
    outside: null,
    allowed: ['admin', 'center_staff'],
    check: noOutside,
  },
  {
    endpoint: 'POST /api/notifications/deliveries/:id/retry',
    inside: { method: 'POST', url: '/api/notifications/deliveries/{insideDelivery}/retry', body: {} },
    outside: { method: 'POST', url: '/api/notifications/deliveries/{outsideDelivery}/retry', body: {} },
    allowed: ['admin', 'center_staff'],
    denialsOnly: true,
  },
];
