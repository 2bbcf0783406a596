import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOTLINE_SECRET, sign } from '../../src/server/modules/hotline/hotline.service';
import { runSweeps } from '../../src/server/platform/jobs';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let police: number;
let server: http.Server;
let url: string;
const received: { body: string; signature: string | undefined; ts: string | undefined }[] = [];
let failNext = 1;

async function act(c: Client, id: number, action: string, payload: Record<string, unknown> = {}, expected = 200) {
  const cur = await c.get(`/api/cases/${id}`);
  expect(cur.status, JSON.stringify(cur.body)).toBe(200);
  const res = await c.post(`/api/cases/${id}/actions/${action}`, { version: cur.body.version, ...payload });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(expected);
  return res.body as { status: string; version: number; error?: { code: string } };
}

async function on(date: string, who = 'town_center') {
  t.setNow(new Date(`${date}+08:00`));
  return t.login(who);
}

function push(order: Record<string, unknown>, secret = DEMO_HOTLINE_SECRET) {
  const body = JSON.stringify(order);
  const ts = String(Math.floor(t.ctx.clock().getTime() / 1000));
  return t.app.inject({
    method: 'POST',
    url: '/api/hotline/push',
    payload: body,
    headers: { 'content-type': 'application/json', 'x-12345-timestamp': ts, 'x-12345-signature': `sha256=${sign(secret, ts, body)}` },
  });
}

