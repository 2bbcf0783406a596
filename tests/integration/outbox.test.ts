import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sign as signHotline, DEMO_HOTLINE_SECRET } from '../../src/server/modules/hotline/hotline.service';
import type { Db } from '../../src/server/platform/db/client';
import { auditLog, notifyChannels, outbox, users } from '../../src/server/platform/db/schema';
import { runSweeps } from '../../src/server/platform/jobs';
import { type Notice, notify } from '../../src/server/platform/notify';
import { claimDue, deliverOutbox, enqueue } from '../../src/server/platform/outbox';
import { renderSmsRequest } from '../../src/server/platform/senders/sms';
import { signWebhook } from '../../src/server/platform/senders/webhook';
import { clearWechatTokens } from '../../src/server/platform/senders/wechat';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

type Hit = { path: string; body: string; headers: http.IncomingHttpHeaders };

let t: TestApp;
let server: http.Server;
let base: string;
let admin: Client;
let townCenter: number;
const hits: Hit[] = [];
/** status codes the receiver answers, in turn; 200 once exhausted */
let answers: number[] = [];
let wechatTokenCalls = 0;

beforeAll(async () => {
  t = await startTestApp();
  t.setNow(new Date('2026-11-02T09:00:00+08:00'));
  admin = await t.login('admin');
  const [u] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'town_center'));
  townCenter = u.id;
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const path = req.url ?? '';
      if (path.startsWith('/wx/token')) {
        wechatTokenCalls++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: 'TOKEN-1', expires_in: 7200 }));
        return;
      }
      hits.push({ path, body, headers: req.headers });
      const status = answers.shift() ?? 200;
      res.statusCode = status;
      if (path.startsWith('/wx/send')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      } else res.end(status === 200 ? 'ok' : 'busy');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.close();
});

