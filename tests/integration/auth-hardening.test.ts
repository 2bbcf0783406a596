/**
 * 身份鉴别 and 入侵防范 (issue 11 §5): the TOTP second factor (RFC 6238), recovery codes, replay refusal,
 * forced enrolment in required mode, the per-address login limit shared by two app instances on one
 * database, session rotation, uploads checked by content and served as attachments, and no inline script.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { recoveryCodes, totpFactors, users } from '../../src/server/platform/db/schema';
import { base32Decode, base32Encode, hotp, totpCode } from '../../src/server/platform/totp';
import { DEMO_PASSWORD } from '../../src/server/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let now = new Date('2026-03-02T02:00:00Z');
const extraApps: FastifyInstance[] = [];
/** set once the administrator has bound an authenticator (required-mode test); later logins answer its step */
let adminSecret: string | null = null;

/** A browser: keeps every cookie the server sets (session and login step), speaks from one address. */
class Browser {
  cookies = new Map<string, string>();
  constructor(
    readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}
  async send(method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) {
    const res = await this.app.inject({
      method,
      url,
      payload: method === 'GET' ? undefined : ((body ?? {}) as object),
      remoteAddress: this.ip,
      headers: {
        'x-requested-with': 'fengqiao-test',
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      },
    });
    const set = res.headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const [k, v] = [pair.slice(0, i), pair.slice(i + 1)];
      if (v === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    let parsed: any = res.body;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // not JSON
    }
    return { status: res.statusCode, body: parsed, headers: res.headers };
  }
  get(url: string) {
    return this.send('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.send('POST', url, body);
  }
  login(username: string, password = DEMO_PASSWORD) {
    return this.post('/api/auth/login', { username, password });
  }
}

function tick(seconds: number) {
  now = new Date(now.getTime() + seconds * 1000);
  t.setNow(now);
}

async function anotherInstance(config: Partial<TestApp['ctx']['config']>): Promise<FastifyInstance> {
  const app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, ...config }, serveWeb: false });
  await app.ready();
  extraApps.push(app);
  return app;
}

beforeAll(async () => {
  t = await startTestApp();
  t.setNow(now);
});

