import { describe, expect, it } from 'vitest';
import {
  adultBornOnOrBefore,
  ageOn,
  checkStep,
  FOUR_STEPS,
  isOverdue,
  moreThanHalf,
  outcomeOf,
  passes,
  quorum,
  statusAfter,
  twoThirds,
} from './rules';

const t = (eligible: number, present: number, households = 0, householdsPresent = 0) => ({ eligible, present, households, householdsPresent });

describe('quorum', () => {
  it.each([
    // 村民代表会议: at least 2/3 of members
    ['representatives', t(9, 5), false],
    ['representatives', t(9, 6), true],
    ['representatives', t(10, 6), false],
    ['representatives', t(10, 7), true],
    // 村民会议: more than half of villagers 18+ …
    ['villagers', t(100, 50, 40, 20), false],
    ['villagers', t(100, 51, 40, 20), true],
    // … or representatives of 2/3 of households
    ['villagers', t(100, 30, 40, 27), true],
    ['villagers', t(100, 30, 40, 26), false],
    ['households', t(40, 27, 40, 27), true],
    ['households', t(40, 26, 40, 26), false],
    // 党员大会: more than half
    ['party_members', t(30, 15), false],
    ['party_members', t(30, 16), true],
    ['representatives', t(0, 0), false],
  ] as const)('%s %o → %s', (kind, turnout, met) => {
    expect(quorum(kind, turnout).met).toBe(met);
  });

  it('integer thresholds', () => {
    expect([moreThanHalf(9), moreThanHalf(10), twoThirds(9), twoThirds(10), twoThirds(3)]).toEqual([5, 6, 6, 7, 2]);
  });
});

describe('majority of those present', () => {
  it.each([
    [{ yes: 3, no: 1, abstain: 2 }, 6, false],
    [{ yes: 4, no: 1, abstain: 1 }, 7, true],
    [{ yes: 4, no: 0, abstain: 0 }, 7, true],
    [{ yes: 3, no: 0, abstain: 0 }, 7, false],
    [{ yes: 0, no: 0, abstain: 0 }, 0, false],
  ])('%o of %i present → %s', (tally, present, ok) => {
    expect(passes(tally, present)).toBe(ok);
  });

  it('no outcome without quorum', () => {
    expect(outcomeOf('representatives', t(9, 5), { yes: 5, no: 0, abstain: 0 }).outcome).toBeNull();
    expect(outcomeOf('representatives', t(9, 6), { yes: 4, no: 2, abstain: 0 }).outcome).toBe('passed');
    expect(outcomeOf('representatives', t(9, 6), { yes: 3, no: 3, abstain: 0 }).outcome).toBe('failed');
  });
});

describe('四议两公开 order', () => {
  it('accepts only the next step of a procedure in progress', () => {
    for (let done = 0; done < FOUR_STEPS.length; done++) {
      for (const [i, s] of FOUR_STEPS.entries()) {
        const r = checkStep('in_progress', done, s);
        expect(r.ok, `${done} ${s}`).toBe(i === done);
        if (!r.ok) expect(r).toMatchObject({ reason: 'out_of_order', expected: FOUR_STEPS[done] });
      }
    }
    expect(checkStep('in_progress', 6, 'publish_result')).toMatchObject({ ok: false, reason: 'finished' });
    expect(checkStep('completed', 6, 'propose')).toMatchObject({ ok: false, reason: 'finished' });
    expect(checkStep('failed', 3, 'resolve')).toMatchObject({ ok: false, reason: 'failed' });
  });

  it('a failed step ends it; the last publication completes it', () => {
    expect(statusAfter('resolve', false)).toBe('failed');
    expect(statusAfter('resolve', true)).toBe('in_progress');
    expect(statusAfter('publish_result', true)).toBe('completed');
  });
});

describe('publication periods', () => {
  const now = new Date('2025-07-15T00:00:00Z');
  it.each([
    ['finance', null, true],
    ['finance', '2025-06-20T00:00:00Z', false],
    ['finance', '2025-06-10T00:00:00Z', true],
    ['village', '2025-04-20T00:00:00Z', false],
    ['village', '2025-04-10T00:00:00Z', true],
    ['party', '2025-05-01T00:00:00Z', false],
  ] as const)('%s last %s → overdue %s', (cat, last, overdue) => {
    expect(isOverdue(cat, last ? new Date(last) : null, now)).toBe(overdue);
  });
});

describe('age', () => {
  it('counts whole years and the 18th birthday', () => {
    const on = new Date('2025-07-15T00:00:00Z');
    expect(ageOn('2007-07-15', on)).toBe(18);
    expect(ageOn('2007-07-16', on)).toBe(17);
    expect(adultBornOnOrBefore(on)).toBe('2007-07-15');
  });
});
