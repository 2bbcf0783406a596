import { describe, expect, it } from 'vitest';
import { actionNames, nextActions, resolveTransition } from './engine';
import { dispatchesDone, eventKind } from './event-kind';
import { type ActorFacts, CASE_ROLES, CASE_STATUSES, type CaseFacts, type CaseRole, type CaseStatus, type DispatchFacts } from './types';

const T = new Date('2026-11-23T02:00:00Z');
const LEAD = 10;
const CO = 11;
const NOTIFY = 12;

function dispatch(id: number, departmentId: number, role: DispatchFacts['role'], over: Partial<DispatchFacts> = {}): DispatchFacts {
  return { id, departmentId, role, status: 'active', acknowledgedAt: null, returnedAt: null, handledAt: null, ...over };
}

/** A case in each state as the lifecycle leaves it (the fixture the matrix below is read against). */
function factsFor(status: CaseStatus): CaseFacts {
  const base: CaseFacts = {
    kind: 'event',
    status,
    tier: 'town',
    grade: 'routine',
    reporterId: 1,
    ownerLeaderId: null,
    dispatches: [],
    pendingRequests: [],
    rating: null,
  };
  const acked = { acknowledgedAt: T };
  switch (status) {
    case 'reported':
      return { ...base, tier: 'grid' };
    case 'escalated':
      return { ...base, tier: 'village' };
    case 'assigned':
      return { ...base, dispatches: [dispatch(1, LEAD, 'lead'), dispatch(2, CO, 'co'), dispatch(3, NOTIFY, 'notify')] };
    case 'in_progress':
    case 'suspended':
      return {
        ...base,
        dispatches: [dispatch(1, LEAD, 'lead', acked), dispatch(2, CO, 'co', acked), dispatch(3, NOTIFY, 'notify', acked)],
      };
    case 'returned':
      return {
        ...base,
        dispatches: [dispatch(1, LEAD, 'lead', { ...acked, status: 'returned', returnedAt: T }), dispatch(2, CO, 'co', acked)],
      };
    case 'handled':
      return {
        ...base,
        dispatches: [dispatch(1, LEAD, 'lead', { ...acked, status: 'done', handledAt: T }), dispatch(2, CO, 'co', { ...acked, status: 'done' })],
      };
    case 'evaluated':
      return { ...base, rating: 'satisfied' };
    default:
      return base;
  }
}

function actorFor(role: CaseRole): ActorFacts {
  const departmentId = role === 'dept_lead' ? LEAD : role === 'dept_co' ? CO : role === 'dept_notify' ? NOTIFY : null;
  return { userId: role === 'reporter' ? 1 : 99, caseRoles: [role], centreTier: role === 'centre' ? 'town' : null, departmentId };
}

const OBSERVE = ['own', 'supervise'];
const OVERSIGHT: Partial<Record<CaseRole, string[]>> = { leader: OBSERVE, system: ['supervise'] };

/** Expected: state → case role → actions allowed. Everything not listed must be refused. */
const ALLOWED: Record<CaseStatus, Partial<Record<CaseRole, string[]>>> = {
  reported: {
    grid: ['resolve_locally', 'escalate', 'escalate_skip'],
    centre: ['accept', 'reject', 'transfer', 'merge', 'supervise', 'urge'],
    ...OVERSIGHT,
  },
  escalated: {
    village: ['resolve_locally', 'escalate', 'escalate_skip'],
    centre: ['accept', 'reject', 'transfer', 'merge', 'supervise', 'urge'],
    ...OVERSIGHT,
  },
  transferred: { centre: ['accept', 'reject', 'merge', 'supervise'], ...OVERSIGHT },
  accepted: { centre: ['escalate', 'transfer', 'merge', 'dispatch', 'handle_self', 'supervise'], ...OVERSIGHT },
  rejected: {},
  assigned: {
    dept_lead: ['acknowledge', 'return', 'request_extension'],
    dept_co: ['acknowledge', 'return'],
    dept_notify: ['acknowledge'],
    centre: ['supervise', 'urge'],
    ...OVERSIGHT,
  },
  in_progress: {
    dept_lead: ['return', 'feedback', 'request_extension', 'request_pause'],
    dept_co: ['return', 'co_handle'],
    centre: ['supervise', 'urge'],
    ...OVERSIGHT,
  },
  returned: { centre: ['transfer', 'accept_return', 'reject_return', 'supervise', 'urge'], ...OVERSIGHT },
  suspended: { centre: ['resume', 'supervise'], ...OVERSIGHT },
  handled: { centre: ['close', 'rework', 'supervise'], ...OVERSIGHT },
  closed: { reporter: ['rate'], centre: ['follow_up'] },
  evaluated: { centre: ['follow_up'] },
  merged: {},
};

