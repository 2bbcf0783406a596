/**
 * Early-warning rules over the data (DESIGN §8), each a small declared unit (domain/risk/policy.ts RULES)
 * with editable parameters. The sweep evaluates every enabled rule over all areas and raises each finding
 * once: its dedup key names the records (or parties) it is about, so the next sweep finds it raised.
 * Disputes are read from the cases table by kind ('dispute', and 网格事件 of category 矛盾纠纷线索);
 * a kind with no rows yet raises nothing.
 */
import { and, eq, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { SaveRulesBody } from '../../../contracts/risk';
import { SPECIAL_CATEGORY_LABEL, type SpecialCategory } from '../../../domain/people/categories';
import {
  RULES,
  type RuleCode,
  type RuleParams,
  checkParams,
  checkWarningPolicy,
  containsAny,
  findClusters,
  repeatPartyGroups,
  ruleDeclaration,
} from '../../../domain/risk/policy';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import { type Db, queryRows } from '../../platform/db/client';
import { caseCategories, cases, riskRules, riskWarnings, specialPersons } from '../../platform/db/schema';
import { AppError } from '../../platform/errors';
import { POLICY_CODE, type RaiseInput, commonArea, loadPolicy, loadRuleStates, raiseWarning, shortHash } from './risk.shared';
import { escalateWarnings } from './warnings.service';

const DAY = 86_400_000;

export async function getRules(ctx: AppContext) {
  const [policy, states] = await Promise.all([loadPolicy(ctx.db), loadRuleStates(ctx.db)]);
  return {
    policy,
    rules: RULES.map((d) => {
      const s = states.find((x) => x.code === d.code)!;
      return { code: d.code, name: d.name, description: d.description, grade: d.grade, enabled: s.enabled, params: s.params, defaults: d.params };
    }),
  };
}

export async function saveRules(ctx: AppContext, actor: Actor, body: SaveRulesBody) {
  if (body.policy) {
    const bad = checkWarningPolicy(body.policy);
    if (bad) throw new AppError('RISK_POLICY_INVALID', { field: `policy.${bad}` });
  }
  for (const [i, r] of body.rules.entries()) {
    const decl = ruleDeclaration(r.code);
    if (!decl) throw new AppError('RISK_RULE_INVALID', { field: `rules.${i}.code` });
    const bad = checkParams(decl, r.params);
    if (bad) throw new AppError('RISK_RULE_INVALID', { field: `rules.${i}.params.${bad}` });
  }
  const now = ctx.clock();
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = [
      ...(body.policy ? [{ code: POLICY_CODE, enabled: 1, params: body.policy as unknown as Record<string, unknown> }] : []),
      ...body.rules.map((r) => ({ code: r.code, enabled: r.enabled ? 1 : 0, params: r.params as Record<string, unknown> })),
    ];
    for (const r of rows) {
      await tx
        .insert(riskRules)
        .values({ ...r, updatedBy: actor.userId, updatedAt: now })
        .onConflictDoUpdate({
          target: riskRules.code,
          set: { enabled: r.enabled, params: r.params, updatedBy: actor.userId, updatedAt: now, version: sql`${riskRules.version} + 1` },
        });
    }
    await recordAudit(
      tx,
      {
        actorId: actor.userId,
        actorName: actor.username,
        ip: actor.ip,
        action: 'risk.rules.save',
        targetType: 'risk_rules',
        detail: { codes: rows.map((r) => r.code) },
      },
      now,
    );
  });
  return getRules(ctx);
}

const num = (p: RuleParams, k: string): number => Number(p[k]);
const list = (p: RuleParams, k: string): string[] => (Array.isArray(p[k]) ? (p[k] as string[]) : []);

/** Disputes as the rules read them: cases of kind dispute, and events of category 矛盾纠纷线索 (dispute leads). */
function disputeCases() {
  return or(eq(cases.kind, 'dispute'), and(eq(cases.kind, 'event'), eq(cases.categoryCode, 'dispute_lead')));
}

const live = () => and(isNull(cases.mergedIntoId), ne(cases.status, 'rejected'));

