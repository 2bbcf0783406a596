/**
 * Demo 实有人口, 重点人群 and a year of visits for the first grids of 新兴镇 (DESIGN §15). Names are obviously
 * fictitious (王某甲), 身份证号 are valid in format only. Each seeded grid gets exactly the households and
 * population the area seed planned for it, so coverage figures agree. Batched inserts keep it to ~1–2 s.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import { SPECIAL_DETAILS } from '../../contracts/people';
import { makeIdCard, maskIdCard, maskPhone } from '../../domain/id-card';
import type { HelperRole, SpecialCategory } from '../../domain/people/categories';
import { addDays, DEFAULT_VISIT_POLICIES, dueAfterVisit, policyFor } from '../../domain/people/visit-policy';
import type { AppContext } from '../platform/context';
import { encrypt, searchHash } from '../platform/crypto';
import type { Db } from '../platform/db/client';
import {
  areas,
  buildings,
  helperTeamMembers,
  households,
  houses,
  persons,
  specialPersons,
  users,
  visitCampaigns,
  visitPolicies,
  visits,
} from '../platform/db/schema';
import { policyRows } from '../modules/visits/visit-policies.service';

const XINXING = '620523101';
/** Stop adding grids once this many households are seeded (a few thousand people). */
const TARGET_HOUSEHOLDS = 850;
const DAY = 86_400_000;

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎'.split('');
const STEMS = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥'.split('');
const FINDINGS = [
  '家庭和睦，无矛盾纠纷',
  '了解家庭收入情况，宣传惠民政策',
  '老人身体状况良好，叮嘱注意用电安全',
  '反映村道路灯损坏，已记录上报',
  '宣传反诈知识，安装国家反诈中心APP',
  '邻里因排水问题有争执，已现场劝解',
  '宣传防火安全知识',
  '询问医保缴费事宜，已解答',
];
const SPECIAL_FINDINGS = ['情绪稳定，按时服药', '生活规律，家属配合', '近期情绪波动，已与监护人沟通', '已就业，表现良好', '按时报到，无异常', '进行心理疏导'];

type Planned = {
  key: string;
  areaCode: string;
  householdIdx: number;
  name: string;
  gender: '男' | '女';
  birth: Date;
  relation: string;
  residency: string;
  tags: string[];
  id: string;
  phone: string | null;
  userId: number | null;
};

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
const iso = (d: Date) => d.toISOString().slice(0, 10);

async function insertChunks<T>(db: Db, rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
  return db;
}

