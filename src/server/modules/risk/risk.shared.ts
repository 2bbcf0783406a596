/** What the risk services share: the policy in force, who holds a warning, raising a warning once. */
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  DEFAULT_WARNING_POLICY,
  type RiskGrade,
  type RiskTier,
  RULES,
  type RuleCode,
  type RuleParams,
  ackDueAt,
  effectiveTier,
  holderCodeAt,
  mergeParams,
  RISK_GRADE_LABEL,
  type WarningPolicy,
} from '../../../domain/risk/policy';
import type { Role } from '../../../domain/roles';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppContext } from '../../platform/context';
import type { Db } from '../../platform/db/client';
import { riskRules, riskWarnings, users, type WarningLink } from '../../platform/db/schema';
import { notify } from '../../platform/notify';

export type WarningRow = typeof riskWarnings.$inferSelect;

/** Roles that read risk data in their area scope, and those who answer warnings. */
export const RISK_READERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre', 'leader'];
export const RISK_RESPONDERS: Role[] = ['center_staff', 'grid_worker', 'village_cadre'];
export const REPORT_WRITERS: Role[] = ['grid_worker', 'village_cadre', 'center_staff'];
export const ASSESSMENT_READERS: Role[] = ['center_staff', 'leader', 'village_cadre'];
export const ASSESSMENT_WRITERS: Role[] = ['center_staff'];

export const POLICY_CODE = 'policy';

export function isPolicy(v: unknown): v is WarningPolicy {
  return !!v && typeof v === 'object' && 'grades' in v && 'signalMinGrade' in v;
}

export async function loadPolicy(db: Db): Promise<WarningPolicy> {
  const [row] = await db.select().from(riskRules).where(eq(riskRules.code, POLICY_CODE)).limit(1);
  return row && isPolicy(row.params) ? row.params : DEFAULT_WARNING_POLICY;
}

export type RuleState = { code: RuleCode; enabled: boolean; params: RuleParams };

export async function loadRuleStates(db: Db): Promise<RuleState[]> {
  const rows = await db.select().from(riskRules);
  return RULES.map((decl) => {
    const row = rows.find((r) => r.code === decl.code);
    return { code: decl.code, enabled: row ? row.enabled === 1 : true, params: mergeParams(decl, row?.params as RuleParams | undefined) };
  });
}

/** The role whose holders answer a warning at a tier. */
const TIER_ROLE: Record<RiskTier, Role[]> = {
  grid: ['grid_worker'],
  village: ['village_cadre'],
  town: ['center_staff', 'leader'],
  county: ['center_staff', 'leader'],
};

/** Active users of the tier's roles whose scope is exactly the holder area. */
export async function holdersOf(db: Db, tier: RiskTier, holderCode: string): Promise<number[]> {
  const roles = TIER_ROLE[tier];
  const rows = await db
    .select({ id: users.id, roles: users.roles })
    .from(users)
    .where(and(eq(users.status, 'active'), sql`${users.scopes} @> ${JSON.stringify([holderCode])}::jsonb`));
  return rows.filter((u) => u.roles.some((r) => roles.includes(r as Role))).map((u) => u.id);
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20);
}

/** The finest area code (a whole level: 6/9/12/15 digits) holding all the given codes. */
export function commonArea(codes: string[]): string {
  if (codes.length === 0) return '';
  let p = codes[0];
  for (const c of codes) while (!c.startsWith(p)) p = p.slice(0, -1);
  for (const len of [18, 15, 12, 9, 6]) if (p.length >= len) return p.slice(0, len);
  return p;
}

export type RaiseInput = {
  dedupKey: string;
  source: 'signal' | 'rule';
  ruleCode?: RuleCode | null;
  signalId?: number | null;
  areaCode: string;
  grade: RiskGrade;
  category: string;
  title: string;
  detail?: string;
  links: WarningLink[];
};

/**
 * Raises a warning unless its dedup key was raised before (then returns null): the first tier's holders
 * get a notice, and the audit log a record, in the caller's transaction.
 */
export async function raiseWarning(tx: Db, ctx: AppContext, actor: Actor | null, policy: WarningPolicy, input: RaiseInput): Promise<WarningRow | null> {
  const now = ctx.clock();
  const tier = effectiveTier(input.areaCode, policy.grades[input.grade].tier);
  const holderCode = holderCodeAt(input.areaCode, tier);
  const [row] = await tx
    .insert(riskWarnings)
    .values({
      dedupKey: input.dedupKey,
      source: input.source,
      ruleCode: input.ruleCode ?? null,
      signalId: input.signalId ?? null,
      areaCode: input.areaCode,
      grade: input.grade,
      category: input.category,
      title: input.title,
      detail: input.detail ?? '',
      links: input.links,
      status: 'open',
      tier,
      holderCode,
      ackDueAt: ackDueAt(policy, input.grade, now),
      raisedAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing({ target: riskWarnings.dedupKey })
    .returning();
  if (!row) return null;
  const holders = await holdersOf(tx, tier, holderCode);
  await notify(
    tx,
    holders.map((userId) => ({
      userId,
      kind: 'risk_warning',
      title: `${RISK_GRADE_LABEL[input.grade]}预警：${input.title}`,
      body: '请及时签收处置',
      link: `/risk/warnings?id=${row.id}`,
      areaCode: input.areaCode,
    })),
    now,
  );
  await recordAudit(
    tx,
    {
      actorId: actor?.userId ?? null,
      actorName: actor?.username ?? 'system',
      ip: actor?.ip ?? null,
      action: 'risk.warning.raise',
      targetType: 'risk_warning',
      targetId: row.id,
      areaCode: input.areaCode,
      detail: { source: input.source, rule: input.ruleCode ?? null, grade: input.grade, tier },
    },
    now,
  );
  return row;
}

export async function warningIdsBySignal(db: Db, signalIds: number[]): Promise<Map<number, number>> {
  if (signalIds.length === 0) return new Map();
  const rows = await db.select({ id: riskWarnings.id, signalId: riskWarnings.signalId }).from(riskWarnings).where(inArray(riskWarnings.signalId, signalIds));
  return new Map(rows.map((r) => [r.signalId!, r.id]));
}

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