beforeAll(async () => {
  t = await startTestApp();
  const tc = await t.login('town_center');
  police = ((await tc.get('/api/departments')).body.items as { id: number; name: string }[]).find((d) => d.name === '新兴派出所')!.id;
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
      received.push({ body, signature: req.headers['x-12345-signature'] as string, ts: req.headers['x-12345-timestamp'] as string });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/12345/callback`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

const ORDER = { orderNo: '12345-20260929-0001', type: '咨询', title: '咨询低保申请条件', content: '来电人咨询低保申请需要哪些材料', areaCode: '620523101001', callerName: '来电人王某', callerPhone: '13512345678' };

describe('12345 hotline orders', () => {
  it('push (signed) → deadline by type across 国庆 → 首接负责 → 派单 → late 退单 refused → 办结 and 回访 pushed back with retries', async () => {
    await on('2026-09-29T10:00:00');
    const bad = await push(ORDER, 'wrong-secret');
    expect(bad.statusCode).toBe(401);
    expect(JSON.parse(bad.body).error.code).toBe('HOTLINE_SIGNATURE');
    const unsigned = await t.app.inject({ method: 'POST', url: '/api/hotline/push', payload: JSON.stringify(ORDER), headers: { 'content-type': 'application/json' } });
    expect(unsigned.statusCode).toBe(401);

    const ok = await push(ORDER);
    expect(ok.statusCode, ok.body).toBe(201);
    const id = JSON.parse(ok.body).id as number;
    expect((await push(ORDER)).statusCode).toBe(409);

    let tc = await t.login('town_center');
    let o = (await tc.get(`/api/hotline/orders/${id}`)).body;
    expect(o).toMatchObject({ orderType: 'consult', orderNo: ORDER.orderNo, callerPhone: '135****5678', firstArea: '620523101' });
    // 咨询: 2 working days after Tue 9-29 → 9-30, then 10-8 after the holiday
    expect(o.dueAt).toBe(new Date('2026-10-08T23:59:59+08:00').toISOString());

    const urgent = await push({ ...ORDER, orderNo: '12345-20260929-0002', type: 'complain', emergency: true, title: '燃气泄漏投诉' });
    const u = (await tc.get(`/api/hotline/orders/${JSON.parse(urgent.body).id}`)).body;
    expect(u.dueAt).toBe(new Date('2026-09-29T23:59:59+08:00').toISOString());

    tc = await on('2026-10-08T09:00:00');
    expect((await act(tc, id, 'accept', { grade: 'routine' })).status).toBe('accepted');
    expect((await act(tc, id, 'dispatch', { lead: police })).status).toBe('assigned');
    let dp = await t.login('dept_police');
    await act(dp, id, 'acknowledge');
    // 退单 window: 2 working days after 10-8 → 10-9, 10-10 (调休 Saturday)
    dp = await on('2026-10-12T09:00:00', 'dept_police');
    expect((await act(dp, id, 'return', { reason: '不属于本单位职责' }, 409)).error?.code).toBe('HOTLINE_RETURN_LATE');
    expect((await act(dp, id, 'feedback', { result: '已告知低保申请材料清单' })).status).toBe('handled');
    tc = await t.login('town_center');
    expect((await act(tc, id, 'close')).status).toBe('closed');
    expect((await act(tc, id, 'follow_up', { note: '来电人表示满意', rating: 'satisfied' })).status).toBe('evaluated');

    o = (await tc.get(`/api/hotline/orders/${id}`)).body;
    expect(o.outbox.map((m: { event: string; state: string }) => [m.event, m.state])).toEqual([
      ['reply', 'pending'],
      ['visit', 'pending'],
    ]);

    // no webhook yet: nothing is sent
    await runSweeps(t.ctx);
    expect(received).toHaveLength(0);
    const admin = await t.login('admin');
    const set = await admin.request('PUT', '/api/hotline/settings', { webhookUrl: url, deadlines: { consult: 2, help: 10, suggest: 10, complain: 15, report: 15 } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    await runSweeps(t.ctx); // the platform answers 500 once: that message waits a minute, the other is sent
    let box = (await tc.get('/api/hotline/outbox')).body.items as { event: string; state: string; attempts: number; lastError: string | null }[];
    const reply = box.find((m) => m.event === 'reply')!;
    expect(reply).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 500' });
    expect(received).toHaveLength(1);
    t.setNow(new Date(t.ctx.clock().getTime() + 2 * 60_000));
    await runSweeps(t.ctx);
    box = (await tc.get('/api/hotline/outbox')).body.items;
    expect(box.every((m) => m.state === 'sent')).toBe(true);
    expect(received).toHaveLength(2);
    const replyBody = received.map((r) => JSON.parse(r.body)).find((b) => b.event === 'reply');
    expect(replyBody).toMatchObject({ orderNo: ORDER.orderNo, reply: '已告知低保申请材料清单' });
    for (const r of received) expect(r.signature).toBe(`sha256=${sign(DEMO_HOTLINE_SECRET, r.ts!, r.body)}`);

    const fig = (await tc.get('/api/disputes/figures?area=620523101&from=2026-09-29&to=2026-09-29')).body;
    const v = Object.fromEntries((fig.hotline as { key: string; value: number }[]).map((x) => [x.key, x.value]));
    expect(v).toMatchObject({ orders: 2, closeRate: 50, satisfaction: 100 });

    // another town's centre sees none of it
    const hsb = await t.login('hsb_center');
    expect((await hsb.get(`/api/hotline/orders/${id}`)).status).toBe(404);
    expect((await hsb.get('/api/hotline/outbox')).body.total).toBe(0);
  });

  it('imports the platform export (CSV), refusing rows outside the importer’s area', async () => {
    const tc = await on('2026-11-02T09:00:00');
    const csv = [
      '工单编号,工单类型,是否紧急,标题,诉求内容,所属区划,来电人,来电号码',
      '12345-20261102-0001,求助,否,"路灯不亮,请维修",幸福路路灯不亮,620523101001,李某,13600000000',
      '12345-20261102-0002,建议,否,建议增设公交站,,150981109200,赵某,',
      '12345-20261102-0003,未知类型,否,x,,620523101001,,',
    ].join('\n');
    const res = await tc.request('POST', '/api/hotline/import', csv, { 'content-type': 'text/csv' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.imported).toHaveLength(1);
    expect(res.body.errors.map((e: { row: number }) => e.row)).toEqual([3, 4]);
    const o = (await tc.get(`/api/hotline/orders/${res.body.imported[0].id}`)).body;
    expect(o).toMatchObject({ orderType: 'help', via: 'import', title: '路灯不亮,请维修' });
    // 求助: 10 working days
    expect(o.dueAt).toBe(new Date('2026-11-16T23:59:59+08:00').toISOString());
  });
});