async function channel(name: string, body: Record<string, unknown>) {
  admin = await t.login('admin'); // the test clock jumps past the idle timeout
  const cur = ((await admin.get('/api/notifications/channels')).body.items as { channel: string; version: number }[]).find((c) => c.channel === name)!;
  const res = await admin.request('PUT', `/api/notifications/channels/${name}`, { kinds: null, maxAttempts: 6, version: cur.version, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function send(notices: Notice[]) {
  await t.ctx.db.transaction(async (tx) => notify(tx as unknown as Db, notices, t.ctx.clock()));
}

const rowsOf = (channelName: string) => t.ctx.db.select().from(outbox).where(eq(outbox.channel, channelName)).orderBy(outbox.id);
const later = (minutes: number) => t.setNow(new Date(t.ctx.clock().getTime() + minutes * 60_000));
const reset = () => {
  hits.length = 0;
  answers = [];
};

describe('notifications outbox', () => {
  it('a channel is configured by the administrator only, secrets stored encrypted and shown masked', async () => {
    const tc = await t.login('town_center');
    expect((await tc.get('/api/notifications/channels')).status).toBe(403);
    const incomplete = await admin.request('PUT', '/api/notifications/channels/webhook', { enabled: true, values: { url: `${base}/hook` }, kinds: null, maxAttempts: 3, version: 0 });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.error).toMatchObject({ code: 'NOTIFY_CHANNEL_INCOMPLETE', field: 'values.secret' });

    const saved = await channel('webhook', { enabled: true, values: { url: `${base}/hook`, secret: 'hook-secret-0001' }, maxAttempts: 3 });
    expect(saved.fields.find((f: { key: string }) => f.key === 'secret').value).toBe('****0001');
    const [row] = await t.ctx.db.select().from(notifyChannels).where(eq(notifyChannels.channel, 'webhook'));
    expect(JSON.stringify(row)).not.toContain('hook-secret-0001');
    // a save that leaves the secret out keeps it
    const again = await channel('webhook', { enabled: true, values: { url: `${base}/hook` }, maxAttempts: 3 });
    expect(again.fields.find((f: { key: string }) => f.key === 'secret').value).toBe('****0001');
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'notify.channel'));
    expect(audits.length).toBe(2);
    expect(JSON.stringify(audits)).not.toContain('hook-secret-0001');
  });

  it('webhook: a notice is queued with its cause, signed on delivery, retried after a 500, dead after max attempts', async () => {
    reset();
    // a real cause: the 12345 push notifies the town centre, in the same transaction as the new case
    const order = JSON.stringify({ orderNo: 'OUTBOX-0001', type: 'help', title: '路灯不亮', areaCode: '620523101001' });
    const ts = String(Math.floor(t.ctx.clock().getTime() / 1000));
    const pushed = await t.app.inject({
      method: 'POST',
      url: '/api/hotline/push',
      payload: order,
      headers: { 'content-type': 'application/json', 'x-12345-timestamp': ts, 'x-12345-signature': `sha256=${signHotline(DEMO_HOTLINE_SECRET, ts, order)}` },
    });
    expect(pushed.statusCode, pushed.body).toBe(201);
    let rows = await rowsOf('webhook');
    const mine = rows.filter((r) => r.template === 'hotline.received');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.state === 'pending' && r.areaCode === '620523101001')).toBe(true);

    answers = [500];
    // the sweep task is registered: the first message (the oldest) meets a 500, the others go through; the
    // sweep's own 督办 of overdue demo cases queues further notices, delivered in the same run
    await runSweeps(t.ctx);
    const mineNow = () => rowsOf('webhook').then((rs) => rs.filter((r) => mine.some((m) => m.id === r.id)));
    rows = await mineNow();
    const failed = rows.filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.id)).toEqual([mine[0].id]);
    expect(failed[0]).toMatchObject({ attempts: 1, lastError: '对方接口返回 HTTP 500' });
    expect(rows.filter((r) => r.state === 'sent')).toHaveLength(mine.length - 1);

    // not due before its backoff (1 minute), sent after it
    await deliverOutbox(t.ctx);
    expect((await mineNow()).find((r) => r.id === failed[0].id)!.state).toBe('failed');
    later(1);
    await deliverOutbox(t.ctx);
    expect((await mineNow()).find((r) => r.id === failed[0].id)).toMatchObject({ state: 'sent', attempts: 2, lastError: null });

    // every request is signed over its exact body and names its delivery; each message arrived once
    const ours = hits.filter((h) => JSON.parse(h.body).kind === 'hotline.received');
    expect(ours.length).toBe(mine.length + 1);
    for (const h of hits) {
      const stamp = String(h.headers['x-fengqiao-timestamp']);
      expect(h.headers['x-fengqiao-signature']).toBe(`sha256=${signWebhook('hook-secret-0001', stamp, h.body)}`);
      expect(h.headers['x-fengqiao-delivery']).toBe(JSON.parse(h.body).id);
    }
    expect(JSON.parse(ours[0].body)).toMatchObject({ kind: 'hotline.received', areaCode: '620523101001', notificationId: mine[0].notificationId });
    const delivered = hits.slice(1).map((h) => JSON.parse(h.body).id);
    expect(new Set(delivered).size).toBe(delivered.length);
    expect((await rowsOf('webhook')).every((r) => r.state === 'sent')).toBe(true);

    // max attempts (3 for this channel): 500, 500, 500 → dead, with the backoff between tries
    reset();
    answers = [500, 500, 500];
    await send([{ userId: townCenter, kind: 'case.dispatched', title: '测试：派遣', areaCode: '620523101' }]);
    const [dying] = (await rowsOf('webhook')).filter((r) => r.state === 'pending');
    await deliverOutbox(t.ctx);
    later(1);
    await deliverOutbox(t.ctx);
    later(1);
    await deliverOutbox(t.ctx); // 2-minute backoff not over yet
    expect(hits).toHaveLength(2);
    later(1);
    await deliverOutbox(t.ctx);
    const [dead] = await t.ctx.db.select().from(outbox).where(eq(outbox.id, dying.id));
    expect(dead).toMatchObject({ state: 'dead', attempts: 3, lastError: '对方接口返回 HTTP 500' });
    later(120);
    await deliverOutbox(t.ctx);
    expect(hits).toHaveLength(3);

    // the console: the centre sees it in its area and re-sends it; a sent message cannot be re-sent
    const tc = await t.login('town_center');
    const list = (await tc.get('/api/notifications/deliveries?state=dead')).body;
    expect(list.items.map((i: { id: number }) => i.id)).toContain(dying.id);
    expect(list.counts.dead).toBeGreaterThan(0);
    const hsb = await t.login('hsb_center');
    const theirs = (await hsb.get('/api/notifications/deliveries')).body.items as { areaCode: string | null }[];
    expect(theirs.every((i) => i.areaCode?.startsWith('150981109'))).toBe(true);
    expect((await hsb.post(`/api/notifications/deliveries/${dying.id}/retry`)).status).toBe(404);
    const retried = await tc.post(`/api/notifications/deliveries/${dying.id}/retry`);
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ state: 'pending', attempts: 0 });
    await deliverOutbox(t.ctx);
    expect((await t.ctx.db.select().from(outbox).where(eq(outbox.id, dying.id)))[0].state).toBe('sent');
    const again = await tc.post(`/api/notifications/deliveries/${dying.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('OUTBOX_NOT_RETRYABLE');
    const [audit] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'notify.retry'));
    expect(audit).toMatchObject({ targetId: String(dying.id), areaCode: '620523101' });
  });

  it('two sweeps running at once send each message exactly once; a dedupe key is queued once', async () => {
    reset();
    await send(Array.from({ length: 12 }, (_, i) => ({ userId: townCenter, kind: 'case.urged', title: `测试：催办 ${i}`, areaCode: '620523101' })));
    const due = (await rowsOf('webhook')).filter((r) => r.state === 'pending');
    expect(due).toHaveLength(12);
    const [a, b, c] = await Promise.all([deliverOutbox(t.ctx, 5), deliverOutbox(t.ctx, 5), deliverOutbox(t.ctx, 5)]);
    expect(a.sent + b.sent + c.sent).toBe(12);
    const ids = hits.map((h) => JSON.parse(h.body).id as string);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect((await rowsOf('webhook')).filter((r) => due.some((d) => d.id === r.id)).every((r) => r.state === 'sent' && r.attempts === 1)).toBe(true);

    // claims over the same due rows are disjoint (FOR UPDATE SKIP LOCKED plus the state re-check)
    await send(Array.from({ length: 6 }, (_, i) => ({ userId: townCenter, kind: 'case.urged', title: `测试：再催办 ${i}`, areaCode: '620523101' })));
    const [x, y] = await Promise.all([claimDue(t.ctx.db, t.ctx.clock(), 4), claimDue(t.ctx.db, t.ctx.clock(), 4)]);
    const claimed = [...x, ...y].map((r) => r.id);
    expect(claimed).toHaveLength(6);
    expect(new Set(claimed).size).toBe(6);
    await t.ctx.db.update(outbox).set({ state: 'pending', attempts: 0 }).where(sql`${outbox.id} IN (${sql.join(claimed, sql`, `)})`);

    const now = t.ctx.clock();
    const first = await t.ctx.db.transaction((tx) =>
      enqueue(tx as unknown as Db, { channel: 'webhook', recipient: 'default', template: 'test', payload: {}, dedupeKey: 'test:once' }, now),
    );
    const second = await t.ctx.db.transaction((tx) =>
      enqueue(tx as unknown as Db, { channel: 'webhook', recipient: 'default', template: 'test', payload: {}, dedupeKey: 'test:once' }, now),
    );
    expect(first).toBeTypeOf('number');
    expect(second).toBeNull();
    await deliverOutbox(t.ctx);
  });

  it('SMS: the gateway template is filled per request, the phone decrypted only at send time and never stored or logged', async () => {
    const json = renderSmsRequest(
      { url: 'https://sms.example/send', method: 'POST', contentType: 'json', bodyTemplate: '{"mobile":"{phone}","msg":"{text}","key":"{apiKey}"}', apiKey: 'k"1', authHeader: 'Authorization: Bearer {apiKey}' },
      { phone: '13800001111', text: '【枫桥】请"及时"处理' },
    );
    expect(JSON.parse(json.body!)).toEqual({ mobile: '13800001111', msg: '【枫桥】请"及时"处理', key: 'k"1' });
    expect(json.headers).toMatchObject({ authorization: 'Bearer k"1', 'content-type': 'application/json' });
    const get = renderSmsRequest({ url: 'https://sms.example/send?to={phone}&text={text}', method: 'GET' }, { phone: '13800001111', text: '督办 & 催办' });
    expect(get).toMatchObject({ method: 'GET', body: undefined, url: 'https://sms.example/send?to=13800001111&text=%E7%9D%A3%E5%8A%9E%20%26%20%E5%82%AC%E5%8A%9E' });
    const form = renderSmsRequest({ url: 'https://sms.example/send', method: 'POST', contentType: 'form', bodyTemplate: 'm={phone}&c={text}' }, { phone: '13800001111', text: 'a&b' });
    expect(form.body).toBe('m=13800001111&c=a%26b');

    reset();
    await channel('webhook', { enabled: false, values: {} });
    await channel('sms', { enabled: true, values: { url: `${base}/sms`, bodyTemplate: '{"mobile":"{phone}","content":"{text}"}', apiKey: 'sms-key-123456' } });
    const tc = await t.login('town_center');
    const pref = await tc.request('PUT', '/api/notifications/preferences', { phone: '13912345678' });
    expect(pref.status, JSON.stringify(pref.body)).toBe(200);
    expect(pref.body).toMatchObject({ phone: '139****5678', channels: expect.arrayContaining([{ channel: 'sms', label: '短信网关', available: true, wanted: true }]) });
    const tw = await t.login('grid_worker'); // no phone on file: no SMS row for this user
    expect((await tw.get('/api/notifications/preferences')).body.phone).toBeNull();
    const [gw] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'grid_worker'));

    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m));
    await send([
      { userId: townCenter, kind: 'risk_warning', title: '预警：姚庄社区邻里纠纷苗头', body: '请24小时内签收', areaCode: '620523101001' },
      { userId: gw.id, kind: 'risk_warning', title: '预警：姚庄社区邻里纠纷苗头', areaCode: '620523101001' },
    ]);
    const queued = (await rowsOf('sms')).filter((r) => r.state === 'pending');
    expect(queued.map((r) => r.recipient)).toEqual([`user:${townCenter}`]);
    answers = [503];
    await deliverOutbox(t.ctx);
    later(1);
    await deliverOutbox(t.ctx);
    const logged = spies.flatMap((s) => s.mock.calls.map((c) => c.map(String).join(' '))).join('\n');
    for (const s of spies) s.mockRestore();

    expect(hits).toHaveLength(2);
    expect(JSON.parse(hits[1].body)).toEqual({ mobile: '13912345678', content: '【枫桥】预警：姚庄社区邻里纠纷苗头：请24小时内签收' });
    const stored = JSON.stringify(await t.ctx.db.select().from(outbox));
    const audit = JSON.stringify(await t.ctx.db.select().from(auditLog));
    for (const where of [stored, audit, logged]) {
      expect(where).not.toContain('13912345678');
      expect(where).not.toContain('sms-key-123456');
    }
    expect((await rowsOf('sms')).find((r) => r.id === queued[0].id)).toMatchObject({ state: 'sent', attempts: 2 });

    // a user who switches SMS off gets in-app messages only
    await tc.request('PUT', '/api/notifications/preferences', { channels: { sms: false } });
    await send([{ userId: townCenter, kind: 'risk_warning', title: '预警：测试关闭短信', areaCode: '620523101' }]);
    expect((await rowsOf('sms')).filter((r) => r.state === 'pending')).toHaveLength(0);
    await tc.request('PUT', '/api/notifications/preferences', { channels: { sms: true } });
    await channel('sms', { enabled: false, values: {} });
  });

  it('WeChat template message: one cached access token, the openid and template data filled; limited to chosen kinds', async () => {
    reset();
    clearWechatTokens();
    await channel('wechat', {
      enabled: true,
      kinds: ['case.*'],
      values: { appId: 'wx-app-1', appSecret: 'wx-secret-abcdef', templateId: 'TPL-1', tokenUrl: `${base}/wx/token?appid={appId}&secret={appSecret}`, sendUrl: `${base}/wx/send?access_token={token}`, linkBase: 'https://fq.example.gov.cn' },
    });
    const tc = await t.login('town_center');
    await tc.request('PUT', '/api/notifications/preferences', { wechatOpenId: 'oOpenId_town_center' });
    await send([
      { userId: townCenter, kind: 'case.dispatched', title: '收到派遣 SJ-1', link: '/cases/1', areaCode: '620523101' },
      { userId: townCenter, kind: 'case.supervised', title: '督办 SJ-2', link: '/cases/2', areaCode: '620523101' },
      { userId: townCenter, kind: 'risk_warning', title: '不在所选类别', areaCode: '620523101' },
    ]);
    expect((await rowsOf('wechat')).map((r) => r.template)).toEqual(['case.dispatched', 'case.supervised']);
    await deliverOutbox(t.ctx);
    expect(wechatTokenCalls).toBe(1);
    expect(hits.map((h) => h.path)).toEqual(['/wx/send?access_token=TOKEN-1', '/wx/send?access_token=TOKEN-1']);
    const msg = hits.map((h) => JSON.parse(h.body)).find((b) => b.url?.endsWith('/cases/1'));
    expect(msg).toMatchObject({ touser: 'oOpenId_town_center', template_id: 'TPL-1', url: 'https://fq.example.gov.cn/cases/1', data: { first: { value: '收到派遣 SJ-1' } } });
    expect((await rowsOf('wechat')).every((r) => r.state === 'sent')).toBe(true);
    await channel('wechat', { enabled: false, values: {} });
  });
});
