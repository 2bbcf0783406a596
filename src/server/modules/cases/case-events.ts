/**
 * The one hook point for what happens to a case (issue 12): createCase and perform() hand their status change
 * here inside their transaction; modules that record or forward case events (webhook subscriptions …) listen.
 * A listener's writes commit or roll back with the change itself.
 */
import type { Db } from '../../platform/db/client';

export const CASE_EVENT_TYPES = ['case.created', 'case.status_changed', 'case.closed'] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

export type CaseEvent = {
  type: CaseEventType;
  caseId: number;
  number: string;
  kind: string;
  title: string;
  areaCode: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  at: Date;
};

export type CaseEventListener = (tx: Db, events: CaseEvent[]) => Promise<void>;
const LISTENERS: CaseEventListener[] = [];

export function onCaseEvents(listener: CaseEventListener): void {
  if (!LISTENERS.includes(listener)) LISTENERS.push(listener);
}

/** The events of one change: created, or a status change (and closed when it closes); none otherwise. */
export async function emitCaseChange(
  tx: Db,
  c: { id: number; number: string; kind: string; title: string; areaCode: string },
  change: { action: string; from: string | null; to: string; at: Date },
): Promise<void> {
  if (LISTENERS.length === 0 || change.from === change.to) return;
  const base = { caseId: c.id, number: c.number, kind: c.kind, title: c.title, areaCode: c.areaCode, action: change.action, fromStatus: change.from, toStatus: change.to, at: change.at };
  const events: CaseEvent[] =
    change.from === null
      ? [{ type: 'case.created', ...base }]
      : [{ type: 'case.status_changed', ...base }, ...(change.to === 'closed' ? [{ type: 'case.closed' as const, ...base }] : [])];
  for (const l of LISTENERS) await l(tx, events);
}
