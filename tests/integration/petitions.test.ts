import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

let t: TestApp;
let police: number;
let justice: number;
const AREA = '620523101001';

async function act(c: Client, id: number, action: string, payload: Record<string, unknown> = {}, expected = 200) {
  const cur = await c.get(`/api/cases/${id}`);
  expect(cur.status, JSON.stringify(cur.body)).toBe(200);
  const res = await c.post(`/api/cases/${id}/actions/${action}`, { version: cur.body.version, ...payload });
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(expected);
  return res.body as { status: string; version: number; error?: { code: string } };
}

/** moves the clock (China time, 10:00) and signs in again: sessions time out over days */
async function on(date: string, who = 'town_center') {
  t.setNow(new Date(`${date}T10:00:00+08:00`));
  return t.login(who);
}

beforeAll(async () => {
  t = await startTestApp();
  const tc = await t.login('town_center');
  const depts = (await tc.get('/api/departments')).body.items as { id: number; name: string }[];
  police = depts.find((d) => d.name === '新兴派出所')!.id;
  justice = depts.find((d) => d.name === '新兴司法所')!.id;
});
afterAll(async () => {
  const pool = (t?.ctx.db as unknown as { $client?: { on?: (e: string, f: () => void) => void } })?.$client;
  pool?.on?.('error', () => undefined);
  await t?.close();
});

const petitioner = { name: '举报人甲', phone: '13712345678', idCard: '620523198001011234' };

