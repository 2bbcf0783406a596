import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/server/platform/db/schema';
import { verifyAuditChain } from '../../src/server/platform/audit';
import { type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('platform', () => {
  it('answers health with the database kind', async () => {
    const res = await t.anon().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.db).toBe(t.ctx.dbKind);
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.anon().get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toContain('/api/auth/login');
  });

  it('logs every demo account in, each seeing only its own scope', async () => {
    const expected: Record<string, string> = {
      county_center: '620523',
      town_center: '620523101',
      hsb_center: '150981109',
      leader: '620523101',
    };
    for (const [username, scope] of Object.entries(expected)) {
      const c = await t.login(username);
      const me = await c.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body.scopes.map((s: { code: string }) => s.code)).toEqual([scope]);
    }
    const worker = await (await t.login('grid_worker')).get('/api/auth/me');
    expect(worker.body.scopes[0].code).toMatch(/^620523101\d{6}$/);
    expect(worker.body.scopes[0].level).toBe('grid');
    const police = await (await t.login('dept_police')).get('/api/auth/me');
    expect(police.body.department.name).toBe('新兴派出所');
  });

  it('refuses a wrong password with a Chinese message and locks after five failures', async () => {
    const c = t.anon();
    for (let i = 0; i < 4; i++) {
      const res = await c.post('/api/auth/login', { username: 'party_member', password: 'wrong-Pass1' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('LOGIN_FAILED');
      expect(res.body.error.message).toBe('用户名或密码错误');
    }
    const fifth = await c.post('/api/auth/login', { username: 'party_member', password: 'wrong-Pass1' });
    expect(fifth.status).toBe(423);
    const locked = await c.post('/api/auth/login', { username: 'party_member', password: 'Demo@2026' });
    expect(locked.body.error.code).toBe('ACCOUNT_LOCKED');
    // after 30 minutes the lock lifts
    t.setNow(new Date(Date.now() + 31 * 60_000));
    const ok = await c.post('/api/auth/login', { username: 'party_member', password: 'Demo@2026' });
    t.setNow(new Date());
    expect(ok.status).toBe(200);
  });

  it('ends a session after 30 idle minutes', async () => {
    const c = await t.login('mediator');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    t.setNow(new Date(Date.now() + 31 * 60_000));
    const res = await c.get('/api/auth/me');
    t.setNow(new Date());
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('requires the CSRF header on browser writes', async () => {
    const c = await t.login('admin');
    const res = await c.request('POST', '/api/users', { username: 'x' }, { 'x-requested-with': '' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('CSRF_REJECTED');
  });

  it('answers bad input with a field and a Chinese message', async () => {
    const res = await t.anon().post('/api/auth/login', { username: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.field).toBeTruthy();
    expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('makes created accounts change their password first', async () => {
    const admin = await t.login('admin');
    const created = await admin.post('/api/users', {
      username: 'new_clerk',
      displayName: '新文员',
      password: 'Init@2026x',
      roles: ['center_staff'],
      scopes: ['620523101'],
    });
    expect(created.status).toBe(201);
    const weak = await admin.post('/api/users', {
      username: 'weak_clerk',
      displayName: '弱密码',
      password: 'abcdefgh',
      roles: ['center_staff'],
      scopes: ['620523101'],
    });
    expect(weak.body.error.code).toBe('WEAK_PASSWORD');
    expect(weak.body.error.field).toBe('password');
    const c = await t.login('new_clerk', 'Init@2026x');
    const blocked = await c.get('/api/departments');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await c.post('/api/auth/password', { currentPassword: 'Init@2026x', newPassword: 'Mine@2026y' });
    expect(changed.status).toBe(200);
    expect((await c.get('/api/departments')).status).toBe(200);
  });

  it('keeps a verifiable audit chain that detects an edited row', async () => {
    const before = await verifyAuditChain(t.ctx.db);
    expect(before.ok).toBe(true);
    expect(before.checked).toBeGreaterThan(5);
    const admin = await t.login('admin');
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
    await t.ctx.db.execute(sql`UPDATE ${auditLog} SET action = 'auth.logout' WHERE id = (SELECT min(id) + 2 FROM ${auditLog})`);
    const after = await verifyAuditChain(t.ctx.db);
    expect(after.ok).toBe(false);
    expect(after.brokenAt).toBeGreaterThan(0);
  });
});
