/**
 * Participation rules (DESIGN §9) as pure functions: who counts in an electorate, when a meeting may decide,
 * whether a motion passed, the ordered 四议两公开 steps, and when 三公开 publications are overdue.
 * The clock is passed in.
 */

/** Who may vote: all villagers 18+, one representative per household, the 村民代表会议, or the party members. */
export type ElectorateKind = 'villagers' | 'households' | 'representatives' | 'party_members';

export const ELECTORATE_LABEL: Record<ElectorateKind, string> = {
  villagers: '全体年满18周岁村民(村民会议)',
  households: '户代表(村民会议)',
  representatives: '村民代表会议',
  party_members: '党员大会',
};

export const MEETING_OF_ELECTORATE: Record<ElectorateKind, string> = {
  villagers: '村民会议',
  households: '村民会议',
  representatives: '村民代表会议',
  party_members: '党员大会',
};

export type Turnout = {
  /** electors on the roll */
  eligible: number;
  /** electors signed in (present) */
  present: number;
  /** households on the roll (villagers: households of the 18+ villagers; households: = eligible) */
  households: number;
  /** households with at least one elector present */
  householdsPresent: number;
};

export type QuorumCheck = { met: boolean; rule: string; required: number };

/** The smallest n with n > total / 2. */
export function moreThanHalf(total: number): number {
  return Math.floor(total / 2) + 1;
}

/** The smallest n with n ≥ 2/3 × total (integer maths, no floating point). */
export function twoThirds(total: number): number {
  return Math.ceil((total * 2) / 3);
}

/**
 * 村民代表会议: at least 2/3 of its members present. 村民会议: more than half of the villagers aged 18+, or
 * representatives of 2/3 of the households. 党员大会: more than half of the members entitled to vote.
 */
export function quorum(kind: ElectorateKind, t: Turnout): QuorumCheck {
  if (t.eligible === 0) return { met: false, rule: '选民名册为空', required: 1 };
  switch (kind) {
    case 'representatives': {
      const required = twoThirds(t.eligible);
      return { met: t.present >= required, rule: '村民代表会议须有三分之二以上组成人员参加', required };
    }
    case 'villagers': {
      const required = moreThanHalf(t.eligible);
      const byHouseholds = t.households > 0 && t.householdsPresent >= twoThirds(t.households);
      return {
        met: t.present >= required || byHouseholds,
        rule: '村民会议须有本村十八周岁以上村民过半数，或本村三分之二以上的户的代表参加',
        required,
      };
    }
    case 'households': {
      const required = twoThirds(t.households || t.eligible);
      return { met: t.householdsPresent >= required, rule: '村民会议须有本村三分之二以上的户的代表参加', required };
    }
    case 'party_members': {
      const required = moreThanHalf(t.eligible);
      return { met: t.present >= required, rule: '党员大会须有半数以上有表决权的党员到会', required };
    }
  }
}

export type Tally = { yes: number; no: number; abstain: number };

/** Decisions need more than half of those present (not of those voting). */
export function passes(t: Tally, present: number): boolean {
  return present > 0 && t.yes >= moreThanHalf(present);
}

export type VoteOutcome = 'passed' | 'failed';

export function outcomeOf(kind: ElectorateKind, turnout: Turnout, tally: Tally): { quorum: QuorumCheck; outcome: VoteOutcome | null } {
  const q = quorum(kind, turnout);
  if (!q.met) return { quorum: q, outcome: null };
  return { quorum: q, outcome: passes(tally, turnout.present) ? 'passed' : 'failed' };
}

/** Whole-percent turnout, for the published result. */
export function turnoutPercent(t: Pick<Turnout, 'eligible' | 'present'>): number {
  return t.eligible === 0 ? 0 : Math.round((t.present * 1000) / t.eligible) / 10;
}

/** Age in whole years on a date (birth date as YYYY-MM-DD). */
export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  const mm = on.getUTCMonth() + 1;
  if (mm < m || (mm === m && on.getUTCDate() < d)) age--;
  return age;
}

/** The latest birth date of someone aged 18 on the given day (YYYY-MM-DD). */
export function adultBornOnOrBefore(on: Date): string {
  const y = on.getUTCFullYear() - 18;
  const m = String(on.getUTCMonth() + 1).padStart(2, '0');
  const d = String(on.getUTCDate()).padStart(2, '0');
  // 29 Feb on a non-leap year compares fine as a string: '2007-02-29' sorts before '2007-03-01'
  return `${y}-${m}-${d}`;
}

