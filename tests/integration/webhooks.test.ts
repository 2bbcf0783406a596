/**
 * Webhook subscriptions to case events: a receiver (a local HTTP server) gets each event of a case in its key's
 * area exactly once, signed (HMAC-SHA256 over "<timestamp>.<body>"), even though its first answer is a 500.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/server/platform/outbox';
import { verifySignature } from '../../src/server/platform/signing';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

type Received = { path: string; body: string; signature?: string; timestamp?: string; delivery?: string; at: Date };

let t: TestApp;
let admin: Client;
let gw: Client;
let tc: Client;
let server: http.Server;
let base: string;
const received: Received[] = [];
let failNext = 0;
let now = new Date('2026-11-23T09:00:00+08:00');

function call(key: string, method: string, url: string, body?: unknown) {
  return t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${key}` }, payload: body as object | undefined });
}

async function newKey(areaCode: string, scopes = ['webhooks:manage']) {
  const res = await admin.post('/api/integrations/api-keys', { name: `订阅方${areaCode}`, areaCode, scopes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.key as string;
}

async function act(c: Client, id: number, action: string, payload: Record<string, unknown> = {}) {
  const cur = await c.get(`/api/cases/${id}`);
  const res = await c.post(`/api/cases/${id}/actions/${action}`, { version: cur.body.version, ...payload });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
}

/** Runs the outbox sweep, then moves the clock past any backoff. */
async function deliver() {
  await deliverOutbox(t.ctx);
  now = new Date(now.getTime() + 2 * 60_000);
  t.setNow(now);
}

beforeAll(async () => {
  t = await startTestApp();
  t.setNow(now);
  [admin, gw, tc] = await Promise.all([t.login('admin'), t.login('grid_worker'), t.login('town_center')]);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.statusCode = 500;
        res.end('busy');
        return;
      }
      received.push({
        path: req.url ?? '',
        body,
        signature: req.headers['x-fengqiao-signature'] as string | undefined,
        timestamp: req.headers['x-fengqiao-timestamp'] as string | undefined,
        delivery: req.headers['x-fengqiao-delivery'] as string | undefined,
        at: t.ctx.clock(),
      });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.close();
});