afterAll(async () => {
  for (const a of extraApps) await a.close();
  await t?.close();
});

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors and round-trips base32', () => {
    const secret = Buffer.from('12345678901234567890');
    // RFC 6238 appendix B (SHA-1), last six of the eight digits
    expect(hotp(secret, Math.floor(59 / 30))).toBe('287082');
    expect(hotp(secret, Math.floor(1111111109 / 30))).toBe('081804');
    expect(hotp(secret, Math.floor(1234567890 / 30))).toBe('005924');
    expect(hotp(secret, Math.floor(2000000000 / 30))).toBe('279037');
    expect(base32Encode(secret)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').equals(secret)).toBe(true);
  });

  it('enrols on the account-security page, then asks for a code at login; codes and recovery codes work once', async () => {
    const b = new Browser(t.app);
    expect((await b.login('town_center')).status).toBe(200);
    const before = b.cookies.get('fq_session');
    expect((await b.get('/api/auth/security')).body.totp).toMatchObject({ enrolled: false, required: false });

    const enrol = await b.post('/api/auth/security/totp');
    expect(enrol.status).toBe(200);
    expect(enrol.body.uri).toMatch(/^otpauth:\/\/totp\/%E6%9E%AB%E6%A1%A5:town_center\?secret=[A-Z2-7]{32}&issuer=/);
    const secret: string = enrol.body.secret;
    // the secret is encrypted at rest
    const [row] = await t.ctx.db.select().from(totpFactors).innerJoin(users, eq(users.id, totpFactors.userId)).where(eq(users.username, 'town_center'));
    expect(row.totp_factors.secret).not.toContain(secret);
    expect(row.totp_factors.secret).toMatch(/^v1:/);

    expect((await b.post('/api/auth/security/totp/confirm', { code: totpCode(secret, new Date(now.getTime() + 5 * 60_000)) })).body.error.code).toBe('TOTP_INVALID');
    const confirmed = await b.post('/api/auth/security/totp/confirm', { code: totpCode(secret, now) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // recovery codes are stored hashed, never in clear
    const stored = await t.ctx.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, row.users.id));
    expect(stored).toHaveLength(10);
    for (const s of stored) expect(codes.some((c) => s.codeHash.includes(c.replaceAll('-', '')))).toBe(false);
    // enrolling is a privilege step: the session id changed and the old one is gone
    expect(b.cookies.get('fq_session')).not.toBe(before);
    const stale = new Browser(t.app);
    stale.cookies.set('fq_session', before!);
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    expect((await b.get('/api/auth/security')).body.totp).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });

    // the same step's code was used to confirm: it cannot log in
    const c = new Browser(t.app);
    expect((await c.login('town_center')).body).toEqual({ secondFactor: 'totp' });
    expect(c.cookies.has('fq_session')).toBe(false);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    expect((await c.post('/api/auth/totp', { code: totpCode(secret, now) })).body.error.code).toBe('TOTP_INVALID');

    tick(30);
    const ok = await c.post('/api/auth/totp', { code: totpCode(secret, now) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.username).toBe('town_center');
    expect((await c.get('/api/auth/me')).status).toBe(200);

    // replay: the code just used, in a new login within its window
    const d = new Browser(t.app);
    expect((await d.login('town_center')).body.secondFactor).toBe('totp');
    expect((await d.post('/api/auth/totp', { code: totpCode(secret, now) })).body.error.code).toBe('TOTP_INVALID');
    // a code from a step before the last accepted one is refused too
    expect((await d.post('/api/auth/totp', { code: totpCode(secret, new Date(now.getTime() - 30_000)) })).body.error.code).toBe('TOTP_INVALID');
    // a recovery code works once (lower case and without dashes accepted)
    const rec = await d.post('/api/auth/totp', { code: codes[0].replaceAll('-', '').toLowerCase() });
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    const e = new Browser(t.app);
    await e.login('town_center');
    expect((await e.post('/api/auth/totp', { code: codes[0] })).body.error.code).toBe('TOTP_INVALID');
    expect((await d.get('/api/auth/security')).body.totp.recoveryCodesLeft).toBe(9);

    // a step not answered: the challenge cookie alone is no session, and it expires
    const f = new Browser(t.app);
    await f.login('town_center');
    tick(6 * 60);
    expect((await f.post('/api/auth/totp', { code: totpCode(secret, now) })).body.error.code).toBe('LOGIN_STEP_EXPIRED');

    // new recovery codes need a current code; the old ones stop working
    tick(30);
    const renewed = await d.post('/api/auth/security/recovery-codes', { code: totpCode(secret, now) });
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    const g = new Browser(t.app);
    await g.login('town_center');
    expect((await g.post('/api/auth/totp', { code: codes[1] })).body.error.code).toBe('TOTP_INVALID');
    expect((await g.post('/api/auth/totp', { code: renewed.body.recoveryCodes[0] })).status).toBe(200);

    // optional mode: the user may remove it with the password; then login is one step again
    expect((await d.post('/api/auth/security/totp/disable', { password: 'wrong-Pass1' })).status).toBe(401);
    expect((await d.post('/api/auth/security/totp/disable', { password: DEMO_PASSWORD })).body).toEqual({ ok: true });
    expect((await new Browser(t.app).login('town_center')).body.username).toBe('town_center');
  });

  it('five wrong codes lock the account like five wrong passwords', async () => {
    const b = new Browser(t.app, '198.51.100.20');
    await b.login('hsb_center');
    const enrol = await b.post('/api/auth/security/totp');
    await b.post('/api/auth/security/totp/confirm', { code: totpCode(enrol.body.secret, now) });
    tick(30);
    const c = new Browser(t.app, '198.51.100.20');
    const wrong = totpCode(enrol.body.secret, new Date(now.getTime() + 10 * 60_000));
    expect((await c.login('hsb_center')).body.secondFactor).toBe('totp');
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push((await c.post('/api/auth/totp', { code: wrong })).body.error.code);
    expect(answers).toEqual(['TOTP_INVALID', 'TOTP_INVALID', 'TOTP_INVALID', 'TOTP_INVALID', 'ACCOUNT_LOCKED']);
    expect((await c.login('hsb_center')).body.error.code).toBe('ACCOUNT_LOCKED');
  });
});