export async function seedDemoPeople(ctx: AppContext): Promise<void> {
  const db = ctx.db;
  const now = ctx.clock();
  const rand = rng(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number) => rand() < p;

  const accountRows = await db.select({ id: users.id, username: users.username, displayName: users.displayName, scopes: users.scopes }).from(users);
  const account = (u: string) => accountRows.find((a) => a.username === u);
  const gridWorker = account('grid_worker');
  const cadre = account('village_cadre');
  const police = account('dept_police');
  const townCenter = account('town_center');
  const leader = account('leader');
  const resident = account('resident');

  await db.insert(visitPolicies).values(policyRows(DEFAULT_VISIT_POLICIES, now));

  const gridRows = await db
    .select({ code: areas.code, name: areas.name, households: areas.households, population: areas.population })
    .from(areas)
    .where(and(eq(areas.level, 'grid'), like(areas.code, `${XINXING}%`)))
    .orderBy(asc(areas.code));
  const grids: typeof gridRows = [];
  let planned = 0;
  for (const g of gridRows) {
    if (planned >= TARGET_HOUSEHOLDS) break;
    const h = g.households > 0 ? g.households : 200;
    grids.push({ ...g, households: h, population: Math.max(g.population, h) });
    planned += h;
  }
  if (grids.length === 0) return;

  // ---- buildings (院落 groups of 20), houses and households
  type HH = { areaCode: string; no: string; address: string; size: number; tags: string[]; building: number; room: string };
  const hhs: HH[] = [];
  const buildingRows: { areaCode: string; name: string; kind: string; address: string; createdAt: Date }[] = [];
  for (const g of grids) {
    const sizes = new Array<number>(g.households).fill(1);
    let rest = Math.min(g.population, g.households * 6) - g.households;
    while (rest > 0) {
      const i = Math.floor(rand() * sizes.length);
      if (sizes[i] < 6) {
        sizes[i]++;
        rest--;
      }
    }
    const village = g.name.replace(/第\d+网格$/, '');
    const gridNo = Number(g.code.slice(-3));
    sizes.forEach((size, i) => {
      const group = Math.floor(i / 20) + 1;
      if (i % 20 === 0) {
        buildingRows.push({ areaCode: g.code, name: `${gridNo}网格${group}组院落`, kind: '院落', address: `${village}${gridNo}网格${group}组`, createdAt: now });
      }
      const tags: string[] = [];
      if (chance(0.05)) tags.push('低保');
      if (chance(0.04)) tags.push('困难家庭');
      hhs.push({
        areaCode: g.code,
        no: pad(i + 1, 3),
        address: `${village}${gridNo}网格${group}组${(i % 20) + 1}号`,
        size,
        tags,
        building: buildingRows.length - 1,
        room: `${(i % 20) + 1}号`,
      });
    });
  }
  const buildingIds: number[] = [];
  await insertChunks(db, buildingRows, async (chunk) => {
    const ids = await db.insert(buildings).values(chunk).returning({ id: buildings.id });
    buildingIds.push(...ids.map((x) => x.id));
  });
  const houseIds: number[] = [];
  await insertChunks(db, hhs, async (chunk) => {
    const ids = await db
      .insert(houses)
      .values(chunk.map((h) => ({ buildingId: buildingIds[h.building], areaCode: h.areaCode, room: h.room, createdAt: now })))
      .returning({ id: houses.id });
    houseIds.push(...ids.map((x) => x.id));
  });

  // ---- people
  const usedIds = new Set<string>();
  let seq = 0;
  const idFor = (birth: Date, gender: '男' | '女') => {
    for (;;) {
      seq++;
      const s = (seq % 500) * 2 + (gender === '男' ? 1 : 0);
      const id = makeIdCard('620523', ymd(birth), s);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const yearsAgo = (y: number) => new Date(now.getTime() - y * 365.25 * DAY - Math.floor(rand() * 360) * DAY);
  const people: Planned[] = [];
  hhs.forEach((h, hi) => {
    const surname = pick(SURNAMES);
    const headAge = 28 + Math.floor(rand() * 50);
    const flowing = chance(0.05);
    const members: { relation: string; age: number; gender: '男' | '女'; surname: string }[] = [];
    const headGender: '男' | '女' = chance(0.8) ? '男' : '女';
    members.push({ relation: '户主', age: headAge, gender: headGender, surname });
    if (h.size >= 2) members.push({ relation: '配偶', age: Math.max(20, headAge - 3 + Math.floor(rand() * 6)), gender: headGender === '男' ? '女' : '男', surname: pick(SURNAMES) });
    for (let k = members.length; k < h.size; k++) {
      if (k === 4 && headAge < 60) members.push({ relation: '父母', age: headAge + 24 + Math.floor(rand() * 6), gender: chance(0.5) ? '男' : '女', surname });
      else members.push({ relation: '子女', age: Math.max(0, headAge - 22 - Math.floor(rand() * 12)), gender: chance(0.5) ? '男' : '女', surname });
    }
    const partyHousehold = chance(0.03);
    members.forEach((m, mi) => {
      const birth = yearsAgo(m.age);
      const tags: string[] = h.tags.includes('低保') ? ['低保'] : [];
      const adult = m.age >= 18;
      if (adult && (chance(0.07) || (partyHousehold && mi === 0))) tags.push('党员');
      if (partyHousehold && mi === 0) tags.push('党员中心户');
      if (adult && m.gender === '男' && m.age < 70 && chance(0.04)) tags.push('退役军人');
      if (chance(0.02)) tags.push('残疾');
      if (h.size === 1 && m.age >= 65) tags.push('独居老人');
      if (m.age < 16 && chance(0.08)) tags.push('留守儿童');
      if (flowing) tags.push('流动人口');
      const isResident = hi === 0 && mi === 0 && !!resident;
      people.push({
        key: `${hi}-${mi}`,
        areaCode: h.areaCode,
        householdIdx: hi,
        name: isResident ? '郑演示' : `${m.surname}某${pick(STEMS)}`,
        gender: m.gender,
        birth,
        relation: m.relation,
        residency: flowing ? '流动' : '户籍',
        tags: [...new Set(tags)],
        id: '',
        phone: adult && chance(0.7) ? `1${pick(['3', '5', '7', '8', '9'])}${pad(Math.floor(rand() * 1e9), 9)}` : null,
        userId: isResident ? resident!.id : null,
      });
    });
    if (partyHousehold) h.tags.push('党员中心户');
  });
  for (const p of people) p.id = idFor(p.birth, p.gender);

  const householdIds: number[] = [];
  await insertChunks(db, hhs, async (chunk) => {
    const start = householdIds.length;
    const ids = await db
      .insert(households)
      .values(
        chunk.map((h, i) => ({
          areaCode: h.areaCode,
          householdNo: h.no,
          houseId: houseIds[start + i],
          address: h.address,
          headName: people.find((p) => p.householdIdx === start + i && p.relation === '户主')?.name ?? null,
          tags: h.tags,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: households.id, no: households.householdNo, areaCode: households.areaCode });
    householdIds.push(...ids.map((x) => x.id));
  });

  const personIdByHash = new Map<string, number>();
  await insertChunks(db, people, async (chunk) => {
    const ids = await db
      .insert(persons)
      .values(
        chunk.map((p) => ({
          areaCode: p.areaCode,
          householdId: householdIds[p.householdIdx],
          name: p.name,
          gender: p.gender,
          birthDate: iso(p.birth),
          idCardEnc: encrypt(p.id),
          idCardHash: searchHash(p.id),
          idCardMasked: maskIdCard(p.id),
          phoneEnc: p.phone ? encrypt(p.phone) : null,
          phoneHash: p.phone ? searchHash(p.phone) : null,
          phoneMasked: p.phone ? maskPhone(p.phone) : null,
          relation: p.relation,
          residency: p.residency,
          tags: p.tags,
          userId: p.userId,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: persons.id, hash: persons.idCardHash });
    for (const x of ids) personIdByHash.set(x.hash!, x.id);
  });
  const personId = (p: Planned) => personIdByHash.get(searchHash(p.id))!;

  // ---- 重点人群: about 100, in the proportions of seed 004
  const plan: [SpecialCategory, number][] = [
    ['released', 24],
    ['mental', 30],
    ['correction', 10],
    ['petition', 8],
    ['cult', 4],
    ['drug', 16],
    ['three_one', 8],
  ];
  const adults = people.filter((p) => now.getTime() - p.birth.getTime() > 20 * 365 * DAY && !p.userId);
  const chosen = new Set<string>();
  const gridOf = (code: string) => code.slice(0, 15);
  // the demo grid worker's own grid gets a share, so their desk shows follow-ups
  const ownGrid = gridWorker?.scopes[0] ?? '';
  const choose = (i: number) => {
    const pool = i % 4 === 0 && ownGrid ? adults.filter((a) => a.areaCode === ownGrid) : adults;
    for (;;) {
      const p = pick(pool.length ? pool : adults);
      if (!chosen.has(p.key)) {
        chosen.add(p.key);
        return p;
      }
    }
  };
  const detailsFor = (c: SpecialCategory, p: Planned, level: number): Record<string, unknown> => {
    const past = (days: number) => iso(new Date(now.getTime() - days * DAY));
    const raw: Record<SpecialCategory, Record<string, unknown>> = {
      mental: {
        diagnosis: pick(['精神分裂症', '双相(情感)障碍', '偏执性精神病', '癫痫所致精神障碍']),
        treatment: level >= 3 ? '间断服药' : '规律服药',
        guardianName: `${p.name.slice(0, 1)}某监护`,
        guardianRelation: pick(['配偶', '父母', '子女']),
        guardianshipAgreement: true,
        agreementDate: past(200 + Math.floor(rand() * 300)),
        archived: true,
        hospitalised: level >= 4,
      },
      correction: {
        correctionType: pick(['管制', '缓刑', '假释', '暂予监外执行']),
        periodStart: past(100 + Math.floor(rand() * 200)),
        periodEnd: iso(new Date(now.getTime() + (100 + Math.floor(rand() * 400)) * DAY)),
        crime: pick(['危险驾驶罪', '盗窃罪', '故意伤害罪']),
      },
      released: {
        originalOffence: pick(['盗窃罪', '诈骗罪', '故意伤害罪', '寻衅滋事罪']),
        releaseDate: past(60 + Math.floor(rand() * 1000)),
        sentence: `有期徒刑${1 + Math.floor(rand() * 6)}年`,
        resettlement: pick(['已安置', '自主就业', '未安置']),
        helpGroup: true,
      },
      petition: { matter: pick(['土地补偿', '宅基地纠纷', '劳资纠纷', '养老保险']), petitionCount: 1 + Math.floor(rand() * 8) },
      cult: { transformed: chance(0.5) },
      drug: { control: pick(['社区戒毒', '社区康复']), lastTestDate: past(Math.floor(rand() * 60)) },
      three_one: { kinds: [pick(['失意', '失业', '失婚', '心理失衡', '偏执'] as const)], situation: '近期生活变故，情绪低落' },
    };
    return SPECIAL_DETAILS[c].parse(raw[c]);
  };
  const mentalLevels = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 4];
  type SP = { p: Planned; category: SpecialCategory; level: number; details: Record<string, unknown>; last: Date; due: Date; visits: Date[] };
  const specials: SP[] = [];
  let n = 0;
  for (const [category, count] of plan) {
    for (let i = 0; i < count; i++) {
      const p = choose(n++);
      const level = category === 'mental' ? mentalLevels[i % mentalLevels.length] : chance(0.2) ? 1 : 0;
      const interval = policyFor(DEFAULT_VISIT_POLICIES, category, level).intervalDays;
      // about one in six is overdue
      const sinceLast = Math.floor(rand() * interval * 1.2);
      const last = new Date(now.getTime() - sinceLast * DAY - (2 + Math.floor(rand() * 6)) * 3_600_000);
      const dates: Date[] = [];
      for (let d = last; now.getTime() - d.getTime() < 365 * DAY; d = new Date(d.getTime() - interval * DAY + Math.floor(rand() * 3 - 1) * DAY)) {
        dates.push(d);
      }
      specials.push({ p, category, level, details: detailsFor(category, p, level), last, due: dueAfterVisit(last, interval), visits: dates });
    }
  }
  const spIds: number[] = [];
  await insertChunks(db, specials, async (chunk) => {
    const ids = await db
      .insert(specialPersons)
      .values(
        chunk.map((s) => ({
          personId: personId(s.p),
          areaCode: s.p.areaCode,
          category: s.category,
          riskLevel: s.level,
          details: s.details,
          lastVisitAt: s.last,
          nextVisitDue: s.due,
          createdAt: addDays(now, -400),
          updatedAt: now,
        })),
      )
      .returning({ id: specialPersons.id });
    spIds.push(...ids.map((x) => x.id));
  });

  const cadreCommunity = cadre?.scopes[0] ?? '-';
  const team: (typeof helperTeamMembers.$inferInsert)[] = [];
  specials.forEach((s, i) => {
    const add = (role: HelperRole, name: string, userId: number | null = null) =>
      team.push({ specialPersonId: spIds[i], role, name, userId, phoneMasked: maskPhone(`139${pad(i, 8)}`), createdAt: now });
    const sameHousehold = people.find((o) => o.householdIdx === s.p.householdIdx && o.key !== s.p.key && now.getTime() - o.birth.getTime() > 18 * 365 * DAY);
    if (s.category === 'mental') add('guardian', sameHousehold?.name ?? `${s.p.name.slice(0, 1)}某监护`);
    if (s.p.areaCode.startsWith(cadreCommunity) && cadre) add('village_cadre', cadre.displayName, cadre.id);
    else add('village_cadre', `村干部${pick(SURNAMES)}某`);
    if (s.category === 'mental') add('doctor', `精防医生${pick(SURNAMES)}某`);
    if (s.category !== 'three_one' && s.category !== 'petition' && police) add('police', police.displayName, police.id);
    if (gridOf(s.p.areaCode) === ownGrid && gridWorker) add('grid_worker', gridWorker.displayName, gridWorker.id);
    else add('grid_worker', `网格员${pick(SURNAMES)}某`);
  });
  await insertChunks(db, team, (chunk) => db.insert(helperTeamMembers).values(chunk));

  // ---- visits over the last year
  const visitorFor = (areaCode: string) =>
    gridWorker && gridOf(areaCode) === ownGrid ? gridWorker : cadre && areaCode.startsWith(cadreCommunity) ? cadre : townCenter!;
  const visitRows: (typeof visits.$inferInsert)[] = [];
  specials.forEach((s, i) => {
    const v = visitorFor(s.p.areaCode);
    for (const at of s.visits) {
      visitRows.push({
        areaCode: s.p.areaCode,
        householdId: householdIds[s.p.householdIdx],
        specialPersonId: spIds[i],
        visitedAt: at,
        visitorId: v.id,
        visitorName: v.displayName,
        peopleMet: 1 + (chance(0.4) ? 1 : 0),
        personIds: [personId(s.p)],
        findings: pick(SPECIAL_FINDINGS),
        createdAt: at,
      });
    }
  });
  const daytime = (daysAgo: number) => {
    const d = new Date(now.getTime() - daysAgo * DAY);
    d.setUTCHours(1 + Math.floor(rand() * 9), Math.floor(rand() * 60), 0, 0); // 09:00–18:00 in +08:00
    return d.getTime() < now.getTime() ? d : new Date(now.getTime() - 3_600_000);
  };
  hhs.forEach((h, hi) => {
    if (!chance(0.85)) return;
    const times = chance(0.3) ? 2 : 1;
    for (let k = 0; k < times; k++) {
      const at = daytime(1 + Math.floor(rand() * 364));
      const v = visitorFor(h.areaCode);
      visitRows.push({
        areaCode: h.areaCode,
        householdId: householdIds[hi],
        visitedAt: at,
        visitorId: v.id,
        visitorName: v.displayName,
        peopleMet: 1 + Math.floor(rand() * h.size),
        findings: pick(FINDINGS),
        createdAt: at,
      });
    }
  });

  // ---- 平安夜访: every Tuesday evening for the last three months and the next three
  if (leader) {
    const participants = [cadre, gridWorker, townCenter].filter((u): u is NonNullable<typeof u> => !!u);
    const [campaign] = await db
      .insert(visitCampaigns)
      .values({
        areaCode: XINXING,
        name: '新兴镇平安夜访(每周二)',
        weekday: 2,
        startTime: '19:30',
        startDate: iso(addDays(now, -91)),
        endDate: iso(addDays(now, 91)),
        participantIds: participants.map((u) => u.id),
        targetHouseholds: 300,
        createdBy: leader.id,
        createdAt: addDays(now, -95),
      })
      .returning({ id: visitCampaigns.id });
    const reachable = (u: (typeof participants)[number]) => hhs.map((h, i) => ({ h, i })).filter(({ h }) => u.scopes.some((s) => h.areaCode.startsWith(s)));
    for (let d = addDays(now, -91); d.getTime() < now.getTime(); d = addDays(d, 1)) {
      const evening = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 11, 30)); // 19:30 +08:00
      if (evening.getUTCDay() !== 2 || evening.getTime() > now.getTime() || iso(evening) < iso(addDays(now, -91))) continue;
      for (const u of participants) {
        const pool = reachable(u);
        for (let k = 0; k < 2 && pool.length; k++) {
          const { h, i } = pick(pool);
          const at = new Date(evening.getTime() + Math.floor(rand() * 90) * 60_000);
          if (at.getTime() > now.getTime()) continue;
          visitRows.push({
            areaCode: h.areaCode,
            householdId: householdIds[i],
            campaignId: campaign.id,
            visitedAt: at,
            visitorId: u.id,
            visitorName: u.displayName,
            peopleMet: 1 + Math.floor(rand() * h.size),
            findings: pick(['平安夜访：宣传防盗防骗知识', '平安夜访：了解家庭近况，无异常', '平安夜访：检查门窗用电安全']),
            createdAt: at,
          });
        }
      }
    }
  }
  await insertChunks(db, visitRows, (chunk) => db.insert(visits).values(chunk));
}
