/**
 * Participation (DESIGN §9) over real HTTP and a real database: 四议两公开 to its two publications with the order
 * and quorum rules enforced, votes with one ballot per elector and a second teller for paper, 三公开 with
 * comments and overdue flags, 双报到, and 政策法规 search in Chinese.
 */
import { and, count, eq, isNotNull, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adultBornOnOrBefore } from '../../src/domain/participation/rules';
import { notifications, persons, users } from '../../src/server/platform/db/schema';
import { type Client, type TestApp, startTestApp } from '../helpers/test-app';

const VILLAGE = '620523101001';
const OUTSIDE_VILLAGE = '150981109200';
const P = '/api/participation';

let t: TestApp;
let cadre: Client;
let town: Client;
let resident: Client;
let hsb: Client;
let residentId: number;

beforeAll(async () => {
  t = await startTestApp();
  [cadre, town, resident, hsb] = await Promise.all([t.login('village_cadre'), t.login('town_center'), t.login('resident'), t.login('hsb_center')]);
  const [r] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'resident'));
  residentId = r.id;
});
afterAll(async () => {
  await t?.close();
});

/** A 村民代表会议 of nine: the resident's account sits on it so they can vote online. */
function representatives() {
  return ['代表甲', '代表乙', '代表丙', '代表丁', '代表戊', '代表己', '代表庚', '代表辛'].map((name) => ({ name })).concat([{ name: '郑演示', userId: residentId } as { name: string; userId?: number }]);
}

async function startProcedure(title: string) {
  const res = await cadre.post(`${P}/four-step`, { areaCode: VILLAGE, title, matter: `${title}：方案、预算与资金来源。` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; version: number; nextStep: string };
}

async function step(id: number, version: number, body: Record<string, unknown>) {
  return cadre.post(`${P}/four-step/${id}/steps`, { version, summary: '会议记录', ...body });
}

async function openRepVote(procTitle: string) {
  const res = await cadre.post(`${P}/votes`, { areaCode: VILLAGE, title: `${procTitle}决议`, question: `是否同意${procTitle}？`, electorate: 'representatives', roll: representatives() });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: number; eligible: number; version: number };
}