describe('信访 over HTTP', () => {
  it('a group visit may send at most 5 representatives', async () => {
    const tc = await on('2026-09-01');
    const six = Array.from({ length: 6 }, (_, i) => ({ name: `代表${i + 1}` }));
    const res = await tc.post('/api/petitions', { petitionType: 'appeal', channel: 'visit', title: '集体走访', matter: '要求解决灌溉用水', areaCode: AREA, petitioners: six, groupSize: 30 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PETITION_TOO_MANY_REPRESENTATIVES');
    const five = await tc.post('/api/petitions', { petitionType: 'appeal', channel: 'visit', title: '集体走访', matter: '要求解决灌溉用水', areaCode: AREA, petitioners: six.slice(0, 5), groupSize: 30 });
    expect(five.status, JSON.stringify(five.body)).toBe(201);
    expect(five.body.number).toMatch(/^XF-620523101-/);
  });

  it('an accusation: late intake flagged across 国庆, identity hidden from the accused department, one extension, 复查 → 复核 → 终结', async () => {
    let tc = await on('2026-09-22');
    const reg = await tc.post('/api/petitions', {
      petitionType: 'accusation',
      channel: 'letter',
      title: '反映派出所民警违规收费',
      matter: '反映某民警办理户籍业务时违规收费',
      areaCode: AREA,
      petitioners: [petitioner],
      complainedDepartmentId: police,
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const id = reg.body.id as number;
    let p = (await tc.get(`/api/petitions/${id}`)).body;
    // 9-22 + 15 days = 10-7, a holiday: the period runs to 10-8
    expect(p.intakeDueAt).toBe(new Date('2026-10-08T23:59:59+08:00').toISOString());
    expect(p.petitioners[0]).toMatchObject({ name: '举报人甲', phone: '137****5678' });

    tc = await on('2026-10-09');
    expect((await tc.get(`/api/petitions/${id}`)).body.intakeLate).toBe(true);
    expect((await act(tc, id, 'accept', { note: '受理' })).status).toBe('accepted');
    p = (await tc.get(`/api/petitions/${id}`)).body;
    expect(p.intakeLate).toBe(true);
    // 10-9 + 60 = 12-8
    expect(p.handleDueAt).toBe(new Date('2026-12-08T23:59:59+08:00').toISOString());
    expect((await act(tc, id, 'dispatch', { lead: justice, notify: [police] })).status).toBe('assigned');
    p = (await tc.get(`/api/petitions/${id}`)).body;
    // 5 working days after Fri 10-9: 10-10 (调休 Sat), 10-12, 10-13, 10-14, 10-15
    expect(p.objectionDueAt).toBe(new Date('2026-10-15T23:59:59+08:00').toISOString());

    // the department complained about sees the matter but not who wrote
    const dp = await t.login('dept_police');
    const seen = await dp.get(`/api/petitions/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.identityHidden).toBe(true);
    expect(JSON.stringify(seen.body)).not.toContain('举报人甲');
    expect(JSON.stringify(seen.body)).not.toContain('5678');
    const dpList = await dp.get('/api/petitions');
    expect(JSON.stringify(dpList.body)).not.toContain('举报人甲');
    const dj = await t.login('dept_justice');
    expect((await dj.get(`/api/petitions/${id}`)).body.identityHidden).toBe(false);
    // and the generic case view carries no petitioner either
    expect(JSON.stringify((await dp.get(`/api/cases/${id}`)).body)).not.toContain('举报人甲');

    await act(dj, id, 'acknowledge');
    expect((await act(tc, id, 'extend', { days: 30, reason: '需调取收费票据', toldPetitioner: true })).status).toBe('in_progress');
    p = (await tc.get(`/api/petitions/${id}`)).body;
    expect(p.handleDueAt).toBe(new Date('2027-01-07T23:59:59+08:00').toISOString());
    const again = await act(tc, id, 'extend', { days: 5, reason: '再延', toldPetitioner: true }, 409);
    expect(again.error?.code).toBe('PETITION_EXTENDED_ALREADY');

    tc = await on('2026-11-02');
    const opinion = { request: '查处违规收费', facts: '经查属实', decision: 'support', basis: '《信访工作条例》第三十二条' };
    expect((await act(tc, id, 'opinion', opinion)).status).toBe('handled');
    expect((await act(tc, id, 'close')).status).toBe('closed');

    // 复查 more than 30 days after the reply is refused
    tc = await on('2026-12-05');
    expect((await act(tc, id, 'review', { reason: '对处理结果不满意' }, 409)).error?.code).toBe('PETITION_REVIEW_LATE');
    tc = await on('2026-11-20');
    expect((await act(tc, id, 'review', { reason: '对处理结果不满意' })).status).toBe('in_progress');
    p = (await tc.get(`/api/petitions/${id}`)).body;
    expect(p.stage).toBe('review');
    expect(p.handleDueAt).toBe(new Date('2026-12-21T23:59:59+08:00').toISOString()); // 11-20 + 30 = 12-20 (Sun) → 12-21
    await act(tc, id, 'opinion', { ...opinion, decision: 'explain' });
    await act(tc, id, 'close');
    tc = await on('2026-12-01');
    await act(tc, id, 'review', { reason: '申请复核' });
    expect((await tc.get(`/api/petitions/${id}`)).body.stage).toBe('recheck');
    await act(tc, id, 'opinion', { ...opinion, decision: 'explain' });
    await act(tc, id, 'close');
    p = (await tc.get(`/api/petitions/${id}`)).body;
    expect(p.final).toBe(true);
    expect(p.opinions.map((o: { stage: string }) => o.stage)).toEqual(['first', 'review', 'recheck']);
    expect((await act(tc, id, 'review', { reason: '再次申请' }, 409)).error?.code).toBe('PETITION_FINAL');
    // the same matter is not accepted again
    const repeat = await tc.post('/api/petitions', { petitionType: 'accusation', channel: 'visit', title: '再次反映', matter: '同一事实', areaCode: AREA, petitioners: [petitioner] });
    expect(repeat.status).toBe(409);
    expect(repeat.body.error.code).toBe('PETITION_FINAL');

    const fig = (await tc.get('/api/disputes/figures?area=620523101&from=2026-09-01&to=2026-09-30')).body;
    const v = Object.fromEntries((fig.petitions as { key: string; value: number }[]).map((x) => [x.key, x.value]));
    expect(v.registered).toBe(2);
    expect(v.intakeOnTimeRate).toBe(0); // the only one handled in its 15 days was late
  });

  it('领导包案 五个一 and 接访下访 schedules stay in scope', async () => {
    const tc = await on('2026-09-03');
    const reg = await tc.post('/api/petitions', { petitionType: 'suggestion', channel: 'online', title: '建议增设路灯', matter: '建议增设路灯', areaCode: AREA, petitioners: [{ name: '网民' }] });
    const id = reg.body.id;
    const leader = await t.login('leader');
    await act(leader, id, 'own');
    const res = await leader.request('PUT', `/api/petitions/${id}/leader-plan`, { leader: '周演示', team: '综治中心、司法所', plan: '统筹路灯建设', measures: '跟踪回访', followThrough: '包案到底' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await tc.get(`/api/petitions/${id}`)).body.leaderPlan.leader).toBe('周演示');
    const s = await tc.post('/api/petition-schedules', { areaCode: '620523101', leaderName: '周演示', kind: 'receive', day: '2026-09-10', place: '镇综治中心接待大厅' });
    expect(s.status).toBe(201);
    expect((await tc.post('/api/petition-schedules', { areaCode: '150981109', leaderName: 'x', kind: 'visit', day: '2026-09-10', place: 'x' })).status).toBe(403);
    const hsb = await t.login('hsb_center');
    expect((await hsb.get('/api/petition-schedules')).body.total).toBe(0);
    expect((await hsb.get(`/api/petitions/${id}`)).status).toBe(404);
  });
});
