import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, auditLog } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let admin: Client;

async function newKey(scopes: string[], areaCode = '620523101', name = '县12345平台') {
  const res = await admin.post('/api/integrations/api-keys', { name, areaCode, scopes });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; key: string; prefix: string };
}

/** A machine client: no cookie, no x-requested-with — only its key. */
function call(key: string | null, method: string, url: string, body?: unknown, header: 'bearer' | 'x-api-key' = 'bearer') {
  const headers: Record<string, string> = {};
  if (key) headers[header === 'bearer' ? 'authorization' : 'x-api-key'] = header === 'bearer' ? `Bearer ${key}` : key;
  return t.app.inject({ method: method as 'GET', url, headers, payload: body as object | undefined });
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login('admin');
});
afterAll(async () => {
  await t?.close();
});

describe('API keys for machine clients', () => {
  it('administrator creates a key shown once, stored only as a hash, listed by prefix, revocable', async () => {
    const created = await newKey(['cases:read']);
    expect(created.key).toMatch(/^fq_[A-Za-z0-9_-]{40}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const [row] = await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.key.slice(10));
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);

    const list = await admin.get('/api/integrations/api-keys');
    expect(list.status).toBe(200);
    const item = list.body.items.find((k: { id: number }) => k.id === created.id);
    expect(item).toMatchObject({ name: '县12345平台', prefix: created.prefix, areaCode: '620523101', areaName: '新兴镇', scopes: ['cases:read'], revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.key);

    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'api_key.create'));
    expect(audit.some((a) => a.targetId === String(created.id))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(created.key);

    expect((await call(created.key, 'GET', '/api/cases')).statusCode).toBe(200);
    const revoked = await admin.post(`/api/integrations/api-keys/${created.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await call(created.key, 'GET', '/api/cases');
    expect(after.statusCode).toBe(401);
    expect(JSON.parse(after.body).error.code).toBe('API_KEY_INVALID');
    expect((await admin.post(`/api/integrations/api-keys/${created.id}/revoke`)).status).toBe(404);
  });

  it('only the administrator manages keys; the area must exist and the scopes be known', async () => {
    const tc = await t.login('town_center');
    expect((await tc.get('/api/integrations/api-keys')).status).toBe(403);
    expect((await tc.post('/api/integrations/api-keys', { name: '某系统', areaCode: '620523101', scopes: ['cases:read'] })).status).toBe(403);
    const badArea = await admin.post('/api/integrations/api-keys', { name: '某系统', areaCode: '620523999', scopes: ['cases:read'] });
    expect(badArea.status).toBe(400);
    expect(badArea.body.error).toMatchObject({ code: 'API_KEY_AREA', field: 'areaCode' });
    const badScope = await admin.post('/api/integrations/api-keys', { name: '某系统', areaCode: '620523101', scopes: ['cases:write'] });
    expect(badScope.status).toBe(400);
    expect(badScope.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('a key reads cases inside its area only, through the routes its scopes open, and writes nothing else', async () => {
    const { key } = await newKey(['cases:read']);
    const bearer = await call(key, 'GET', '/api/cases?pageSize=200');
    expect(bearer.statusCode).toBe(200);
    const items = JSON.parse(bearer.body).items as { id: number; areaCode: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.areaCode.startsWith('620523101'))).toBe(true);
    // the same through X-Api-Key
    expect((await call(key, 'GET', '/api/cases', undefined, 'x-api-key')).statusCode).toBe(200);

    // a case of another town answers like a missing one
    const hsb = await t.login('hsb_center');
    const outside = (await hsb.get('/api/cases?pageSize=1')).body.items[0] as { id: number };
    expect((await call(key, 'GET', `/api/cases/${outside.id}`)).statusCode).toBe(404);
    expect((await call(key, 'GET', `/api/cases/${items[0].id}`)).statusCode).toBe(200);

    // no writes, no other modules, no key management — whatever the route's own access says
    const detail = JSON.parse((await call(key, 'GET', `/api/cases/${items[0].id}`)).body) as { version: number };
    const write = await call(key, 'POST', `/api/cases/${items[0].id}/actions/accept`, { version: detail.version });
    expect(write.statusCode).toBe(403);
    expect(JSON.parse(write.body).error.code).toBe('API_KEY_SCOPE');
    expect((await call(key, 'GET', '/api/people')).statusCode).toBe(403);
    expect((await call(key, 'GET', '/api/integrations/api-keys')).statusCode).toBe(403);
    expect((await call(key, 'GET', '/api/integrations/webhooks')).statusCode).toBe(403);

    // a key without cases:read reads no cases
    const { key: writer } = await newKey(['open311:write']);
    expect((await call(writer, 'GET', '/api/cases')).statusCode).toBe(403);

    // a made-up key and a malformed one
    expect((await call(`fq_${'A'.repeat(40)}`, 'GET', '/api/cases')).statusCode).toBe(401);
    expect((await call('not-a-key', 'GET', '/api/cases', undefined, 'x-api-key')).statusCode).toBe(401);
    // without any credentials: the usual 401
    expect((await call(null, 'GET', '/api/cases')).statusCode).toBe(401);
  });

  it('notes when a key was last used', async () => {
    const { id, key } = await newKey(['cases:read']);
    t.setNow(new Date('2026-11-20T09:00:00+08:00'));
    await call(key, 'GET', '/api/case-categories');
    const [row] = await t.ctx.db.select({ lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id));
    expect(row.lastUsedAt?.toISOString()).toBe('2026-11-20T01:00:00.000Z');
    t.setNow(new Date());
  });
});
