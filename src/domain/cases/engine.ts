/**
 * The case engine as data: a kind is a table of transitions. `nextActions` feeds the UI's buttons and the
 * server's `perform` resolves the same table, so the two can never disagree.
 */
import type { z } from 'zod';
import type { ActorFacts, CaseFacts, CaseRole, CaseStatus } from './types';

/** The deadline clocks a case runs. `acknowledge` runs per dispatched department, the others on the case. */
export type DeadlineStep = 'accept' | 'acknowledge' | 'handle' | 'verify' | 'supervise';

export type TimelineContext = {
  actorName: string;
  /** the acting department staff's department, when there is one */
  actorDepartment: string | null;
  departmentName: (id: number) => string;
  /** the case as it was before the action */
  before: CaseFacts;
};

export type Transition = {
  action: string;
  /** the button's Chinese label */
  label: string;
  from: readonly CaseStatus[];
  /** 'same' keeps the status (records, requests, co-handler steps) */
  to: (c: CaseFacts, payload: unknown) => CaseStatus | 'same';
  roles: readonly CaseRole[];
  guard?: (c: CaseFacts, a: ActorFacts) => boolean;
  payload: z.ZodType;
  /**
   * The case clock after this action: a step starts that step's clock, null stops the clock,
   * undefined leaves it running as it is.
   */
  deadline?: DeadlineStep | null;
  /** pause keeps the remaining time and stops the clock; resume restarts it with that remaining time */
  clock?: 'pause' | 'resume';
  /** timeline text for staff */
  timeline: (payload: unknown, t: TimelineContext) => string;
  /** plain words for the reporter's progress view; null hides the entry from the reporter */
  publicText: ((payload: unknown) => string) | null;
};

type Text<P> = string | ((payload: P, t: TimelineContext) => string);

export type TransitionSpec<S extends z.ZodType> = {
  action: string;
  label: string;
  from: readonly CaseStatus[];
  to: CaseStatus | 'same' | ((c: CaseFacts, payload: z.infer<S>) => CaseStatus | 'same');
  roles: readonly CaseRole[];
  guard?: (c: CaseFacts, a: ActorFacts) => boolean;
  payload: S;
  deadline?: DeadlineStep | null;
  clock?: 'pause' | 'resume';
  timeline: Text<z.infer<S>>;
  publicText?: string | ((payload: z.infer<S>) => string) | null;
};

/** Declares one transition with its payload type flowing into `to` and the texts. */
export function transition<S extends z.ZodType>(spec: TransitionSpec<S>): Transition {
  const { to, timeline, publicText } = spec;
  return {
    action: spec.action,
    label: spec.label,
    from: spec.from,
    roles: spec.roles,
    guard: spec.guard,
    payload: spec.payload,
    deadline: spec.deadline,
    clock: spec.clock,
    to: typeof to === 'function' ? (c, p) => to(c, p as z.infer<S>) : () => to,
    timeline: typeof timeline === 'function' ? (p, t) => timeline(p as z.infer<S>, t) : () => timeline,
    publicText:
      publicText === undefined || publicText === null
        ? null
        : typeof publicText === 'function'
          ? (p) => publicText(p as z.infer<S>)
          : () => publicText,
  };
}

export type CaseKind = {
  kind: string;
  label: string;
  /** case number prefix, e.g. SJ for 事件 */
  numberPrefix: string;
  /** the clock that starts when a case of this kind is reported */
  initialStep: DeadlineStep;
  transitions: readonly Transition[];
};

export type NextAction = { action: string; label: string };

function matches(t: Transition, c: CaseFacts, a: ActorFacts): boolean {
  return t.from.includes(c.status) && t.roles.some((r) => a.caseRoles.includes(r)) && (t.guard?.(c, a) ?? true);
}

/** The actions this actor may take on this case now, in declaration order, each once. */
export function nextActions(kind: CaseKind, c: CaseFacts, a: ActorFacts): NextAction[] {
  const seen = new Set<string>();
  const out: NextAction[] = [];
  for (const t of kind.transitions) {
    if (seen.has(t.action)) continue;
    if (matches(t, c, a)) {
      seen.add(t.action);
      out.push({ action: t.action, label: t.label });
    }
  }
  return out;
}

export type Resolution =
  | { ok: true; transition: Transition }
  | { ok: false; reason: 'unknown_action' | 'forbidden' | 'wrong_state' };

/** The first declared transition of `action` that fits the case state, the actor's case roles and the guard. */
export function resolveTransition(kind: CaseKind, action: string, c: CaseFacts, a: ActorFacts): Resolution {
  const candidates = kind.transitions.filter((t) => t.action === action);
  if (candidates.length === 0) return { ok: false, reason: 'unknown_action' };
  const found = candidates.find((t) => matches(t, c, a));
  if (found) return { ok: true, transition: found };
  if (!candidates.some((t) => t.roles.some((r) => a.caseRoles.includes(r)))) return { ok: false, reason: 'forbidden' };
  return { ok: false, reason: 'wrong_state' };
}

/** Every action name a kind declares, for documentation and tests. */
export function actionNames(kind: CaseKind): string[] {
  return [...new Set(kind.transitions.map((t) => t.action))];
}

/** Adds steps to a kind (other kinds build on the event kind's common lifecycle). */
export function extendKind(base: CaseKind, over: Partial<Omit<CaseKind, 'transitions'>> & { transitions?: readonly Transition[]; drop?: string[] }): CaseKind {
  const drop = new Set(over.drop ?? []);
  return {
    kind: over.kind ?? base.kind,
    label: over.label ?? base.label,
    numberPrefix: over.numberPrefix ?? base.numberPrefix,
    initialStep: over.initialStep ?? base.initialStep,
    transitions: [...base.transitions.filter((t) => !drop.has(t.action)), ...(over.transitions ?? [])],
  };
}