describe('四议两公开', () => {
  it('runs in order to its two publications; skipping, deciding without quorum and steps after the end are refused', async () => {
    const p = await startProcedure('修建村文化广场');
    expect(p.nextStep).toBe('propose');

    // skipping straight to the 党员大会 is refused with the step that is due
    const skip = await step(p.id, p.version, { step: 'review', passed: true, expected: 30, attended: 25 });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('FOUR_STEP_OUT_OF_ORDER');
    expect(skip.body.error.message).toContain('村党组织提议');
    // so is publishing before anything was decided
    expect((await step(p.id, p.version, { step: 'publish_resolution' })).body.error.code).toBe('FOUR_STEP_OUT_OF_ORDER');

    let r = await step(p.id, p.version, { step: 'propose', passed: true, expected: 5, attended: 5 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.nextStep).toBe('consult');
    // a stale version is a conflict, not a second record
    expect((await step(p.id, p.version, { step: 'consult', passed: true })).status).toBe(409);
    r = await step(p.id, r.body.version, { step: 'consult', passed: true, expected: 7, attended: 7 });
    expect(r.body.nextStep).toBe('review');
    // 党员大会 needs more than half of its members present
    const thin = await step(p.id, r.body.version, { step: 'review', passed: true, expected: 30, attended: 15 });
    expect(thin.status).toBe(422);
    expect(thin.body.error.code).toBe('VOTE_NO_QUORUM');
    r = await step(p.id, r.body.version, { step: 'review', passed: true, expected: 30, attended: 16 });
    expect(r.body.nextStep).toBe('resolve');

    // the 决议 step rests on a closed vote of the right body
    const noVote = await step(p.id, r.body.version, { step: 'resolve', passed: true });
    expect(noVote.status).toBe(422);
    expect(noVote.body.error.code).toBe('FOUR_STEP_VOTE_REQUIRED');

    const v = await openRepVote('修建村文化广场');
    expect(v.eligible).toBe(9);
    const electors = (await cadre.get(`${P}/votes/${v.id}/electors`)).body.items as { id: number; name: string }[];
    expect(electors).toHaveLength(9);
    // five of nine signed in: below 2/3, the meeting cannot decide
    let vv = (await cadre.post(`${P}/votes/${v.id}/attendance`, { electorIds: electors.slice(0, 5).map((e) => e.id) })).body;
    expect(vv.present).toBe(5);
    expect(vv.quorum.met).toBe(false);
    const early = await cadre.post(`${P}/votes/${v.id}/close`, { version: vv.version });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('VOTE_NO_QUORUM');
    expect(early.body.error.message).toContain('三分之二');
    // an open vote cannot carry the step either
    expect((await step(p.id, r.body.version, { step: 'resolve', voteId: v.id })).body.error.code).toBe('FOUR_STEP_VOTE_REQUIRED');

    // the resident (9th member) votes online, which also signs them in: 6 of 9 present
    vv = (await resident.post(`${P}/votes/${v.id}/ballots`, { choice: 'yes' })).body;
    expect(vv.present).toBe(6);
    expect(vv.me).toEqual({ electorId: electors[8].id, voted: true });
    expect(vv.yes).toBe(0); // the running tally stays hidden from electors
    const again = await resident.post(`${P}/votes/${v.id}/ballots`, { choice: 'no' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('VOTE_ALREADY_CAST');
    // someone not on the roll may not vote
    expect((await (await t.login('party_member')).post(`${P}/votes/${v.id}/ballots`, { choice: 'yes' })).body.error?.code).toBe('VOTE_NOT_ELIGIBLE');

    // paper ballots: entered by one teller, confirmed by another
    const ballotIds: number[] = [];
    for (const [i, choice] of (['yes', 'yes', 'no', 'abstain'] as const).entries()) {
      const b = await cadre.post(`${P}/votes/${v.id}/paper-ballots`, { electorId: electors[i].id, choice });
      expect(b.status, JSON.stringify(b.body)).toBe(201);
      ballotIds.push(b.body.ballotId);
    }
    expect((await cadre.post(`${P}/votes/${v.id}/paper-ballots`, { electorId: electors[0].id, choice: 'no' })).body.error.code).toBe('VOTE_ALREADY_CAST');
    const self = await cadre.post(`${P}/votes/${v.id}/paper-ballots/${ballotIds[0]}/confirm`);
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('BALLOT_SAME_TELLER');
    vv = (await cadre.get(`${P}/votes/${v.id}`)).body;
    expect(vv.pendingPaper).toBe(4);
    expect((await cadre.post(`${P}/votes/${v.id}/close`, { version: vv.version })).body.error.code).toBe('VOTE_PENDING_BALLOTS');
    for (const b of ballotIds) expect((await town.post(`${P}/votes/${v.id}/paper-ballots/${b}/confirm`)).status).toBe(200);
    expect((await town.post(`${P}/votes/${v.id}/paper-ballots/${ballotIds[0]}/confirm`)).body.error.code).toBe('BALLOT_NOT_PENDING');

    vv = (await cadre.get(`${P}/votes/${v.id}`)).body;
    expect(vv).toMatchObject({ present: 6, yes: 3, no: 1, abstain: 1, pendingPaper: 0 });
    // 3 yes of 6 present is not more than half: it would fail — one more representative arrives and votes yes
    await cadre.post(`${P}/votes/${v.id}/attendance`, { electorIds: [electors[5].id] });
    const b5 = await cadre.post(`${P}/votes/${v.id}/paper-ballots`, { electorId: electors[5].id, choice: 'yes' });
    await town.post(`${P}/votes/${v.id}/paper-ballots/${b5.body.ballotId}/confirm`);
    vv = (await cadre.get(`${P}/votes/${v.id}`)).body;
    const closed = await cadre.post(`${P}/votes/${v.id}/close`, { version: vv.version });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'passed', present: 7, eligible: 9, yes: 4, turnoutPercent: 77.8 });
    // the published result, with turnout, is what the resident reads
    expect((await resident.get(`${P}/votes/${v.id}`)).body).toMatchObject({ outcome: 'passed', yes: 4, no: 1, abstain: 1, turnoutPercent: 77.8 });
    expect((await resident.post(`${P}/votes/${v.id}/ballots`, { choice: 'yes' })).body.error.code).toBe('VOTE_CLOSED');

    r = await step(p.id, r.body.version, { step: 'resolve', voteId: v.id, summary: '村民代表会议表决通过修建方案。' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.records[3]).toMatchObject({ step: 'resolve', result: 'passed', expected: 9, attended: 7, voteId: v.id });
    expect(r.body.records[3].summary).toContain('同意4票');

    r = await step(p.id, r.body.version, { step: 'publish_resolution', summary: '公示期7天，如有异议请向村务监督委员会反映。', publishDays: 7 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const resolutionPost = r.body.records[4].disclosurePostId as number;
    expect(resolutionPost).toBeGreaterThan(0);
    r = await step(p.id, r.body.version, { step: 'publish_result', summary: '广场已建成并验收，决算15.6万元。' });
    expect(r.body.status).toBe('completed');
    expect(r.body.records.map((x: { step: string }) => x.step)).toEqual(['propose', 'consult', 'review', 'resolve', 'publish_resolution', 'publish_result']);
    const resultPost = r.body.records[5].disclosurePostId as number;

    // both publications are on the village's 村务 board, which the resident reads
    const board = (await resident.get(`${P}/disclosures?category=village`)).body.items as { id: number; title: string; source: string }[];
    expect(board.map((b) => b.id)).toEqual(expect.arrayContaining([resolutionPost, resultPost]));
    const post = (await resident.get(`${P}/disclosures/${resolutionPost}`)).body;
    expect(post.title).toBe('决议公开：修建村文化广场');
    expect(post.body).toContain('村民代表会议表决通过修建方案');
    expect(post.source).toBe('four_step');

    const after = await step(p.id, r.body.version, { step: 'publish_result' });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('FOUR_STEP_FINISHED');
    // another village's centre does not see the procedure
    expect((await hsb.get(`${P}/four-step/${p.id}`)).status).toBe(404);
  });

  it('ends the procedure when the representatives vote it down', async () => {
    const p = await startProcedure('出租集体林地');
    let r = await step(p.id, p.version, { step: 'propose', passed: true });
    r = await step(p.id, r.body.version, { step: 'consult', passed: true });
    r = await step(p.id, r.body.version, { step: 'review', passed: true, expected: 20, attended: 18 });
    const v = await openRepVote('出租集体林地');
    const electors = (await cadre.get(`${P}/votes/${v.id}/electors`)).body.items as { id: number }[];
    await cadre.post(`${P}/votes/${v.id}/attendance`, { electorIds: electors.slice(0, 8).map((e) => e.id) });
    for (const [i, e] of electors.slice(0, 8).entries()) {
      const b = await cadre.post(`${P}/votes/${v.id}/paper-ballots`, { electorId: e.id, choice: i < 3 ? 'yes' : 'no' });
      await town.post(`${P}/votes/${v.id}/paper-ballots/${b.body.ballotId}/confirm`);
    }
    const version = (await cadre.get(`${P}/votes/${v.id}`)).body.version;
    expect((await cadre.post(`${P}/votes/${v.id}/close`, { version })).body.outcome).toBe('failed');
    r = await step(p.id, r.body.version, { step: 'resolve', voteId: v.id });
    expect(r.body.status).toBe('failed');
    expect(r.body.nextStep).toBeNull();
    const next = await step(p.id, r.body.version, { step: 'publish_resolution' });
    expect(next.body.error.code).toBe('FOUR_STEP_FINISHED');
    // a vote of the wrong body cannot carry the 决议 step of another matter either
    const p2 = await startProcedure('另一事项');
    let r2 = await step(p2.id, p2.version, { step: 'propose', passed: true });
    r2 = await step(p2.id, r2.body.version, { step: 'consult', passed: true });
    r2 = await step(p2.id, r2.body.version, { step: 'review', passed: true, expected: 20, attended: 18 });
    expect((await step(p2.id, r2.body.version, { step: 'resolve', voteId: v.id })).status).toBe(409);
  });

  it('refuses managers outside the village and non-managers', async () => {
    expect((await hsb.post(`${P}/four-step`, { areaCode: VILLAGE, title: '越权', matter: '越权' })).status).toBe(403);
    expect((await resident.post(`${P}/four-step`, { areaCode: VILLAGE, title: '越权', matter: '越权' })).status).toBe(403);
    expect((await hsb.get(`${P}/four-step?area=${VILLAGE}`)).body.total).toBe(0);
  });
});

describe('votes drawn from 实有人口', () => {
  it('puts every registered villager aged 18+ on the roll and counts the 村民会议 quorum from it', async () => {
    const cutoff = adultBornOnOrBefore(t.ctx.clock());
    const [{ n }] = await t.ctx.db
      .select({ n: count() })
      .from(persons)
      .where(and(like(persons.areaCode, `${VILLAGE}%`), eq(persons.status, 'active'), eq(persons.residency, '户籍'), isNotNull(persons.birthDate), sql`${persons.birthDate} <= ${cutoff}`));
    const res = await cadre.post(`${P}/votes`, { areaCode: VILLAGE, title: '村民会议', question: '是否同意？', electorate: 'villagers' });
    if (Number(n) === 0) {
      expect(res.body.error.code).toBe('VOTE_ROLL_EMPTY');
      return;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.eligible).toBe(Number(n));
    expect(res.body.rollSource).toBe('people');
    expect(res.body.quorum).toMatchObject({ met: false, required: Math.floor(Number(n) / 2) + 1 });
    // the resident is a villager of 620523101001 with an account: they see their own place on the roll
    const mine = (await resident.get(`${P}/votes/${res.body.id}`)).body;
    expect(mine.me).toEqual({ electorId: expect.any(Number), voted: false });
  });

  it('refuses an empty roll and another village', async () => {
    expect((await cadre.post(`${P}/votes`, { areaCode: VILLAGE, title: 'x', question: 'x', electorate: 'representatives' })).body.error.code).toBe('VOTE_ROLL_EMPTY');
    expect((await cadre.post(`${P}/votes`, { areaCode: OUTSIDE_VILLAGE, title: 'x', question: 'x', electorate: 'representatives', roll: [{ name: '甲' }] })).status).toBe(403);
  });
});

describe('三公开', () => {
  it('publishes, lets residents comment and question, answers, and flags overdue categories', async () => {
    const res = await cadre.post(`${P}/disclosures`, { areaCode: VILLAGE, category: 'village', title: '第三季度村务公开', body: '低保评议、临时救助发放情况。', period: '第三季度' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.id as number;
    expect((await resident.get(`${P}/disclosures`)).body.items.map((p: { id: number }) => p.id)).toContain(id);
    const q = await resident.post(`${P}/disclosures/${id}/comments`, { kind: 'question', body: '临时救助的标准是多少？' });
    expect(q.status).toBe(201);
    const [cadreUser] = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'village_cadre'));
    const notes = await t.ctx.db.select().from(notifications).where(and(eq(notifications.userId, cadreUser.id), eq(notifications.kind, 'participation.question')));
    expect(notes.length).toBeGreaterThan(0);
    expect((await resident.post(`${P}/disclosure-comments/${q.body.id}/answer`, { answer: '我来答' })).status).toBe(403);
    const a = await cadre.post(`${P}/disclosure-comments/${q.body.id}/answer`, { answer: '按镇民政办标准，每户每次不超过1000元。' });
    expect(a.body.answer).toContain('1000元');
    const detail = (await resident.get(`${P}/disclosures/${id}`)).body;
    expect(detail.comments[0]).toMatchObject({ kind: 'question', answer: expect.stringContaining('1000元') });
    // another town's centre neither reads nor answers it
    expect((await hsb.get(`${P}/disclosures/${id}`)).status).toBe(404);
    expect((await hsb.post(`${P}/disclosure-comments/${q.body.id}/answer`, { answer: 'x' })).status).toBe(404);

    // withdrawn posts leave the board
    await cadre.post(`${P}/disclosures/${id}/withdraw`, { version: res.body.version });
    expect((await resident.get(`${P}/disclosures/${id}`)).status).toBe(404);

    const overdue = (await town.get(`${P}/disclosures/overdue?area=${VILLAGE}`)).body.items[0];
    const finance = overdue.categories.find((c: { category: string }) => c.category === 'finance');
    expect(finance.overdue).toBe(false); // the seeded monthly accounts went up five days ago
    expect(overdue.categories.find((c: { category: string }) => c.category === 'party').overdue).toBe(false); // quarterly, 40 days ago
    const empty = (await town.get(`${P}/disclosures/overdue?area=620523101002`)).body.items[0];
    expect(empty.categories.every((c: { overdue: boolean; lastPublishedAt: string | null }) => c.overdue && c.lastPublishedAt === null)).toBe(true);
    // villages with nothing published are overdue in every category
    const town101 = (await town.get(`${P}/disclosures/overdue?onlyOverdue=true`)).body;
    expect(town101.total).toBeGreaterThan(40);
    expect((await resident.get(`${P}/disclosures/overdue`)).status).toBe(403);
  });
});

describe('议事协商', () => {
  it('takes a resident topic through support, a meeting with sign-in and minutes, to a decision and its task', async () => {
    const topic = await resident.post(`${P}/topics`, { title: '广场舞音响扰民', content: '晚上十点后仍有音响，希望议一议时间。' });
    expect(topic.status, JSON.stringify(topic.body)).toBe(201);
    expect(topic.body).toMatchObject({ areaCode: VILLAGE, source: 'resident_says' });
    const tid = topic.body.id as number;
    expect((await resident.post(`${P}/topics/${tid}/support`)).body.supportCount).toBe(1);
    expect((await resident.post(`${P}/topics/${tid}/support`)).body.supportCount).toBe(1);
    expect((await cadre.post(`${P}/topics/${tid}/support`)).body.supportCount).toBe(2);
    expect((await cadre.post(`${P}/topics/${tid}/comments`, { body: '同意上会讨论。' })).status).toBe(201);

    const grid = await t.ctx.db.select({ id: users.id }).from(users).where(eq(users.username, 'grid_worker'));
    const m = await cadre.post(`${P}/meetings`, {
      areaCode: VILLAGE,
      kind: '议事会',
      title: '议事会：广场舞时间',
      agenda: ['听取意见', '商定时间'],
      topicIds: [tid],
      scheduledAt: new Date().toISOString(),
      expected: 9,
    });
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body.level).toBe('village');
    expect((await resident.get(`${P}/topics/${tid}`)).body.status).toBe('scheduled');
    const s = await cadre.post(`${P}/meetings/${m.body.id}/sign-in`, { attendees: [{ name: '甲' }, { name: '乙' }, { name: '甲' }, { name: '丙' }] });
    expect(s.body).toEqual({ added: 3, attended: 3, expected: 9 });
    expect((await cadre.post(`${P}/meetings/${m.body.id}/minutes`, { version: m.body.version, minutes: '商定晚九点半前结束。' })).status).toBe(200);
    const d = await cadre.post(`${P}/meetings/${m.body.id}/decisions`, { content: '广场舞晚九点半前结束', tasks: [{ title: '张贴告示并巡查一周', assigneeUserId: grid[0].id }] });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    const detail = (await resident.get(`${P}/meetings/${m.body.id}`)).body;
    expect(detail).toMatchObject({ status: 'held', attended: 3 });
    expect(detail.decisions[0].tasks[0].assigneeName).toBe('网格员 李演示');
    expect((await resident.get(`${P}/topics/${tid}`)).body.status).toBe('decided');

    const worker = await t.login('grid_worker');
    const tasks = (await worker.get(`${P}/tasks?mine=true`)).body.items;
    expect(tasks).toHaveLength(1);
    const done = await worker.post(`${P}/tasks/${tasks[0].id}/done`, { version: tasks[0].version, result: '已张贴，巡查一周无扰民。' });
    expect(done.body.status).toBe('done');
    expect((await worker.post(`${P}/tasks/${tasks[0].id}/done`, { version: done.body.version, result: 'x' })).body.error.code).toBe('TASK_DONE');
  });

  it('holds 三级协商 at county and grid level and keeps other towns out', async () => {
    const county = await t.login('county_center');
    const c = await county.post(`${P}/meetings`, { areaCode: '620523', kind: '三级协商', title: '县级协商：物业纠纷', scheduledAt: new Date().toISOString() });
    expect(c.body.level).toBe('county');
    const g = await cadre.post(`${P}/meetings`, { areaCode: `${VILLAGE}001`, kind: '三级协商', title: '网格协商：楼道堆物', scheduledAt: new Date().toISOString() });
    expect(g.body.level).toBe('grid');
    expect((await cadre.post(`${P}/meetings`, { areaCode: '620523', kind: '三级协商', title: '越级', scheduledAt: new Date().toISOString() })).status).toBe(403);
    // the seeded 红砂坝镇 topic (id 2) is not visible in 新兴镇, nor the 新兴镇 one (id 1) in 红砂坝镇
    expect((await resident.get(`${P}/topics/2`)).status).toBe(404);
    expect((await hsb.get(`${P}/topics/1`)).status).toBe(404);
    expect((await hsb.post(`${P}/topics/1/support`)).status).toBe(404);
    expect((await hsb.get(`${P}/meetings/${g.body.id}`)).status).toBe(404);
  });
});

describe('双报到, hours, 帮办代办 and commendations', () => {
  it('registers, records hours and errands, and counts them', async () => {
    const pm = await t.login('party_member');
    const reg = await pm.post(`${P}/volunteers`, { areaCode: '620523101002', kind: 'party_member', unitName: '新兴镇中心小学', offers: ['法律咨询'] });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    expect(reg.body.name).toBe('党员 吴演示');
    expect((await pm.post(`${P}/volunteers`, { areaCode: '620523101002', kind: 'party_member', offers: ['法律咨询'] })).status).toBe(409);
    expect((await pm.post(`${P}/volunteers`, { areaCode: VILLAGE, kind: 'unit', name: '某单位', offers: ['x'] })).status).toBe(403);
    expect((await pm.get(`${P}/volunteers?mine=true`)).body.total).toBe(2);

    const town102 = await town.post(`${P}/volunteer-hours`, { registrationId: reg.body.id, activity: '普法宣传', hours: 2.5, servedOn: new Date(Date.now() - 86_400_000).toISOString() });
    expect(town102.status, JSON.stringify(town102.body)).toBe(201);
    // the first community's cadre does not manage the second community's volunteers
    expect((await cadre.post(`${P}/volunteer-hours`, { registrationId: reg.body.id, activity: 'x', hours: 1, servedOn: new Date().toISOString() })).status).toBe(404);
    const summary = (await town.get(`${P}/volunteer-hours`)).body.items as { name: string; hours: number }[];
    expect(summary.filter((s) => s.name === '党员 吴演示').reduce((a, s) => a + s.hours, 0)).toBe(7.5);

    const worker = await t.login('grid_worker');
    expect((await worker.post(`${P}/errands`, { residentName: '某老人', matter: '代办医保缴费' })).status).toBe(201);
    expect((await cadre.post(`${P}/errands`, { residentName: '某老人', matter: 'x' })).status).toBe(403);
    const counts = (await town.get(`${P}/errands/counts`)).body;
    expect(counts.items.find((c: { workerName: string }) => c.workerName === '网格员 李演示').count).toBe(2);
    expect((await hsb.get(`${P}/errands/counts`)).body.total).toBe(0);

    const c = await cadre.post(`${P}/commendations`, { areaCode: VILLAGE, kind: '诚信户', name: '李某家', year: 2025, reason: '诚实守信' });
    expect(c.status).toBe(201);
    expect((await resident.get(`${P}/commendations?kind=诚信户`)).body.items.map((x: { name: string }) => x.name)).toContain('李某家');
    expect((await hsb.get(`${P}/commendations`)).body.items.every((x: { areaCode: string }) => x.areaCode.startsWith('150981109'))).toBe(true);
  });
});

describe('政策法规随时知', () => {
  it('finds the seeded 村规民约 when a resident searches 宅基地, without logging in', async () => {
    const res = await t.anon().get(`/api/public/knowledge?q=${encodeURIComponent('宅基地')}`);
    expect(res.status).toBe(200);
    expect(res.body.items[0].kind).toBe('village_rules');
    expect(res.body.items[0].title).toContain('村规民约');
    const full = await t.anon().get(`/api/public/knowledge/${res.body.items[0].id}`);
    expect(full.body.body).toContain('一户一宅');
    // a sentence is cut into words and ranked: the mediation law comes first for a mediation question
    const med = (await t.anon().get(`/api/public/knowledge?q=${encodeURIComponent('调解协议怎么申请司法确认')}`)).body;
    expect(med.items[0].title).toContain('人民调解法');
    // an area narrows to the documents that apply there
    const hsbRules = (await t.anon().get(`/api/public/knowledge?kind=village_rules&area=${OUTSIDE_VILLAGE}`)).body.items;
    expect(hsbRules.every((d: { areaCode: string }) => d.areaCode === OUTSIDE_VILLAGE)).toBe(true);
  });

  it('is managed by the centre within its scope; national documents by the administrator only', async () => {
    const body = { areaCode: '620523101', kind: 'policy', title: '新兴镇红白事报备办法', summary: '红白事提前三天向村委会报备。', body: '操办红白事须提前三天报备，规模从简，移风易俗。' };
    const created = await town.post(`${P}/knowledge`, body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await resident.get(`${P}/knowledge?q=${encodeURIComponent('红白事报备')}`)).body.items[0].id).toBe(created.body.id);
    expect((await resident.post(`${P}/knowledge`, body)).status).toBe(403);
    expect((await hsb.patch(`${P}/knowledge/${created.body.id}`, { version: created.body.version, title: 'x' })).status).toBe(404);
    expect((await town.post(`${P}/knowledge`, { ...body, areaCode: null })).body.error.code).toBe('KNOWLEDGE_AREA_REQUIRED');
    const admin = await t.login('admin');
    expect((await admin.post(`${P}/knowledge`, { ...body, areaCode: null, title: '全国通用' })).status).toBe(201);

    const upd = await town.patch(`${P}/knowledge/${created.body.id}`, { version: created.body.version, title: '新兴镇婚丧事宜报备办法' });
    expect(upd.status).toBe(200);
    expect((await resident.get(`${P}/knowledge?q=${encodeURIComponent('婚丧')}`)).body.items[0].id).toBe(created.body.id);
    expect((await town.patch(`${P}/knowledge/${created.body.id}`, { version: created.body.version, title: 'x' })).status).toBe(409);
    expect((await town.request('DELETE', `${P}/knowledge/${created.body.id}`)).status).toBe(200);
    expect((await t.anon().get(`/api/public/knowledge/${created.body.id}`)).status).toBe(404);
    expect((await resident.get(`${P}/knowledge?q=${encodeURIComponent('婚丧')}`)).body.items.map((d: { id: number }) => d.id)).not.toContain(created.body.id);
  });
});