describe('required mode (production default)', () => {
  it('forces enrolment for admin, centre and leader accounts before any session; others log in as before', async () => {
    const prod = await anotherInstance({ totpRequired: true });
    const b = new Browser(prod, '198.51.100.30');
    expect((await b.login('leader')).body).toEqual({ secondFactor: 'enrol' });
    expect((await b.get('/api/auth/me')).status).toBe(401);
    // a TOTP step is not possible without a factor
    expect((await b.post('/api/auth/totp', { code: '123456' })).body.error.code).toBe('LOGIN_STEP_EXPIRED');
    const enrol = await b.post('/api/auth/totp/enrolment');
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(200);
    expect(enrol.body.uri).toContain('otpauth://totp/');
    expect((await b.post('/api/auth/totp/enrolment/confirm', { code: '12345a' })).body.error.code).toBe('TOTP_INVALID');
    const done = await b.post('/api/auth/totp/enrolment/confirm', { code: totpCode(enrol.body.secret, now) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.me.username).toBe('leader');
    expect(done.body.recoveryCodes).toHaveLength(10);
    expect((await b.get('/api/auth/me')).status).toBe(200);
    expect((await b.get('/api/auth/security')).body.totp).toMatchObject({ enrolled: true, required: true });
    expect((await b.post('/api/auth/security/totp/disable', { password: DEMO_PASSWORD })).body.error.code).toBe('TOTP_REQUIRED');

    // next login: the code step
    tick(30);
    const again = new Browser(prod, '198.51.100.30');
    expect((await again.login('leader')).body).toEqual({ secondFactor: 'totp' });
    expect((await again.post('/api/auth/totp', { code: totpCode(enrol.body.secret, now) })).status).toBe(200);

    // a grid worker is not a privileged role: one step
    expect((await new Browser(prod, '198.51.100.30').login('grid_worker')).body.username).toBe('grid_worker');

    // phone and recovery codes lost: an administrator removes the factor; the sessions end, the next login binds anew
    const admin = new Browser(prod, '198.51.100.31');
    expect((await admin.login('admin')).body).toEqual({ secondFactor: 'enrol' });
    const adminEnrol = await admin.post('/api/auth/totp/enrolment');
    expect((await admin.post('/api/auth/totp/enrolment/confirm', { code: totpCode(adminEnrol.body.secret, now) })).status).toBe(200);
    adminSecret = adminEnrol.body.secret;
    const leaderId = (await admin.get('/api/users?q=leader')).body.items.find((u: { username: string }) => u.username === 'leader').id;
    expect((await again.post(`/api/users/${leaderId}/second-factor/reset`)).status).toBe(403);
    expect((await admin.post(`/api/users/${leaderId}/second-factor/reset`)).body).toEqual({ ok: true });
    expect((await again.get('/api/auth/me')).status).toBe(401);
    expect((await new Browser(prod, '198.51.100.30').login('leader')).body).toEqual({ secondFactor: 'enrol' });
  });

  it('reads FENGQIAO_TOTP: required in production unless off, optional for a demo start', async () => {
    const { loadConfig } = await import('../../src/server/platform/config');
    expect(loadConfig({ NODE_ENV: 'production' }).totpRequired).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', FENGQIAO_TOTP: 'off' }).totpRequired).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', FENGQIAO_DEMO: '1' }).totpRequired).toBe(false);
    expect(loadConfig({}).totpRequired).toBe(false);
    expect(loadConfig({ FENGQIAO_TOTP: 'required' }).totpRequired).toBe(true);
  });
});

describe('login limit per address', () => {
  it('20 failures in 10 minutes from one address, on either of two instances, answer 429 on both', async () => {
    const second = await anotherInstance({});
    const ip = '203.0.113.7';
    const a = new Browser(t.app, ip);
    const b = new Browser(second, ip);
    for (let i = 0; i < 20; i++) {
      const who = i % 2 === 0 ? a : b;
      // unknown names: the account lock is not what stops them
      const res = await who.login(`nobody_${i}`, 'Wrong@2026');
      expect(res.status).toBe(401);
    }
    for (const who of [a, b]) {
      const res = await who.login('grid_worker');
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('LOGIN_RATE_LIMITED');
      expect(res.body.error.message).toMatch(/登录失败次数过多/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(600);
    }
    // another address is not affected
    expect((await new Browser(second, '203.0.113.8').login('grid_worker')).status).toBe(200);
    // the limit lifts when the failures age out of the window
    tick(10 * 60 + 1);
    expect((await a.login('grid_worker')).status).toBe(200);
  });

  it('takes the client address from X-Forwarded-For only when a trusted (local) proxy sent it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody_xff', password: 'Wrong@2026' },
      remoteAddress: '198.51.100.99',
      headers: { 'x-forwarded-for': '10.1.2.3' },
    });
    expect(res.statusCode).toBe(401);
    const { auditLog } = await import('../../src/server/platform/db/schema');
    const [last] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.actorName, 'nobody_xff'));
    expect(last.ip).toBe('198.51.100.99');
  });
});

