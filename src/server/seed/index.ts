import { randomBytes } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import type { Role } from '../../domain/roles';
import type { AppContext } from '../platform/context';
import { areas, departments, users } from '../platform/db/schema';
import { hashPassword } from '../platform/password';
import { linkDemoUserPosts, seedDemoAreas } from './demo-areas';
import { seedDemoCases } from './demo-cases';
import { seedDemoDisputes } from './demo-disputes';
import { seedDemoMetrics } from './demo-metrics';
import { seedDemoParticipation } from './demo-participation';
import { seedDemoPeople } from './demo-people';
import { seedDemoRisk } from './demo-risk';
import { importRegions } from './regions';
import { seedDemoCameras } from './demo-cameras';

export const DEMO_PASSWORD = 'Demo@2026';

export type DemoAccount = { username: string; displayName: string; role: Role; scope: string; department?: string };

/** 新兴镇 (甘谷县) and 红砂坝镇 (丰镇市) are the two towns the seed reports describe grid by grid. */
export const XINXING = '620523101';
export const HONGSHABA = '150981109';
export const GANGU = '620523';

export async function isSeeded(ctx: AppContext): Promise<boolean> {
  const [row] = await ctx.db.select({ n: count() }).from(users);
  return Number(row?.n ?? 0) > 0;
}

/** The first grid of the first village of a town: deterministic so README and tests can name it. */
async function firstGrid(ctx: AppContext, town: string): Promise<string> {
  const rows = await ctx.db
    .select({ code: areas.code })
    .from(areas)
    .where(eq(areas.level, 'grid'))
    .orderBy(areas.code);
  const g = rows.find((r) => r.code.startsWith(town));
  if (!g) throw new Error(`no grid in ${town}`);
  return g.code;
}

export async function demoAccounts(ctx: AppContext): Promise<DemoAccount[]> {
  const xinxingGrid = await firstGrid(ctx, XINXING);
  const hsbGrid = await firstGrid(ctx, HONGSHABA);
  const community = xinxingGrid.slice(0, 12);
  return [
    { username: 'admin', displayName: '系统管理员', role: 'admin', scope: '' },
    { username: 'county_center', displayName: '甘谷县综治中心', role: 'center_staff', scope: GANGU },
    { username: 'town_center', displayName: '新兴镇综治中心', role: 'center_staff', scope: XINXING },
    { username: 'hsb_center', displayName: '红砂坝镇综治中心', role: 'center_staff', scope: HONGSHABA },
    { username: 'village_cadre', displayName: '社区干部 王演示', role: 'village_cadre', scope: community },
    { username: 'grid_worker', displayName: '网格员 李演示', role: 'grid_worker', scope: xinxingGrid },
    { username: 'hsb_grid_worker', displayName: '网格员 张演示', role: 'grid_worker', scope: hsbGrid },
    { username: 'dept_police', displayName: '新兴派出所 赵演示', role: 'dept_staff', scope: XINXING, department: '新兴派出所' },
    { username: 'dept_justice', displayName: '新兴司法所 钱演示', role: 'dept_staff', scope: XINXING, department: '新兴司法所' },
    { username: 'mediator', displayName: '调解员 孙演示', role: 'mediator', scope: XINXING },
    { username: 'leader', displayName: '包抓领导 周演示', role: 'leader', scope: XINXING },
    { username: 'party_member', displayName: '党员 吴演示', role: 'party_member', scope: XINXING },
    { username: 'resident', displayName: '居民 郑演示', role: 'resident', scope: community },
  ];
}

/** Departments a town's centre dispatches to (吹哨报到), and the county's. */
export const TOWN_DEPARTMENTS: { suffix: string; kind: string }[] = [
  { suffix: '派出所', kind: '派出所' },
  { suffix: '司法所', kind: '司法所' },
  { suffix: '信访办', kind: '信访办' },
  { suffix: '民政办', kind: '民政' },
  { suffix: '自然资源所', kind: '自然资源' },
  { suffix: '综合执法队', kind: '综合执法' },
  { suffix: '卫生院', kind: '卫生健康' },
  { suffix: '人民法庭', kind: '法庭' },
];
export const COUNTY_DEPARTMENTS = ['县公安局', '县司法局', '县信访局', '县住建局', '县人社局', '县市场监管局', '县纪委监委'];

async function seedDepartments(ctx: AppContext, towns: string[]) {
  const townRows = await ctx.db.select().from(areas).where(inArray(areas.code, towns));
  const values = townRows.flatMap((t) =>
    TOWN_DEPARTMENTS.map((d) => ({ areaCode: t.code, name: `${t.name.replace(/(镇|乡|街道)$/, '')}${d.suffix}`, kind: d.kind })),
  );
  values.push(...COUNTY_DEPARTMENTS.map((name) => ({ areaCode: GANGU, name: name.replace('县', '甘谷县'), kind: name.slice(1, -1) })));
  await ctx.db.insert(departments).values(values);
}

export async function seedDemo(ctx: AppContext): Promise<DemoAccount[]> {
  await importRegions(ctx.db, ctx.config.regions);
  await seedDemoAreas(ctx);
  await seedDepartments(ctx, [XINXING, HONGSHABA]);
  const accounts = await demoAccounts(ctx);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const depts = await ctx.db.select().from(departments);
  for (const a of accounts) {
    const dept = a.department ? depts.find((d) => d.name === a.department) : undefined;
    await ctx.db.insert(users).values({
      username: a.username,
      displayName: a.displayName,
      passwordHash,
      roles: [a.role],
      scopes: [a.scope],
      departmentId: dept?.id ?? null,
      mustChangePassword: false,
    });
  }
  await linkDemoUserPosts(ctx);
  await seedDemoPeople(ctx);
  await seedDemoParticipation(ctx, accounts.find((a) => a.username === 'village_cadre')!.scope, accounts.find((a) => a.username === 'hsb_grid_worker')!.scope.slice(0, 12));
  await seedDemoCases(ctx);
  await seedDemoDisputes(ctx, accounts.find((a) => a.username === 'hsb_grid_worker')!.scope);
  await seedDemoRisk(ctx);
  await seedDemoMetrics(ctx);
  await seedDemoCameras(ctx, XINXING);
  return accounts;
}

/** Production: regions only, and one administrator whose random password is printed once. */
export async function seedProduction(ctx: AppContext): Promise<{ username: string; password: string }> {
  await importRegions(ctx.db, ctx.config.regions);
  const password = `Fq-${randomBytes(9).toString('base64url')}9a`;
  await ctx.db.insert(users).values({
    username: 'admin',
    displayName: '系统管理员',
    passwordHash: await hashPassword(password),
    roles: ['admin'],
    scopes: [''],
    mustChangePassword: true,
  });
  return { username: 'admin', password };
}
