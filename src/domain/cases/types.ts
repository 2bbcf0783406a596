/**
 * Case vocabulary shared by every kind (DESIGN §4). Pure data: no IO, the clock is passed in.
 */
export type CaseStatus =
  | 'reported'
  | 'escalated'
  | 'transferred'
  | 'accepted'
  | 'rejected'
  | 'assigned'
  | 'in_progress'
  | 'returned'
  | 'suspended'
  | 'handled'
  | 'closed'
  | 'evaluated'
  | 'merged';

export const CASE_STATUSES: readonly CaseStatus[] = [
  'reported',
  'escalated',
  'transferred',
  'accepted',
  'rejected',
  'assigned',
  'in_progress',
  'returned',
  'suspended',
  'handled',
  'closed',
  'evaluated',
  'merged',
];

export const STATUS_LABEL: Record<CaseStatus, string> = {
  reported: '待受理',
  escalated: '已上报上级',
  transferred: '已转办',
  accepted: '已受理待派遣',
  rejected: '不予受理',
  assigned: '已派遣待报到',
  in_progress: '办理中',
  returned: '部门退回待审定',
  suspended: '已挂起',
  handled: '已处置待核查',
  closed: '已结案',
  evaluated: '已评价',
  merged: '已合并',
};

/** Statuses in which the case is still being worked on (deadlines run, duplicates are searched). */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'reported',
  'escalated',
  'transferred',
  'accepted',
  'assigned',
  'in_progress',
  'returned',
  'suspended',
  'handled',
];

/** Handling tier: "小事不出村、大事不出镇" — grid → village → town centre → county centre. */
export type Tier = 'grid' | 'village' | 'town' | 'county';
export const TIERS: readonly Tier[] = ['grid', 'village', 'town', 'county'];
export const TIER_LABEL: Record<Tier, string> = { grid: '网格', village: '村(社区)', town: '镇(街道)综治中心', county: '县(区)综治中心' };
export const TIER_CODE_LENGTH: Record<Tier, number> = { grid: 15, village: 12, town: 9, county: 6 };

export function nextTier(t: Tier): Tier | null {
  const i = TIERS.indexOf(t);
  return TIERS[i + 1] ?? null;
}

/** 哨 level of an event; other kinds reuse it as their urgency grade. */
export type Grade = 'routine' | 'key' | 'hard';
export const GRADES: readonly Grade[] = ['routine', 'key', 'hard'];
export const GRADE_LABEL: Record<Grade, string> = { routine: '常规哨', key: '重点哨', hard: '疑难哨' };

export type DispatchRole = 'lead' | 'co' | 'notify';
export const DISPATCH_ROLE_LABEL: Record<DispatchRole, string> = { lead: '主办', co: '协办', notify: '知会' };
/** active: working on it; returned: return awaiting the centre's judgement; done: handled; released: no longer involved */
export type DispatchStatus = 'active' | 'returned' | 'done' | 'released';

export type RequestKind = 'extension' | 'pause' | 'reopen';

export type Rating = 'satisfied' | 'basically' | 'unsatisfied';
export const RATING_LABEL: Record<Rating, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

/**
 * Who the actor is *in relation to this case*. The server derives these from the user's roles, scopes,
 * department and the case's dispatches; kind declarations only speak in these terms.
 */
export type CaseRole =
  | 'reporter'
  | 'grid'
  | 'village'
  | 'centre'
  | 'leader'
  | 'dept_lead'
  | 'dept_co'
  | 'dept_notify'
  /** a party member with the case's area in scope (为民服务: may take an order; once taken, only the taker) */
  | 'volunteer'
  | 'system';

export const CASE_ROLES: readonly CaseRole[] = [
  'reporter',
  'grid',
  'village',
  'centre',
  'leader',
  'dept_lead',
  'dept_co',
  'dept_notify',
  'volunteer',
  'system',
];

export type DispatchFacts = {
  id: number;
  departmentId: number;
  role: DispatchRole;
  status: DispatchStatus;
  acknowledgedAt: Date | null;
  returnedAt: Date | null;
  handledAt: Date | null;
};

/** What guards may look at: the case row and its live sub-records. */
export type CaseFacts = {
  kind: string;
  status: CaseStatus;
  tier: Tier;
  grade: Grade;
  reporterId: number | null;
  ownerLeaderId: number | null;
  dispatches: DispatchFacts[];
  pendingRequests: RequestKind[];
  rating: Rating | null;
  /** the party member who took the order (service kind); absent or null when nobody has */
  volunteerId?: number | null;
};

export type ActorFacts = {
  userId: number;
  caseRoles: CaseRole[];
  /** the tier of the centre the actor works in (town or county), when the actor is a centre */
  centreTier: Tier | null;
  departmentId: number | null;
};
