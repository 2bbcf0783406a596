import type { CaseKind } from './engine';
import { eventKind } from './event-kind';
import { disputeKind } from './kinds/dispute';
import { hotlineKind } from './kinds/hotline';
import { petitionKind } from './kinds/petition';
import { serviceKind } from './kinds/service';

/** Every case kind the engine knows. A new kind is a declaration added here (see docs/cases.md). */
export const CASE_KINDS: Record<string, CaseKind> = {
  event: eventKind,
  service: serviceKind,
  dispute: disputeKind,
  petition: petitionKind,
  hotline: hotlineKind,
};

export function kindOf(kind: string): CaseKind | undefined {
  return Object.hasOwn(CASE_KINDS, kind) ? CASE_KINDS[kind] : undefined;
}
