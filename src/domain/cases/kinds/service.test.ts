import { describe, expect, it } from 'vitest';
import { nextActions, resolveTransition } from '../engine';
import type { ActorFacts, CaseFacts, CaseRole, CaseStatus } from '../types';
import { serviceKind } from './service';

const facts = (status: CaseStatus, volunteerId: number | null = null): CaseFacts => ({
  kind: 'service',
  status,
  tier: 'village',
  grade: 'routine',
  reporterId: 1,
  ownerLeaderId: null,
  dispatches: [],
  pendingRequests: [],
  rating: null,
  volunteerId,
});
const actor = (userId: number, ...caseRoles: CaseRole[]): ActorFacts => ({ userId, caseRoles, centreTier: null, departmentId: null });
const names = (c: CaseFacts, a: ActorFacts) => nextActions(serviceKind, c, a).map((x) => x.action);

describe('service kind: the volunteer case role', () => {
  it('any volunteer of the area may take a dispatched order nobody has taken', () => {
    expect(names(facts('reported'), actor(7, 'volunteer'))).toEqual([]);
    expect(names(facts('assigned'), actor(7, 'volunteer'))).toEqual(['claim']);
    expect(names(facts('assigned', 8), actor(7, 'volunteer'))).toEqual([]);
  });

  it('only the volunteer who took it completes it', () => {
    expect(names(facts('in_progress', 7), actor(7, 'volunteer'))).toEqual(['complete']);
    expect(resolveTransition(serviceKind, 'complete', facts('in_progress', 7), actor(8, 'volunteer'))).toEqual({ ok: false, reason: 'wrong_state' });
    expect(resolveTransition(serviceKind, 'complete', facts('in_progress', 7), actor(1, 'reporter'))).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('the community dispatches, the resident cancels and rates', () => {
    expect(names(facts('reported'), actor(3, 'village'))).toEqual(['dispatch_volunteer', 'decline']);
    expect(names(facts('reported'), actor(1, 'reporter'))).toEqual(['cancel']);
    expect(names(facts('closed', 7), actor(1, 'reporter'))).toEqual(['rate']);
    expect(names(facts('in_progress', 7), actor(1, 'reporter'))).toEqual([]);
  });
});
