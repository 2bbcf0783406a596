/**
 * Demo participation data: 政策法规 and 村规民约 (searchable), a topic, a meeting, 三公开 posts, a 四议两公开 matter in
 * progress, 双报到 registrations, errands and commendations — inside 新兴镇's first community and, for the scope
 * tests, in 红砂坝镇. Inside records are inserted before outside ones, so ids are stable (inside 1, outside 2).
 * Summaries of the laws are written in our own words.
 */
import { eq, inArray } from 'drizzle-orm';
import { addDays } from '../../domain/participation/rules';
import { insertDocUnscoped } from '../modules/participation/knowledge.service';
import type { AppContext } from '../platform/context';
import {
  areas,
  commendations,
  deliberationTopics,
  disclosurePosts,
  errands,
  fourStepProcedures,
  fourStepRecords,
  meetingAttendance,
  meetings,
  users,
  volunteerHours,
  volunteerRegistrations,
  voteElectors,
  votes,
} from '../platform/db/schema';

const DAY = 86_400_000;

export const DEMO_VILLAGE_RULES_TITLE = '新兴镇第一社区村规民约';

type DocSeed = { areaCode: string | null; kind: 'law' | 'policy' | 'village_rules'; title: string; summary: string; body: string; source: string; effectiveDate: string };

