import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCompensation } from '../../src/domain/cases/kinds/dispute';
import { auditLog, disputeParties, notifications, users } from '../../src/server/platform/db/schema';
import { hasChromium, launchBrowser } from '../helpers/browser';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;

async function act(c: Client, id: number, action: string, payload: Record<string, unknown> = {}, expected = 200) {
  const cur = await c.get(`/api/cases/${id}`);
  expect(cur.status, JSON.stringify(cur.body)).toBe(200);
  const res = await c.post(`/api/cases/${id}/actions/${action}`, { version: cur.body.version, ...payload });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(expected);
  return res.body as { status: string; version: number; error?: { code: string } };
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

describe('集大原高铁 land-compensation dispute (seed 004, 红砂坝镇)', () => {
  it('walks 网格上报 → 受理 → 调解工作队 → 僵局 → 会商研判 → 司法鉴定 → 协议 73.9%/26.1% → 打印 → 结案 → 回访, and the figures count it', async () => {
    t.setNow(new Date('2026-03-02T01:00:00Z'));
    const gw = await t.login('hsb_grid_worker');
    let hsb = await t.login('hsb_center');
    const created = await gw.post('/api/disputes', {
      title: '集大原高铁涉征地补偿费用分配纠纷',
      description: '木匠沟村6户持有林权证村民与17户无证村民因补偿费用分配问题发生纠纷',
      typeCode: 'd_land_requisition',
      riskLevel: 'high',
      source: 'grid',
      isGroup: true,
      amountYuan: 1_000_000,
      parties: [
        { name: '木匠沟村持证村民(6户)', role: 'applicant', members: 6, phone: '13900000001' },
        { name: '木匠沟村无证村民(17户)', role: 'respondent', members: 17 },
        { name: '木匠沟村村民委员会', partyType: 'org', role: 'third' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as number;
    expect(created.body.number).toMatch(/^MD-150981109-20260302-\d{4}$/);

    // the town centre accepts (分级化解: a group land dispute is the town's)
    expect((await act(hsb, id, 'accept', { grade: 'hard', note: '群体性征地补偿纠纷，镇综治中心受理' })).status).toBe('accepted');
    expect((await act(hsb, id, 'mediate', { team: ['司法所调解员', '派出所民警', '包村干部'] })).status).toBe('in_progress');
    const s1 = await hsb.post(`/api/disputes/${id}/sessions`, {
      heldOn: '2026-03-03',
      place: '木匠沟村委会',
      mediators: ['司法所调解员', '包村干部'],
      partiesPresent: ['持证村民代表', '无证村民代表', '村委会'],
      record: '走访调查：6户林权证年代久远、笔迹模糊，无证村民不认可，调解陷入僵局',
      result: 'stalemate',
    });
    expect(s1.status, JSON.stringify(s1.body)).toBe(201);

    // 会商研判 with 公安, 纪检, 司法 and two 五老
    const m = await hsb.post(`/api/disputes/${id}/meetings`, {
      heldOn: '2026-03-05',
      topic: '林权证真实性及补偿分配方案',
      participants: [
        { name: '镇党委副书记', unit: '红砂坝镇党委', kind: 'party_committee' },
        { name: '民警', unit: '红砂坝派出所', kind: 'police' },
        { name: '纪检委员', unit: '镇纪委', kind: 'discipline' },
        { name: '司法所长', unit: '红砂坝司法所', kind: 'justice' },
        { name: '老党员甲', unit: '木匠沟村五老', kind: 'elder' },
        { name: '老教师乙', unit: '木匠沟村五老', kind: 'elder' },
      ],
      conclusions: '成立工作专班；委托第三方司法鉴定中心鉴定林权证真伪，依鉴定结果分配',
      tasks: [{ task: '委托司法鉴定', ownerUnit: '红砂坝司法所', dueOn: '2026-03-10' }],
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);

    t.setNow(new Date('2026-03-06T02:00:00Z'));
    hsb = await t.login('hsb_center'); // sessions time out over weeks
    const paused = await act(hsb, id, 'appraisal_pause', { institution: '第三方司法鉴定中心', reason: '鉴定林权证真伪' });
    expect(paused.status).toBe('suspended');
    let view = (await hsb.get(`/api/cases/${id}`)).body;
    expect(view.deadline.paused).toBe(true);

    t.setNow(new Date('2026-04-10T02:00:00Z'));
    hsb = await t.login('hsb_center'); // sessions time out over weeks
    expect((await act(hsb, id, 'resume', { note: '鉴定结果：6户林权证真实有效' })).status).toBe('in_progress');
    view = (await hsb.get(`/api/cases/${id}`)).body;
    expect(view.deadline.paused).toBe(false);
    // the time used before the pause is not lost nor counted twice: due later than 30 days after acceptance
    expect(Date.parse(view.deadline.dueAt)).toBeGreaterThan(Date.parse('2026-04-01T00:00:00Z'));

    const split = splitCompensation(1_000_000, [
      { share: 73.9, members: 6 },
      { share: 26.1, members: 17 },
    ]);
    expect(split[0].groupYuan + split[1].groupYuan).toBe(1_000_000);
    const ag = await hsb.post(`/api/disputes/${id}/agreements`, {
      committee: '红砂坝镇人民调解委员会',
      partiesText: '甲方：木匠沟村持有林权证村民6户；乙方：木匠沟村无林权证村民17户；第三人：木匠沟村村民委员会',
      facts: '集大原高铁征占木匠沟村林地，双方就补偿费用分配发生争议。经第三方司法鉴定，6户村民的林权证真实有效。',
      issues: '征地补偿费用在持证户与无证户之间如何分配',
      responsibility: '各方均无过错，依鉴定结果确定分配比例',
      terms: [
        `总补偿款的73.9%(${split[0].groupYuan}元)由6户持证村民平均分配，每户${split[0].eachYuan}元`,
        `总补偿款的26.1%(${split[1].groupYuan}元)由17户无证村民平均分配，每户${split[1].eachYuan}元`,
        '双方就本纠纷不再提出其他主张',
      ],
      performance: '补偿款到账后10日内由村委会按上述比例一次性发放',
      mediators: ['司法所调解员'],
    });
    expect(ag.status, JSON.stringify(ag.body)).toBe(201);
    const agreementId = ag.body.id as number;

    // not signed yet: success refused
    const early = await act(hsb, id, 'succeed', { agreementId }, 409);
    expect(early.error?.code).toBe('DISPUTE_AGREEMENT_UNSIGNED');
    const signed = await hsb.post(`/api/disputes/${id}/agreements/${agreementId}/sign`, { signedOn: '2026-04-12', version: 1 });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.confirmDeadline).toBe('2026-05-12');

    const print = await hsb.get(`/api/disputes/${id}/agreements/${agreementId}/print`);
    expect(print.status).toBe(200);
    expect(String(print.headers['content-type'])).toContain('text/html');
    const html = print.body as unknown as string;
    expect(html).toContain('人民调解协议书');
    expect(html).toContain('73.9%');
    expect(html).toContain('26.1%');
    expect(html).toContain('size: A4');
    expect(html).toContain('司法确认');
    expect(html).toContain('已签字生效(2026-04-12)');
    // the 打印 button's script runs under a per-response nonce, not an inline-script allowance
    const csp = String(print.headers['content-security-policy']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(/script-src ([^;]*)/.exec(csp)?.[1]).not.toContain('unsafe-inline');
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).not.toContain('onclick=');

    t.setNow(new Date('2026-04-12T08:00:00Z'));
    hsb = await t.login('hsb_center'); // sessions time out over weeks
    expect((await act(hsb, id, 'succeed', { agreementId })).status).toBe('handled');
    expect((await act(hsb, id, 'close', { note: '协议已签订' })).status).toBe('closed');
    t.setNow(new Date('2026-04-30T02:00:00Z'));
    hsb = await t.login('hsb_center'); // sessions time out over weeks
    expect((await act(hsb, id, 'follow_up', { note: '补偿款已按协议发放完毕', rating: 'satisfied', performance: 'full' })).status).toBe('evaluated');

    const d = (await hsb.get(`/api/disputes/${id}`)).body;
    expect(d.outcome).toBe('success');
    expect(d.outcomeOnTime).toBe(true);
    expect(d.step).toBe('joint');
    expect(d.performance).toBe('full');
    expect(d.sessions).toHaveLength(1);
    expect(d.meetings[0].participants.filter((p: { kind: string }) => p.kind === 'elder')).toHaveLength(2);
    expect(d.meetings[0].tasks).toHaveLength(1);
    expect(d.parties[0].phone).toBe('139****0001');
    const [raw] = await t.ctx.db.select().from(disputeParties).where(eq(disputeParties.caseId, id)).limit(1);
    expect(raw.phoneEnc).not.toContain('13900000001');
    expect(d.agreements[0].status).toBe('signed');

    const timeline = (await hsb.get(`/api/cases/${id}/timeline`)).body as { items?: { action: string }[] } | { action: string }[];
    const actions = (Array.isArray(timeline) ? timeline : (timeline.items ?? [])).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['report', 'accept', 'mediate', 'session', 'consult', 'appraisal_pause', 'resume', 'agreement', 'agreement_signed', 'succeed', 'close', 'follow_up']),
    );

    const fig = await hsb.get('/api/disputes/figures?area=150981109&from=2026-03-01&to=2026-03-31');
    expect(fig.status, JSON.stringify(fig.body)).toBe(200);
    const v = Object.fromEntries((fig.body.disputes as { key: string; value: number; formula: string }[]).map((x) => [x.key, x.value]));
    expect(v).toMatchObject({ screened: 1, accepted: 1, resolved: 1, resolveRate: 100, litigation: 0, concludeRate: 100, localRate: 0, onTimeRate: 100, satisfaction: 100 });
    expect(fig.body.disputes.find((x: { key: string }) => x.key === 'resolveRate').formula).toContain('÷');

    // the other town's centre sees nothing of it
    const tc = await t.login('town_center');
    expect((await tc.get(`/api/disputes/${id}`)).status).toBe(404);
    expect((await tc.get(`/api/disputes/${id}/agreements/${agreementId}/print`)).status).toBe(404);
    expect((await tc.post(`/api/disputes/${id}/sessions`, { heldOn: '2026-03-03', mediators: ['x'], partiesPresent: ['y'], record: 'z' })).status).toBe(404);
    const theirs = await tc.get('/api/disputes/figures?area=150981109');
    expect(theirs.status).toBe(200);
    expect(theirs.body.disputes[0].value).toBe(0);
  });
});

describe('ledger, export, violence, litigation, locally solved', () => {
  it('a grid-level dispute solved on the spot with an oral agreement counts as 就地化解', async () => {
    t.setNow(new Date('2026-05-06T02:00:00Z'));
    const gw = await t.login('grid_worker');
    const tc = await t.login('town_center');
    const r = await gw.post('/api/disputes', {
      title: '邻居漏水纠纷',
      typeCode: 'd_neighbour',
      source: 'screening',
      parties: [{ name: '张某', role: 'applicant' }, { name: '李某', role: 'respondent' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const id = r.body.id;
    expect((await act(gw, id, 'mediate', { team: ['网格员'] })).status).toBe('in_progress');
    const ag = await gw.post(`/api/disputes/${id}/agreements`, {
      committee: '新兴镇第一社区人民调解委员会',
      partiesText: '张某、李某',
      facts: '楼上漏水',
      issues: '维修费用',
      responsibility: '李某承担维修责任',
      terms: ['李某三日内修复防水层'],
      performance: '三日内',
      mediators: ['网格员'],
      oral: true,
    });
    expect(ag.status).toBe(201);
    expect((await gw.post(`/api/disputes/${id}/agreements/${ag.body.id}/sign`, { signedOn: '2026-05-06', version: 1 })).status).toBe(200);
    expect((await act(gw, id, 'succeed', { agreementId: ag.body.id })).status).toBe('handled');
    expect((await act(tc, id, 'close')).status).toBe('closed');
    const fig = await tc.get('/api/disputes/figures?from=2026-05-01&to=2026-05-31');
    const v = Object.fromEntries((fig.body.disputes as { key: string; value: number }[]).map((x) => [x.key, x.value]));
    expect(v.resolved).toBe(1);
    expect(v.localRate).toBe(100);
  });

  it('violence risk tells the police at once; 调解不成 → 导入司法程序; the ledger filters and exports (audited)', async () => {
    t.setNow(new Date('2026-06-01T02:00:00Z'));
    const tc = await t.login('town_center');
    const r = await tc.post('/api/disputes', {
      title: '工地欠薪纠纷',
      areaCode: '620523101001',
      typeCode: 'd_labour',
      riskLevel: 'medium',
      source: 'visit',
      peopleInvolved: 12,
      isGroup: true,
      parties: [{ name: '务工人员(12人)', members: 12 }, { name: '某建筑公司', partyType: 'org', role: 'respondent' }],
    });
    expect(r.status).toBe(201);
    const id = r.body.id;
    await act(tc, id, 'accept', { grade: 'key' });
    await act(tc, id, 'flag_violence', { note: '有人扬言堵门' });
    const [police] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'dept_police'));
    const notes = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, police.id));
    expect(notes.some((n) => n.kind === 'dispute.violence' && n.link === `/disputes/${id}`)).toBe(true);
    expect((await tc.get(`/api/disputes/${id}`)).body.riskLevel).toBe('major');

    await act(tc, id, 'mediate', { team: ['人民调解员'] });
    expect((await act(tc, id, 'litigate', { court: '甘谷县人民法院', filedOn: '2026-06-05', advice: '可向劳动仲裁委申请仲裁或向法院起诉' })).status).toBe('closed');

    const ledger = await tc.get('/api/disputes?outcome=litigation');
    expect(ledger.status).toBe(200);
    expect(ledger.body.items.map((x: { id: number }) => x.id)).toContain(id);
    expect(ledger.body.items.every((x: { areaCode: string }) => x.areaCode.startsWith('620523101'))).toBe(true);
    const byRisk = await tc.get('/api/disputes?risk=major&type=d_labour');
    expect(byRisk.body.total).toBe(1);

    const exp = await tc.request('GET', '/api/disputes/export?type=d_labour');
    expect(exp.status).toBe(200);
    expect(exp.headers['x-export-count']).toBe('1');
    const res = await t.app.inject({ method: 'GET', url: '/api/disputes/export?type=d_labour', headers: { cookie: tc.cookie ?? '', 'x-requested-with': 'x' } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('矛盾纠纷台账')!;
    expect(ws.getCell('A1').value).toBe('矛盾纠纷排查化解工作台账');
    expect(ws.getRow(3).getCell(4).value).toBe('劳资纠纷');
    expect(ws.getRow(3).getCell(12).value).toBe('调解不成·导入司法程序');
    const audits = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'dispute.export'));
    expect(audits.length).toBeGreaterThanOrEqual(2);

    // a resident cannot read the ledger, and a department sees no disputes that were not whistled to it
    const resident = await t.login('resident');
    expect([403, 404]).toContain((await resident.get(`/api/disputes/${id}`)).status);
    const dp = await t.login('dept_police');
    expect((await dp.get(`/api/disputes/${id}`)).status).toBe(404);
  });

  it('lists the staff of the dispute\'s town (and above) to pick mediators and meeting participants from', async () => {
    const hsb = await t.login('hsb_center');
    const ledger = (await hsb.get('/api/disputes?q=集大原')).body as { items: { id: number }[] };
    const id = ledger.items[0].id;
    const r = await hsb.get(`/api/disputes/${id}/staff`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const names = (r.body.items as { name: string; roleLabel: string }[]).map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(['红砂坝镇综治中心', '网格员 张演示']));
    expect(names).not.toContain('新兴镇综治中心');
    expect(names).not.toContain('系统管理员');
    expect(names).not.toContain('居民 郑演示');
    expect(JSON.stringify(r.body)).not.toMatch(/phone|scopes|password/i);
    // another town's centre: 404 like the dispute itself
    const tc = await t.login('town_center');
    expect((await tc.get(`/api/disputes/${id}/staff`)).status).toBe(404);
  });

  it('converts a grid event into a dispute, keeping the history on both', async () => {
    const gw = await t.login('grid_worker');
    const me = (await gw.get('/api/auth/me')).body;
    const ev = await gw.post('/api/cases', { kind: 'event', title: '两户因宅基地界线争吵', description: '两户因宅基地界线争吵', categoryCode: 'dispute_lead', areaCode: me.scopes[0].code });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const r = await gw.post('/api/disputes', { title: '宅基地界线纠纷', typeCode: 'd_land_forest', fromCaseId: ev.body.id, parties: [{ name: '王某' }, { name: '赵某', role: 'respondent' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const d = (await gw.get(`/api/disputes/${r.body.id}`)).body;
    expect(d.fromCaseId).toBe(ev.body.id);
    expect(d.source).toBe('event');
    const tl = (await gw.get(`/api/cases/${ev.body.id}/timeline`)).body;
    const entries = Array.isArray(tl) ? tl : tl.items;
    expect(entries.some((e: { action: string }) => e.action === 'converted')).toBe(true);
  });
});

describe.skipIf(!hasChromium)('the printed 调解协议书', () => {
  it('renders in Chromium as an A4 PDF with the agreement text', async () => {
    const tc = await t.login('town_center');
    const r = await tc.post('/api/disputes', { title: '打印测试纠纷', typeCode: 'd_contract', areaCode: '620523101001', parties: [{ name: '甲' }, { name: '乙', role: 'respondent' }] });
    const ag = await tc.post(`/api/disputes/${r.body.id}/agreements`, {
      committee: '新兴镇人民调解委员会',
      partiesText: '甲、乙',
      facts: '借款未还',
      issues: '还款期限',
      responsibility: '乙方承担还款责任',
      terms: ['乙方于三十日内归还借款'],
      performance: '银行转账',
      mediators: ['调解员孙某'],
    });
    const html = (await tc.get(`/api/disputes/${r.body.id}/agreements/${ag.body.id}/print`)).body as unknown as string;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.setContent(html);
      expect(await page.title()).toContain('人民调解协议书');
      expect(await page.evaluate(() => document.body.textContent)).toContain('乙方于三十日内归还借款');
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    } finally {
      await browser.close();
    }
  });
});