describe('webhook subscriptions to case events', () => {
  it('a receiver gets each event of its area once, signed, after a failed first attempt; other areas get nothing', async () => {
    const key = await newKey('620523101');
    const otherKey = await newKey('150981109');

    const sub = await call(key, 'POST', '/api/integrations/webhooks', { url: `${base}/xinxing`, events: ['case.created', 'case.status_changed', 'case.closed'] });
    expect(sub.statusCode, sub.body).toBe(201);
    const { id: subId, secret } = JSON.parse(sub.body) as { id: number; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const other = await call(otherKey, 'POST', '/api/integrations/webhooks', { url: `${base}/hsb`, events: ['case.created'] });
    expect(other.statusCode).toBe(201);

    // the list never shows the secret again
    const list = await call(key, 'GET', '/api/integrations/webhooks');
    expect(JSON.parse(list.body).items).toEqual([{ id: subId, url: `${base}/xinxing`, events: ['case.created', 'case.status_changed', 'case.closed'], areaCode: '620523101', createdAt: expect.any(String) }]);
    expect(list.body).not.toContain(secret);
    // each key sees only its own subscriptions
    expect(JSON.parse((await call(otherKey, 'GET', '/api/integrations/webhooks')).body).items).toHaveLength(1);
    expect((await call(otherKey, 'DELETE', `/api/integrations/webhooks/${subId}`)).statusCode).toBe(404);

    // a case of 新兴镇: reported by the grid worker, resolved on the spot, closed by the centre
    const reported = await gw.post('/api/cases', { kind: 'event', title: '路灯不亮', description: '姚庄社区东口路灯连续三晚不亮', categoryCode: 'municipal' });
    expect(reported.status, JSON.stringify(reported.body)).toBe(201);
    const caseId = reported.body.id as number;
    await act(gw, caseId, 'resolve_locally', { result: '已联系电工更换灯泡' });
    await act(tc, caseId, 'close', { note: '核查已亮' });

    failNext = 1;
    for (let i = 0; i < 4; i++) await deliver();
    // nothing left to send: more sweeps send nothing more
    await deliver();

    const mine = received.filter((r) => r.path === '/xinxing');
    const bodies = mine.map((r) => JSON.parse(r.body) as { id: number; type: string; fromStatus: string | null; toStatus: string; case: { id: number; number: string; areaCode: string; status: string } });
    expect(bodies.map((b) => [b.type, b.fromStatus, b.toStatus]).sort()).toEqual(
      [
        ['case.closed', 'handled', 'closed'],
        ['case.created', null, 'reported'],
        ['case.status_changed', 'handled', 'closed'],
        ['case.status_changed', 'reported', 'handled'],
      ].sort(),
    );
    expect(new Set(bodies.map((b) => b.id)).size).toBe(4);
    expect(new Set(mine.map((r) => r.delivery)).size).toBe(4);
    for (const [i, r] of mine.entries()) {
      expect(bodies[i].case).toMatchObject({ id: caseId, number: reported.body.number, areaCode: expect.stringMatching(/^620523101/) });
      expect(r.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(verifySignature(secret, r.timestamp, r.signature, r.body, r.at)).toBe(true);
      expect(verifySignature('wrong-secret', r.timestamp, r.signature, r.body, r.at)).toBe(false);
      expect(verifySignature(secret, r.timestamp, r.signature, `${r.body} `, r.at)).toBe(false);
      // no personal data in the event
      expect(r.body).not.toContain('reporterPhone');
    }
    // 红砂坝镇's subscriber hears nothing of 新兴镇
    expect(received.filter((r) => r.path === '/hsb')).toEqual([]);

    // the delivery log shows the retry
    const deliveries = JSON.parse((await call(key, 'GET', `/api/integrations/webhooks/${subId}/deliveries`)).body).items as { state: string; attempts: number }[];
    expect(deliveries).toHaveLength(4);
    expect(deliveries.every((d) => d.state === 'sent')).toBe(true);
    expect(deliveries.map((d) => d.attempts).sort()).toEqual([1, 1, 1, 2]);
  });

  it('a deleted subscription or a revoked key stops deliveries; only keys with webhooks:manage subscribe, to https in production', async () => {
    const key = await newKey('620523101');
    const sub = JSON.parse((await call(key, 'POST', '/api/integrations/webhooks', { url: `${base}/gone`, events: ['case.created'] })).body) as { id: number };
    expect((await call(key, 'DELETE', `/api/integrations/webhooks/${sub.id}`)).statusCode).toBe(200);
    expect((await call(key, 'GET', `/api/integrations/webhooks/${sub.id}/deliveries`)).statusCode).toBe(404);

    const revokedKey = await newKey('620523101');
    await call(revokedKey, 'POST', '/api/integrations/webhooks', { url: `${base}/revoked`, events: ['case.created'] });
    const list = (await admin.get('/api/integrations/api-keys')).body.items as { id: number; prefix: string; subscriptions: number }[];
    const revokedRow = list.find((k) => revokedKey.startsWith(k.prefix))!;
    expect(revokedRow.subscriptions).toBe(1);
    expect((await admin.post(`/api/integrations/api-keys/${revokedRow.id}/revoke`)).status).toBe(200);

    expect((await gw.post('/api/cases', { kind: 'event', title: '井盖松动', description: '社区西门井盖松动', categoryCode: 'municipal' })).status).toBe(201);
    await deliver();
    expect(received.filter((r) => r.path === '/gone' || r.path === '/revoked')).toEqual([]);

    // people (even the centre) have no subscriptions; a key needs the scope
    expect((await tc.post('/api/integrations/webhooks', { url: `${base}/x`, events: ['case.created'] })).status).toBe(403);
    const reader = await newKey('620523101', ['cases:read']);
    expect((await call(reader, 'POST', '/api/integrations/webhooks', { url: `${base}/x`, events: ['case.created'] })).statusCode).toBe(403);
    const bad = await call(key, 'POST', '/api/integrations/webhooks', { url: 'ftp://example.org/hook', events: ['case.created'] });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('WEBHOOK_URL');
    t.ctx.config.production = true;
    try {
      const plain = await call(key, 'POST', '/api/integrations/webhooks', { url: 'http://example.org/hook', events: ['case.created'] });
      expect(JSON.parse(plain.body).error.code).toBe('WEBHOOK_URL');
    } finally {
      t.ctx.config.production = false;
    }
  });
});
