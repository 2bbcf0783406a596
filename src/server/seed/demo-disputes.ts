/**
 * Demo disputes, petitions (DESIGN §15) in 红砂坝镇: the seed report's 集大原高铁 land-compensation case walked
 * through the engine to its follow-up, one dispute still waiting for intake, and one petition. Everything goes
 * through the services (perform, records), so the demo's timelines and audit rows are the real ones.
 */
import { eq } from 'drizzle-orm';
import { splitCompensation } from '../../domain/cases/kinds/dispute';
import { type Actor, buildActor } from '../platform/access';
import type { AppContext } from '../platform/context';
import { users } from '../platform/db/schema';
import { perform } from '../modules/cases/perform';
import { addAgreement, addMeeting, addSession, createDispute, signAgreement } from '../modules/disputes/disputes.service';
import { registerPetition } from '../modules/petitions/petitions.service';

async function actorOf(ctx: AppContext, username: string): Promise<Actor> {
  const [u] = await ctx.db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!u) throw new Error(`demo disputes: no user ${username}`);
  return buildActor(u);
}

export async function seedDemoDisputes(ctx: AppContext, hsbGrid: string): Promise<void> {
  const grid = await actorOf(ctx, 'hsb_grid_worker');
  const centre = await actorOf(ctx, 'hsb_center');
  const today = new Date(ctx.clock().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  let version = 1;
  const act = async (id: number, action: string, payload: Record<string, unknown> = {}) => {
    version = (await perform(ctx, centre, id, action, { version, ...payload })).version;
  };

  const land = await createDispute(ctx, grid, {
    title: '集大原高铁涉征地补偿费用分配纠纷',
    description: '木匠沟村6户持有林权证村民与17户无证村民因补偿费用分配问题发生纠纷，网格员了解情况后第一时间上报镇综治中心。',
    typeCode: 'd_land_requisition',
    riskLevel: 'high',
    source: 'grid',
    peopleInvolved: 23,
    isGroup: true,
    amountYuan: 860_000,
    areaCode: hsbGrid,
    parties: [
      { partyType: 'person', name: '木匠沟村持林权证村民(6户)', role: 'applicant', members: 6 },
      { partyType: 'person', name: '木匠沟村无证村民(17户)', role: 'respondent', members: 17 },
      { partyType: 'org', name: '木匠沟村村民委员会', role: 'third', members: 1 },
    ],
    violenceRisk: false,
  });
  version = land.version;
  await act(land.id, 'accept', { grade: 'hard', note: '群体性征地补偿纠纷，由镇综治中心受理' });
  await act(land.id, 'mediate', { team: ['司法所调解员', '派出所民警', '包村干部'] });
  await addSession(ctx, centre, land.id, {
    heldOn: today,
    place: '木匠沟村委会',
    mediators: ['司法所调解员', '包村干部'],
    partiesPresent: ['持证村民代表', '无证村民代表', '村委会'],
    record: '走访调查：6户村民的林权证年代久远、笔迹模糊，无法确定产权人；无证村民不认可，调解陷入僵局。',
    result: 'stalemate',
  });
  await addMeeting(ctx, centre, land.id, {
    heldOn: today,
    topic: '林权证真实性及补偿分配方案会商研判',
    participants: [
      { name: '镇党委副书记', unit: '红砂坝镇党委', kind: 'party_committee' },
      { name: '派出所所长', unit: '红砂坝派出所', kind: 'police' },
      { name: '纪检委员', unit: '红砂坝镇纪委', kind: 'discipline' },
      { name: '司法所所长', unit: '红砂坝司法所', kind: 'justice' },
      { name: '老党员', unit: '木匠沟村"五老"', kind: 'elder' },
      { name: '老教师', unit: '木匠沟村"五老"', kind: 'elder' },
    ],
    conclusions: '成立工作专班；同步委托第三方司法鉴定中心鉴定林权证真伪，依鉴定结果分配补偿。',
    tasks: [{ task: '委托第三方司法鉴定', ownerUnit: '红砂坝司法所' }],
  });
  await act(land.id, 'appraisal_pause', { institution: '第三方司法鉴定中心', reason: '鉴定6户村民林权证的真实性' });
  await act(land.id, 'resume', { note: '鉴定结果：6户村民的林权证真实有效' });
  const [held, unheld] = splitCompensation(860_000, [
    { share: 73.9, members: 6 },
    { share: 26.1, members: 17 },
  ]);
  const ag = await addAgreement(ctx, centre, land.id, {
    committee: '红砂坝镇人民调解委员会',
    partiesText: '甲方：木匠沟村持有林权证村民6户；乙方：木匠沟村无林权证村民17户；第三人：木匠沟村村民委员会。',
    facts: '集大原高铁建设征占木匠沟村林地，双方就征地补偿费用分配发生争议。经第三方司法鉴定中心鉴定，6户村民所持林权证真实有效。',
    issues: '征地补偿费用在持证户与无证户之间如何分配。',
    responsibility: '各方均无过错，依司法鉴定结果确定分配比例。',
    terms: [
      `总补偿款的73.9%(${held.groupYuan}元)由6户持证村民平均分配，每户${held.eachYuan}元。`,
      `总补偿款的26.1%(${unheld.groupYuan}元)由17户无证村民平均分配，每户${unheld.eachYuan}元。`,
      '双方就本纠纷不再提出其他主张。',
    ],
    performance: '补偿款到账后10日内，由村委会按上述比例一次性发放到户。',
    mediators: ['司法所调解员'],
    copies: 3,
    oral: false,
  });
  await signAgreement(ctx, centre, land.id, ag.id, { signedOn: today, version: 1 });
  await act(land.id, 'succeed', { agreementId: ag.id });
  await act(land.id, 'close', { note: '协议已签订并履行' });
  await act(land.id, 'follow_up', { note: '补偿款已按协议发放到户，双方无异议', rating: 'satisfied', performance: 'full' });

  await createDispute(ctx, grid, {
    title: '邻里因排水沟堵塞发生争执',
    description: '两户村民因院外排水沟堵塞、雨水倒灌发生争执。',
    typeCode: 'd_neighbour',
    riskLevel: 'low',
    source: 'screening',
    peopleInvolved: 2,
    isGroup: false,
    areaCode: hsbGrid,
    parties: [
      { partyType: 'person', name: '刘某', role: 'applicant', members: 1 },
      { partyType: 'person', name: '陈某', role: 'respondent', members: 1 },
    ],
    violenceRisk: false,
  });

  await registerPetition(ctx, centre, {
    petitionType: 'appeal',
    channel: 'visit',
    title: '反映高铁施工影响灌溉水渠',
    matter: '村民反映高铁施工临时占用灌溉水渠，影响春灌，要求恢复。',
    areaCode: hsbGrid.slice(0, 12),
    petitioners: [{ name: '村民代表甲', representative: true }],
    groupSize: 3,
    proxied: true,
  });
}