function knowledgeSeeds(inside: string, insideName: string, outside: string, outsideName: string): DocSeed[] {
  return [
    {
      areaCode: null,
      kind: 'law',
      title: '中华人民共和国人民调解法(要点)',
      summary: '人民调解委员会在当事人自愿、平等的基础上调解民间纠纷；调解不收费；达成的调解协议有约束力，可申请司法确认。',
      body: [
        '一、人民调解是什么：人民调解委员会通过说服、疏导等方法，促使当事人在平等协商的基础上自愿达成调解协议，解决民间纠纷。',
        '二、基本原则：当事人自愿、平等；不违背法律、法规和国家政策；尊重当事人的权利，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利。人民调解不收取任何费用。',
        '三、调解组织和调解员：村民委员会、居民委员会设立人民调解委员会，委员由村(居)民会议推选产生；调解员应当公道正派、热心调解工作。',
        '四、调解程序：当事人可以向人民调解委员会申请调解，调解委员会也可以主动调解；当事人一方明确拒绝的，不得调解。调解员可以邀请当事人的亲属、邻里、同事或者具有专门知识的人参与调解。',
        '五、调解协议：达成协议的可以制作调解协议书，也可以口头协议。经人民调解委员会调解达成的调解协议具有法律约束力，当事人应当按照约定履行。双方可以自协议生效之日起三十日内共同向人民法院申请司法确认。',
        '六、在本平台中：矛盾纠纷的调解记录、调解协议和司法确认申请都在“矛盾纠纷”中登记，调解员按五步工作法办理。',
      ].join('\n'),
      source: '全国人民代表大会常务委员会，2010年8月28日通过',
      effectiveDate: '2011-01-01',
    },
    {
      areaCode: null,
      kind: 'law',
      title: '信访工作条例(要点)',
      summary: '群众可以通过走访、书信、电话、网络等形式反映情况、提出建议或投诉请求；有权处理的机关应在规定期限内受理、办理并书面答复。',
      body: [
        '一、信访渠道：信访人可以采用信息网络、书信、电话、传真、走访等形式，向各级机关反映情况，提出建议、意见或者投诉请求。走访的，应当到有权处理的机关设立或者指定的接待场所提出。',
        '二、受理：有关机关收到信访事项后，能够当场告知的应当当场书面告知；不能当场告知的，应当自收到之日起15日内书面告知信访人是否受理。',
        '三、办理期限：信访事项应当自受理之日起60日内办结；情况复杂的，经批准可以适当延长，但延长期限不得超过30日，并告知信访人延期理由。',
        '四、复查复核：信访人对处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关的上一级机关复查；对复查意见不服的，可以在30日内向复查机关的上一级机关请求复核。',
        '五、信访人应当遵守法律，如实反映情况，不得捏造、歪曲事实，不得以信访为名扰乱公共秩序。',
        '六、在本平台中：信访事项按法定时限计时，到期前黄灯提醒，超期红灯并自动督办。',
      ].join('\n'),
      source: '中共中央、国务院，2022年',
      effectiveDate: '2022-05-01',
    },
    {
      areaCode: null,
      kind: 'policy',
      title: '村务公开与“四议两公开”工作要点',
      summary: '村级重大事项实行“四议两公开”：党组织提议、两委商议、党员大会审议、村民会议或村民代表会议决议，决议和实施结果公开。',
      body: [
        '一、哪些事项要走“四议两公开”：村级重大事项，如集体经济项目、集体土地承包和宅基地使用方案、征地补偿费使用分配、村级公益事业建设等。',
        '二、程序：村党组织提议；村“两委”会议商议；党员大会审议；村民会议或者村民代表会议决议；决议公开；实施结果公开。',
        '三、会议规则：村民代表会议须有三分之二以上组成人员参加方可召开，所作决定须经到会人员过半数同意；村民会议须有本村十八周岁以上村民过半数，或者本村三分之二以上的户的代表参加，所作决定须经到会人员过半数通过。',
        '四、村务公开：一般事项至少每季度公开一次；财务往来较多的，财务收支情况应当每月公开一次；涉及村民利益的重大事项随时公开。',
      ].join('\n'),
      source: '根据《中华人民共和国村民委员会组织法》整理',
      effectiveDate: '2019-01-01',
    },
    {
      areaCode: inside,
      kind: 'village_rules',
      title: `${insideName}村规民约`,
      summary: '爱党爱国、遵纪守法；宅基地依法申请、一户一宅；红白事从简；邻里和睦、矛盾先调解；保护环境、垃圾分类。',
      body: [
        '第一条 全体村(居)民应当遵守法律法规，爱党爱国，维护社会稳定。',
        '第二条 宅基地管理：建房须向村委会提出申请，经村民代表会议讨论、乡镇审核、县自然资源部门批准后方可动工；严格执行“一户一宅”，不得超面积占用，不得私自买卖宅基地；闲置宅基地由村集体依法统筹。',
        '第三条 移风易俗：红白事实行报备，婚事新办、丧事简办，不大操大办，不攀比彩礼。',
        '第四条 邻里关系：邻里之间互谅互让，发生矛盾先找网格员或村调委会调解，不得打架斗殴、聚众闹事。',
        '第五条 环境卫生：门前三包，垃圾定点投放，不乱堆乱放柴草粪土。',
        '第六条 平安建设：积极参加护村联防，发现可疑情况及时报告网格员。',
        '第七条 本规约经村民代表会议讨论通过，由村民委员会负责解释，村务监督委员会监督执行。',
      ].join('\n'),
      source: '村民代表会议通过',
      effectiveDate: '2024-03-01',
    },
    {
      areaCode: outside,
      kind: 'village_rules',
      title: `${outsideName}村规民约`,
      summary: '遵纪守法，勤俭节约，邻里互助，保护耕地和草场。',
      body: '第一条 遵纪守法。第二条 保护耕地和草场，不私自开垦。第三条 婚丧嫁娶从简。第四条 邻里纠纷先由村调委会调解。',
      source: '村民会议通过',
      effectiveDate: '2023-06-01',
    },
  ];
}