type Finding = RaiseInput;

/**
 * Reads a side table of another kind (dispute_details, petition_details) when it exists; a missing table or
 * column answers nothing rather than failing the sweep (savepoint, so the transaction stays usable).
 */
async function optionalRows<T>(tx: Db, table: string, query: ReturnType<typeof sql>): Promise<T[]> {
  const [reg] = await queryRows<{ t: string | null }>(tx, sql`SELECT to_regclass(${table})::text AS t`);
  if (!reg?.t) return [];
  try {
    return await tx.transaction(async (sp) => queryRows<T>(sp as unknown as Db, query));
  } catch {
    return [];
  }
}

async function repeatDisputeParties(tx: Db, now: Date, p: RuleParams): Promise<Finding[]> {
  const since = new Date(now.getTime() - num(p, 'windowDays') * DAY);
  const rows = await tx
    .select({ id: cases.id, number: cases.number, areaCode: cases.areaCode, people: cases.people })
    .from(cases)
    .where(and(disputeCases(), live(), gte(cases.createdAt, since), sql`jsonb_array_length(${cases.people}) > 0`))
    .limit(20_000);
  const byTown = new Map<string, typeof rows>();
  for (const r of rows) {
    const town = r.areaCode.slice(0, 9);
    if (!byTown.has(town)) byTown.set(town, []);
    byTown.get(town)!.push(r);
  }
  const out: Finding[] = [];
  for (const [town, townRows] of byTown) {
    const groups = repeatPartyGroups(
      townRows.map((r) => ({ id: r.id, names: r.people.map((x) => x.name) })),
      num(p, 'minCases'),
    );
    for (const g of groups) {
      const members = townRows.filter((r) => g.ids.includes(r.id));
      out.push({
        // party names are personal data: the key carries their hash only
        dedupKey: `repeat_dispute_parties:${town}:${shortHash(g.names.join('|'))}`,
        source: 'rule',
        ruleCode: 'repeat_dispute_parties',
        areaCode: commonArea(members.map((m) => m.areaCode)),
        grade: 'orange',
        category: 'repeat_dispute_parties',
        title: `同一当事人${num(p, 'windowDays')}天内涉及${members.length}起矛盾纠纷`,
        detail: `涉及${g.names.length}名当事人反复发生纠纷，请研判是否存在激化风险并落实包案化解。`,
        links: members.map((m) => ({ type: 'case' as const, id: m.id, label: m.number })),
      });
    }
  }
  return out;
}

async function eventCluster(tx: Db, now: Date, p: RuleParams): Promise<Finding[]> {
  const since = new Date(now.getTime() - num(p, 'windowDays') * DAY);
  const rows = await tx
    .select({ id: cases.id, number: cases.number, areaCode: cases.areaCode, lng: cases.lng, lat: cases.lat, category: cases.categoryCode })
    .from(cases)
    .where(and(eq(cases.kind, 'event'), live(), gte(cases.createdAt, since), sql`${cases.lng} IS NOT NULL AND ${cases.lat} IS NOT NULL`))
    .limit(20_000);
  const names = await tx.select({ code: caseCategories.code, name: caseCategories.name }).from(caseCategories).where(eq(caseCategories.kind, 'event'));
  const clusters = findClusters(
    rows.map((r) => ({ id: r.id, lng: r.lng!, lat: r.lat!, category: r.category ?? '' })),
    num(p, 'minEvents'),
    num(p, 'radiusM'),
  );
  return clusters.map((ids) => {
    const members = rows.filter((r) => ids.includes(r.id));
    const cat = members[0].category ?? '';
    return {
      dedupKey: `event_cluster:${cat}:${ids[0]}`,
      source: 'rule' as const,
      ruleCode: 'event_cluster' as const,
      areaCode: commonArea(members.map((m) => m.areaCode)),
      grade: 'yellow' as const,
      category: 'event_cluster',
      title: `${num(p, 'windowDays')}天内${num(p, 'radiusM')}米范围内发生${members.length}起「${names.find((n) => n.code === cat)?.name ?? cat}」事件`,
      detail: '同类事件聚集，请研判是否存在共同诱因并统筹处置。',
      links: members.map((m) => ({ type: 'case' as const, id: m.id, label: m.number })),
    };
  });
}