describe('session rotation', () => {
  it('a login replaces the session id it was sent with; a password change issues a new one', async () => {
    const b = new Browser(t.app, '198.51.100.40');
    await b.login('mediator');
    const first = b.cookies.get('fq_session')!;
    await b.login('mediator');
    const second = b.cookies.get('fq_session')!;
    expect(second).not.toBe(first);
    const old = new Browser(t.app);
    old.cookies.set('fq_session', first);
    expect((await old.get('/api/auth/me')).status).toBe(401);

    const other = new Browser(t.app, '198.51.100.41');
    await other.login('mediator');
    expect((await b.post('/api/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Rotate@2026x' })).status).toBe(200);
    const third = b.cookies.get('fq_session')!;
    expect(third).not.toBe(second);
    expect((await b.get('/api/auth/me')).status).toBe(200);
    old.cookies.set('fq_session', second);
    expect((await old.get('/api/auth/me')).status).toBe(401);
    expect((await other.get('/api/auth/me')).status).toBe(401);
  });

  it("a change of the user's roles or areas ends their sessions", async () => {
    const admin = new Browser(t.app, '198.51.100.50');
    const first = await admin.login('admin');
    if (first.body.secondFactor === 'totp' && adminSecret) {
      tick(30);
      expect((await admin.post('/api/auth/totp', { code: totpCode(adminSecret, now) })).status).toBe(200);
    }
    const worker = new Browser(t.app, '198.51.100.51');
    await worker.login('hsb_grid_worker');
    const list = await admin.get('/api/users?q=hsb_grid_worker');
    const u = list.body.items.find((x: { username: string }) => x.username === 'hsb_grid_worker');
    // a rename is no privilege change: the session stays
    const renamed = await admin.send('PATCH', `/api/users/${u.id}`, { version: u.version, displayName: '土城村网格员' });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await worker.get('/api/auth/me')).status).toBe(200);
    const changed = await admin.send('PATCH', `/api/users/${u.id}`, { version: renamed.body.version, roles: ['grid_worker', 'party_member'] });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await worker.get('/api/auth/me')).status).toBe(401);
    await worker.login('hsb_grid_worker');
    expect((await worker.get('/api/auth/me')).body.roles).toContain('party_member');
  });
});

describe('uploads and page scripts', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

  it('checks uploads by their bytes and size and serves them as attachments that are never sniffed', async () => {
    const gw = new Browser(t.app, '198.51.100.60');
    await gw.login('grid_worker');
    const gridCode = (await gw.get('/api/auth/me')).body.scopes[0].code;
    const created = await gw.post('/api/cases', {
      kind: 'event',
      title: '路灯不亮<script>alert(1)</script>',
      description: '幸福路口路灯不亮，夜间行人看不清路面',
      categoryCode: 'municipal',
      areaCode: gridCode,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    // HTML named .png, a PNG declared as JPEG, an oversized file: all refused
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    expect((await gw.post(`/api/cases/${id}/attachments`, { filename: 'x.png', mime: 'image/png', dataBase64: html })).body.error.code).toBe('ATTACHMENT_TYPE');
    expect((await gw.post(`/api/cases/${id}/attachments`, { filename: 'x.jpg', mime: 'image/jpeg', dataBase64: PNG.toString('base64') })).body.error.code).toBe(
      'ATTACHMENT_TYPE',
    );
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const tooBig = await gw.post(`/api/cases/${id}/attachments`, { filename: 'big.png', mime: 'image/png', dataBase64: big.toString('base64') });
    expect(tooBig.status).toBe(413);
    const ok = await gw.post(`/api/cases/${id}/attachments`, { filename: '现场"\r\n.png', mime: 'image/png', dataBase64: PNG.toString('base64') });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const file = await gw.get(`/api/cases/${id}/attachments/${ok.body.id}`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(String(file.headers['content-disposition'])).not.toMatch(/[\r\n"]/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    // user text comes back as data (JSON), never as markup the server renders
    const seen = await gw.get(`/api/cases/${id}`);
    expect(seen.headers['content-type']).toMatch(/^application\/json/);
    expect(seen.body.title).toBe('路灯不亮<script>alert(1)</script>');
  });

  it('sends a Content-Security-Policy without inline script, and the pages have none', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc.trim()).toBe("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // 剩余信息保护: API answers are not kept in caches
    expect(res.headers['cache-control']).toBe('no-store');

    const pages = ['src/web/index.html', 'src/web/m.html', 'dist/web/index.html', 'dist/web/m.html'].filter((p) => fs.existsSync(p));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const p of pages) {
      const text = fs.readFileSync(p, 'utf8');
      const scripts = [...text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      expect(scripts.length, p).toBeGreaterThan(0);
      for (const [, attrs, body] of scripts) {
        expect(attrs, `${p}: every script is a file`).toMatch(/\bsrc=/);
        expect(body.trim(), `${p}: no inline script`).toBe('');
      }
      expect(text, `${p}: no inline event handlers`).not.toMatch(/\son[a-z]+\s*=/i);
      expect(text, `${p}: no javascript: URLs`).not.toMatch(/javascript:/i);
    }
  });

  it('the web app never writes user text as HTML', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts')) files.push(p);
      }
    };
    walk('src/web');
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const raw = text.match(/dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write|new Function\(|\beval\(/);
      expect(raw?.[0] ?? null, `${f} writes HTML`).toBeNull();
      // ECharts renders tooltip formatter strings as HTML: names typed by users go through escapeHtml there
      if (/formatter:\s*\([^)]*\)\s*=>\s*[`{(]/.test(text) && /<br\/?>/.test(text)) {
        expect(/escapeHtml\(/.test(text), `${f}: ECharts HTML tooltip must escape user text`).toBe(true);
      }
    }
  });
});