export async function seedDemoParticipation(ctx: AppContext, insideVillage: string, outsideVillage: string): Promise<void> {
  const db = ctx.db;
  const now = ctx.clock();
  const names = await db.select({ code: areas.code, name: areas.name }).from(areas).where(inArray(areas.code, [insideVillage, outsideVillage]));
  const nameOf = (c: string) => names.find((n) => n.code === c)?.name ?? c;
  const accounts = await db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users);
  const id = (u: string) => accounts.find((a) => a.username === u)?.id ?? 1;
  const cadre = id('village_cadre');
  const hsb = id('hsb_center');
  const admin = id('admin');

  for (const d of knowledgeSeeds(insideVillage, nameOf(insideVillage), outsideVillage, nameOf(outsideVillage))) {
    await insertDocUnscoped(db, { ...d, createdBy: admin, createdAt: now, updatedAt: now });
  }

  const [residentRow] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.username, 'resident'));
  await db.insert(deliberationTopics).values([
    {
      areaCode: insideVillage,
      title: '社区西侧巷道路灯不亮，晚上出行不便',
      content: '西侧巷道三盏路灯坏了一个多月，老人晚上出门不方便，希望社区议一议怎么修、钱从哪里出。',
      source: 'resident_says',
      raisedBy: id('resident'),
      raisedByName: residentRow?.displayName ?? '居民',
      supportCount: 0,
      createdAt: new Date(now.getTime() - 10 * DAY),
      updatedAt: new Date(now.getTime() - 10 * DAY),
    },
    {
      areaCode: outsideVillage,
      title: '村道硬化方案征求意见',
      content: '村委会拟硬化村东道路，请村民提出意见。',
      source: 'cadre',
      raisedBy: hsb,
      raisedByName: '红砂坝镇综治中心',
      createdAt: new Date(now.getTime() - 8 * DAY),
      updatedAt: new Date(now.getTime() - 8 * DAY),
    },
  ]);

  const meetingRows = await db
    .insert(meetings)
    .values([
      {
        areaCode: insideVillage,
        kind: '议事会',
        level: 'village',
        title: '居民议事会：巷道路灯维修',
        agenda: ['通报路灯损坏情况', '讨论维修方案和费用', '确定责任人和完成时间'],
        topicIds: [1],
        scheduledAt: new Date(now.getTime() - 3 * DAY),
        location: '社区党群服务中心',
        expected: 9,
        status: 'held',
        minutes: '到会议事会成员7人。经讨论，同意由社区从公益事业经费中列支维修费用，网格员负责联系供电所，一周内修复。',
        heldAt: new Date(now.getTime() - 3 * DAY),
        createdBy: cadre,
        createdAt: new Date(now.getTime() - 5 * DAY),
      },
      {
        areaCode: outsideVillage,
        kind: '村民代表会议',
        level: 'village',
        title: '村民代表会议：村道硬化',
        agenda: ['村道硬化方案'],
        scheduledAt: new Date(now.getTime() + 2 * DAY),
        expected: 15,
        createdBy: hsb,
        createdAt: new Date(now.getTime() - 2 * DAY),
      },
    ])
    .returning({ id: meetings.id });
  await db.insert(meetingAttendance).values(
    ['王某明', '李某华', '张某芳', '刘某军', '陈某兰', '杨某强', '赵某英'].map((name) => ({ meetingId: meetingRows[0].id, name, signedAt: new Date(now.getTime() - 3 * DAY) })),
  );
  await db.update(deliberationTopics).set({ status: 'scheduled' }).where(eq(deliberationTopics.id, 1));

  const month = (d: Date) => `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月`;
  const lastMonth = new Date(now.getTime() - 20 * DAY);
  await db.insert(disclosurePosts).values([
    {
      areaCode: insideVillage,
      category: 'finance',
      title: `${month(lastMonth)}财务收支公开`,
      body: '本月收入：上级转移支付 12,000.00 元；集体资产租赁 3,600.00 元。\n本月支出：办公费 820.00 元；公益事业(路灯、垃圾清运) 2,450.00 元；误工补贴 1,800.00 元。\n月末结余：38,540.00 元。',
      period: month(lastMonth),
      publishFrom: new Date(now.getTime() - 5 * DAY),
      publishUntil: addDays(now, 25),
      createdBy: cadre,
      createdAt: new Date(now.getTime() - 5 * DAY),
    },
    {
      areaCode: outsideVillage,
      category: 'village',
      title: '低保评议结果公示',
      body: '经村民代表评议，拟推荐以下家庭纳入低保(略)。',
      publishFrom: new Date(now.getTime() - 2 * DAY),
      publishUntil: addDays(now, 5),
      createdBy: hsb,
      createdAt: new Date(now.getTime() - 2 * DAY),
    },
    {
      areaCode: insideVillage,
      category: 'party',
      title: '第二季度党费收缴情况公开',
      body: '本季度应缴党员32人，实缴32人，合计1,920.00元，已全额上缴镇党委。',
      period: '第二季度',
      publishFrom: new Date(now.getTime() - 40 * DAY),
      publishUntil: addDays(now, 10),
      createdBy: cadre,
      createdAt: new Date(now.getTime() - 40 * DAY),
    },
  ]);

  const [proc] = await db
    .insert(fourStepProcedures)
    .values([
      {
        areaCode: insideVillage,
        title: '社区闲置院落改建老年日间照料点',
        matter: '将社区集体所有的闲置院落改建为老年日间照料点，预算约18万元，资金来源为上级项目资金和集体收入。',
        stepsDone: 1,
        createdBy: cadre,
        createdAt: new Date(now.getTime() - 6 * DAY),
        updatedAt: new Date(now.getTime() - 6 * DAY),
      },
      {
        areaCode: outsideVillage,
        title: '村集体草场承包方案',
        matter: '村集体草场重新发包。',
        createdBy: hsb,
        createdAt: new Date(now.getTime() - 4 * DAY),
        updatedAt: new Date(now.getTime() - 4 * DAY),
      },
    ])
    .returning({ id: fourStepProcedures.id });
  await db.insert(fourStepRecords).values({
    procedureId: proc.id,
    seq: 1,
    step: 'propose',
    expected: 5,
    attended: 5,
    result: 'passed',
    summary: '社区党支部委员会研究，提议将闲置院落改建为老年日间照料点，提交“两委”会议商议。',
    recordedBy: cadre,
    recordedByName: '社区干部 王演示',
    recordedAt: new Date(now.getTime() - 6 * DAY),
  });

  // an open 村民代表会议 vote in each village; the demo resident sits on the first one
  const voteRows = await db
    .insert(votes)
    .values([
      { areaCode: insideVillage, title: '老年日间照料点选址', question: '是否同意将闲置院落改建为老年日间照料点？', electorate: 'representatives', rollSource: 'list', eligible: 9, households: 0, createdBy: cadre, createdAt: now },
      { areaCode: outsideVillage, title: '村道硬化方案', question: '是否同意村东道路硬化方案？', electorate: 'representatives', rollSource: 'list', eligible: 3, households: 0, createdBy: hsb, createdAt: now },
    ])
    .returning({ id: votes.id });
  await db.insert(voteElectors).values([
    ...['代表甲', '代表乙', '代表丙', '代表丁', '代表戊', '代表己', '代表庚', '代表辛'].map((name) => ({ voteId: voteRows[0].id, name })),
    { voteId: voteRows[0].id, name: residentRow?.displayName ?? '居民', userId: id('resident') },
    ...['代表子', '代表丑', '代表寅'].map((name) => ({ voteId: voteRows[1].id, name })),
  ]);

  const regs = await db
    .insert(volunteerRegistrations)
    .values([
      { areaCode: insideVillage, kind: 'party_member', name: '党员 吴演示', unitName: '新兴镇中心小学', userId: id('party_member'), offers: ['课业辅导', '政策宣讲'], createdAt: new Date(now.getTime() - 30 * DAY) },
      { areaCode: outsideVillage, kind: 'unit', name: '丰镇市供电公司红砂坝供电所', offers: ['用电安全检查', '线路维修'], createdAt: new Date(now.getTime() - 30 * DAY) },
      { areaCode: insideVillage, kind: 'unit', name: '新兴镇卫生院', offers: ['义诊', '慢病随访'], createdAt: new Date(now.getTime() - 20 * DAY) },
    ])
    .returning({ id: volunteerRegistrations.id });
  await db.insert(volunteerHours).values([
    { areaCode: insideVillage, registrationId: regs[0].id, userId: id('party_member'), personName: '党员 吴演示', activity: '留守儿童课业辅导', hours: 3, servedOn: new Date(now.getTime() - 7 * DAY), recordedBy: cadre },
    { areaCode: insideVillage, registrationId: regs[0].id, userId: id('party_member'), personName: '党员 吴演示', activity: '防电诈宣讲', hours: 2, servedOn: new Date(now.getTime() - 3 * DAY), recordedBy: cadre },
  ]);
  await db.insert(errands).values({
    areaCode: `${insideVillage}001`,
    workerUserId: id('grid_worker'),
    workerName: '网格员 李演示',
    residentName: '郑某',
    matter: '代办高龄补贴申请',
    doneOn: new Date(now.getTime() - 4 * DAY),
  });
  await db.insert(commendations).values([
    { areaCode: insideVillage, kind: '平安之星', name: '王某明', year: now.getUTCFullYear(), reason: '多次协助调解邻里纠纷，带头参加护村联防。', recordedBy: cadre },
    { areaCode: outsideVillage, kind: '最美家庭', name: '张某家庭', year: now.getUTCFullYear(), reason: '孝老爱亲，邻里和睦。', recordedBy: hsb },
  ]);
}