async function repeatPetition(tx: Db, now: Date, p: RuleParams): Promise<Finding[]> {
  const since = new Date(now.getTime() - num(p, 'windowDays') * DAY);
  const rows = await tx
    .select({
      id: cases.id,
      number: cases.number,
      areaCode: cases.areaCode,
      category: cases.categoryCode,
      phoneHash: cases.reporterPhoneHash,
      reporterId: cases.reporterId,
      reporterName: cases.reporterName,
      source: cases.source,
    })
    .from(cases)
    .where(and(eq(cases.kind, 'petition'), isNull(cases.mergedIntoId), gte(cases.createdAt, since)))
    .limit(20_000);
  if (rows.length === 0) return [];
  // the petition ledger marks a repeat of an earlier petition on the same matter (重复信访) when it has one
  const repeats = await optionalRows<{ case_id: number; repeat_of: number }>(
    tx,
    'public.petition_details',
    sql`SELECT case_id, repeat_of FROM petition_details WHERE repeat_of IS NOT NULL`,
  );
  const repeatOf = new Map(repeats.map((r) => [Number(r.case_id), Number(r.repeat_of)]));
  const rootOf = (id: number) => {
    let cur = id;
    for (let i = 0; i < 50 && repeatOf.has(cur); i++) cur = repeatOf.get(cur)!;
    return cur;
  };
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const root = rootOf(r.id);
    // the petitioner: their phone (keyed hash), else their name as filed; intake staff file for others
    const who = r.phoneHash ?? (r.reporterName ? `n:${r.reporterName}` : r.reporterId !== null ? `u:${r.reporterId}` : null);
    if (root === r.id && !who) continue;
    const key = root !== r.id || repeats.some((x) => Number(x.repeat_of) === r.id) ? `root:${root}` : `${who}|${r.category ?? ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const out: Finding[] = [];
  for (const [key, members] of groups) {
    if (members.length < num(p, 'minPetitions')) continue;
    members.sort((a, b) => a.id - b.id);
    out.push({
      dedupKey: `repeat_petition:${shortHash(key)}:${members[0].id}`,
      source: 'rule',
      ruleCode: 'repeat_petition',
      areaCode: commonArea(members.map((m) => m.areaCode)),
      grade: 'orange',
      category: 'repeat_petition',
      title: `同一信访人就同一事项重复信访${members.length}次`,
      detail: '请核查前次办理意见是否落实，落实领导包案，防止重复访、越级访。',
      links: members.map((m) => ({ type: 'case' as const, id: m.id, label: m.number })),
    });
  }
  return out;
}

async function overdueSpecialVisit(tx: Db, now: Date, p: RuleParams): Promise<Finding[]> {
  const before = new Date(now.getTime() - num(p, 'graceDays') * DAY);
  const rows = await tx
    .select({ id: specialPersons.id, areaCode: specialPersons.areaCode, category: specialPersons.category, riskLevel: specialPersons.riskLevel, due: specialPersons.nextVisitDue })
    .from(specialPersons)
    .where(and(eq(specialPersons.status, 'active'), gte(specialPersons.riskLevel, num(p, 'minRiskLevel')), lt(specialPersons.nextVisitDue, before)))
    .limit(5000);
  return rows.map((r) => {
    const label = SPECIAL_CATEGORY_LABEL[r.category as SpecialCategory] ?? r.category;
    return {
      // once per missed due date: a visit moves the date, and a new miss raises again
      dedupKey: `overdue_special_visit:${r.id}:${r.due!.toISOString()}`,
      source: 'rule' as const,
      ruleCode: 'overdue_special_visit' as const,
      areaCode: r.areaCode,
      grade: 'orange' as const,
      category: 'overdue_special_visit',
      // no name here: the record itself is behind the `sensitive` permission
      title: `风险等级${r.riskLevel}级的${label}超期未随访`,
      detail: `应于${r.due!.toISOString().slice(0, 10)}前完成随访。`,
      links: [{ type: 'special_person' as const, id: r.id, label }],
    };
  });
}

async function disputeFlags(tx: Db, now: Date, p: RuleParams): Promise<Finding[]> {
  const since = new Date(now.getTime() - num(p, 'windowDays') * DAY);
  const rows = await tx
    .select({ id: cases.id, number: cases.number, areaCode: cases.areaCode, title: cases.title, description: cases.description })
    .from(cases)
    .where(and(disputeCases(), live(), gte(cases.createdAt, since)))
    .limit(20_000);
  if (rows.length === 0) return [];
  // the dispute ledger's own marks (群体性, 有暴力/极端倾向), when the ledger exists
  const marked = await optionalRows<{ case_id: number; is_group: boolean; violence_risk: boolean }>(
    tx,
    'public.dispute_details',
    sql`SELECT case_id, is_group, violence_risk FROM dispute_details WHERE (is_group OR violence_risk) AND created_at >= ${since.toISOString()}::timestamptz`,
  );
  const marks = new Map(marked.map((m) => [Number(m.case_id), m.is_group ? '群体性' : '暴力倾向']));
  const words = list(p, 'keywords');
  const out: Finding[] = [];
  for (const r of rows) {
    const hit = marks.get(r.id) ?? containsAny(`${r.title} ${r.description}`, words);
    if (!hit) continue;
    out.push({
      dedupKey: `dispute_flags:${r.id}`,
      source: 'rule',
      ruleCode: 'dispute_flags',
      areaCode: r.areaCode,
      grade: 'red',
      category: 'dispute_flags',
      title: `矛盾纠纷出现「${hit}」情形：${r.title.slice(0, 30)}`,
      detail: '请立即核实，落实稳控和化解措施，必要时报告公安机关。',
      links: [{ type: 'case', id: r.id, label: r.number }],
    });
  }
  return out;
}

const EVALUATORS: Record<RuleCode, (tx: Db, now: Date, p: RuleParams) => Promise<Finding[]>> = {
  repeat_dispute_parties: repeatDisputeParties,
  event_cluster: eventCluster,
  repeat_petition: repeatPetition,
  overdue_special_visit: overdueSpecialVisit,
  dispute_flags: disputeFlags,
};

/** Evaluates the enabled rules and raises what is new; returns how many warnings were raised. */
export async function evaluateRules(ctx: AppContext, tx: Db): Promise<number> {
  const now = ctx.clock();
  const [policy, states] = await Promise.all([loadPolicy(tx), loadRuleStates(tx)]);
  let raised = 0;
  for (const s of states) {
    if (!s.enabled) continue;
    const findings = await EVALUATORS[s.code](tx, now, s.params);
    if (findings.length === 0) continue;
    const known = await tx
      .select({ key: riskWarnings.dedupKey })
      .from(riskWarnings)
      .where(inArray(riskWarnings.dedupKey, findings.map((f) => f.dedupKey)));
    const seen = new Set(known.map((k) => k.key));
    for (const f of findings) {
      if (seen.has(f.dedupKey)) continue;
      if (await raiseWarning(tx, ctx, null, policy, f)) raised++;
    }
  }
  return raised;
}

export type RiskSweepResult = { escalated: number; raised: number };

/**
 * The risk part of the periodic sweep (platform/jobs.ts, under its advisory lock). It runs in a savepoint:
 * a failure here is logged and leaves the other sweeps' work standing.
 */
export async function sweepRisk(ctx: AppContext, tx: Db): Promise<RiskSweepResult> {
  try {
    return await tx.transaction(async (spRaw) => {
      const sp = spRaw as unknown as Db;
      const escalated = await escalateWarnings(ctx, sp);
      const raised = await evaluateRules(ctx, sp);
      return { escalated, raised };
    });
  } catch (e) {
    console.error('[枫桥] 风险预警巡检失败', (e as Error).message);
    return { escalated: 0, raised: 0 };
  }
}