describe('event kind: every state × action × case role', () => {
  const actions = actionNames(eventKind);
  const cells = CASE_STATUSES.flatMap((s) => actions.flatMap((a) => CASE_ROLES.map((r) => [s, a, r] as const)));

  it('declares the whole lifecycle', () => {
    expect(cells.length).toBe(CASE_STATUSES.length * actions.length * CASE_ROLES.length);
    expect(actions).toEqual(
      expect.arrayContaining(['accept', 'reject', 'dispatch', 'acknowledge', 'return', 'feedback', 'close', 'rate', 'reopen', 'merge']),
    );
  });

  it.each(cells)('%s · %s · %s', (status, action, role) => {
    const expected = (ALLOWED[status][role] ?? []).includes(action);
    const c = factsFor(status);
    const a = actorFor(role);
    const r = resolveTransition(eventKind, action, c, a);
    expect(r.ok).toBe(expected);
    expect(nextActions(eventKind, c, a).some((n) => n.action === action)).toBe(expected);
  });
});

describe('event kind: guards and outcomes', () => {
  it('distinguishes a forbidden role from a wrong state', () => {
    const inProgress = factsFor('in_progress');
    expect(resolveTransition(eventKind, 'accept', inProgress, actorFor('grid'))).toEqual({ ok: false, reason: 'forbidden' });
    expect(resolveTransition(eventKind, 'accept', inProgress, actorFor('centre'))).toEqual({ ok: false, reason: 'wrong_state' });
    expect(resolveTransition(eventKind, 'fly', inProgress, actorFor('centre'))).toEqual({ ok: false, reason: 'unknown_action' });
  });

  it('lets a lead acknowledge into in_progress and a co-handler acknowledge without moving the case', () => {
    const c = factsFor('assigned');
    const lead = resolveTransition(eventKind, 'acknowledge', c, actorFor('dept_lead'));
    const co = resolveTransition(eventKind, 'acknowledge', c, actorFor('dept_co'));
    expect(lead.ok && lead.transition.to(c, {})).toBe('in_progress');
    expect(co.ok && co.transition.to(c, {})).toBe('same');
  });

  it('becomes handled only when the lead fed back and co-handlers are done or released', () => {
    const c = factsFor('in_progress');
    const leadDone = { ...c, dispatches: c.dispatches.map((d) => (d.role === 'lead' ? { ...d, status: 'done' as const } : d)) };
    expect(dispatchesDone(leadDone)).toBe(false);
    const coReleased = {
      ...leadDone,
      dispatches: leadDone.dispatches.map((d) => (d.role === 'co' ? { ...d, status: 'released' as const } : d)),
    };
    expect(dispatchesDone(coReleased)).toBe(true);
    const r = resolveTransition(eventKind, 'feedback', c, actorFor('dept_lead'));
    expect(r.ok && r.transition.to(leadDone, { result: 'x' })).toBe('same');
    expect(r.ok && r.transition.to(coReleased, { result: 'x' })).toBe('handled');
  });

  it('keeps an unhappy rating open for the centre to decide', () => {
    const c = factsFor('closed');
    const r = resolveTransition(eventKind, 'rate', c, actorFor('reporter'));
    expect(r.ok && r.transition.to(c, { rating: 'unsatisfied' })).toBe('same');
    expect(r.ok && r.transition.to(c, { rating: 'satisfied' })).toBe('evaluated');
    const requested = { ...c, pendingRequests: ['reopen' as const] };
    expect(nextActions(eventKind, requested, actorFor('centre')).map((n) => n.action)).toEqual(['follow_up', 'reopen', 'uphold']);
    expect(nextActions(eventKind, requested, actorFor('reporter'))).toEqual([]);
  });

  it('offers extension and pause decisions only while a request is pending', () => {
    const c = { ...factsFor('in_progress'), pendingRequests: ['extension' as const, 'pause' as const] };
    const centre = nextActions(eventKind, c, actorFor('centre')).map((n) => n.action);
    expect(centre).toEqual(expect.arrayContaining(['approve_extension', 'deny_extension', 'approve_pause', 'deny_pause']));
    const lead = nextActions(eventKind, c, actorFor('dept_lead')).map((n) => n.action);
    expect(lead).not.toContain('request_extension');
    expect(lead).not.toContain('request_pause');
  });

  it('lets the town centre escalate to the county, but not the county centre further', () => {
    const c = factsFor('accepted');
    expect(resolveTransition(eventKind, 'escalate', c, actorFor('centre')).ok).toBe(true);
    const county = { ...c, tier: 'county' as const };
    expect(resolveTransition(eventKind, 'escalate', county, { ...actorFor('centre'), centreTier: 'county' }).ok).toBe(false);
  });

  it('validates payloads with zod', () => {
    const r = resolveTransition(eventKind, 'accept', factsFor('reported'), actorFor('centre'));
    expect(r.ok && r.transition.payload.safeParse({ grade: 'key' }).success).toBe(true);
    expect(r.ok && r.transition.payload.safeParse({ grade: 'urgent' }).success).toBe(false);
  });
});