// ---------------------------------------------------------------------------------------------------------
// 四议两公开

export type FourStepKey = 'propose' | 'consult' | 'review' | 'resolve' | 'publish_resolution' | 'publish_result';

export const FOUR_STEPS: readonly FourStepKey[] = ['propose', 'consult', 'review', 'resolve', 'publish_resolution', 'publish_result'];

export const FOUR_STEP_LABEL: Record<FourStepKey, string> = {
  propose: '村党组织提议',
  consult: '村"两委"会议商议',
  review: '党员大会审议',
  resolve: '村民会议或村民代表会议决议',
  publish_resolution: '决议公开',
  publish_result: '实施结果公开',
};

/** Steps that are a meeting with a result; the last two are publications. */
export const DELIBERATIVE_STEPS: readonly FourStepKey[] = ['propose', 'consult', 'review', 'resolve'];

/** The electorates whose vote may carry each voting step. */
export const STEP_ELECTORATES: Partial<Record<FourStepKey, readonly ElectorateKind[]>> = {
  review: ['party_members'],
  resolve: ['villagers', 'households', 'representatives'],
};

export type ProcedureStatus = 'in_progress' | 'completed' | 'failed';

export type StepCheck = { ok: true } | { ok: false; reason: 'finished' | 'failed' | 'out_of_order'; expected: FourStepKey | null };

/** The step to record next, given how many were recorded (null when all six are done). */
export function nextStep(done: number): FourStepKey | null {
  return FOUR_STEPS[done] ?? null;
}

/** A step may be recorded only as the next one of a procedure still in progress: none skipped, none reordered. */
export function checkStep(status: ProcedureStatus, done: number, step: FourStepKey): StepCheck {
  if (status === 'failed') return { ok: false, reason: 'failed', expected: null };
  const expected = nextStep(done);
  if (status === 'completed' || expected === null) return { ok: false, reason: 'finished', expected: null };
  if (step !== expected) return { ok: false, reason: 'out_of_order', expected };
  return { ok: true };
}

/** The procedure's status after a step with the given result. A failed meeting or vote ends it. */
export function statusAfter(step: FourStepKey, passed: boolean): ProcedureStatus {
  if (!passed) return 'failed';
  return step === 'publish_result' ? 'completed' : 'in_progress';
}

// ---------------------------------------------------------------------------------------------------------
// 三公开

export type DisclosureCategory = 'party' | 'village' | 'finance';
export const DISCLOSURE_CATEGORIES: readonly DisclosureCategory[] = ['party', 'village', 'finance'];
export const DISCLOSURE_LABEL: Record<DisclosureCategory, string> = { party: '党务公开', village: '村务公开', finance: '财务公开' };

/**
 * How often each category must be published, in months: 财务 monthly, 村务 quarterly (村民委员会组织法 art. 30:
 * at least once a quarter; monthly where finance is busy). 党务 follows the party's own rule of quarterly notice.
 */
export const PUBLICATION_INTERVAL_MONTHS: Record<DisclosureCategory, number> = { finance: 1, village: 3, party: 3 };

/** Default days a post stays on the board when no end is given. */
export const DEFAULT_PUBLICATION_DAYS = 30;

function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

/** The date by which the next publication of a category falls due after the last one (or now, if never). */
export function nextDue(category: DisclosureCategory, last: Date | null, now: Date): Date {
  if (!last) return now;
  return addMonths(last, PUBLICATION_INTERVAL_MONTHS[category]);
}

export function isOverdue(category: DisclosureCategory, last: Date | null, now: Date): boolean {
  if (!last) return true;
  return nextDue(category, last, now).getTime() < now.getTime();
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

/** A post is on the board from its start until its end (an open end means it stays). */
export function onBoard(p: { publishFrom: Date; publishUntil: Date | null; status: string }, now: Date): boolean {
  if (p.status !== 'published') return false;
  if (p.publishFrom.getTime() > now.getTime()) return false;
  return p.publishUntil === null || p.publishUntil.getTime() >= now.getTime();
}

// ---------------------------------------------------------------------------------------------------------
// 双报到, ratings and commendations

export type CommendationKind = '平安之星' | '诚信户' | '最美家庭';
export const COMMENDATION_KINDS: readonly CommendationKind[] = ['平安之星', '诚信户', '最美家庭'];

export type RegistrationKind = 'unit' | 'party_member';
export const REGISTRATION_LABEL: Record<RegistrationKind, string> = { unit: '在职单位', party_member: '在职党员' };
