/**
 * Demo 一周一结 (DESIGN §8, §15): eight weeks of weekly reports with graded signals over part of 新兴镇 and
 * 红砂坝镇 (a few grids miss a week), the warnings those signals raised (handled and closed), three disputes
 * of the same (fictitious) parties for the repeat-dispute rule to find, and 稳评 records. The current week is
 * left for the workers to file. Deterministic, and written in batches so a start stays fast.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { RISK_GRADE_LABEL, type RiskGrade, SIGNAL_CATEGORIES, SIGNAL_CATEGORY_LABEL, addWeeks, isoWeekOf, weekStart } from '../../domain/risk/policy';
import { createCase } from '../modules/cases/cases.service';
import { buildActor } from '../platform/access';
import type { AppContext } from '../platform/context';
import { areas, riskAssessments, riskSignals, riskWarnings, riskWeeklyReports, users } from '../platform/db/schema';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const SUMMARIES = [
  '本周辖区总体平稳，群众关注冬季取暖和医保缴费，已逐户宣传政策。',
  '本周走访农户，群众反映村道路灯损坏、垃圾清运不及时，已上报处理。',
  '本周社情民意平稳，外出务工人员陆续返乡，关注工资结算情况。',
  '本周开展矛盾纠纷排查，发现邻里纠纷苗头一起，已现场调解。',
];
const SIGNAL_TEXT: Record<string, string[]> = {
  dispute_sign: ['两户因宅基地边界有争执苗头', '土地流转租金结算有分歧，双方情绪激动'],
  public_security: ['夜间有外来车辆在村口长时间停留', '废弃厂房有不明人员出入'],
  safety_hazard: ['自建房外墙出现裂缝', '冬季取暖使用煤炉，存在一氧化碳中毒隐患'],
  mass_incident_sign: ['部分务工人员商议集体讨要工资', '征地补偿标准引起部分村民不满，有聚集意向'],
  special_population: ['社区矫正人员近期情绪低落', '严重精神障碍患者家属反映近期未按时服药'],
  public_opinion: ['微信群流传不实的征地消息', '短视频平台出现涉及本村的负面言论'],
  livelihood: ['独居老人冬季取暖困难', '低保户反映救助金发放延迟'],
  other: ['快递点设置不便，群众意见较多'],
};

/** Park–Miller: the same demo every start. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

export async function seedDemoRisk(ctx: AppContext): Promise<void> {
  const now = ctx.clock();
  const rand = random(20_261_207);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const staff = await ctx.db.select().from(users).where(inArray(users.username, ['grid_worker', 'hsb_grid_worker', 'town_center', 'hsb_center']));
  const byName = (u: string) => staff.find((s) => s.username === u)!;
  const grids = await ctx.db.select({ code: areas.code }).from(areas).where(and(eq(areas.level, 'grid'), eq(areas.status, 'active'))).orderBy(areas.code);
  const towns = [
    { code: '620523101', worker: byName('grid_worker'), grids: grids.filter((g) => g.code.startsWith('620523101')).slice(0, 30) },
    { code: '150981109', worker: byName('hsb_grid_worker'), grids: grids.filter((g) => g.code.startsWith('150981109')).slice(0, 20) },
  ];
  const current = isoWeekOf(now);

  for (const town of towns) {
    for (let back = 8; back >= 1; back--) {
      const week = addWeeks(current, -back);
      const start = weekStart(week)!;
      const reports = town.grids
        .filter(() => rand() > 0.08)
        .map((g) => {
          const at = new Date(start.getTime() + (4 + Math.floor(rand() * 3)) * DAY + 9 * HOUR);
          return { areaCode: g.code, week, summary: pick(SUMMARIES), reporterId: town.worker.id, reporterName: town.worker.displayName, submittedAt: at, updatedAt: at };
        });
      if (reports.length === 0) continue;
      const inserted = await ctx.db.insert(riskWeeklyReports).values(reports).returning();
      const signals = inserted.flatMap((r) => {
        const n = rand() < 0.55 ? 0 : rand() < 0.7 ? 1 : 2;
        return Array.from({ length: n }, () => {
          const category = pick(SIGNAL_CATEGORIES);
          const x = rand();
          const grade: RiskGrade = x < 0.5 ? 'blue' : x < 0.8 ? 'yellow' : x < 0.96 ? 'orange' : 'red';
          return {
            reportId: r.id,
            areaCode: r.areaCode,
            week,
            category,
            grade,
            description: pick(SIGNAL_TEXT[category]),
            createdAt: r.submittedAt,
            updatedAt: r.submittedAt,
          };
        });
      });
      if (signals.length === 0) continue;
      const rows = await ctx.db.insert(riskSignals).values(signals).returning();
      // past weeks' warnings were answered: acknowledged in time, handled, closed
      const warned = rows.filter((s) => s.grade !== 'blue');
      if (warned.length === 0) continue;
      await ctx.db.insert(riskWarnings).values(
        warned.map((s) => {
          const tier = s.grade === 'yellow' ? 'village' : 'town';
          const holderCode = s.areaCode.slice(0, tier === 'village' ? 12 : 9);
          const report = inserted.find((r) => r.id === s.reportId)!;
          return {
            dedupKey: `signal:${s.id}`,
            source: 'signal',
            signalId: s.id,
            areaCode: s.areaCode,
            grade: s.grade,
            category: s.category,
            title: `${SIGNAL_CATEGORY_LABEL[s.category as keyof typeof SIGNAL_CATEGORY_LABEL]}：${s.description}`,
            detail: s.description,
            links: [
              { type: 'signal' as const, id: s.id, label: `${week} 一周一结风险信号` },
              { type: 'report' as const, id: report.id, label: `${week} 一周一结` },
            ],
            status: 'closed',
            tier,
            holderCode,
            ackDueAt: null,
            raisedAt: s.createdAt,
            acknowledgedAt: new Date(s.createdAt.getTime() + 0.5 * HOUR),
            acknowledgedByName: tier === 'town' ? (town.code === '620523101' ? '新兴镇综治中心' : '红砂坝镇综治中心') : '村(社区)干部',
            handledAt: new Date(s.createdAt.getTime() + 20 * HOUR),
            handledNote: `已核实${RISK_GRADE_LABEL[s.grade as RiskGrade]}风险，落实包联责任人跟进化解`,
            closedAt: new Date(s.createdAt.getTime() + 30 * HOUR),
            closedNote: '已化解，关闭预警',
            updatedAt: new Date(s.createdAt.getTime() + 30 * HOUR),
          };
        }),
      );
    }
  }

  // three disputes between the same two fictitious parties within 90 days: the repeat-dispute rule's demo
  const centre = byName('town_center');
  const actor = buildActor({ ...centre, ip: null });
  const disputeGrid = towns[0].grids[towns[0].grids.length - 1].code;
  const parties = [
    { name: '赵某甲(示例)', role: '申请人' },
    { name: '钱某乙(示例)', role: '被申请人' },
  ];
  const disputes = [
    { daysAgo: 62, title: '赵某甲与钱某乙因宅基地边界发生争执' },
    { daysAgo: 31, title: '赵某甲与钱某乙因排水沟占地再起争执' },
    { daysAgo: 4, title: '赵某甲与钱某乙因院墙修建发生口角' },
  ];
  for (const d of disputes) {
    const at = new Date(now.getTime() - d.daysAgo * DAY);
    await createCase({ ...ctx, clock: () => at }, actor, {
      kind: 'event',
      title: d.title,
      description: `${d.title}，双方各执一词，需进一步调解。`,
      categoryCode: 'dispute_lead',
      areaCode: disputeGrid,
      people: parties,
      source: 'intake',
      urgent: false,
    });
  }

  // 稳评: matters assessed this year and last
  const year = Number(isoWeekOf(now).slice(0, 4));
  const creator = centre.id;
  const at = new Date(now.getTime() - 40 * DAY);
  await ctx.db.insert(riskAssessments).values([
    {
      areaCode: '620523101',
      year,
      title: '新兴镇集镇农贸市场搬迁改造项目',
      matterType: 'project',
      owner: '新兴镇人民政府',
      assessor: '甘谷县某社会稳定风险评估中心(示例)',
      assessorType: 'third_party',
      risks: [
        { description: '摊位经营户对过渡期安置和租金有顾虑', level: 'medium' },
        { description: '施工期间交通组织影响周边群众出行', level: 'low' },
      ],
      level: 'medium',
      measures: '召开经营户座谈会公示租金方案；设置临时过渡市场；施工期间安排交通疏导。',
      decision: 'implement',
      decidedAt: at,
      documents: [{ name: '风险评估报告.pdf', url: null }, { name: '听证会记录.pdf', url: null }],
      createdBy: creator,
      createdAt: at,
      updatedAt: at,
    },
    {
      areaCode: towns[0].grids[0].code.slice(0, 12),
      year,
      title: '村集体土地统一流转方案',
      matterType: 'decision',
      owner: '村民委员会',
      assessor: '新兴镇综治中心',
      assessorType: 'internal',
      risks: [{ description: '部分农户对流转价格不认可，可能引发集体上访', level: 'high' }],
      level: 'high',
      measures: '按“四议两公开”程序重新议定流转价格；逐户签订意愿书。',
      decision: 'postpone',
      decidedAt: at,
      documents: [],
      createdBy: creator,
      createdAt: at,
      updatedAt: at,
    },
    {
      areaCode: '150981109',
      year,
      title: '红砂坝镇农村饮水安全巩固提升工程',
      matterType: 'project',
      owner: '红砂坝镇人民政府',
      assessor: '红砂坝镇综治中心',
      assessorType: 'internal',
      risks: [{ description: '管网铺设占用少量耕地，需协商青苗补偿', level: 'low' }],
      level: 'low',
      measures: '青苗补偿标准提前公示，村组干部逐户协商。',
      decision: 'implement',
      decidedAt: at,
      documents: [{ name: '稳评报告.pdf', url: null }],
      createdBy: byName('hsb_center').id,
      createdAt: at,
      updatedAt: at,
    },
  ]);
}
